-- Sequences, functions, a procedure and a trigger with hostile names (tests/test_code_objects.py).
CREATE SEQUENCE s1 START WITH 100 INCREMENT BY 5 CACHE 3 COMMENT='hello';
CREATE SEQUENCE `we``ird` MAXVALUE 1000 CYCLE;
CREATE SEQUENCE s3 INCREMENT BY -1;
CREATE TABLE t (id int primary key, v int, u datetime);
DELIMITER //
CREATE FUNCTION add2(a INT, b INT) RETURNS INT DETERMINISTIC COMMENT 'adds' RETURN a + b //
CREATE PROCEDURE clear_t(n INT) BEGIN DELETE FROM t WHERE id = n; SELECT 1; END //
CREATE TRIGGER `t``bi` BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.u = NOW(); SET NEW.v = NEW.v + 1; END //
DELIMITER ;
