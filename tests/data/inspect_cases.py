"""Cases of `schemakit inspect` (tests/test_inspect.py), each on the engine it comes from.

SKIPS: (engine, id, DDL, the skip report as {(code, object)}): the DDL is run by the engine's
client on a fresh database; inspect must exit 1 listing exactly these, and the file it writes
must load. CLEAN: (engine, DDL) the model holds entirely: inspect exits 0, and `drift` with the
written file on the same database finds nothing. BAD: command lines refused with exit 2 and a
line holding the text given.
"""
from __future__ import annotations

UNGROUPED_VIEWS = (
    "CREATE TABLE genre (id int NOT NULL PRIMARY KEY, name varchar(20) NOT NULL);\n"
    "CREATE TABLE song (id int NOT NULL PRIMARY KEY, title varchar(50) NOT NULL, genre_id int NOT NULL);\n"
    "CREATE VIEW song_genres AS SELECT song.id, song.title, genre.name, count(*) AS n\n"
    "  FROM song JOIN genre ON genre.id = song.genre_id GROUP BY song.id;\n"
    "CREATE VIEW genre_songs AS SELECT genre.id, genre.name, count(song.id) AS n\n"
    "  FROM genre LEFT JOIN song ON song.genre_id = genre.id GROUP BY genre.id;\n"
    "CREATE VIEW genre_labels AS SELECT genre.name AS label, count(*) AS n FROM genre GROUP BY label;\n"
    "CREATE VIEW genre_names AS SELECT genre.name, count(*) AS n FROM genre GROUP BY 1;\n")

