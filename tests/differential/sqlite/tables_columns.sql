-- Tables and columns added, dropped, renamed (as a drop and an add), NULL / NOT NULL (SQLite, STRICT tables).

-- case: add_table
-- current
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL) STRICT;
CREATE TABLE supplier (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, country TEXT) STRICT;

-- case: add_table_to_empty_database
-- current
-- desired
CREATE TABLE account (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL UNIQUE) STRICT;

-- case: drop_table
-- current
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL) STRICT;
CREATE TABLE legacy_import (id INTEGER NOT NULL PRIMARY KEY, payload TEXT) STRICT;
-- desired
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL) STRICT;

-- case: drop_referencing_table
-- current
CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, placed_at TEXT NOT NULL) STRICT;
CREATE TABLE order_line (order_id INTEGER NOT NULL REFERENCES orders (id), line INTEGER NOT NULL, qty INTEGER NOT NULL, PRIMARY KEY (order_id, line)) STRICT;
-- desired
CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, placed_at TEXT NOT NULL) STRICT;

-- case: add_child_table_with_fk
-- current
CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, placed_at TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, placed_at TEXT NOT NULL) STRICT;
CREATE TABLE order_line (order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE, line INTEGER NOT NULL, qty INTEGER NOT NULL CHECK (qty > 0), PRIMARY KEY (order_id, line)) STRICT;

-- case: add_mixed_case_table
-- current
CREATE TABLE plain (id INTEGER NOT NULL PRIMARY KEY) STRICT;
-- desired
CREATE TABLE plain (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE "OrderItem" ("ItemId" INTEGER NOT NULL PRIMARY KEY, "Sku" TEXT NOT NULL, "Quantity" INTEGER NOT NULL DEFAULT 1) STRICT;

-- case: add_nullable_column
-- current
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, phone TEXT) STRICT;

-- case: add_not_null_column_with_default
-- current
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, visits INTEGER NOT NULL DEFAULT 0) STRICT;

-- case: add_several_columns
-- current
CREATE TABLE product (id INTEGER NOT NULL PRIMARY KEY) STRICT;
-- desired
CREATE TABLE product (id INTEGER NOT NULL PRIMARY KEY, sku TEXT NOT NULL DEFAULT '', price_cents INTEGER, notes TEXT) STRICT;

-- case: drop_column
-- current
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, fax TEXT) STRICT;
-- desired
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL) STRICT;

-- case: drop_not_null_column
-- current
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, legacy_code INTEGER NOT NULL DEFAULT 0) STRICT;
-- desired
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL) STRICT;

-- case: rename_column_as_drop_add
-- current
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, fullname TEXT) STRICT;
-- desired
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, display_name TEXT) STRICT;

-- case: set_not_null
-- current
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, email TEXT) STRICT;
-- desired
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL) STRICT;

-- case: drop_not_null
-- current
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, email TEXT) STRICT;

-- case: add_mixed_case_column
-- current
CREATE TABLE "Invoice" ("Id" INTEGER NOT NULL PRIMARY KEY) STRICT;
-- desired
CREATE TABLE "Invoice" ("Id" INTEGER NOT NULL PRIMARY KEY, "DueDate" TEXT, "TotalCents" INTEGER NOT NULL DEFAULT 0) STRICT;

-- case: add_column_in_referenced_table
-- current
CREATE TABLE author (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE book (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER REFERENCES author (id)) STRICT;
-- desired
CREATE TABLE author (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL DEFAULT 'unknown') STRICT;
CREATE TABLE book (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER REFERENCES author (id)) STRICT;

-- case: int_to_text
-- current
CREATE TABLE ticket (id INTEGER NOT NULL PRIMARY KEY, ref INTEGER) STRICT;
-- desired
CREATE TABLE ticket (id INTEGER NOT NULL PRIMARY KEY, ref TEXT) STRICT;

-- case: text_to_int
-- current
CREATE TABLE ticket (id INTEGER NOT NULL PRIMARY KEY, ref TEXT) STRICT;
-- desired
CREATE TABLE ticket (id INTEGER NOT NULL PRIMARY KEY, ref INTEGER) STRICT;

-- case: retype_mixed_case_column
-- current
CREATE TABLE "Order" ("OrderId" INTEGER NOT NULL PRIMARY KEY, "Total" INTEGER) STRICT;
-- desired
CREATE TABLE "Order" ("OrderId" INTEGER NOT NULL PRIMARY KEY, "Total" TEXT) STRICT;

-- case: column_names_differing_only_in_case
-- current
CREATE TABLE note (id INTEGER NOT NULL PRIMARY KEY, "Title" TEXT, "SELECT" TEXT, body TEXT) STRICT;
-- desired
CREATE TABLE note (id INTEGER NOT NULL PRIMARY KEY, "title" TEXT, "select" TEXT, body TEXT) STRICT;

-- case: every_column_renamed_in_case_only_rows_kept
-- current
CREATE TABLE tally ("Count" INTEGER, "Label" TEXT);
INSERT INTO tally VALUES (1, 'a'), (2, 'b');
-- desired
CREATE TABLE tally ("count" INTEGER, "label" TEXT);

-- case: table_name_differing_only_in_case
-- current
CREATE TABLE Member (id INTEGER NOT NULL PRIMARY KEY) STRICT;
-- desired
CREATE TABLE member (id INTEGER NOT NULL PRIMARY KEY, name TEXT) STRICT;
