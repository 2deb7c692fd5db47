-- Views and materialized views (issue #15): added, dropped, changed, and planned around a table change.

-- case: view_added
-- current
CREATE TABLE item (id integer PRIMARY KEY, price integer NOT NULL);
-- desired
CREATE TABLE item (id integer PRIMARY KEY, price integer NOT NULL);
CREATE VIEW cheap_item AS SELECT id, price FROM item WHERE price < 10;

-- case: view_dropped
-- current
CREATE TABLE item (id integer PRIMARY KEY, price integer NOT NULL);
CREATE VIEW cheap_item AS SELECT id, price FROM item WHERE price < 10;
-- desired
CREATE TABLE item (id integer PRIMARY KEY, price integer NOT NULL);

-- case: view_body_changed_under_a_view_over_it
-- current
CREATE TABLE item (id integer PRIMARY KEY, price integer NOT NULL);
CREATE VIEW cheap_item AS SELECT id, price FROM item WHERE price < 10;
CREATE VIEW cheap_count AS SELECT count(*) AS n FROM cheap_item;
-- desired
CREATE TABLE item (id integer PRIMARY KEY, price integer NOT NULL);
CREATE VIEW cheap_item AS SELECT id, price, price * 2 AS doubled FROM item WHERE price < 20;
CREATE VIEW cheap_count AS SELECT count(*) AS n FROM cheap_item;

-- case: view_column_retyped_under_it
-- current
CREATE TABLE item (id integer PRIMARY KEY, price integer NOT NULL);
CREATE VIEW priced AS SELECT id, price FROM item;
-- desired
CREATE TABLE item (id integer PRIMARY KEY, price bigint NOT NULL);
CREATE VIEW priced AS SELECT id, price FROM item;

-- case: view_column_dropped_under_it
-- current
CREATE TABLE item (id integer PRIMARY KEY, price integer NOT NULL, note text);
CREATE VIEW noted AS SELECT id, note FROM item;
-- desired
CREATE TABLE item (id integer PRIMARY KEY, price integer NOT NULL);
CREATE VIEW noted AS SELECT id, price FROM item;

-- case: materialized_view_added_over_a_view
-- current
CREATE TABLE item (id integer PRIMARY KEY, price integer NOT NULL);
CREATE VIEW cheap_item AS SELECT id, price FROM item WHERE price < 10;
-- desired
CREATE TABLE item (id integer PRIMARY KEY, price integer NOT NULL);
CREATE VIEW cheap_item AS SELECT id, price FROM item WHERE price < 10;
CREATE MATERIALIZED VIEW cheap_total AS SELECT sum(price) AS total FROM cheap_item;

-- case: materialized_view_with_no_data_and_an_index
-- current
CREATE TABLE item (id integer PRIMARY KEY, price integer);
-- desired
CREATE TABLE item (id integer PRIMARY KEY, price integer);
CREATE MATERIALIZED VIEW item_prices AS SELECT id, price FROM item WITH NO DATA;
CREATE UNIQUE INDEX item_prices_id ON item_prices (id);
CREATE INDEX "item_prices ""price""" ON item_prices (price DESC) WHERE price > 0;

-- case: materialized_view_index_added_and_populated
-- current
CREATE TABLE item (id integer PRIMARY KEY, price integer);
CREATE MATERIALIZED VIEW item_prices AS SELECT id, price FROM item WITH NO DATA;
-- desired
CREATE TABLE item (id integer PRIMARY KEY, price integer);
CREATE MATERIALIZED VIEW item_prices AS SELECT id, price FROM item;
CREATE INDEX item_prices_price ON item_prices (price);

-- case: materialized_view_with_its_index_around_a_table_change
-- current
CREATE TABLE item (id integer PRIMARY KEY, price integer);
CREATE MATERIALIZED VIEW item_prices AS SELECT id, price FROM item;
CREATE UNIQUE INDEX item_prices_id ON item_prices (id);
-- desired
CREATE TABLE item (id integer PRIMARY KEY, price bigint);
CREATE MATERIALIZED VIEW item_prices AS SELECT id, price FROM item;
CREATE UNIQUE INDEX item_prices_id ON item_prices (id);

-- case: constraint_comment_under_a_view
-- current
CREATE TABLE item (id integer PRIMARY KEY, qty integer CONSTRAINT item_qty_check CHECK (qty > 0));
CREATE VIEW item_qty AS SELECT id, qty FROM item;
-- desired
CREATE TABLE item (id integer PRIMARY KEY, qty integer CONSTRAINT item_qty_check CHECK (qty > 0));
CREATE VIEW item_qty AS SELECT id, qty FROM item;
COMMENT ON CONSTRAINT item_qty_check ON item IS 'at least one';