SKIPS = [
    # -- PostgreSQL ------------------------------------------------------------------------------
    ("postgres", "an array of a domain (its elements' rules lost); a domain over an enum left out; a domain over a domain kept",
     "CREATE DOMAIN positive AS integer NOT NULL DEFAULT 1 CHECK (VALUE > 0);\n"
     "CREATE DOMAIN percent AS positive CHECK (VALUE <= 100);\n"
     "CREATE TYPE mood AS ENUM ('up', 'down');\nCREATE DOMAIN moody AS mood;\n"
     "CREATE TABLE files (id integer PRIMARY KEY, \"Value\" percent, m moody, ps positive[]);",
     {("SKIP-TYPE", "files.m"), ("SKIP-DOMAIN", "files.ps")}),  # mood: the type of the column left out
    ("postgres", "interval fields, bpchar and character longer than the model's char",
     "CREATE TABLE spans (id integer PRIMARY KEY, short interval hour to minute, fine interval(2),\n"
     "  code bpchar, wide character(300), free varchar);",
     {("SKIP-TYPE-NEAREST", "spans.short"), ("SKIP-TYPE-NEAREST", "spans.fine"), ("SKIP-TYPE-NEAREST", "spans.code"),
      ("SKIP-TYPE-NEAREST", "spans.wide")}),  # varchar without a length: text, spelled as written
    ("postgres", "comments on an index, a constraint, a trigger and on the index behind a key",
     "CREATE TABLE a (id integer PRIMARY KEY, n integer CONSTRAINT a_n_check CHECK (n > 0));\n"
     "CREATE INDEX a_n_idx ON a (n);\nCOMMENT ON INDEX a_n_idx IS 'by n';\n"
     "COMMENT ON CONSTRAINT a_n_check ON a IS 'positive';\nCOMMENT ON INDEX a_pkey IS 'the key''s own index';\n"
     "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;\n"
     "CREATE TRIGGER a_touch BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION touch();\n"
     "COMMENT ON TRIGGER a_touch ON a IS 'stamps rows';",
     {("SKIP-COMMENT", "a.a_pkey")}),  # an index's, a constraint's and a trigger's comment are held
    ("postgres", "a comment on a domain's CHECK, the domain used by two columns",
     "CREATE DOMAIN posint AS integer CONSTRAINT posint_check CHECK (VALUE > 0);\n"
     "COMMENT ON CONSTRAINT posint_check ON DOMAIN posint IS 'must be positive';\n"
     "CREATE TABLE u (id integer PRIMARY KEY, a posint, b posint);",
     {("SKIP-COMMENT", "posint.posint_check")}),  # named once, not held (the domain and its CHECK are)
    ("postgres", "comments on the schema read, a policy, a view's and a materialized view's column and its index; "
     "another schema, not read",
     "COMMENT ON SCHEMA public IS 'ours';\n"
     "CREATE TABLE t (id integer PRIMARY KEY, owner text);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;\n"
     "CREATE POLICY own ON t USING (owner = current_user);\nCOMMENT ON POLICY own ON t IS 'their rows';\n"
     "CREATE VIEW vv AS SELECT id FROM t;\nCOMMENT ON COLUMN vv.id IS 'view column';\n"
     "CREATE MATERIALIZED VIEW mv AS SELECT id FROM t;\nCOMMENT ON COLUMN mv.id IS 'its column';\n"
     "CREATE INDEX mv_id ON mv (id);\nCOMMENT ON INDEX mv_id IS 'by id';\n"
     "CREATE SCHEMA \"o'ther\";\nCREATE TABLE \"o'ther\".kept (id integer);",
     {("SKIP-COMMENT", "public"), ("SKIP-COMMENT", "t.own"), ("SKIP-COMMENT", "vv.id"), ("SKIP-COMMENT", "mv.id"),
      ("SKIP-COMMENT", "mv_id"), ("SKIP-NAMESPACE", "o'ther")}),  # the objects are held, their comments named
    ("postgres", "a deferrable unique key and primary key, a NO INHERIT check, a NOT VALID check and foreign key",
     "CREATE TABLE p (id integer PRIMARY KEY DEFERRABLE, code text CONSTRAINT p_code_key UNIQUE DEFERRABLE INITIALLY DEFERRED,\n"
     "  n integer CONSTRAINT p_n_check CHECK (n > 0) NO INHERIT, m integer);\n"
     "ALTER TABLE p ADD CONSTRAINT p_m_check CHECK (m > 0) NOT VALID;\n"
     "CREATE TABLE q (id integer PRIMARY KEY);\nCREATE TABLE c (id integer PRIMARY KEY, q_id integer);\n"
     "ALTER TABLE c ADD CONSTRAINT c_q_fkey FOREIGN KEY (q_id) REFERENCES q (id) NOT VALID;\n"
     "CREATE TABLE acct (id integer PRIMARY KEY, code text CONSTRAINT acct_code_key UNIQUE NULLS NOT DISTINCT);",
     {("SKIP-CONSTRAINT-OPTION", "p.p_pkey"), ("SKIP-CONSTRAINT-OPTION", "p.p_code_key"),
      ("SKIP-CONSTRAINT-OPTION", "acct.acct_code_key"),  # it was dropped without a word: duplicate NULLs accepted
      ("SKIP-CONSTRAINT-OPTION", "p.p_n_check"), ("SKIP-CONSTRAINT-OPTION", "p.p_m_check"),
      ("SKIP-FK-OPTION", "c.c_q_fkey")}),
    ("postgres", "view calling an aggregate the model does not hold",
     "CREATE TABLE a (id integer PRIMARY KEY);\n"
     "CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');\n"
     "CREATE VIEW a_sum AS SELECT total(id) AS t FROM a;\nCREATE VIEW a_plain AS SELECT id FROM a;",
     {("SKIP-VIEW", "a_sum"), ("SKIP-FUNCTION", "total(integer)")}),
    ("postgres", "a primary key with a name of its own (the model names it after its table)",
     "CREATE TABLE t (a integer, b integer, CONSTRAINT a_b_pkey PRIMARY KEY (a, b));\n"
     "CREATE TABLE u (id integer PRIMARY KEY);\n"  # the default name: nothing lost
     "CREATE TABLE \"Mixed\" (id integer CONSTRAINT \"Mixed_pkey\" PRIMARY KEY);",
     {("SKIP-KEY-NAME", "t.a_b_pkey")}),
    ("postgres", "a column of an enum of another schema (the model keeps an enum in its table's schema)",
     "CREATE SCHEMA elsewhere;\nCREATE TYPE elsewhere.status AS ENUM ('on', 'off');\n"
     "CREATE TYPE mood AS ENUM ('up', 'down');\n"
     "CREATE TABLE items (id integer PRIMARY KEY, status elsewhere.status, m mood);",
     {("SKIP-TYPE-NAMESPACE", "items.status"), ("SKIP-NAMESPACE", "elsewhere")}),  # the schema itself: not read
    ("postgres", "several identity columns in a table (the model holds one: the key's is kept)",
     "CREATE TABLE t (n bigserial, id serial PRIMARY KEY, m integer GENERATED ALWAYS AS IDENTITY);",
     {("SKIP-IDENTITY", "t.n"), ("SKIP-IDENTITY", "t.m")}),
    ("postgres", "a table without columns (the model's tables have one at least): left out",
     "CREATE TABLE nothing ();\nCREATE TABLE t (id integer PRIMARY KEY);",
     {("SKIP-INVALID", "nothing")}),
    ("postgres", "an object the model does not hold, alone (the database holds nothing else: not an empty database)",
     "CREATE TEXT SEARCH CONFIGURATION alone (PARSER = pg_catalog.\"default\");",
     {("SKIP-OBJECT", "alone")}),
    # Danbooru's db/structure.sql has a text search configuration its triggers name ('public.danbooru'); it was
    # neither read nor listed. So were a table's rule, extended statistics, a collation and an operator.
    ("postgres", "text search configuration, rule, statistics, collation, operator: listed, not held",
     "CREATE TEXT SEARCH CONFIGURATION danbooru (PARSER = pg_catalog.\"default\");\n"
     "ALTER TEXT SEARCH CONFIGURATION danbooru ADD MAPPING FOR word WITH simple;\n"
     "CREATE TEXT SEARCH DICTIONARY my_simple (TEMPLATE = pg_catalog.simple);\n"
     "CREATE TABLE posts (id integer PRIMARY KEY, a integer, b integer, body text);\n"
     "CREATE TABLE posts_log (id integer PRIMARY KEY);\n"
     "CREATE RULE posts_log_insert AS ON INSERT TO posts DO ALSO INSERT INTO posts_log VALUES (NEW.id);\n"
     "CREATE STATISTICS posts_ab (dependencies) ON a, b FROM posts;\n"
     "CREATE COLLATION german (provider = icu, locale = 'de-DE');\n"
     "CREATE FUNCTION int_near(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT abs($1 - $2) < 2';\n"
     "CREATE OPERATOR ~= (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int_near);",
     {("SKIP-OBJECT", "danbooru"), ("SKIP-OBJECT", "my_simple"), ("SKIP-OBJECT", "posts.posts_log_insert"),
      ("SKIP-OBJECT", "posts_ab"), ("SKIP-OBJECT", "german"), ("SKIP-OBJECT", "~=(integer,integer)")}),
    # Danbooru's favorites: partitions by inheritance, each child's id drawing from the parent's serial sequence.
    ("postgres", "inheritance children sharing their parent's serial sequence",
     "CREATE TABLE favorites (id serial PRIMARY KEY, user_id integer, post_id integer);\n"
     "CREATE TABLE favorites_0 (CONSTRAINT favorites_0_user_id_check CHECK (((user_id % 100) = 0))) INHERITS (favorites);",
     {("SKIP-TABLE-OPTION", "favorites_0"), ("SKIP-DEFAULT", "favorites_0.id")}),
    # A table's storage parameters, replica identity and clustering index, and a column's compression, storage
    # and statistics target were dropped without a word (an index's storage parameters were listed).
    ("postgres", "table storage parameters, replica identity, CLUSTER ON; column compression, storage, statistics",
     "CREATE TABLE logs (id bigint PRIMARY KEY, body text COMPRESSION lz4, payload bytea, n integer)\n"
     "  WITH (fillfactor = 70, autovacuum_enabled = false);\n"
     "ALTER TABLE logs ALTER COLUMN payload SET STORAGE EXTERNAL;\nALTER TABLE logs ALTER COLUMN n SET STATISTICS 1000;\n"
     "ALTER TABLE logs REPLICA IDENTITY FULL;\nCREATE INDEX logs_n ON logs (n);\nALTER TABLE logs CLUSTER ON logs_n;\n"
     "CREATE TABLE plain (id integer PRIMARY KEY, body text);",
     {("SKIP-TABLE-OPTION", "logs"), ("SKIP-COLUMN-OPTION", "logs.body"), ("SKIP-COLUMN-OPTION", "logs.payload"),
      ("SKIP-COLUMN-OPTION", "logs.n")}),
    ("postgres", "index storage parameters",
     "CREATE TABLE t (id integer PRIMARY KEY, data text);\n"
     "CREATE INDEX t_data ON t USING btree (data) WITH (fillfactor = 70);",
     {("SKIP-INDEX-OPTION", "t.t_data")}),
    ("postgres", "identity whose sequence has options of its own (the identity kept, the options lost)",
     "CREATE TABLE t (id integer GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY 10 MAXVALUE 200) PRIMARY KEY);\n"
     "CREATE TABLE u (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);",  # the defaults: nothing lost
     {("SKIP-IDENTITY-OPTION", "t.id")}),
    ("postgres", "serial whose sequence has options of its own (read as a serial, the options lost)",
     "CREATE TABLE t (id serial PRIMARY KEY, n integer NOT NULL);\n"
     "ALTER SEQUENCE t_id_seq INCREMENT BY 10;\n"
     "CREATE TABLE u (id bigint NOT NULL DEFAULT nextval('t_id_seq') PRIMARY KEY);",  # another column's sequence
     {("SKIP-DEFAULT", "t.id"), ("SKIP-DEFAULT", "u.id")}),
    ("postgres", "index collation and NULLS order",
     "CREATE TABLE t (id integer PRIMARY KEY, name text, n integer);\n"
     "CREATE INDEX t_name_c ON t (name COLLATE \"C\");\n"
     "CREATE INDEX t_n_first ON t (n NULLS FIRST);",
     {("SKIP-INDEX-OPTION", "t.t_name_c"), ("SKIP-INDEX-OPTION", "t.t_n_first")}),
    ("postgres", "partitioning by an expression, exclusion, domain, sequence",
     "CREATE DOMAIN positive AS integer CHECK (VALUE > 0);\n"
     "CREATE SEQUENCE tickets;\n"
     "CREATE TABLE events (kind text NOT NULL, n positive) PARTITION BY LIST (lower(kind));\n"
     "CREATE TABLE events_a PARTITION OF events FOR VALUES IN ('a');\n"
     "CREATE TABLE slots (id integer PRIMARY KEY, code text, during tsrange,\n"
     "  EXCLUDE USING gist (during WITH &&));\n"
     "CREATE INDEX slots_code ON slots USING hash (code);",
     {("SKIP-PARTITIONING", "events")}),  # the sequence is held (schema/code.py)
    # A default drawing from a sequence inspect reads is held; from one of a schema it does not read, left out.
    ("postgres", "a default drawing from another schema's sequence",
     "CREATE SCHEMA other;\nCREATE SEQUENCE other.tickets;\nCREATE SEQUENCE mine;\n"
     "CREATE TABLE t (id integer PRIMARY KEY, n bigint DEFAULT nextval('other.tickets'),\n"
     "  m bigint NOT NULL DEFAULT nextval('mine'));",
     {("SKIP-DEFAULT", "t.n"), ("SKIP-NAMESPACE", "other")}),
    # Privileges the model does not hold are listed, never dropped silently.
    ("postgres", "column privileges and a grant on an identity's sequence",
     "CREATE TABLE doc (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, title text, body text);\n"
     "GRANT SELECT (title), UPDATE (title, body) ON doc TO pg_monitor;\n"
     "GRANT USAGE ON SEQUENCE doc_id_seq TO pg_monitor WITH GRANT OPTION;\nGRANT SELECT ON doc TO PUBLIC;",
     {("SKIP-GRANT", "doc.title"), ("SKIP-GRANT", "doc.body"), ("SKIP-GRANT", "doc_id_seq")}),
    # The model holds a partitioned table's indexes and a materialized view's, not an index of one
    # partition alone: it is named, not lost without a word.
    ("postgres", "an index of one partition alone (a materialized view's is held)",
     "CREATE TABLE sale (id integer NOT NULL, sold date NOT NULL, amount numeric(8,2), PRIMARY KEY (sold, id))\n"
     "  PARTITION BY RANGE (sold);\n"
     "CREATE TABLE sale_2024 PARTITION OF sale FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
     "CREATE INDEX sale_by_amount ON sale (amount);\n"
     "CREATE INDEX sale_2024_big ON sale_2024 (amount) WHERE amount > 1000;\n"
     "CREATE MATERIALIZED VIEW sale_totals AS SELECT sold, sum(amount) AS total FROM sale GROUP BY sold;\n"
     "CREATE UNIQUE INDEX sale_totals_sold ON sale_totals (sold);",
     {("SKIP-INDEX", "sale_2024.sale_2024_big")}),
    # -- MariaDB (the server the tests reach; a mysql:// URL reaching it is read as mariadb too) -------
    # bit(8), point and int(6) zerofill are read as MySQL's own (NATIVE): only the nearest types are listed.
    # mediumint, blob and timestamp are kept as MySQL spells them (spelled: MY-NARROW), no skip
    ("mariadb", "float(m,d) and decimal unsigned as the nearest type; bit, geometry, zerofill kept",
     "CREATE TABLE t (id int NOT NULL PRIMARY KEY, flags bit(8), spot point, code int(6) zerofill, n mediumint,\n"
     "  body blob, ratio float(7,2), at timestamp(3) NULL, price decimal(8,2) unsigned,\n"
     "  mark varbinary(4) DEFAULT X'ff00');",
     {("SKIP-DEFAULT", "t.mark"), ("SKIP-TYPE-NEAREST", "t.ratio"), ("SKIP-TYPE-NEAREST", "t.price")}),
    # A column of MariaDB's storage-engine-independent compression: inspect refused the whole database (exit 2,
    # "type spelling 'text /*M!100301 COMPRESSED*/' is not a type name").
    # An INVISIBLE column (SELECT * leaves it out) was read as a plain one, listed nowhere. The sequence is held.
    ("mariadb", "compressed columns, an invisible column, a sequence",
     "CREATE TABLE t (id int NOT NULL PRIMARY KEY, body text COMPRESSED, note varchar(100) COMPRESSED,\n"
     "  secret varchar(20) INVISIBLE);\nCREATE SEQUENCE order_seq START WITH 100 INCREMENT BY 10;",
     {("SKIP-TYPE-NEAREST", "t.body"), ("SKIP-TYPE-NEAREST", "t.note"), ("SKIP-COLUMN-OPTION", "t.secret")}),
    # what the model refuses in one table (char(0), a name of 64 bytes, legal on MariaDB) is left out and named:
    # the whole inspect stopped on it, exit 2, its hint (--namespace) unable to leave anything out
    ("mariadb", "char(0) and a table name of 64 bytes",
     "CREATE TABLE orders (id int PRIMARY KEY);\nCREATE TABLE legacy (id int PRIMARY KEY, pad char(0), ok int);\n"
     f"CREATE TABLE {'x' * 64} (id int PRIMARY KEY);",
     {("SKIP-INVALID", "legacy.pad"), ("SKIP-INVALID", "x" * 64)}),
    # a system-versioned table: it was named "read as a base table" and then left out of the file (and drift)
    ("mariadb", "a system-versioned table",
     "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE hist (id int PRIMARY KEY, v int) WITH SYSTEM VERSIONING;",
     {("SKIP-TABLE-OPTION", "hist")}),
    ("mariadb", "a primary key's comment (an index's and a unique key's are held)",
     "CREATE TABLE a (id int, n int, m int, PRIMARY KEY (id) COMMENT 'the key', INDEX a_n_idx (n) COMMENT 'by n',\n"
     "  UNIQUE KEY a_m_key (m) COMMENT 'one m');",
     {("SKIP-COMMENT", "a.PRIMARY")}),
    ("mariadb", "InnoDB table options: row format, key block size",
     "CREATE TABLE packed (id int NOT NULL PRIMARY KEY, body varchar(200)) ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=8;\n"
     "CREATE TABLE roomy (id int NOT NULL PRIMARY KEY) ROW_FORMAT=DYNAMIC;\n"
     "CREATE TABLE plain (id int NOT NULL PRIMARY KEY) PARTITION BY HASH (id) PARTITIONS 2;",
     {("SKIP-TABLE-OPTION", "packed"), ("SKIP-TABLE-OPTION", "roomy")}),
    ("mariadb", "a view of SQL SECURITY INVOKER (the model's views run with their definer's rights)",
     "CREATE TABLE t (id INT PRIMARY KEY);\n"
     "CREATE SQL SECURITY INVOKER VIEW t_invoker AS SELECT id FROM t;\nCREATE VIEW t_plain AS SELECT id FROM t;",
     {("SKIP-VIEW-OPTION", "t_invoker")}),
    ("mariadb", "view with a check option",
     "CREATE TABLE a (id int NOT NULL PRIMARY KEY);\nCREATE VIEW a_ids AS SELECT id FROM a WITH CHECK OPTION;\n"
     "CREATE VIEW a_plain AS SELECT id FROM a;",
     {("SKIP-VIEW", "a_ids")}),
    # MySQL lets a GROUP BY leave a selected column out (any row's value); PostgreSQL refuses that view unless
    # the GROUP BY holds the column's table's primary key: kept, absent on postgres, the other view kept whole.
    ("mariadb", "a view whose GROUP BY leaves out a selected column of another table", UNGROUPED_VIEWS,
     {("SKIP-VIEW", "song_genres")}),
    # A routine or trigger runs under the sql_mode it was created under; schemakit creates them under its own
    # (strict, || is OR): one whose body reads otherwise (PIPES_AS_CONCAT) or that ran non-strict is named,
    # not kept with another meaning. One created under schemakit's modes is kept.
    ("mariadb", "routines, a trigger and an event created under another sql_mode",
     "CREATE TABLE t (id int NOT NULL PRIMARY KEY, a varchar(10), b varchar(10), ab varchar(20));\n"
     "SET SESSION sql_mode = 'STRICT_TRANS_TABLES,PIPES_AS_CONCAT';\n"
     "CREATE FUNCTION joined(x varchar(10), y varchar(10)) RETURNS varchar(20) DETERMINISTIC RETURN x || y;\n"
     "CREATE TRIGGER t_ab BEFORE INSERT ON t FOR EACH ROW SET NEW.ab = NEW.a || NEW.b;\n"
     "CREATE EVENT ev_ab ON SCHEDULE EVERY 1 DAY DISABLE DO UPDATE t SET ab = a || b;\n"
     "SET SESSION sql_mode = '';\n"
     "CREATE FUNCTION loose(x varchar(10)) RETURNS varchar(2) DETERMINISTIC RETURN x;\n"
     "SET SESSION sql_mode = 'STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
     "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';\n"
     "CREATE FUNCTION kept(x int) RETURNS int DETERMINISTIC RETURN x + 1;",
     {("SKIP-FUNCTION", "joined"), ("SKIP-FUNCTION", "loose"), ("SKIP-TRIGGER", "t.t_ab"), ("SKIP-OBJECT", "ev_ab")}),
    # An index name per table (by_n on a and b) is the model's too: kept, renamed by PostgreSQL and SQLite on render.
    ("mariadb", "spatial index, index names per table (fulltext and generated columns are held)",
     "CREATE TABLE a (id int NOT NULL PRIMARY KEY, body varchar(200), n int, twice int AS (n * 2) VIRTUAL,\n"
     "  spot point NOT NULL, KEY by_n (n), FULLTEXT KEY a_body (body), SPATIAL KEY a_spot (spot));\n"
     "CREATE TABLE b (id int NOT NULL PRIMARY KEY, n int, KEY by_n (n));",
     {("SKIP-INDEX", "a.a_spot")}),
    # sqlglot reads MySQL's JSON path '$.a' as 'a' on the way to canonical SQL: not held, rather than wrong.
    ("mariadb", "a generated column sqlglot cannot read faithfully",
     "CREATE TABLE t (id int NOT NULL PRIMARY KEY, j longtext, a varchar(20) AS (json_value(j, '$.a')) VIRTUAL);",
     {("SKIP-GENERATED", "t.a")}),
    # -- SQLite ---------------------------------------------------------------------------------------
    # SQLite compares a CHAR column with 1 (sakila for SQLite: cu.active = 1); PostgreSQL has no operator for
    # it and refuses the view: kept, absent on postgres; the view comparing with '1' is kept whole.
    ("sqlite", "a view comparing a string column with a number",
     "CREATE TABLE customer (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL, active CHAR(1) NOT NULL);\n"
     "CREATE VIEW active_customers AS SELECT c.id, c.name FROM customer AS c WHERE c.active = 1;\n"
     "CREATE VIEW active_named AS SELECT id, name FROM customer WHERE active = '1';",
     {("SKIP-VIEW", "active_customers")}),
    # A loose column without a declared type is kept (a native type of SQLite spelled ''); WITHOUT ROWID is not.
    # A full-text search table (FTS5): its shadow tables (docs_data, docs_content...) were read as the schema's
    # own tables and created as plain ones, the virtual table itself left out as columnless.
    ("sqlite", "an FTS5 virtual table and its shadow tables",
     "CREATE TABLE t (id INTEGER PRIMARY KEY NOT NULL, body TEXT) STRICT;\n"
     "CREATE VIRTUAL TABLE docs USING fts5(title, body);",
     {("SKIP-OBJECT", "docs")}),
    # Conflict clauses change what a refused row does (REPLACE deletes the row in the way), and a deferred
    # foreign key is checked at COMMIT: both were dropped without a word.
    ("sqlite", "ON CONFLICT clauses of keys and NOT NULL, a deferrable foreign key",
     "CREATE TABLE parent (id INTEGER PRIMARY KEY NOT NULL) STRICT;\n"
     "CREATE TABLE kv (k TEXT NOT NULL PRIMARY KEY ON CONFLICT REPLACE, v TEXT NOT NULL ON CONFLICT IGNORE DEFAULT '',\n"
     "  n INTEGER CONSTRAINT kv_n_key UNIQUE ON CONFLICT ABORT,\n"
     "  pid INTEGER CONSTRAINT kv_pid_fkey REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED) STRICT;",
     {("SKIP-CONSTRAINT-OPTION", "kv.k"), ("SKIP-CONSTRAINT-OPTION", "kv.v"), ("SKIP-CONSTRAINT-OPTION", "kv.kv_n_key"),
      ("SKIP-FK-OPTION", "kv.kv_pid_fkey")}),
    ("sqlite", "WITHOUT ROWID beside a loose column without a declared type",
     "CREATE TABLE t (id INTEGER PRIMARY KEY NOT NULL, body, name TEXT NOT NULL);\n"
     "CREATE TABLE k (code TEXT PRIMARY KEY NOT NULL, n INT) STRICT, WITHOUT ROWID;",
     {("SKIP-TABLE-OPTION", "k")}),
    # COLLATE on a column that is not text (one without a declared type, MONEY, INT): the model keeps a
    # collation on text only, so the column is kept without it (the whole import once failed, exit 2).
    ("sqlite", "a collation on a column that is not text",
     "CREATE TABLE u (id INTEGER PRIMARY KEY, z COLLATE NOCASE, m MONEY COLLATE NOCASE, n INT COLLATE RTRIM,\n"
     "  t TEXT COLLATE NOCASE);",
     {("SKIP-INVALID", "u.z"), ("SKIP-INVALID", "u.m"), ("SKIP-INVALID", "u.n")}),
    # A key column of a rowid table that is no rowid alias may hold NULL (a legacy bug SQLite keeps,
    # https://www.sqlite.org/lang_createtable.html#the_primary_key): the model's key is NOT NULL.
    ("sqlite", "a key column that may hold NULL",
     "CREATE TABLE t (id INT PRIMARY KEY, at TEXT DEFAULT (datetime('now')));\n"
     "CREATE TABLE d (id INTEGER PRIMARY KEY DESC, n INT);",
     {("SKIP-INVALID", "t.id"), ("SKIP-INVALID", "d.id")}),
    ("sqlite", "a foreign key naming no parent columns, to a table without a primary key",
     "CREATE TABLE loose (n INT);\nCREATE TABLE kid (id INTEGER PRIMARY KEY NOT NULL, l INT REFERENCES loose) STRICT;",
     {("SKIP-FK", "kid")}),
    ("sqlite", "view with a column list",
     "CREATE TABLE a (id INTEGER PRIMARY KEY NOT NULL) STRICT;\nCREATE VIEW a_ids (x) AS SELECT id FROM a;\n"
     "CREATE VIEW a_plain AS SELECT id FROM a;",
     {("SKIP-VIEW", "a_ids")}),
]

