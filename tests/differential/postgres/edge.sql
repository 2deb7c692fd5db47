-- Changes that touch several objects at once (PostgreSQL).

-- case: enum_value_removed
-- current
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'lost');
CREATE TABLE orders (id integer PRIMARY KEY, status order_status NOT NULL);
-- desired
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE orders (id integer PRIMARY KEY, status order_status NOT NULL);

-- case: enum_default_changed
-- current
CREATE TYPE ticket_priority AS ENUM ('low', 'normal', 'urgent');
CREATE TABLE ticket (id integer PRIMARY KEY, priority ticket_priority NOT NULL DEFAULT 'normal');
-- desired
CREATE TYPE ticket_priority AS ENUM ('low', 'normal', 'urgent');
CREATE TABLE ticket (id integer PRIMARY KEY, priority ticket_priority NOT NULL DEFAULT 'low');

-- case: retype_indexed_column
-- current
CREATE TABLE orders (id integer PRIMARY KEY, customer_ref varchar(20) NOT NULL);
CREATE INDEX orders_customer_ref_idx ON orders (customer_ref);
-- desired
CREATE TABLE orders (id integer PRIMARY KEY, customer_ref varchar(64) NOT NULL);
CREATE INDEX orders_customer_ref_idx ON orders (customer_ref);

-- case: drop_indexed_column
-- current
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, legacy_ref text);
CREATE INDEX orders_legacy_idx ON orders (legacy_ref, customer_id);
-- desired
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer);

-- case: change_foreign_key_columns
-- current
CREATE TABLE account (id integer PRIMARY KEY, legacy_id integer UNIQUE);
CREATE TABLE payment (id integer PRIMARY KEY, account_ref integer, account_id integer, CONSTRAINT payment_account_fk FOREIGN KEY (account_ref) REFERENCES account (legacy_id));
-- desired
CREATE TABLE account (id integer PRIMARY KEY, legacy_id integer UNIQUE);
CREATE TABLE payment (id integer PRIMARY KEY, account_ref integer, account_id integer, CONSTRAINT payment_account_fk FOREIGN KEY (account_id) REFERENCES account (id));

-- case: primary_key_changed_under_foreign_key
-- current
CREATE TABLE pair (x integer NOT NULL, y integer NOT NULL, PRIMARY KEY (x, y));
CREATE TABLE pair_user (id integer PRIMARY KEY, x integer, y integer, CONSTRAINT pair_user_pair_fk FOREIGN KEY (x, y) REFERENCES pair (x, y));
-- desired
CREATE TABLE pair (x integer NOT NULL, y integer NOT NULL, PRIMARY KEY (y, x));
CREATE TABLE pair_user (id integer PRIMARY KEY, x integer, y integer, CONSTRAINT pair_user_pair_fk FOREIGN KEY (x, y) REFERENCES pair (x, y));

-- case: drop_table_and_its_references
-- current
CREATE TABLE region (id integer PRIMARY KEY);
CREATE TABLE store (id integer PRIMARY KEY, region_id integer REFERENCES region (id));
-- desired
CREATE TABLE store (id integer PRIMARY KEY, region_id integer);

-- case: expression_index_mixed_case
-- current
CREATE TABLE "Member" ("Id" integer PRIMARY KEY, "Email" text NOT NULL);
-- desired
CREATE TABLE "Member" ("Id" integer PRIMARY KEY, "Email" text NOT NULL);
CREATE UNIQUE INDEX "Member_email_uidx" ON "Member" (lower("Email"));

-- case: check_and_not_null_together
-- current
CREATE TABLE product (id integer PRIMARY KEY, weight_g integer);
-- desired
CREATE TABLE product (id integer PRIMARY KEY, weight_g integer NOT NULL DEFAULT 0 CONSTRAINT product_weight_check CHECK (weight_g >= 0));

-- case: unique_to_primary_key
-- current
CREATE TABLE currency (code varchar(3) NOT NULL UNIQUE, name text NOT NULL);
-- desired
CREATE TABLE currency (code varchar(3) NOT NULL PRIMARY KEY, name text NOT NULL);

-- case: many_changes_one_table
-- current
CREATE TABLE customer (id integer PRIMARY KEY, name varchar(50), fax text, created date);
CREATE INDEX customer_name_idx ON customer (name);
-- desired
CREATE TABLE customer (id bigint PRIMARY KEY, name varchar(120) NOT NULL, email text, created timestamptz NOT NULL DEFAULT now(), CONSTRAINT customer_email_check CHECK (email LIKE '%@%'));
CREATE INDEX customer_name_idx ON customer (name, created DESC);
CREATE UNIQUE INDEX customer_email_uidx ON customer (lower(email)) WHERE email IS NOT NULL;

-- case: text_array_to_jsonb
-- current
CREATE TABLE article (id integer PRIMARY KEY, tags text[]);
-- desired
CREATE TABLE article (id integer PRIMARY KEY, tags jsonb);

-- case: add_inline_unique_and_check
-- current
CREATE TABLE stock (id integer PRIMARY KEY, sku text NOT NULL, qty integer NOT NULL);
-- desired
CREATE TABLE stock (id integer PRIMARY KEY, sku text NOT NULL UNIQUE, qty integer NOT NULL CHECK (qty >= 0));
