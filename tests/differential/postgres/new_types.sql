-- The types issue #14 adds to the model, and changes between them (PostgreSQL).

-- case: add_real_and_double_columns
-- current
CREATE TABLE reading (id integer PRIMARY KEY);
-- desired
CREATE TABLE reading (id integer PRIMARY KEY, celsius real, pressure double precision NOT NULL DEFAULT 1013.25);

-- case: real_to_double
-- current
CREATE TABLE reading (id integer PRIMARY KEY, value real NOT NULL);
-- desired
CREATE TABLE reading (id integer PRIMARY KEY, value double precision NOT NULL);

-- case: add_char_column
-- current
CREATE TABLE country (id integer PRIMARY KEY);
-- desired
CREATE TABLE country (id integer PRIMARY KEY, iso2 char(2) NOT NULL DEFAULT 'XX');

-- case: varchar_to_char
-- current
CREATE TABLE currency (id integer PRIMARY KEY, code varchar(3) NOT NULL);
-- desired
CREATE TABLE currency (id integer PRIMARY KEY, code char(3) NOT NULL);

-- case: char_length_widened
-- current
CREATE TABLE airport (id integer PRIMARY KEY, code char(3));
-- desired
CREATE TABLE airport (id integer PRIMARY KEY, code char(4));

-- case: add_bytea_column
-- current
CREATE TABLE attachment (id integer PRIMARY KEY, filename text NOT NULL);
-- desired
CREATE TABLE attachment (id integer PRIMARY KEY, filename text NOT NULL, content bytea);

-- case: text_to_bytea
-- current
CREATE TABLE blob_store (id integer PRIMARY KEY, data text);
-- desired
CREATE TABLE blob_store (id integer PRIMARY KEY, data bytea);

-- case: add_time_column
-- current
CREATE TABLE opening_hours (id integer PRIMARY KEY, weekday smallint NOT NULL);
-- desired
CREATE TABLE opening_hours (id integer PRIMARY KEY, weekday smallint NOT NULL, opens time NOT NULL DEFAULT '09:00', closes time(0));

-- case: add_timetz_column
-- current
CREATE TABLE alarm (id integer PRIMARY KEY);
-- desired
CREATE TABLE alarm (id integer PRIMARY KEY, rings_at time with time zone);

-- case: add_interval_column
-- current
CREATE TABLE plan (id integer PRIMARY KEY, name text NOT NULL);
-- desired
CREATE TABLE plan (id integer PRIMARY KEY, name text NOT NULL, billing_period interval NOT NULL DEFAULT '1 month');

-- case: timestamp_precision_changed
-- current
CREATE TABLE event (id integer PRIMARY KEY, at timestamp(0) NOT NULL);
-- desired
CREATE TABLE event (id integer PRIMARY KEY, at timestamp(3) NOT NULL);

-- case: timestamptz_precision_added
-- current
CREATE TABLE event (id integer PRIMARY KEY, at timestamptz NOT NULL);
-- desired
CREATE TABLE event (id integer PRIMARY KEY, at timestamptz(3) NOT NULL);

-- case: numeric_unbounded_added
-- current
CREATE TABLE measurement (id integer PRIMARY KEY);
-- desired
CREATE TABLE measurement (id integer PRIMARY KEY, value numeric);

-- case: numeric_bounded_to_unbounded
-- current
CREATE TABLE measurement (id integer PRIMARY KEY, value numeric(10,2));
-- desired
CREATE TABLE measurement (id integer PRIMARY KEY, value numeric);

-- case: integer_to_double
-- current
CREATE TABLE score (id integer PRIMARY KEY, points integer NOT NULL);
-- desired
CREATE TABLE score (id integer PRIMARY KEY, points double precision NOT NULL);

-- case: double_to_numeric
-- current
CREATE TABLE score (id integer PRIMARY KEY, points double precision);
-- desired
CREATE TABLE score (id integer PRIMARY KEY, points numeric(12,4));

-- case: time_precision_changed
-- current
CREATE TABLE shift (id integer PRIMARY KEY, starts time(0) NOT NULL);
-- desired
CREATE TABLE shift (id integer PRIMARY KEY, starts time(6) NOT NULL);

-- case: char_to_varchar
-- current
CREATE TABLE currency (id integer PRIMARY KEY, code char(3) NOT NULL);
-- desired
CREATE TABLE currency (id integer PRIMARY KEY, code varchar(3) NOT NULL);

-- case: time_to_timetz
-- current
CREATE TABLE alarm (id integer PRIMARY KEY, rings_at time);
-- desired
CREATE TABLE alarm (id integer PRIMARY KEY, rings_at timetz);

-- case: smallint_to_real
-- current
CREATE TABLE sensor (id integer PRIMARY KEY, level smallint);
-- desired
CREATE TABLE sensor (id integer PRIMARY KEY, level real);

-- case: bytea_column_dropped
-- current
CREATE TABLE attachment (id integer PRIMARY KEY, content bytea NOT NULL, filename text NOT NULL);
-- desired
CREATE TABLE attachment (id integer PRIMARY KEY, filename text NOT NULL);
