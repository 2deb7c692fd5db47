-- Tables and columns added, dropped, renamed (as a drop and an add), NULL / NOT NULL (MySQL / MariaDB).

-- case: add_table
-- current
CREATE TABLE customer (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL);
-- desired
CREATE TABLE customer (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL);
CREATE TABLE supplier (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, country VARCHAR(2)) ENGINE=InnoDB;

-- case: add_table_to_empty_database
-- current
-- desired
CREATE TABLE account (id BIGINT NOT NULL AUTO_INCREMENT, email VARCHAR(255) NOT NULL, PRIMARY KEY (id), UNIQUE KEY account_email (email));

-- case: drop_table
-- current
CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL);
CREATE TABLE legacy_import (id INT PRIMARY KEY, payload LONGTEXT);
-- desired
CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL);

-- case: drop_referencing_table
-- current
CREATE TABLE orders (id INT PRIMARY KEY, placed_at DATETIME(6) NOT NULL);
CREATE TABLE order_line (order_id INT NOT NULL, line INT NOT NULL, qty INT NOT NULL, PRIMARY KEY (order_id, line), CONSTRAINT order_line_order_fk FOREIGN KEY (order_id) REFERENCES orders (id));
-- desired
CREATE TABLE orders (id INT PRIMARY KEY, placed_at DATETIME(6) NOT NULL);

-- case: add_child_table_with_fk
-- current
CREATE TABLE orders (id INT PRIMARY KEY, placed_at DATETIME(6) NOT NULL);
-- desired
CREATE TABLE orders (id INT PRIMARY KEY, placed_at DATETIME(6) NOT NULL);
CREATE TABLE order_line (order_id INT NOT NULL, line INT NOT NULL, qty INT NOT NULL, PRIMARY KEY (order_id, line), CONSTRAINT order_line_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE);

-- case: add_mixed_case_table
-- current
CREATE TABLE plain (id INT PRIMARY KEY);
-- desired
CREATE TABLE plain (id INT PRIMARY KEY);
CREATE TABLE `OrderItem` (`ItemId` INT PRIMARY KEY, `UnitPrice` DECIMAL(10,2) NOT NULL, `Sku` VARCHAR(32) NOT NULL);

-- case: add_nullable_column
-- current
CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL);
-- desired
CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, phone VARCHAR(20) NULL);

-- case: add_not_null_column_with_default
-- current
CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL);
-- desired
CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, active BOOLEAN NOT NULL DEFAULT TRUE);

-- case: add_several_columns
-- current
CREATE TABLE product (id INT PRIMARY KEY);
-- desired
CREATE TABLE product (id INT PRIMARY KEY, sku VARCHAR(40) NOT NULL DEFAULT '', price DECIMAL(12,2), created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), notes LONGTEXT);

-- case: drop_column
-- current
CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, fax VARCHAR(20));
-- desired
CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL);

-- case: drop_not_null_column
-- current
CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, legacy_code INT NOT NULL DEFAULT 0);
-- desired
CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL);

-- case: rename_column_as_drop_add
-- current
CREATE TABLE customer (id INT PRIMARY KEY, fullname VARCHAR(200));
-- desired
CREATE TABLE customer (id INT PRIMARY KEY, display_name VARCHAR(200));

-- case: set_not_null
-- current
CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(255));
-- desired
CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(255) NOT NULL);

-- case: drop_not_null
-- current
CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(255) NOT NULL);
-- desired
CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(255));

-- case: add_mixed_case_column
-- current
CREATE TABLE `Invoice` (`Id` INT PRIMARY KEY);
-- desired
CREATE TABLE `Invoice` (`Id` INT PRIMARY KEY, `DueDate` DATE, `TotalAmount` DECIMAL(12,2) NOT NULL DEFAULT 0);

-- case: add_auto_increment_key
-- current
CREATE TABLE audit_log (message VARCHAR(500) NOT NULL);
-- desired
CREATE TABLE audit_log (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, message VARCHAR(500) NOT NULL);

-- case: add_json_column
-- current
CREATE TABLE event (id BIGINT PRIMARY KEY, kind VARCHAR(50) NOT NULL);
-- desired
CREATE TABLE event (id BIGINT PRIMARY KEY, kind VARCHAR(50) NOT NULL, payload JSON);

-- case: auto_increment_key_replaces_a_natural_key
-- current
CREATE TABLE tag (name VARCHAR(40) NOT NULL PRIMARY KEY);
INSERT INTO tag VALUES ('a'), ('b');
-- desired
CREATE TABLE tag (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) NOT NULL, UNIQUE KEY tag_name_key (name));

-- case: generated_column_over_generated_column
-- current
CREATE TABLE price_list (id INT PRIMARY KEY, price INT NOT NULL);
-- desired
CREATE TABLE price_list (id INT PRIMARY KEY, price INT NOT NULL, tax INT GENERATED ALWAYS AS (price DIV 10) VIRTUAL, total INT GENERATED ALWAYS AS (price + tax) VIRTUAL);

-- case: column_replaced_by_one_named_in_another_case
-- current
CREATE TABLE person (id INT PRIMARY KEY, Name VARCHAR(100));
-- desired
CREATE TABLE person (id INT PRIMARY KEY, name VARCHAR(100), email VARCHAR(200));
