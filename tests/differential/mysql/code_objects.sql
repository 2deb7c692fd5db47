-- Sequences (MariaDB), functions/procedures and user triggers (MySQL and MariaDB).

-- case: function_replaced
-- current
CREATE TABLE item (id int PRIMARY KEY, price int);
CREATE FUNCTION with_tax(p INT) RETURNS INT DETERMINISTIC RETURN p * 120 / 100;
-- desired
CREATE TABLE item (id int PRIMARY KEY, price int);
CREATE FUNCTION with_tax(p INT) RETURNS INT DETERMINISTIC RETURN p * 125 / 100;

-- case: procedure_added
-- current
CREATE TABLE item (id int PRIMARY KEY, price int);
-- desired
CREATE TABLE item (id int PRIMARY KEY, price int);
DELIMITER //
CREATE PROCEDURE purge_items(n INT) BEGIN DELETE FROM item WHERE id < n; DELETE FROM item WHERE price IS NULL; END //
DELIMITER ;

-- case: trigger_added
-- current
CREATE TABLE item (id int PRIMARY KEY, price int, updated datetime);
-- desired
CREATE TABLE item (id int PRIMARY KEY, price int, updated datetime);
DELIMITER //
CREATE TRIGGER `item``touch` BEFORE UPDATE ON item FOR EACH ROW BEGIN SET NEW.updated = NOW(); SET NEW.price = GREATEST(NEW.price, 0); END //
DELIMITER ;

-- case: trigger_dropped
-- current
CREATE TABLE item (id int PRIMARY KEY, price int, updated datetime);
CREATE TRIGGER item_touch BEFORE UPDATE ON item FOR EACH ROW SET NEW.updated = NOW();
-- desired
CREATE TABLE item (id int PRIMARY KEY, price int, updated datetime);

-- case: trigger_body_changed
-- current
CREATE TABLE item (id int PRIMARY KEY, price int, updated datetime);
CREATE TRIGGER item_touch BEFORE UPDATE ON item FOR EACH ROW SET NEW.updated = NOW();
-- desired
CREATE TABLE item (id int PRIMARY KEY, price int, updated datetime);
CREATE TRIGGER item_touch BEFORE UPDATE ON item FOR EACH ROW SET NEW.updated = UTC_TIMESTAMP();

-- case: sequence_options_changed
-- current
CREATE TABLE item (id int PRIMARY KEY);
CREATE SEQUENCE ticket_no START WITH 100 INCREMENT BY 5 CACHE 3;
-- desired
CREATE TABLE item (id int PRIMARY KEY);
CREATE SEQUENCE ticket_no START WITH 100 INCREMENT BY 10 MAXVALUE 5000 CYCLE COMMENT='tickets';

-- case: column_default_draws_from_a_held_sequence
-- current
CREATE TABLE keep (id int NOT NULL PRIMARY KEY);
-- desired
CREATE TABLE keep (id int NOT NULL PRIMARY KEY);
CREATE SEQUENCE ticket_no START WITH 100;
CREATE TABLE ticket (id int NOT NULL PRIMARY KEY, no bigint NOT NULL DEFAULT NEXTVAL(ticket_no));

-- case: column_default_set_to_a_held_sequence
-- current
CREATE SEQUENCE `ticket``no`;
CREATE TABLE ticket (id int NOT NULL PRIMARY KEY, no bigint NOT NULL);
-- desired
CREATE SEQUENCE `ticket``no`;
CREATE TABLE ticket (id int NOT NULL PRIMARY KEY, no bigint NOT NULL DEFAULT NEXTVAL(`ticket``no`));

-- case: column_default_moved_to_another_sequence
-- current
CREATE SEQUENCE ticket_no START WITH 100;
CREATE SEQUENCE order_no START WITH 5;
CREATE TABLE ticket (id int NOT NULL PRIMARY KEY, no bigint NOT NULL DEFAULT NEXTVAL(ticket_no));
-- desired
CREATE SEQUENCE order_no START WITH 5;
CREATE TABLE ticket (id int NOT NULL PRIMARY KEY, no bigint NOT NULL DEFAULT NEXTVAL(order_no));
