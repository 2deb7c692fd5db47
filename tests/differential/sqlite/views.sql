-- Views (issue #15): added, dropped, changed (dropped and created again), and planned around a table rebuild.

-- case: sl_view_added
-- current
CREATE TABLE item (id INTEGER PRIMARY KEY, price INT NOT NULL) STRICT;
-- desired
CREATE TABLE item (id INTEGER PRIMARY KEY, price INT NOT NULL) STRICT;
CREATE VIEW cheap_item AS SELECT id, price FROM item WHERE price < 10;

-- case: sl_view_dropped
-- current
CREATE TABLE item (id INTEGER PRIMARY KEY, price INT NOT NULL) STRICT;
CREATE VIEW cheap_item AS SELECT id, price FROM item WHERE price < 10;
-- desired
CREATE TABLE item (id INTEGER PRIMARY KEY, price INT NOT NULL) STRICT;

-- case: sl_view_body_changed_under_a_view_over_it
-- current
CREATE TABLE item (id INTEGER PRIMARY KEY, price INT NOT NULL) STRICT;
CREATE VIEW cheap_item AS SELECT id, price FROM item WHERE price < 10;
CREATE VIEW cheap_count AS SELECT count(*) AS n FROM cheap_item;
-- desired
CREATE TABLE item (id INTEGER PRIMARY KEY, price INT NOT NULL) STRICT;
CREATE VIEW cheap_item AS SELECT id, price, price * 2 AS doubled FROM item WHERE price < 20;
CREATE VIEW cheap_count AS SELECT count(*) AS n FROM cheap_item;

-- case: sl_view_table_rebuilt_under_it
-- current
CREATE TABLE item (id INTEGER PRIMARY KEY, price INT NOT NULL, note TEXT) STRICT;
CREATE VIEW noted AS SELECT id, note FROM item;
-- desired
CREATE TABLE item (id INTEGER PRIMARY KEY, price INT, note TEXT) STRICT;
CREATE VIEW noted AS SELECT id, note FROM item;

-- case: view_in_a_schema_without_tables
-- current
CREATE VIEW constants AS SELECT 1 AS one;
-- desired
CREATE VIEW constants AS SELECT 1 AS one, 2 AS two;
