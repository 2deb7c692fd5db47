-- User triggers (SQLite).

-- case: trigger_added
-- current
CREATE TABLE item (id INTEGER PRIMARY KEY, price INTEGER) STRICT;
CREATE TABLE log (id INTEGER PRIMARY KEY, msg TEXT) STRICT;
-- desired
CREATE TABLE item (id INTEGER PRIMARY KEY, price INTEGER) STRICT;
CREATE TABLE log (id INTEGER PRIMARY KEY, msg TEXT) STRICT;
CREATE TRIGGER "item ""log""" AFTER INSERT ON item BEGIN INSERT INTO log (msg) VALUES ('new ' || NEW.id); END;

-- case: trigger_dropped
-- current
CREATE TABLE item (id INTEGER PRIMARY KEY, price INTEGER) STRICT;
CREATE TRIGGER item_positive BEFORE UPDATE OF price ON item WHEN NEW.price < 0 BEGIN SELECT RAISE(ABORT, 'negative'); END;
-- desired
CREATE TABLE item (id INTEGER PRIMARY KEY, price INTEGER) STRICT;

-- case: trigger_body_changed
-- current
CREATE TABLE item (id INTEGER PRIMARY KEY, price INTEGER) STRICT;
CREATE TRIGGER item_positive BEFORE UPDATE OF price ON item WHEN NEW.price < 0 BEGIN SELECT RAISE(ABORT, 'negative'); END;
-- desired
CREATE TABLE item (id INTEGER PRIMARY KEY, price INTEGER) STRICT;
CREATE TRIGGER item_positive BEFORE UPDATE OF price ON item WHEN NEW.price < 1 BEGIN SELECT RAISE(ABORT, 'not positive'); END;

-- case: trigger_kept_through_a_table_rebuild
-- current
CREATE TABLE item (id INTEGER PRIMARY KEY, price INTEGER, note TEXT) STRICT;
CREATE TRIGGER item_positive BEFORE UPDATE OF price ON item WHEN NEW.price < 0 BEGIN SELECT RAISE(ABORT, 'negative'); END;
-- desired
CREATE TABLE item (id INTEGER PRIMARY KEY, price INTEGER NOT NULL, note TEXT) STRICT;
CREATE TRIGGER item_positive BEFORE UPDATE OF price ON item WHEN NEW.price < 0 BEGIN SELECT RAISE(ABORT, 'negative'); END;