CLEAN = [
    ("postgres",
     "CREATE TABLE author (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name varchar(80) NOT NULL UNIQUE,\n"
     "  born date, bio text, created_at timestamptz NOT NULL DEFAULT now());\n"
     "COMMENT ON TABLE author IS 'People who write; \"quoted\" and ''apostrophes''';\n"
     "CREATE TYPE genre AS ENUM ('novel', 'poetry', 'it''s complicated');\n"
     "CREATE TABLE \"Book\" (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n"
     "  author_id bigint NOT NULL REFERENCES author (id) ON DELETE CASCADE, \"Title\" text NOT NULL,\n"
     "  genre genre NOT NULL DEFAULT 'novel', price numeric(8,2) CONSTRAINT price_positive CHECK (price >= 0),\n"
     "  subtitle text, tags text[], meta jsonb);\n"
     "COMMENT ON COLUMN \"Book\".price IS 'in euros\nper copy';\n"
     "CREATE INDEX book_author_idx ON \"Book\" (author_id, \"Title\" DESC);\n"
     "CREATE INDEX book_tags_idx ON \"Book\" USING gin (tags);\n"
     "CREATE INDEX book_subtitle_lower ON \"Book\" (lower(subtitle)) WHERE price > 10;"),
    # Extensions held (issue #15): a column of an extension's type, a default, a CHECK and an index expression
    # calling an extension's functions, an index over its operator class; an extension no object uses.
    ("postgres",
     'CREATE EXTENSION citext; CREATE EXTENSION "uuid-ossp"; CREATE EXTENSION fuzzystrmatch; CREATE EXTENSION pg_trgm;\n'
     "CREATE EXTENSION pgcrypto;\n"
     "CREATE TABLE member (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), email citext NOT NULL UNIQUE,\n"
     "  name text NOT NULL CONSTRAINT name_near CHECK (levenshtein(name, 'x') >= 0));\n"
     "CREATE INDEX member_name_sound ON member (soundex(name));\n"
     "CREATE INDEX member_name_trgm ON member USING gist (name gist_trgm_ops);"),
    # Every type PostgreSQL holds that the model holds too, written as a user would, with literal defaults
    # of them and foreign keys with ON UPDATE; a user's CHECK shaped like a storage CHECK stays a CHECK.
    ("postgres",
     "CREATE TABLE supplier (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, code char(8) NOT NULL UNIQUE,\n"
     "  country character(2) NOT NULL DEFAULT 'US', grade character, logo bytea DEFAULT '\\x00ff'::bytea,\n"
     "  level smallint NOT NULL DEFAULT -1 CONSTRAINT level_small CHECK (level BETWEEN -128 AND 127));\n"
     "CREATE TABLE product (id integer PRIMARY KEY, supplier_id bigint NOT NULL\n"
     "    REFERENCES supplier (id) ON DELETE CASCADE ON UPDATE CASCADE,\n"
     "  supplier_code char(8) REFERENCES supplier (code) ON UPDATE SET NULL,\n"
     "  weight real DEFAULT 0.25, score double precision DEFAULT -1.5, rough float(10), exact float8, price numeric,\n"
     "  opens time DEFAULT '08:30', closes time(0), cutoff timetz, cutoff3 time(3) with time zone,\n"
     "  lead interval DEFAULT '2 days', created timestamp(3) NOT NULL DEFAULT now(), seen timestamptz(0),\n"
     "  full_precision timestamp(6), checked timestamptz(6));"),
    # Serials (an identity drawn by the default from the sequence the column owns), whatever the sequence's name
    # and however spelled: read as identity="sequence", their sequences not listed.
    ("postgres",
     "CREATE TABLE ticket (id serial PRIMARY KEY, title text NOT NULL);\n"
     "CREATE TABLE event (id bigserial PRIMARY KEY);\nALTER SEQUENCE event_id_seq RENAME TO event_numbers;\n"
     "CREATE TABLE kind (id smallint NOT NULL PRIMARY KEY);\nCREATE SEQUENCE kind_ids AS smallint OWNED BY kind.id;\n"
     "ALTER TABLE kind ALTER COLUMN id SET DEFAULT nextval('kind_ids');"),
    # Types PostgreSQL has and the model has no kind for: read as native("...", "postgres"), indexes on them too.
    ("postgres",
     "CREATE TABLE files (id integer PRIMARY KEY, addr inet, net cidr, mac macaddr, during int4range,\n"
     "  doc tsvector, spot point, flag \"char\", cost money, body xml, bits bit(8), varbits bit varying(16),\n"
     "  span tstzrange, addrs inet[], area box, q tsquery, name text NOT NULL);\n"
     "CREATE INDEX files_spot ON files USING gist (spot);\n"
     "CREATE INDEX files_doc ON files USING gin (doc);\n"
     "CREATE INDEX files_addr ON files (addr inet_ops);"),
    # Column and index options: identity ALWAYS and inside a composite key, expression defaults, stored generated
    # columns, collations, operator classes, INCLUDE, the index methods, a full-text GIN index.
    ("postgres",
     "CREATE TABLE account (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text COLLATE \"C\" NOT NULL,\n"
     "  handle varchar(40) COLLATE \"POSIX\", joined date NOT NULL DEFAULT CURRENT_DATE,\n"
     "  seen timestamptz DEFAULT clock_timestamp(), token uuid DEFAULT gen_random_uuid(), score integer DEFAULT (1 + 2),\n"
     "  code text DEFAULT upper(md5('x')), lower_email text GENERATED ALWAYS AS (lower(email)) STORED);\n"
     "CREATE TABLE entry (account_id bigint NOT NULL REFERENCES account (id), seq integer GENERATED BY DEFAULT AS IDENTITY,\n"
     "  price numeric(10,2) NOT NULL, qty integer NOT NULL, total numeric(12,2) GENERATED ALWAYS AS (price * qty) STORED,\n"
     "  label text, at timestamptz NOT NULL, meta jsonb, PRIMARY KEY (account_id, seq));\n"
     "CREATE INDEX account_email_pattern ON account (email text_pattern_ops);\n"
     "CREATE INDEX account_handle_hash ON account USING hash (handle);\n"
     "CREATE INDEX entry_at_brin ON entry USING brin (at);\n"
     "CREATE INDEX entry_label_spgist ON entry USING spgist (label);\n"
     "CREATE INDEX entry_cover ON entry (account_id, at DESC) INCLUDE (price, qty);\n"
     "CREATE INDEX entry_label_lower ON entry (lower(label) text_pattern_ops);\n"
     "CREATE INDEX entry_label_fts ON entry USING gin (to_tsvector('simple', label));\n"
     "CREATE INDEX entry_meta ON entry USING gin (meta jsonb_path_ops);"),
    # A function whose signature (name and arguments) is longer than a PostgreSQL name (63 bytes): it is
    # read whole, and neither inspect nor drift says it is left out.
    ("postgres",
     "CREATE TABLE stock (id integer PRIMARY KEY, store_id integer NOT NULL, qty integer NOT NULL);\n"
     "CREATE FUNCTION stock_on_hand(p_item_id integer, p_store_id integer, OUT p_quantity_on_hand integer)\n"
     "  LANGUAGE sql AS $$ SELECT qty FROM stock WHERE id = p_item_id AND store_id = p_store_id $$;"),
    ("mariadb",
     "CREATE TABLE author (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(80) NOT NULL,\n"
     "  born date, bio longtext, UNIQUE KEY author_name_key (name))\n"
     "  COMMENT 'People who write' DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;\n"
     "CREATE TABLE book (id int NOT NULL PRIMARY KEY, author_id bigint NOT NULL, price decimal(8,2),\n"
     "  kind enum('novel', 'poetry') NOT NULL DEFAULT 'novel',\n"
     "  KEY book_author_idx (author_id, price),\n"
     "  CONSTRAINT book_author_fkey FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE CASCADE,\n"
     "  CONSTRAINT price_positive CHECK (price >= 0)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;"),
    # Every type beyond the catalog's, as a user writes it (display widths, bare FLOAT/REAL, hex defaults),
    # and FK ON UPDATE actions. MariaDB reports a BINARY/VARBINARY default as a quoted string whose bytes
    # above 0x7f read as '?' (observed on 10.11): the defaults here stay below.
    ("mariadb",
     "CREATE TABLE maker (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, code char(4) NOT NULL,\n"
     "  tier tinyint(3) unsigned NOT NULL DEFAULT 3, rating tinyint DEFAULT -1, active boolean NOT NULL,\n"
     "  founded year(4), channels set('shop','web','it''s') DEFAULT 'web,shop', ratio float, score real DEFAULT 0.25,\n"
     "  big double, digest binary(4) DEFAULT X'41424344', token varbinary(16) DEFAULT 0x005c27, logo longblob,\n"
     "  opens time(3) DEFAULT '08:30:00', closes time, stock smallint unsigned, total bigint unsigned,\n"
     "  price decimal(12,2) DEFAULT 9.5, made datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)\n"
     "  ON UPDATE CURRENT_TIMESTAMP(3), seen datetime, UNIQUE KEY maker_code_key (code))\n"
     "  DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;\n"
     "CREATE TABLE part (id bigint unsigned NOT NULL PRIMARY KEY, maker_id int unsigned NOT NULL, maker_code char(4),\n"
     "  CONSTRAINT part_maker_fkey FOREIGN KEY (maker_id) REFERENCES maker (id) ON DELETE CASCADE ON UPDATE CASCADE,\n"
     "  CONSTRAINT part_code_fkey FOREIGN KEY (maker_code) REFERENCES maker (code) ON UPDATE SET NULL)\n"
     "  DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;"),
    # Column, index and table options as a user writes them: a latin1 table and columns in collations of their
    # own (kept, not switched to schemakit's), generated columns, expression defaults, FULLTEXT, MySQL's own
    # types, an AUTO_INCREMENT column inside a composite primary key (with the index InnoDB wants).
    ("mariadb",
     "CREATE TABLE legacy (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, note varchar(255),\n"
     "  tag varchar(20) COLLATE latin1_general_cs, handle varchar(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci,\n"
     "  kind enum('a', 'b')) DEFAULT CHARSET=latin1;\n"
     "CREATE TABLE event (account_id bigint NOT NULL, seq int NOT NULL AUTO_INCREMENT, price decimal(10,2) NOT NULL,\n"
     "  quantity int NOT NULL DEFAULT (1 + 0), total decimal(12,2) AS (price * quantity) STORED, label varchar(80),\n"
     "  label_lower varchar(80) AS (lower(label)) VIRTUAL, body longtext, flags bit(8), spot point,\n"
     "  made date DEFAULT (curdate()), code varchar(12) DEFAULT (concat('a', 'b')),\n"
     "  due datetime DEFAULT (now() + interval 1 day), PRIMARY KEY (account_id, seq),\n"
     "  KEY event_seq (seq), FULLTEXT KEY event_body (body)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;"),
    ("sqlite",
     "CREATE TABLE author (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL UNIQUE, bio TEXT) STRICT;\n"
     "CREATE TABLE book (id INTEGER PRIMARY KEY NOT NULL, author_id INT NOT NULL REFERENCES author (id) ON DELETE CASCADE,\n"
     "  title TEXT NOT NULL, CONSTRAINT title_given CHECK (length(title) > 0)) STRICT;\n"
     "CREATE INDEX book_author ON book (author_id);"),
    # A table without STRICT keeps its declared types (any name: one the model has no kind for is a
    # native type of SQLite); ANY of a STRICT table; generated columns, collations, expression defaults.
    ("sqlite",
     "CREATE TABLE t (id INTEGER PRIMARY KEY NOT NULL, name VARCHAR(40) NOT NULL, price REAL, at DATETIME, code CHAR(2),\n"
     "  digest BLOB, ratio DOUBLE, weight FLOAT, opens TIME, tiny TINYINT, big UNSIGNED BIG INT, sku VARBINARY(8),\n"
     "  founded YEAR, body LONGBLOB, n INT(11), amount NUMERIC(10,2), flag BOOLEAN, cash MONEY, stamp TIMESTAMP(3));\n"
     "CREATE TABLE item (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL COLLATE NOCASE, code TEXT COLLATE RTRIM,\n"
     "  price REAL NOT NULL, qty INT NOT NULL DEFAULT (1 + 1), total REAL GENERATED ALWAYS AS (price * qty) STORED,\n"
     "  lname TEXT AS (lower(name)) VIRTUAL, made TEXT DEFAULT (datetime('now')), payload ANY) STRICT;\n"
     "CREATE INDEX item_lname ON item (lname);"),
    # A rowid alias without NOT NULL never holds NULL (https://www.sqlite.org/lang_createtable.html#rowid):
    # read NOT NULL, nothing to report; DESC in a table constraint's key still makes one.
    ("sqlite",
     "CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT DEFAULT (datetime('now')));\n"
     "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);\n"
     "CREATE TABLE d (id INTEGER, n INT, PRIMARY KEY (id DESC));"),
    # A loose column without a declared type (BLOB affinity, "none": any value as given,
    # https://www.sqlite.org/datatype3.html#determination_of_column_affinity), an odd name and a default too.
    ("sqlite",
     'CREATE TABLE kv (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v, "we""ird col" NOT NULL DEFAULT 0);'),
    # A quoted mixed-case name keeps its case inside expressions: CHECK, index expression, predicate.
    ("postgres",
     'CREATE TABLE book (id integer PRIMARY KEY, "Title" text, "Pages" integer CHECK ("Pages" > 0));\n'
     'CREATE INDEX book_title_lower ON book (lower("Title")) WHERE "Pages" IS NOT NULL;'),
    ("sqlite",
     "CREATE TABLE parent (id INTEGER PRIMARY KEY NOT NULL, logo BLOB, digest BLOB NOT NULL DEFAULT X'00FF',\n"
     "  ratio REAL DEFAULT 0.5, weight REAL NOT NULL DEFAULT -1.25e3) STRICT;\n"
     "CREATE TABLE child (id INTEGER PRIMARY KEY NOT NULL,\n"
     "  parent_id INT REFERENCES parent (id) ON UPDATE CASCADE ON DELETE SET NULL,\n"
     "  other_id INT REFERENCES parent (id) ON UPDATE RESTRICT) STRICT;"),
    # domains, kept as domains: NOT NULL, a default, named CHECKs, a quoted name, two columns sharing one
    ("postgres",
     "CREATE DOMAIN positive AS integer NOT NULL DEFAULT 1 CONSTRAINT \"Is positive\" CHECK (VALUE > 0);\n"
     "CREATE DOMAIN \"Code\" AS varchar(8) CHECK (VALUE = upper(VALUE)) CHECK (length(VALUE) > 1);\n"
     "CREATE TABLE files (id integer PRIMARY KEY, n positive, m positive NOT NULL, tag \"Code\");\n"
     "CREATE INDEX files_n_idx ON files (n);"),
    # A trigger, its function and a sequence are held (schema/code.py): written, and drift compares them.
    ("postgres",
     "CREATE TABLE a (id integer PRIMARY KEY);\n"
     "CREATE SEQUENCE \"a\"\"seq\" START WITH 5 CACHE 2 OWNED BY a.id;\n"
     "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;\n"
     "CREATE TRIGGER a_touch BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION touch();"),
    ("mariadb",
     "CREATE TABLE a (id int NOT NULL PRIMARY KEY);\n"
     "CREATE TRIGGER a_touch BEFORE INSERT ON a FOR EACH ROW SET NEW.id = NEW.id;"),
    # Scheduled events (https://mariadb.com/kb/en/create-event/) are held as routines of kind "event": written,
    # and drift compares them as SHOW CREATE EVENT stores them (an EVERY without STARTS reads without it).
    ("mariadb",
     "CREATE TABLE records (id int NOT NULL PRIMARY KEY, created_at datetime);\n"
     "CREATE EVENT `daily_cleanup` ON SCHEDULE EVERY 1 DAY COMMENT 'purge ''old'' data'\n"
     "  DO DELETE FROM records WHERE created_at < NOW() - INTERVAL 30 DAY;\n"
     "CREATE EVENT one_time ON SCHEDULE AT '2035-01-01 00:00:00' ON COMPLETION PRESERVE DISABLE DO DELETE FROM records;\n"
     "CREATE EVENT `win``dow` ON SCHEDULE EVERY '1 4' DAY_HOUR STARTS '2030-01-01' ENDS '2031-01-01' DISABLE ON SLAVE\n"
     "  DO DELETE FROM records WHERE id < 0;"),
    ("sqlite",
     "CREATE TABLE a (id INTEGER PRIMARY KEY NOT NULL, n INT) STRICT;\n"
     "CREATE TRIGGER a_touch AFTER INSERT ON a BEGIN UPDATE a SET n = 1 WHERE id = NEW.id; END;"),
    # identity and serial columns outside the primary key (issue #15): held, read back without a skip
    ("postgres",
     "CREATE TABLE products (id serial, name text PRIMARY KEY);\n"
     "CREATE TABLE lines (order_no integer PRIMARY KEY, seq_no bigint GENERATED ALWAYS AS IDENTITY);"),
    ("mariadb",
     "CREATE TABLE products (name varchar(40) NOT NULL PRIMARY KEY, id int NOT NULL AUTO_INCREMENT,\n"
     "  KEY products_id (id));"),
    # Comments on every kind of constraint, a hostile constraint name and comment text (issue #15)
    ("postgres",
     "CREATE TABLE customer (id integer PRIMARY KEY, email text CONSTRAINT customer_email_key UNIQUE,\n"
     "  n integer CONSTRAINT \"it's \"\"odd\"\" \\ n\" CHECK (n > 0));\n"
     "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer CONSTRAINT orders_customer_fkey\n"
     "  REFERENCES customer (id), during tsrange, CONSTRAINT orders_no_overlap EXCLUDE USING gist (during WITH &&));\n"
     "COMMENT ON CONSTRAINT customer_pkey ON customer IS 'one row per customer';\n"
     "COMMENT ON CONSTRAINT customer_email_key ON customer IS 'one account per address';\n"
     "COMMENT ON CONSTRAINT \"it's \"\"odd\"\" \\ n\" ON customer IS E'a quote '' a backslash \\\\ a newline\\n';\n"
     "COMMENT ON CONSTRAINT orders_customer_fkey ON orders IS 'who ordered';\n"
     "COMMENT ON CONSTRAINT orders_no_overlap ON orders IS 'one order at a time';"),
    # a column default drawing from a sequence the model holds (DEFAULT NEXTVAL(seq), issue #15)
    ("mariadb",
     "CREATE SEQUENCE ticket_no START WITH 100;\nCREATE SEQUENCE `odd``seq`;\n"
     "CREATE TABLE ticket (id int PRIMARY KEY, no bigint NOT NULL DEFAULT NEXTVAL(ticket_no),\n"
     "  odd int DEFAULT NEXTVAL(`odd``seq`));"),
    ("mariadb",
     "CREATE TABLE a (id int PRIMARY KEY, n int, m int, k int, INDEX a_n_idx (n) COMMENT 'by n',\n"
     "  UNIQUE KEY a_m_key (m) COMMENT 'one m', UNIQUE KEY `it's \"odd\" ``\\ k` (k)\n"
     "  COMMENT 'a quote '' a backslash \\\\ a newline\\n and \"double\" quotes');"),
    # an ENUM or SET member holding a backslash (COLUMN_TYPE escapes it): it was read with the backslash doubled, the
    # default then no member (left out), and a database made from the model refused the original rows
    ("mariadb",
     "CREATE TABLE paths (id int PRIMARY KEY, sep ENUM('/', 'a\\\\b', 'it''s') NOT NULL DEFAULT 'a\\\\b',\n"
     "  flags SET('x', 'y\\\\z'));"),
    # a foreign key naming no parent columns stands for the parent's primary key (https://www.sqlite.org/foreignkeys.html);
    # inspect crashed on it (exit 3)
    ("sqlite",
     "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL) STRICT;\n"
     "CREATE TABLE pair (a INT NOT NULL, b INT NOT NULL, PRIMARY KEY (a, b)) STRICT;\n"
     "CREATE TABLE kid (id INTEGER PRIMARY KEY NOT NULL, uid INT REFERENCES users, a INT, b INT,\n"
     "  FOREIGN KEY (a, b) REFERENCES pair) STRICT;"),
]

