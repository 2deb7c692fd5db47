-- Column types and defaults changed (MySQL / MariaDB).

-- case: int_to_bigint
-- current
CREATE TABLE counter (id INT PRIMARY KEY, hits INT NOT NULL DEFAULT 0);
-- desired
CREATE TABLE counter (id INT PRIMARY KEY, hits BIGINT NOT NULL DEFAULT 0);

-- case: smallint_to_int
-- current
CREATE TABLE stock (id INT PRIMARY KEY, qty SMALLINT NOT NULL);
-- desired
CREATE TABLE stock (id INT PRIMARY KEY, qty INT NOT NULL);

-- case: bigint_to_int
-- current
CREATE TABLE stock (id INT PRIMARY KEY, qty BIGINT);
-- desired
CREATE TABLE stock (id INT PRIMARY KEY, qty INT);

-- case: primary_key_int_to_bigint
-- current
CREATE TABLE ledger (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, amount DECIMAL(12,2) NOT NULL);
-- desired
CREATE TABLE ledger (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, amount DECIMAL(12,2) NOT NULL);

-- case: varchar_widen
-- current
CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL);
-- desired
CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(200) NOT NULL);

-- case: varchar_narrow
-- current
CREATE TABLE customer (id INT PRIMARY KEY, code VARCHAR(40));
-- desired
CREATE TABLE customer (id INT PRIMARY KEY, code VARCHAR(10));

-- case: varchar_to_longtext
-- current
CREATE TABLE note (id INT PRIMARY KEY, body VARCHAR(4000));
-- desired
CREATE TABLE note (id INT PRIMARY KEY, body LONGTEXT);

-- case: longtext_to_varchar
-- current
CREATE TABLE note (id INT PRIMARY KEY, title LONGTEXT NOT NULL);
-- desired
CREATE TABLE note (id INT PRIMARY KEY, title VARCHAR(120) NOT NULL);

-- case: decimal_widen_precision
-- current
CREATE TABLE price (id INT PRIMARY KEY, amount DECIMAL(8,2) NOT NULL);
-- desired
CREATE TABLE price (id INT PRIMARY KEY, amount DECIMAL(14,2) NOT NULL);

-- case: decimal_more_scale
-- current
CREATE TABLE rate (id INT PRIMARY KEY, value DECIMAL(10,2));
-- desired
CREATE TABLE rate (id INT PRIMARY KEY, value DECIMAL(12,4));

-- case: decimal_narrow
-- current
CREATE TABLE rate (id INT PRIMARY KEY, value DECIMAL(12,4));
-- desired
CREATE TABLE rate (id INT PRIMARY KEY, value DECIMAL(10,2));

-- case: date_to_datetime
-- current
CREATE TABLE shipment (id INT PRIMARY KEY, shipped DATE);
-- desired
CREATE TABLE shipment (id INT PRIMARY KEY, shipped DATETIME(6));

-- case: int_to_varchar
-- current
CREATE TABLE ticket (id INT PRIMARY KEY, ref INT);
-- desired
CREATE TABLE ticket (id INT PRIMARY KEY, ref VARCHAR(20));

-- case: retype_mixed_case_column
-- current
CREATE TABLE `Order` (`OrderId` INT PRIMARY KEY, `Total` DECIMAL(10,2));
-- desired
CREATE TABLE `Order` (`OrderId` INT PRIMARY KEY, `Total` DECIMAL(14,4));

-- case: add_literal_default
-- current
CREATE TABLE task (id INT PRIMARY KEY, status VARCHAR(20) NOT NULL);
-- desired
CREATE TABLE task (id INT PRIMARY KEY, status VARCHAR(20) NOT NULL DEFAULT 'open');

-- case: change_literal_default
-- current
CREATE TABLE task (id INT PRIMARY KEY, priority INT NOT NULL DEFAULT 3);
-- desired
CREATE TABLE task (id INT PRIMARY KEY, priority INT NOT NULL DEFAULT 5);

-- case: drop_default
-- current
CREATE TABLE task (id INT PRIMARY KEY, status VARCHAR(20) DEFAULT 'open');
-- desired
CREATE TABLE task (id INT PRIMARY KEY, status VARCHAR(20));

-- case: add_current_timestamp_default
-- current
CREATE TABLE task (id INT PRIMARY KEY, created_at DATETIME(6) NOT NULL);
-- desired
CREATE TABLE task (id INT PRIMARY KEY, created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6));

-- case: add_on_update_current_timestamp
-- current
CREATE TABLE task (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6));
-- desired
CREATE TABLE task (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6));

-- case: boolean_default_flip
-- current
CREATE TABLE feature (id INT PRIMARY KEY, enabled BOOLEAN NOT NULL DEFAULT FALSE);
-- desired
CREATE TABLE feature (id INT PRIMARY KEY, enabled BOOLEAN NOT NULL DEFAULT TRUE);

-- case: decimal_default
-- current
CREATE TABLE account (id INT PRIMARY KEY, balance DECIMAL(12,2) NOT NULL);
-- desired
CREATE TABLE account (id INT PRIMARY KEY, balance DECIMAL(12,2) NOT NULL DEFAULT 0.00);

-- case: text_default_with_quote
-- current
CREATE TABLE greeting (id INT PRIMARY KEY, text VARCHAR(50) NOT NULL);
-- desired
CREATE TABLE greeting (id INT PRIMARY KEY, text VARCHAR(50) NOT NULL DEFAULT 'it''s me');
