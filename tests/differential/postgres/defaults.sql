-- Defaults added, changed and dropped (PostgreSQL).

-- case: add_literal_default
-- current
CREATE TABLE task (id integer PRIMARY KEY, status text NOT NULL);
-- desired
CREATE TABLE task (id integer PRIMARY KEY, status text NOT NULL DEFAULT 'open');

-- case: change_literal_default
-- current
CREATE TABLE task (id integer PRIMARY KEY, priority integer NOT NULL DEFAULT 3);
-- desired
CREATE TABLE task (id integer PRIMARY KEY, priority integer NOT NULL DEFAULT 5);

-- case: drop_default
-- current
CREATE TABLE task (id integer PRIMARY KEY, status text DEFAULT 'open');
-- desired
CREATE TABLE task (id integer PRIMARY KEY, status text);

-- case: add_now_default
-- current
CREATE TABLE task (id integer PRIMARY KEY, created_at timestamptz NOT NULL);
-- desired
CREATE TABLE task (id integer PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());

-- case: current_timestamp_default
-- current
CREATE TABLE task (id integer PRIMARY KEY, updated_at timestamptz);
-- desired
CREATE TABLE task (id integer PRIMARY KEY, updated_at timestamptz DEFAULT CURRENT_TIMESTAMP);

-- case: boolean_default_flip
-- current
CREATE TABLE feature (id integer PRIMARY KEY, enabled boolean NOT NULL DEFAULT false);
-- desired
CREATE TABLE feature (id integer PRIMARY KEY, enabled boolean NOT NULL DEFAULT true);

-- case: numeric_default
-- current
CREATE TABLE account (id integer PRIMARY KEY, balance numeric(12,2) NOT NULL);
-- desired
CREATE TABLE account (id integer PRIMARY KEY, balance numeric(12,2) NOT NULL DEFAULT 0.00);

-- case: uuid_default_gen_random_uuid
-- current
CREATE TABLE token (id uuid PRIMARY KEY, note text);
-- desired
CREATE TABLE token (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), note text);

-- case: date_default_current_date
-- current
CREATE TABLE visit (id integer PRIMARY KEY, day date NOT NULL);
-- desired
CREATE TABLE visit (id integer PRIMARY KEY, day date NOT NULL DEFAULT CURRENT_DATE);

-- case: default_with_type_change
-- current
CREATE TABLE task (id integer PRIMARY KEY, weight integer NOT NULL DEFAULT 1);
-- desired
CREATE TABLE task (id integer PRIMARY KEY, weight numeric(6,2) NOT NULL DEFAULT 1.5);

-- case: text_default_with_quote
-- current
CREATE TABLE greeting (id integer PRIMARY KEY, text text NOT NULL);
-- desired
CREATE TABLE greeting (id integer PRIMARY KEY, text text NOT NULL DEFAULT 'it''s me');

-- case: boolean_default_false_to_integer_default_0
-- current
CREATE TABLE feature (id integer PRIMARY KEY, enabled boolean NOT NULL DEFAULT false);
INSERT INTO feature VALUES (1, true), (2, false);
-- desired
CREATE TABLE feature (id integer PRIMARY KEY, enabled integer NOT NULL DEFAULT 0);

-- case: integer_default_1_to_boolean_default_true
-- current
CREATE TABLE switch (id integer PRIMARY KEY, state integer NOT NULL DEFAULT 1);
INSERT INTO switch VALUES (1, 0), (2, 1);
-- desired
CREATE TABLE switch (id integer PRIMARY KEY, state boolean NOT NULL DEFAULT true);

-- case: time_of_day_defaults
-- current
CREATE TABLE shift (id integer PRIMARY KEY, starts time NOT NULL, noted timetz);
-- desired
CREATE TABLE shift (id integer PRIMARY KEY, starts time NOT NULL DEFAULT CURRENT_TIME,
                    noted timetz DEFAULT CURRENT_TIME(0), local_start time DEFAULT LOCALTIME);
