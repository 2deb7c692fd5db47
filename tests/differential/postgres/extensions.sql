-- PostgreSQL extensions held in the model (schema/code.py Extension): created before what uses them, never
-- dropped (a rollback leaves them: another object of the database may use them).

-- case: extension_added_with_a_column_of_its_type
-- current
CREATE TABLE person (id integer PRIMARY KEY, name text);
-- desired
CREATE EXTENSION citext;
CREATE TABLE person (id integer PRIMARY KEY, name text, email citext);

-- case: extensions_added_with_a_default_and_an_operator_class_of_theirs
-- current
CREATE TABLE person (id uuid PRIMARY KEY, name varchar(80));
-- desired
CREATE EXTENSION "uuid-ossp";
CREATE EXTENSION pg_trgm;
CREATE TABLE person (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), name varchar(80));
CREATE INDEX person_name_trgm ON person USING gin (lower(name) gin_trgm_ops);
