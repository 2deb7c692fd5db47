-- Sequences, functions, a procedure and a trigger with hostile names (tests/test_code_objects.py).
CREATE SEQUENCE code_seq START WITH 100 INCREMENT BY 5 CACHE 3;
CREATE FUNCTION next_code() RETURNS text LANGUAGE sql AS $$ SELECT 'C' || nextval('code_seq')::text $$;
CREATE TABLE item (id integer PRIMARY KEY, code text NOT NULL DEFAULT next_code(), updated timestamp);
CREATE SEQUENCE "odd""seq" MAXVALUE 1000 CYCLE OWNED BY item.id;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := now(); RETURN NEW; END $$;
CREATE TRIGGER "we""ird" BEFORE UPDATE ON item FOR EACH ROW EXECUTE FUNCTION touch();
CREATE PROCEDURE reset_item(n integer) LANGUAGE sql AS $$ DELETE FROM item WHERE id = n $$;
COMMENT ON FUNCTION touch() IS 'sets updated';
