-- A freelancer's time tracking and invoicing tool (one SQLite file per user): clients,
-- projects, tasks, time entries, rates and invoices. A mix of the app's first loose
-- tables and the STRICT tables of a later rewrite.

PRAGMA foreign_keys = ON;

CREATE TABLE client (
    client_id INTEGER PRIMARY KEY AUTOINCREMENT,
    name VARCHAR(80) NOT NULL UNIQUE,
    contact_email VARCHAR(120),
    hourly_rate NUMERIC(8,2),
    currency CHAR(3) NOT NULL DEFAULT 'EUR',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    notes TEXT
);

CREATE TABLE project (
    project_id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id INTEGER NOT NULL,
    code VARCHAR(12) NOT NULL COLLATE NOCASE,
    title VARCHAR(200) NOT NULL,
    budget_hours REAL,
    starts_on DATE,
    ends_on DATE,
    CONSTRAINT project_code_unique UNIQUE (client_id, code),
    CONSTRAINT project_dates CHECK (ends_on IS NULL OR ends_on >= starts_on),
    CONSTRAINT project_client_fk FOREIGN KEY (client_id) REFERENCES client (client_id) ON UPDATE CASCADE ON DELETE RESTRICT
);

CREATE TABLE task (
    task_id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES project (project_id) ON UPDATE CASCADE ON DELETE CASCADE,
    title TEXT NOT NULL,
    estimate_minutes INTEGER CHECK (estimate_minutes > 0),
    billable INTEGER NOT NULL DEFAULT 1,
    done_at TEXT
) STRICT;
CREATE INDEX task_open ON task (project_id) WHERE done_at IS NULL;

CREATE TABLE time_entry (
    entry_id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES task (task_id) ON UPDATE CASCADE ON DELETE CASCADE,
    started_at TEXT NOT NULL,
    stopped_at TEXT,
    minutes INTEGER GENERATED ALWAYS AS (CAST((julianday(stopped_at) - julianday(started_at)) * 1440 AS INTEGER)) VIRTUAL,
    note TEXT,
    invoiced INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT time_entry_order CHECK (stopped_at IS NULL OR stopped_at > started_at)
) STRICT;
CREATE INDEX time_entry_task ON time_entry (task_id, started_at);
CREATE INDEX time_entry_day ON time_entry (date(started_at));
CREATE INDEX time_entry_uninvoiced ON time_entry (task_id) WHERE invoiced = 0;

CREATE TABLE rate (
    project_id INTEGER NOT NULL REFERENCES project (project_id) ON DELETE CASCADE,
    valid_from TEXT NOT NULL,
    cents_per_hour INTEGER NOT NULL,
    PRIMARY KEY (project_id, valid_from)
) STRICT, WITHOUT ROWID;

CREATE TABLE invoice (
    invoice_id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id INTEGER NOT NULL REFERENCES client (client_id) ON UPDATE CASCADE,
    number TEXT NOT NULL UNIQUE,
    issued_on TEXT NOT NULL DEFAULT (date('now')),
    due_on TEXT NOT NULL DEFAULT (date('now', '+30 days')),
    total_cents INTEGER NOT NULL DEFAULT 0,
    paid_on TEXT,
    pdf BLOB
) STRICT;

CREATE TABLE invoice_item (
    invoice_id INTEGER NOT NULL REFERENCES invoice (invoice_id) ON UPDATE CASCADE ON DELETE CASCADE,
    position INTEGER NOT NULL,
    entry_id INTEGER REFERENCES time_entry (entry_id) ON DELETE SET NULL,
    description TEXT NOT NULL,
    cents INTEGER NOT NULL,
    PRIMARY KEY (invoice_id, position)
) STRICT;

CREATE TABLE expense (
    expense_id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER REFERENCES project (project_id) ON DELETE SET NULL,
    spent_on DATE NOT NULL,
    amount DECIMAL(10,2) NOT NULL,
    category VARCHAR(30) NOT NULL DEFAULT 'other',
    receipt BLOB,
    reimbursable TINYINT NOT NULL DEFAULT 0,
    mileage_km FLOAT
);
CREATE INDEX expense_month ON expense (strftime('%Y-%m', spent_on));

CREATE TABLE setting (
    key TEXT PRIMARY KEY NOT NULL,
    value ANY
) STRICT;

-- The first version's key-value store, kept by every later one: columns without a declared type
-- hold a value of any class as given.
CREATE TABLE app_meta (
    name TEXT NOT NULL PRIMARY KEY,
    value,
    "previous value" DEFAULT NULL,
    version DEFAULT 1
);

CREATE VIEW unbilled_minutes AS
    SELECT p.project_id, sum(e.minutes) AS minutes
      FROM time_entry e JOIN task t ON t.task_id = e.task_id JOIN project p ON p.project_id = t.project_id
     WHERE e.invoiced = 0 GROUP BY p.project_id;

CREATE TRIGGER invoice_item_total AFTER INSERT ON invoice_item
BEGIN
    UPDATE invoice SET total_cents = total_cents + NEW.cents WHERE invoice_id = NEW.invoice_id;
END;
