-- The types issue #14 adds, and tables as SQLite users write them: declared types, not STRICT (SQLite).

-- case: add_real_column
-- current
CREATE TABLE reading (id INTEGER NOT NULL PRIMARY KEY) STRICT;
-- desired
CREATE TABLE reading (id INTEGER NOT NULL PRIMARY KEY, celsius REAL) STRICT;

-- case: integer_to_real
-- current
CREATE TABLE score (id INTEGER NOT NULL PRIMARY KEY, points INTEGER NOT NULL) STRICT;
-- desired
CREATE TABLE score (id INTEGER NOT NULL PRIMARY KEY, points REAL NOT NULL) STRICT;

-- case: add_blob_column
-- current
CREATE TABLE attachment (id INTEGER NOT NULL PRIMARY KEY, filename TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE attachment (id INTEGER NOT NULL PRIMARY KEY, filename TEXT NOT NULL, content BLOB) STRICT;

-- case: text_to_blob
-- current
CREATE TABLE blob_store (id INTEGER NOT NULL PRIMARY KEY, data TEXT) STRICT;
-- desired
CREATE TABLE blob_store (id INTEGER NOT NULL PRIMARY KEY, data BLOB) STRICT;

-- case: not_strict_add_column
-- current
CREATE TABLE customer (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL);
-- desired
CREATE TABLE customer (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(255));

-- case: not_strict_varchar_widen
-- current
CREATE TABLE customer (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL);
-- desired
CREATE TABLE customer (id INTEGER PRIMARY KEY, name VARCHAR(120) NOT NULL);

-- case: not_strict_numeric_precision
-- current
CREATE TABLE price (id INTEGER PRIMARY KEY, amount NUMERIC(10,2) NOT NULL);
-- desired
CREATE TABLE price (id INTEGER PRIMARY KEY, amount NUMERIC(14,4) NOT NULL);

-- case: not_strict_datetime_column
-- current
CREATE TABLE event (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
-- desired
CREATE TABLE event (id INTEGER PRIMARY KEY, name TEXT NOT NULL, happened_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP);

-- case: not_strict_int_vs_integer
-- current
CREATE TABLE counter (id INTEGER PRIMARY KEY, hits INT NOT NULL DEFAULT 0);
-- desired
CREATE TABLE counter (id INTEGER PRIMARY KEY, hits BIGINT NOT NULL DEFAULT 0);

-- case: not_strict_boolean_column
-- current
CREATE TABLE feature (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
-- desired
CREATE TABLE feature (id INTEGER PRIMARY KEY, name TEXT NOT NULL, enabled BOOLEAN NOT NULL DEFAULT 0);

-- case: not_strict_add_index
-- current
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, total DECIMAL(10,2));
-- desired
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, total DECIMAL(10,2));
CREATE INDEX orders_customer_idx ON orders (customer_id);

-- case: not_strict_add_table
-- current
CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
-- desired
CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE address (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE, street VARCHAR(200), zip CHAR(5));

-- case: not_strict_blob_and_real
-- current
CREATE TABLE photo (id INTEGER PRIMARY KEY, title TEXT);
-- desired
CREATE TABLE photo (id INTEGER PRIMARY KEY, title TEXT, data BLOB, aspect REAL, taken DATE);

-- case: strict_to_not_strict
-- current
CREATE TABLE note (id INTEGER NOT NULL PRIMARY KEY, body TEXT) STRICT;
-- desired
CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT);

-- case: real_to_integer
-- current
CREATE TABLE sensor (id INTEGER NOT NULL PRIMARY KEY, level REAL) STRICT;
-- desired
CREATE TABLE sensor (id INTEGER NOT NULL PRIMARY KEY, level INTEGER) STRICT;

-- case: blob_column_dropped
-- current
CREATE TABLE attachment (id INTEGER NOT NULL PRIMARY KEY, content BLOB NOT NULL, filename TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE attachment (id INTEGER NOT NULL PRIMARY KEY, filename TEXT NOT NULL) STRICT;

-- case: any_column_added
-- current
CREATE TABLE setting (key TEXT NOT NULL PRIMARY KEY) STRICT;
-- desired
CREATE TABLE setting (key TEXT NOT NULL PRIMARY KEY, value ANY) STRICT;

-- case: not_strict_char_to_varchar
-- current
CREATE TABLE currency (id INTEGER PRIMARY KEY, code CHAR(3) NOT NULL);
-- desired
CREATE TABLE currency (id INTEGER PRIMARY KEY, code VARCHAR(3) NOT NULL);

-- case: not_strict_add_untyped_column
-- current
CREATE TABLE kv (id INTEGER PRIMARY KEY, k TEXT NOT NULL);
-- desired
CREATE TABLE kv (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v);

-- case: not_strict_untyped_to_text
-- current
CREATE TABLE kv (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v);
-- desired
CREATE TABLE kv (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v TEXT);

-- case: not_strict_untyped_quoted_name
-- current
CREATE TABLE kv (id INTEGER PRIMARY KEY, k TEXT NOT NULL);
-- desired
CREATE TABLE kv (id INTEGER PRIMARY KEY, k TEXT NOT NULL, "we""ird col" NOT NULL DEFAULT 0);
