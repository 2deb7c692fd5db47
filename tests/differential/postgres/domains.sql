-- Domains (CREATE DOMAIN): a named type with NOT NULL, a default and CHECKs (PostgreSQL).

-- case: domain_new_type_and_column
-- current
CREATE TABLE account (id integer PRIMARY KEY);
-- desired
CREATE DOMAIN email AS varchar(254) CHECK (VALUE ~* '^[^@\s]+@[^@\s]+$');
CREATE TABLE account (id integer PRIMARY KEY, contact email);

-- case: domain_check_changed
-- current
CREATE DOMAIN quantity AS integer CHECK (VALUE >= 0);
CREATE TABLE stock (id integer PRIMARY KEY, on_hand quantity NOT NULL DEFAULT 0);
-- desired
CREATE DOMAIN quantity AS integer CHECK (VALUE >= 0 AND VALUE < 1000000);
CREATE TABLE stock (id integer PRIMARY KEY, on_hand quantity NOT NULL DEFAULT 0);

-- case: domain_check_added_and_named
-- current
CREATE DOMAIN code AS char(3);
CREATE TABLE currency (id integer PRIMARY KEY, iso code NOT NULL);
-- desired
CREATE DOMAIN code AS char(3) CONSTRAINT code_upper CHECK (VALUE = upper(VALUE));
CREATE TABLE currency (id integer PRIMARY KEY, iso code NOT NULL);

-- case: domain_not_null_and_default_changed
-- current
CREATE DOMAIN score AS smallint DEFAULT 0 NOT NULL;
CREATE TABLE post (id integer PRIMARY KEY, karma score);
-- desired
CREATE DOMAIN score AS smallint DEFAULT 1;
CREATE TABLE post (id integer PRIMARY KEY, karma score);

-- case: domain_column_back_to_base_type
-- current
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE TABLE item (id integer PRIMARY KEY, weight positive);
-- desired
CREATE TABLE item (id integer PRIMARY KEY, weight integer);

-- case: domain_shared_by_two_tables
-- current
CREATE TABLE a (id integer PRIMARY KEY, price numeric(10,2));
CREATE TABLE b (id integer PRIMARY KEY, price numeric(10,2));
-- desired
CREATE DOMAIN money_amount AS numeric(10,2) CHECK (VALUE >= 0);
CREATE TABLE a (id integer PRIMARY KEY, price money_amount);
CREATE TABLE b (id integer PRIMARY KEY, price money_amount);

-- case: domain_with_a_quoted_name
-- current
CREATE TABLE invoice (id integer PRIMARY KEY, total integer);
-- desired
CREATE DOMAIN "Non Negative" AS integer CONSTRAINT "Is ""Positive""" CHECK (VALUE >= 0);
CREATE TABLE invoice (id integer PRIMARY KEY, total "Non Negative");

-- case: domain_over_a_domain_changed
-- current
CREATE DOMAIN positive AS integer NOT NULL DEFAULT 1 CHECK (VALUE > 0);
CREATE DOMAIN percent AS positive CHECK (VALUE <= 100);
CREATE TABLE score (id integer PRIMARY KEY, pct percent, n positive);
-- desired
CREATE DOMAIN positive AS integer NOT NULL DEFAULT 1 CHECK (VALUE >= 0);
CREATE DOMAIN percent AS positive CHECK (VALUE <= 1000);
CREATE TABLE score (id integer PRIMARY KEY, pct percent, n positive);

-- case: domain_over_a_domain_added
-- current
CREATE TABLE score (id integer PRIMARY KEY, pct integer);
-- desired
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE DOMAIN percent AS positive CHECK (VALUE <= 100);
CREATE TABLE score (id integer PRIMARY KEY, pct percent);
