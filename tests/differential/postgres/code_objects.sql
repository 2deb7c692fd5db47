-- Sequences, functions/procedures and user triggers (PostgreSQL).

-- case: function_replaced_under_its_trigger
-- current
CREATE TABLE item (id integer PRIMARY KEY, updated timestamp);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := now(); RETURN NEW; END $$;
CREATE TRIGGER item_touch BEFORE UPDATE ON item FOR EACH ROW EXECUTE FUNCTION touch();
-- desired
CREATE TABLE item (id integer PRIMARY KEY, updated timestamp);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := clock_timestamp(); RETURN NEW; END $$;
CREATE TRIGGER item_touch BEFORE UPDATE ON item FOR EACH ROW EXECUTE FUNCTION touch();

-- case: trigger_added_with_its_function
-- current
CREATE TABLE item (id integer PRIMARY KEY, updated timestamp);
-- desired
CREATE TABLE item (id integer PRIMARY KEY, updated timestamp);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := now(); RETURN NEW; END $$;
CREATE TRIGGER "item ""touch""" BEFORE INSERT OR UPDATE ON item FOR EACH ROW EXECUTE FUNCTION touch();

-- case: trigger_dropped_function_kept
-- current
CREATE TABLE item (id integer PRIMARY KEY, updated timestamp);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := now(); RETURN NEW; END $$;
CREATE TRIGGER item_touch BEFORE UPDATE ON item FOR EACH ROW EXECUTE FUNCTION touch();
-- desired
CREATE TABLE item (id integer PRIMARY KEY, updated timestamp);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := now(); RETURN NEW; END $$;

-- case: sequence_options_changed
-- current
CREATE TABLE item (id integer PRIMARY KEY);
CREATE SEQUENCE ticket_no START WITH 100 INCREMENT BY 5 CACHE 3;
-- desired
CREATE TABLE item (id integer PRIMARY KEY);
CREATE SEQUENCE ticket_no START WITH 100 INCREMENT BY 10 MAXVALUE 5000 CYCLE;

-- case: sequence_owned_by_a_column
-- current
CREATE TABLE item (id integer PRIMARY KEY, ref bigint);
CREATE SEQUENCE "ref""seq";
-- desired
CREATE TABLE item (id integer PRIMARY KEY, ref bigint);
CREATE SEQUENCE "ref""seq" OWNED BY item.ref;

-- case: table_and_its_owned_sequence_dropped
-- current
CREATE TABLE keep (id integer PRIMARY KEY);
CREATE TABLE item (id integer PRIMARY KEY, ref bigint);
CREATE SEQUENCE ref_seq OWNED BY item.ref;
-- desired
CREATE TABLE keep (id integer PRIMARY KEY);

-- case: function_in_a_column_default_added
-- current
CREATE TABLE keep (id integer PRIMARY KEY);
-- desired
CREATE TABLE keep (id integer PRIMARY KEY);
CREATE FUNCTION next_code() RETURNS text LANGUAGE sql AS $$ SELECT 'C-' || md5(random()::text) $$;
CREATE TABLE item (id integer PRIMARY KEY, code text NOT NULL DEFAULT next_code());
CREATE PROCEDURE purge(n integer) LANGUAGE sql AS $$ DELETE FROM item WHERE id < n $$;

-- case: function_return_type_changed
-- current
CREATE TABLE keep (id integer PRIMARY KEY);
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql AS $$ SELECT 42 $$;
-- desired
CREATE TABLE keep (id integer PRIMARY KEY);
CREATE FUNCTION answer() RETURNS bigint LANGUAGE sql AS $$ SELECT 42::bigint $$;

-- case: function_out_parameters_added
-- current
CREATE TABLE keep (id integer PRIMARY KEY);
CREATE FUNCTION half(n integer) RETURNS integer LANGUAGE sql AS $$ SELECT n / 2 $$;
-- desired
CREATE TABLE keep (id integer PRIMARY KEY);
CREATE FUNCTION half(n integer, OUT q integer, OUT r integer) LANGUAGE sql AS $$ SELECT n / 2, n % 2 $$;

-- case: function_return_type_changed_under_its_view_and_trigger
-- current
CREATE TABLE doc (id integer PRIMARY KEY, updated timestamp);
CREATE FUNCTION doubled(v integer) RETURNS integer LANGUAGE sql AS $$ SELECT v * 2 $$;
CREATE VIEW doc_doubled AS SELECT id, doubled(id) AS d FROM doc;
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := now(); RETURN NEW; END $$;
CREATE TRIGGER doc_stamp BEFORE UPDATE ON doc FOR EACH ROW EXECUTE FUNCTION stamp();
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, updated timestamp);
CREATE FUNCTION doubled(v integer) RETURNS bigint LANGUAGE sql AS $$ SELECT v::bigint * 2 $$;
CREATE VIEW doc_doubled AS SELECT id, doubled(id) AS d FROM doc;
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := clock_timestamp(); RETURN NEW; END $$;
CREATE TRIGGER doc_stamp BEFORE UPDATE ON doc FOR EACH ROW EXECUTE FUNCTION stamp();

-- case: column_default_draws_from_a_held_sequence
-- current
CREATE TABLE keep (id integer PRIMARY KEY);
-- desired
CREATE TABLE keep (id integer PRIMARY KEY);
CREATE SEQUENCE ticket_no START WITH 100;
CREATE TABLE ticket (id integer PRIMARY KEY, no bigint NOT NULL DEFAULT nextval('ticket_no'::regclass));

-- case: column_default_set_to_a_held_sequence
-- current
CREATE SEQUENCE "ticket""no";
CREATE TABLE ticket (id integer PRIMARY KEY, no bigint NOT NULL);
-- desired
CREATE SEQUENCE "ticket""no";
CREATE TABLE ticket (id integer PRIMARY KEY, no bigint NOT NULL DEFAULT nextval('"ticket""no"'));

-- case: trigger_comment_added_and_trigger_created_with_one
-- current
CREATE TABLE item (id integer PRIMARY KEY, updated timestamp);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := now(); RETURN NEW; END $$;
CREATE TRIGGER item_touch BEFORE UPDATE ON item FOR EACH ROW EXECUTE FUNCTION touch();
-- desired
CREATE TABLE item (id integer PRIMARY KEY, updated timestamp);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := now(); RETURN NEW; END $$;
CREATE TRIGGER item_touch BEFORE UPDATE ON item FOR EACH ROW EXECUTE FUNCTION touch();
COMMENT ON TRIGGER item_touch ON item IS 'stamps the row; it''s "updated"';
CREATE TRIGGER item_touch_insert BEFORE INSERT ON item FOR EACH ROW EXECUTE FUNCTION touch();
COMMENT ON TRIGGER item_touch_insert ON item IS 'stamps new rows';

-- case: sql_function_calling_one_created_after_it
-- current
CREATE TABLE item (id integer PRIMARY KEY, qty integer);
-- desired
SET check_function_bodies = off;
CREATE TABLE item (id integer PRIMARY KEY, qty integer);
CREATE FUNCTION in_stock_ids() RETURNS SETOF integer LANGUAGE sql AS $$ SELECT id FROM item WHERE in_stock(id) $$;
CREATE FUNCTION in_stock(p integer) RETURNS boolean LANGUAGE sql AS $$ SELECT qty > 0 FROM item WHERE id = p $$;
