-- Types declared by themselves: an enum, a domain, a composite type no column uses (PostgreSQL).

-- case: unused_enum_added
-- current
CREATE TABLE note (id integer PRIMARY KEY);
-- desired
CREATE TABLE note (id integer PRIMARY KEY);
CREATE TYPE "mo""od" AS ENUM ('sad', 'it''s ok', 'happy');

-- case: unused_enum_value_added
-- current
CREATE TABLE note (id integer PRIMARY KEY);
CREATE TYPE mood AS ENUM ('sad', 'happy');
-- desired
CREATE TABLE note (id integer PRIMARY KEY);
CREATE TYPE mood AS ENUM ('sad', 'happy', 'elated');

-- case: unused_enum_dropped
-- current
CREATE TABLE note (id integer PRIMARY KEY);
CREATE TYPE mood AS ENUM ('sad', 'happy');
-- desired
CREATE TABLE note (id integer PRIMARY KEY);

-- case: unused_domain_added_over_a_domain
-- current
CREATE TABLE note (id integer PRIMARY KEY);
-- desired
CREATE TABLE note (id integer PRIMARY KEY);
CREATE DOMAIN positive AS integer NOT NULL CONSTRAINT positive_check CHECK (VALUE > 0);
CREATE DOMAIN small_positive AS positive CONSTRAINT small_check CHECK (VALUE < 10);

-- case: composite_added
-- current
CREATE TABLE note (id integer PRIMARY KEY);
-- desired
CREATE TABLE note (id integer PRIMARY KEY);
CREATE TYPE "pa""ir" AS (a integer, b varchar(20), c numeric(10,2));

-- case: composite_field_added
-- current
CREATE TABLE note (id integer PRIMARY KEY);
CREATE TYPE pair AS (a integer, b text);
-- desired
CREATE TABLE note (id integer PRIMARY KEY);
CREATE TYPE pair AS (a integer, b text, c date);

-- case: composite_with_enum_field_dropped
-- current
CREATE TABLE note (id integer PRIMARY KEY);
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TYPE entry AS (at date, feeling mood);
-- desired
CREATE TABLE note (id integer PRIMARY KEY);

-- case: comment_on_an_unused_enum_and_a_used_domain
-- current
CREATE DOMAIN cents AS bigint CHECK (VALUE >= 0);
CREATE TABLE note (id integer PRIMARY KEY, price cents);
CREATE TYPE mood AS ENUM ('sad', 'happy');
-- desired
CREATE DOMAIN cents AS bigint CHECK (VALUE >= 0);
COMMENT ON DOMAIN cents IS 'an amount in cents, never negative';
CREATE TABLE note (id integer PRIMARY KEY, price cents);
CREATE TYPE mood AS ENUM ('sad', 'happy');
COMMENT ON TYPE mood IS 'how it''s going';

-- case: comment_on_a_composite_changed
-- current
CREATE TABLE note (id integer PRIMARY KEY);
CREATE TYPE pair AS (a integer, b text);
COMMENT ON TYPE pair IS 'old words';
-- desired
CREATE TABLE note (id integer PRIMARY KEY);
CREATE TYPE pair AS (a integer, b text);
COMMENT ON TYPE pair IS 'new words';