BAD = [
    # (arguments after `inspect`, text of the one-line message)
    (["--database", "sqlite:///no/such/file.db", "--out", "x.py"], "no such database"),
    (["--database", "not-a-url", "--out", "x.py"], "not a database URL"),
    (["--ddl", "schema.sql", "--out", "x.py"], "needs --dialect"),
    (["--ddl", "missing.sql", "--dialect", "sqlite", "--out", "x.py"], "cannot read it"),
    (["--out", "x.py"], "needs --database URL"),
    (["--database", "postgresql://postgres@127.0.0.1:1/nothing", "--out", "x.py"], "cannot connect"),
    (["--ddl", "schema.sql", "--dialect", "sqlite", "--out", "x.py", "--system", "9 lives"], "system name"),
    (["--ddl", "schema.sql", "--dialect", "nosuch", "--out", "x.py"], "unknown dialect"),
]


# DDL files that create, drop or switch to another database than the scratch one `--ddl` loads them into,
# as dumps of real databases begin (MySQL's employees sample, mysqldump --databases, pg_dump --create):
# (engine, id, DDL with {name}: an existing database of the server, standing for the user's own). They are
# refused, exit 2, before anything runs: no database of the server is dropped or left behind.
OTHER_DATABASE = [
    ("mariadb", "employees sample: DROP DATABASE, CREATE DATABASE, USE",
     "DROP DATABASE IF EXISTS {name};\nCREATE DATABASE IF NOT EXISTS {name};\nUSE {name};\n"
     "CREATE TABLE employees (emp_no INT NOT NULL, PRIMARY KEY (emp_no));\n"),
    ("mariadb", "mysqldump --databases",
     "CREATE DATABASE /*!32312 IF NOT EXISTS*/ `{name}_new` /*!40100 DEFAULT CHARACTER SET utf8mb4 */;\n\n"
     "USE `{name}_new`;\nCREATE TABLE t (id INT PRIMARY KEY);\n"),
    ("mariadb", "CREATE SCHEMA is CREATE DATABASE",
     "CREATE TABLE t (id INT PRIMARY KEY);\n  create schema {name}_new;\n"),
    ("postgres", "pg_dump --create",
     "CREATE DATABASE {name}_new WITH TEMPLATE = template0 ENCODING = 'UTF8';\n\\connect {name}_new\n"
     "CREATE TABLE t (id integer PRIMARY KEY);\n"),
    ("postgres", "DROP DATABASE", "DROP DATABASE IF EXISTS {name};\nCREATE TABLE t (id integer PRIMARY KEY);\n"),
]

