-- Views (issue #15): added, dropped, changed (CREATE OR REPLACE), and planned around a table change.

-- case: my_view_added
-- current
CREATE TABLE item (id int PRIMARY KEY, price int NOT NULL);
-- desired
CREATE TABLE item (id int PRIMARY KEY, price int NOT NULL);
CREATE VIEW cheap_item AS SELECT id, price FROM item WHERE price < 10;

-- case: my_view_dropped
-- current
CREATE TABLE item (id int PRIMARY KEY, price int NOT NULL);
CREATE VIEW cheap_item AS SELECT id, price FROM item WHERE price < 10;
-- desired
CREATE TABLE item (id int PRIMARY KEY, price int NOT NULL);

-- case: my_view_body_changed_under_a_view_over_it
-- current
CREATE TABLE item (id int PRIMARY KEY, price int NOT NULL);
CREATE VIEW cheap_item AS SELECT id, price FROM item WHERE price < 10;
CREATE VIEW cheap_count AS SELECT count(*) AS n FROM cheap_item;
-- desired
CREATE TABLE item (id int PRIMARY KEY, price int NOT NULL);
CREATE VIEW cheap_item AS SELECT id, price, price * 2 AS doubled FROM item WHERE price < 20;
CREATE VIEW cheap_count AS SELECT count(*) AS n FROM cheap_item;

-- case: my_view_column_dropped_under_it
-- current
CREATE TABLE item (id int PRIMARY KEY, price int NOT NULL, note text);
CREATE VIEW noted AS SELECT id, note FROM item;
-- desired
CREATE TABLE item (id int PRIMARY KEY, price int NOT NULL);
CREATE VIEW noted AS SELECT id, price FROM item;
