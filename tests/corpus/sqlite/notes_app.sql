-- A note-taking app's local database (synced to a server): STRICT tables, WITHOUT ROWID
-- lookup tables, generated columns, expression defaults, partial and expression indexes,
-- foreign keys with ON UPDATE actions, a full-text search view and triggers.

PRAGMA foreign_keys = ON;

CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL COLLATE NOCASE,
    display_name TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
    UNIQUE (email)
) STRICT;

CREATE TABLE device (
    device_id TEXT NOT NULL PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id) ON UPDATE CASCADE ON DELETE CASCADE,
    platform TEXT NOT NULL CHECK (platform IN ('ios', 'android', 'macos', 'windows', 'linux', 'web')),
    last_sync INTEGER,
    push_token BLOB
) STRICT, WITHOUT ROWID;

CREATE TABLE notebook (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES account (id) ON UPDATE CASCADE ON DELETE CASCADE,
    name TEXT NOT NULL,
    color INTEGER NOT NULL DEFAULT 16777215 CHECK (color BETWEEN 0 AND 16777215),
    sort_key REAL NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX notebook_name ON notebook (account_id, lower(name)) WHERE archived = 0;

CREATE TABLE note (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL DEFAULT (lower(hex(randomblob(16)))),
    notebook_id INTEGER NOT NULL REFERENCES notebook (id) ON UPDATE CASCADE ON DELETE RESTRICT,
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    body_length INTEGER GENERATED ALWAYS AS (length(body)) VIRTUAL,
    title_key TEXT GENERATED ALWAYS AS (lower(trim(title))) STORED,
    pinned INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
    deleted_at INTEGER,
    UNIQUE (uid)
) STRICT;
CREATE INDEX note_notebook ON note (notebook_id, updated_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX note_title_key ON note (title_key);
CREATE INDEX note_pinned ON note (notebook_id) WHERE pinned = 1 AND deleted_at IS NULL;

CREATE TABLE tag (
    account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name TEXT NOT NULL COLLATE NOCASE,
    color INTEGER,
    PRIMARY KEY (account_id, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE note_tag (
    note_id INTEGER NOT NULL REFERENCES note (id) ON UPDATE CASCADE ON DELETE CASCADE,
    account_id INTEGER NOT NULL,
    tag_name TEXT NOT NULL,
    PRIMARY KEY (note_id, tag_name),
    FOREIGN KEY (account_id, tag_name) REFERENCES tag (account_id, name) ON UPDATE CASCADE ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE attachment (
    id INTEGER PRIMARY KEY,
    note_id INTEGER NOT NULL REFERENCES note (id) ON UPDATE CASCADE ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    mime TEXT NOT NULL DEFAULT 'application/octet-stream',
    size INTEGER NOT NULL CHECK (size >= 0),
    sha256 BLOB NOT NULL CHECK (length(sha256) = 32),
    data BLOB
) STRICT;
CREATE INDEX attachment_note ON attachment (note_id);
CREATE INDEX attachment_ext ON attachment (lower(substr(file_name, instr(file_name, '.') + 1)));

CREATE TABLE sync_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT REFERENCES device (device_id) ON UPDATE CASCADE ON DELETE SET NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    at REAL NOT NULL DEFAULT (julianday('now'))
) STRICT;
CREATE INDEX sync_log_entity ON sync_log (entity, entity_id);

CREATE TABLE reminder (
    note_id INTEGER NOT NULL PRIMARY KEY REFERENCES note (id) ON UPDATE CASCADE ON DELETE CASCADE,
    due_at INTEGER NOT NULL,
    repeat_rule TEXT,
    done INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

CREATE VIEW live_note AS SELECT id, uid, notebook_id, title, updated_at FROM note WHERE deleted_at IS NULL;

CREATE TRIGGER note_touch AFTER UPDATE OF title, body ON note
BEGIN
    UPDATE note SET updated_at = unixepoch() WHERE id = NEW.id;
END;

CREATE TRIGGER note_sync AFTER INSERT ON note
BEGIN
    INSERT INTO sync_log (entity, entity_id, op) VALUES ('note', NEW.id, 'insert');
END;