# A PostgreSQL domain read as its base type with its rules on the column (SKIP-DOMAIN): the DDL, then
# rows and whether the source database accepts each. Rendered for every engine, the same rows must
# get the same verdicts.
DOMAIN_DDL = (
    "CREATE DOMAIN positive AS integer NOT NULL DEFAULT 1 CHECK (VALUE > 0);\n"
    "CREATE DOMAIN percent AS positive CHECK (VALUE <= 100);\n"
    "CREATE DOMAIN code AS varchar(8) CHECK (VALUE = upper(VALUE));\n"
    "CREATE TABLE scores (id integer PRIMARY KEY, \"Value\" percent, tag code);"
)
DOMAIN_ROWS = [
    ("INSERT INTO scores (id, \"Value\", tag) VALUES (1, 50, 'AB')", True),
    ("INSERT INTO scores (id, \"Value\", tag) VALUES (2, 100, NULL)", True),
    ("INSERT INTO scores (id, tag) VALUES (3, 'X')", True),  # the domain's default, 1
    ("INSERT INTO scores (id, \"Value\", tag) VALUES (4, 0, 'AB')", False),
    ("INSERT INTO scores (id, \"Value\", tag) VALUES (5, 101, 'AB')", False),
    ("INSERT INTO scores (id, \"Value\", tag) VALUES (6, NULL, 'AB')", False),
    ("INSERT INTO scores (id, \"Value\", tag) VALUES (7, 5, 'ab')", False),
    ("INSERT INTO scores (id, \"Value\", tag) VALUES (8, 5, 'ABCDEFGHI')", False),
]

