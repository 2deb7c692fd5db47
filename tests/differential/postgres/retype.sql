-- Column types changed: widening, narrowing, lengths, int -> bigint, text <-> varchar, numeric precision (PostgreSQL).

-- case: int_to_bigint
-- current
CREATE TABLE counter (id integer PRIMARY KEY, hits integer NOT NULL DEFAULT 0);
-- desired
CREATE TABLE counter (id integer PRIMARY KEY, hits bigint NOT NULL DEFAULT 0);

-- case: smallint_to_integer
-- current
CREATE TABLE stock (id integer PRIMARY KEY, qty smallint NOT NULL);
-- desired
CREATE TABLE stock (id integer PRIMARY KEY, qty integer NOT NULL);

-- case: bigint_to_integer
-- current
CREATE TABLE stock (id integer PRIMARY KEY, qty bigint);
-- desired
CREATE TABLE stock (id integer PRIMARY KEY, qty integer);

-- case: primary_key_int_to_bigint
-- current
CREATE TABLE ledger (id integer PRIMARY KEY, amount numeric(12,2) NOT NULL);
-- desired
CREATE TABLE ledger (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL);

-- case: referenced_key_int_to_bigint
-- current
CREATE TABLE author (id integer PRIMARY KEY);
CREATE TABLE book (id integer PRIMARY KEY, author_id integer REFERENCES author (id));
-- desired
CREATE TABLE author (id bigint PRIMARY KEY);
CREATE TABLE book (id integer PRIMARY KEY, author_id bigint REFERENCES author (id));

-- case: varchar_widen
-- current
CREATE TABLE customer (id integer PRIMARY KEY, name varchar(50) NOT NULL);
-- desired
CREATE TABLE customer (id integer PRIMARY KEY, name varchar(200) NOT NULL);

-- case: varchar_narrow
-- current
CREATE TABLE customer (id integer PRIMARY KEY, code varchar(40));
-- desired
CREATE TABLE customer (id integer PRIMARY KEY, code varchar(10));

-- case: varchar_to_text
-- current
CREATE TABLE note (id integer PRIMARY KEY, body varchar(4000));
-- desired
CREATE TABLE note (id integer PRIMARY KEY, body text);

-- case: text_to_varchar
-- current
CREATE TABLE note (id integer PRIMARY KEY, title text NOT NULL);
-- desired
CREATE TABLE note (id integer PRIMARY KEY, title varchar(120) NOT NULL);

-- case: numeric_widen_precision
-- current
CREATE TABLE price (id integer PRIMARY KEY, amount numeric(8,2) NOT NULL);
-- desired
CREATE TABLE price (id integer PRIMARY KEY, amount numeric(14,2) NOT NULL);

-- case: numeric_more_scale
-- current
CREATE TABLE rate (id integer PRIMARY KEY, value numeric(10,2));
-- desired
CREATE TABLE rate (id integer PRIMARY KEY, value numeric(12,4));

-- case: numeric_narrow
-- current
CREATE TABLE rate (id integer PRIMARY KEY, value numeric(12,4));
-- desired
CREATE TABLE rate (id integer PRIMARY KEY, value numeric(10,2));

-- case: integer_to_numeric
-- current
CREATE TABLE price (id integer PRIMARY KEY, cents integer NOT NULL);
-- desired
CREATE TABLE price (id integer PRIMARY KEY, cents numeric(12,2) NOT NULL);

-- case: date_to_timestamptz
-- current
CREATE TABLE shipment (id integer PRIMARY KEY, shipped date);
-- desired
CREATE TABLE shipment (id integer PRIMARY KEY, shipped timestamptz);

-- case: timestamp_to_timestamptz
-- current
CREATE TABLE shipment (id integer PRIMARY KEY, shipped_at timestamp NOT NULL);
-- desired
CREATE TABLE shipment (id integer PRIMARY KEY, shipped_at timestamptz NOT NULL);

-- case: text_to_jsonb
-- current
CREATE TABLE setting (id integer PRIMARY KEY, value text);
-- desired
CREATE TABLE setting (id integer PRIMARY KEY, value jsonb);

-- case: integer_to_text
-- current
CREATE TABLE ticket (id integer PRIMARY KEY, ref integer);
-- desired
CREATE TABLE ticket (id integer PRIMARY KEY, ref text);

-- case: text_to_uuid
-- current
CREATE TABLE device (id integer PRIMARY KEY, serial text);
-- desired
CREATE TABLE device (id integer PRIMARY KEY, serial uuid);

-- case: boolean_to_smallint
-- current
CREATE TABLE flag (id integer PRIMARY KEY, on_off boolean NOT NULL DEFAULT false);
-- desired
CREATE TABLE flag (id integer PRIMARY KEY, on_off smallint NOT NULL DEFAULT 0);

-- case: retype_mixed_case_column
-- current
CREATE TABLE "Order" ("OrderId" integer PRIMARY KEY, "Total" numeric(10,2));
-- desired
CREATE TABLE "Order" ("OrderId" integer PRIMARY KEY, "Total" numeric(14,4));

-- case: boolean_to_numeric
-- current
CREATE TABLE vote (id integer PRIMARY KEY, up boolean);
INSERT INTO vote VALUES (1, true), (2, false), (3, NULL);
-- desired
CREATE TABLE vote (id integer PRIMARY KEY, up numeric(3,1));

-- case: integer_to_boolean
-- current
CREATE TABLE setting (id integer PRIMARY KEY, active integer NOT NULL DEFAULT 1);
INSERT INTO setting VALUES (1, 0), (2, 1);
-- desired
CREATE TABLE setting (id integer PRIMARY KEY, active boolean NOT NULL DEFAULT true);

-- case: numeric_to_boolean
-- current
CREATE TABLE ledger (id integer PRIMARY KEY, settled numeric(5,2));
INSERT INTO ledger VALUES (1, 0), (2, 1), (3, NULL);
-- desired
CREATE TABLE ledger (id integer PRIMARY KEY, settled boolean);

-- case: integer_array_to_json
-- current
CREATE TABLE series (id integer PRIMARY KEY, points integer[]);
INSERT INTO series VALUES (1, '{1,2,3}'), (2, '{}'), (3, NULL);
-- desired
CREATE TABLE series (id integer PRIMARY KEY, points json);

-- case: jsonb_to_text_array
-- current
CREATE TABLE post (id integer PRIMARY KEY, labels jsonb);
INSERT INTO post VALUES (1, '["a", "b c"]'), (2, '[]'), (3, NULL);
-- desired
CREATE TABLE post (id integer PRIMARY KEY, labels text[]);

-- case: json_to_integer_array
-- current
CREATE TABLE sample (id integer PRIMARY KEY, readings json NOT NULL);
INSERT INTO sample VALUES (1, '[3, 1, 2]'), (2, '[]');
-- desired
CREATE TABLE sample (id integer PRIMARY KEY, readings integer[] NOT NULL);
