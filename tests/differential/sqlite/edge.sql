-- Changes that touch several objects at once: SQLite rebuilds the table (STRICT tables).

-- case: retype_indexed_column
-- current
CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, customer_ref INTEGER NOT NULL) STRICT;
CREATE INDEX orders_customer_ref_idx ON orders (customer_ref);
-- desired
CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, customer_ref TEXT NOT NULL) STRICT;
CREATE INDEX orders_customer_ref_idx ON orders (customer_ref);

-- case: drop_indexed_column
-- current
CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, customer_id INTEGER, legacy_ref TEXT) STRICT;
CREATE INDEX orders_legacy_idx ON orders (legacy_ref, customer_id);
-- desired
CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, customer_id INTEGER) STRICT;

-- case: change_foreign_key_columns
-- current
CREATE TABLE account (id INTEGER NOT NULL PRIMARY KEY, legacy_id INTEGER UNIQUE) STRICT;
CREATE TABLE payment (id INTEGER NOT NULL PRIMARY KEY, account_ref INTEGER, account_id INTEGER, CONSTRAINT payment_account_fk FOREIGN KEY (account_ref) REFERENCES account (legacy_id)) STRICT;
-- desired
CREATE TABLE account (id INTEGER NOT NULL PRIMARY KEY, legacy_id INTEGER UNIQUE) STRICT;
CREATE TABLE payment (id INTEGER NOT NULL PRIMARY KEY, account_ref INTEGER, account_id INTEGER, CONSTRAINT payment_account_fk FOREIGN KEY (account_id) REFERENCES account (id)) STRICT;

-- case: primary_key_changed_under_foreign_key
-- current
CREATE TABLE pair (x INTEGER NOT NULL, y INTEGER NOT NULL, PRIMARY KEY (x, y)) STRICT;
CREATE TABLE pair_user (id INTEGER NOT NULL PRIMARY KEY, x INTEGER, y INTEGER, CONSTRAINT pair_user_pair_fk FOREIGN KEY (x, y) REFERENCES pair (x, y)) STRICT;
-- desired
CREATE TABLE pair (x INTEGER NOT NULL, y INTEGER NOT NULL, PRIMARY KEY (y, x)) STRICT;
CREATE TABLE pair_user (id INTEGER NOT NULL PRIMARY KEY, x INTEGER, y INTEGER, CONSTRAINT pair_user_pair_fk FOREIGN KEY (x, y) REFERENCES pair (x, y)) STRICT;

-- case: drop_table_and_its_references
-- current
CREATE TABLE region (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE store (id INTEGER NOT NULL PRIMARY KEY, region_id INTEGER REFERENCES region (id)) STRICT;
-- desired
CREATE TABLE store (id INTEGER NOT NULL PRIMARY KEY, region_id INTEGER) STRICT;

-- case: expression_index_mixed_case
-- current
CREATE TABLE "Member" ("Id" INTEGER NOT NULL PRIMARY KEY, "Email" TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE "Member" ("Id" INTEGER NOT NULL PRIMARY KEY, "Email" TEXT NOT NULL) STRICT;
CREATE UNIQUE INDEX "Member_email_uidx" ON "Member" (lower("Email"));

-- case: check_and_not_null_together
-- current
CREATE TABLE product (id INTEGER NOT NULL PRIMARY KEY, weight_g INTEGER) STRICT;
-- desired
CREATE TABLE product (id INTEGER NOT NULL PRIMARY KEY, weight_g INTEGER NOT NULL DEFAULT 0 CONSTRAINT product_weight_check CHECK (weight_g >= 0)) STRICT;

-- case: unique_to_primary_key
-- current
CREATE TABLE currency (code TEXT NOT NULL UNIQUE, name TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE currency (code TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL) STRICT;

-- case: many_changes_one_table
-- current
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, name TEXT, fax TEXT, visits INTEGER) STRICT;
CREATE INDEX customer_name_idx ON customer (name);
-- desired
CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, email TEXT, visits INTEGER NOT NULL DEFAULT 0, CONSTRAINT customer_email_check CHECK (email LIKE '%@%')) STRICT;
CREATE INDEX customer_name_idx ON customer (name, visits DESC);
CREATE UNIQUE INDEX customer_email_uidx ON customer (lower(email)) WHERE email IS NOT NULL;

-- case: rebuild_keeps_other_tables_foreign_keys
-- current
CREATE TABLE author (id INTEGER NOT NULL PRIMARY KEY, name TEXT) STRICT;
CREATE TABLE book (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER REFERENCES author (id) ON DELETE CASCADE) STRICT;
-- desired
CREATE TABLE author (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL DEFAULT '', born INTEGER) STRICT;
CREATE TABLE book (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER REFERENCES author (id) ON DELETE CASCADE) STRICT;

-- case: add_check_to_referenced_table
-- current
CREATE TABLE country (code TEXT NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE city (id INTEGER NOT NULL PRIMARY KEY, country_code TEXT NOT NULL REFERENCES country (code)) STRICT;
-- desired
CREATE TABLE country (code TEXT NOT NULL PRIMARY KEY CHECK (length(code) = 2)) STRICT;
CREATE TABLE city (id INTEGER NOT NULL PRIMARY KEY, country_code TEXT NOT NULL REFERENCES country (code)) STRICT;

-- case: identity_key_added
-- current
CREATE TABLE audit_log (message TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, message TEXT NOT NULL) STRICT;

-- case: add_inline_unique
-- current
CREATE TABLE member (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE member (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL UNIQUE) STRICT;

-- case: add_inline_check
-- current
CREATE TABLE stock (id INTEGER NOT NULL PRIMARY KEY, qty INTEGER NOT NULL) STRICT;
-- desired
CREATE TABLE stock (id INTEGER NOT NULL PRIMARY KEY, qty INTEGER NOT NULL CHECK (qty >= 0)) STRICT;