# A loose SQLite table whose columns have no declared type (issue #14), for `schemakit check --schema`
# on the file `inspect` writes from it: every engine must give each row the oracle's verdict.
UNTYPED_DDL = ('CREATE TABLE kv (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, v, '
               '"we""ird col" NOT NULL DEFAULT 0);\n')

# The README's adoption steps ("Adopting an existing database: inspect"), as a new user takes them on
# schemas of products nobody here wrote, reduced to what broke: (engine, id, DDL, the skip report as
# {(code, object)}). `schemakit init`, `inspect --out db/schema.py`, `makemigrations`, `migrate` into a new
# database (twice: the second changes nothing), `drift` against the original (clean when nothing was
# skipped), `migrate --baseline` on the original, then `migrate` there changes nothing.
ADOPTED = [
    # OpenStreetMap's db/structure.sql: a GiST index over integer columns, which PostgreSQL has operator
    # classes for only through btree_gist (the dump's CREATE EXTENSION): the new database needs it too.
    ("postgres", "a GiST index over scalar columns (btree_gist)",
     "CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;\n"
     "CREATE TABLE changesets (id bigint PRIMARY KEY, min_lat integer, max_lat integer);\n"
     "CREATE INDEX changesets_bbox_idx ON changesets USING gist (min_lat, max_lat);",
     set()),
    # A database using extensions (issue #15): a citext column, a uuid-ossp default, a pg_trgm operator class.
    # Without the extensions in the model the new database refused the table (type "citext" does not exist).
    ("postgres", "extensions: citext, pg_trgm and uuid-ossp used by a column, an index and a default",
     'CREATE EXTENSION citext; CREATE EXTENSION pg_trgm; CREATE EXTENSION "uuid-ossp";\n'
     "CREATE TABLE u (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), name varchar, email citext);\n"
     "CREATE INDEX u_name_trgm ON u USING gin (lower(name) gin_trgm_ops);",
     set()),
    # Publify's (Typo's) db/schema.sqlite.sql: Rails quotes a number default (`published integer DEFAULT '1'`),
    # which the column's affinity stores as the number (https://www.sqlite.org/datatype3.html#type_affinity).
    ("sqlite", "a quoted number default of a numeric column (Rails)",
     "CREATE TABLE contents (id INTEGER PRIMARY KEY NOT NULL, published integer DEFAULT '1', ratio real DEFAULT '0.5',\n"
     "  title varchar(255) DEFAULT '1', flag boolean DEFAULT '0');",
     set()),
    # Hostile names on PostgreSQL: a view PostgreSQL prints as ending in a quoted identifier (FROM "user"),
    # which makemigrations wrote as r"""...""""": a migration that does not load.
    ("postgres", "a view ending in a quoted identifier, reserved words, quotes, spaces and unicode in names",
     "CREATE TABLE \"user\" (\"select\" integer PRIMARY KEY, \"from\" text, \"we\"\"ird\" text, \"with space\" text,\n"
     "  \"émoji_😀\" text, \"back`tick\\\" text);\n"
     "COMMENT ON TABLE \"user\" IS 'it''s a \"user\" table; -- not a comment */ \\';\n"
     "CREATE TYPE \"my enum\" AS ENUM ('a''b', 'c\"d', 'e f');\n"
     "ALTER TABLE \"user\" ADD COLUMN kind \"my enum\" DEFAULT 'a''b';\n"
     "CREATE VIEW \"v w\" AS SELECT \"select\", \"from\" FROM \"user\";",
     set()),
    # An install schema of a PHP product written without a character set (MariaDB): its tables take the
    # database's default, which the --ddl scratch database must give as the user's database has it.
    ("mariadb", "tables without a character set, hostile names",
     "CREATE TABLE `user` (`select` int NOT NULL PRIMARY KEY, `from` text, `we\"ird` text,\n"
     "  `with space` varchar(20) DEFAULT 'it''s', `émoji_ü€` text, `back``tick` int) COMMENT='it''s a \"user\" table';\n"
     "CREATE TABLE `Order Items` (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, `user` int, `ключ` varchar(10) UNIQUE,\n"
     "  `k e y` enum('a''b','c\"d','e f') DEFAULT 'a''b',\n"
     "  CONSTRAINT `fk \"q\"` FOREIGN KEY (`user`) REFERENCES `user` (`select`),\n"
     "  KEY `idx ``q``` (`ключ`, `user`));\n"
     "CREATE VIEW `v w` AS SELECT `select`, `from` FROM `user`;",
     set()),
    # Danbooru's db/structure.sql: an index over a function of its own (sourcepattern(), IMMUTABLE), which the
    # model holds as a routine: the index was dropped (PG-INDEX-EXPRESSION "no sourcepattern()") from the new
    # database, so drift against the original found it extra.
    ("postgres", "an expression index calling a function of the schema's own",
     "CREATE FUNCTION sourcepattern(src text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT\n"
     "  AS $_$ BEGIN RETURN regexp_replace(src, '^[^/]*(//)?[^/]*.pixiv.net/img.*(/[^/]*/[^/]*)$', E'pixiv\\\\2'); END; $_$;\n"
     "CREATE TABLE posts (id integer PRIMARY KEY, source character varying DEFAULT ''::character varying NOT NULL);\n"
     "CREATE INDEX index_posts_on_source_pattern ON posts USING btree (sourcepattern(lower((source)::text)) text_pattern_ops);",
     set()),
]
