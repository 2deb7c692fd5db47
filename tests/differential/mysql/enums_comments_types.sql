-- ENUM values, comments, and the types issue #14 adds (MySQL / MariaDB).

-- case: enum_add_value_at_end
-- current
CREATE TABLE orders (id INT PRIMARY KEY, status ENUM('new', 'paid', 'shipped') NOT NULL DEFAULT 'new');
-- desired
CREATE TABLE orders (id INT PRIMARY KEY, status ENUM('new', 'paid', 'shipped', 'cancelled') NOT NULL DEFAULT 'new');

-- case: enum_add_value_in_middle
-- current
CREATE TABLE orders (id INT PRIMARY KEY, status ENUM('new', 'shipped') NOT NULL);
-- desired
CREATE TABLE orders (id INT PRIMARY KEY, status ENUM('new', 'paid', 'shipped') NOT NULL);

-- case: enum_column_added
-- current
CREATE TABLE ticket (id INT PRIMARY KEY);
-- desired
CREATE TABLE ticket (id INT PRIMARY KEY, priority ENUM('low', 'normal', 'urgent') NOT NULL DEFAULT 'normal');

-- case: varchar_to_enum
-- current
CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(10) NOT NULL);
-- desired
CREATE TABLE orders (id INT PRIMARY KEY, status ENUM('new', 'paid', 'shipped') NOT NULL);

-- case: add_table_comment
-- current
CREATE TABLE customer (id INT PRIMARY KEY);
-- desired
CREATE TABLE customer (id INT PRIMARY KEY) COMMENT='People and companies we invoice';

-- case: change_table_comment
-- current
CREATE TABLE customer (id INT PRIMARY KEY) COMMENT='Customers';
-- desired
CREATE TABLE customer (id INT PRIMARY KEY) COMMENT='Customers (B2B and B2C)';

-- case: add_column_comment
-- current
CREATE TABLE customer (id INT PRIMARY KEY, vat_no VARCHAR(20));
-- desired
CREATE TABLE customer (id INT PRIMARY KEY, vat_no VARCHAR(20) COMMENT 'EU VAT number, with country prefix');

-- case: drop_column_comment
-- current
CREATE TABLE customer (id INT PRIMARY KEY, vat_no VARCHAR(20) COMMENT 'VAT number');
-- desired
CREATE TABLE customer (id INT PRIMARY KEY, vat_no VARCHAR(20));

-- case: add_tinyint_column
-- current
CREATE TABLE review (id INT PRIMARY KEY);
-- desired
CREATE TABLE review (id INT PRIMARY KEY, stars TINYINT NOT NULL DEFAULT 0);

-- case: tinyint_to_smallint
-- current
CREATE TABLE review (id INT PRIMARY KEY, stars TINYINT NOT NULL);
-- desired
CREATE TABLE review (id INT PRIMARY KEY, stars SMALLINT NOT NULL);

-- case: int_to_unsigned
-- current
CREATE TABLE counter (id INT PRIMARY KEY, hits INT NOT NULL);
-- desired
CREATE TABLE counter (id INT PRIMARY KEY, hits INT UNSIGNED NOT NULL);

-- case: add_unsigned_bigint_key
-- current
CREATE TABLE visit (url VARCHAR(200) NOT NULL);
-- desired
CREATE TABLE visit (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, url VARCHAR(200) NOT NULL);

-- case: float_to_double
-- current
CREATE TABLE reading (id INT PRIMARY KEY, value FLOAT NOT NULL);
-- desired
CREATE TABLE reading (id INT PRIMARY KEY, value DOUBLE NOT NULL);

-- case: add_char_column
-- current
CREATE TABLE country (id INT PRIMARY KEY);
-- desired
CREATE TABLE country (id INT PRIMARY KEY, iso2 CHAR(2) NOT NULL DEFAULT 'XX');

-- case: varchar_to_char
-- current
CREATE TABLE currency (id INT PRIMARY KEY, code VARCHAR(3) NOT NULL);
-- desired
CREATE TABLE currency (id INT PRIMARY KEY, code CHAR(3) NOT NULL);

-- case: add_blob_and_varbinary
-- current
CREATE TABLE attachment (id INT PRIMARY KEY, filename VARCHAR(255) NOT NULL);
-- desired
CREATE TABLE attachment (id INT PRIMARY KEY, filename VARCHAR(255) NOT NULL, sha256 BINARY(32), content LONGBLOB, thumb VARBINARY(2048));

-- case: varbinary_widen
-- current
CREATE TABLE token (id INT PRIMARY KEY, secret VARBINARY(16) NOT NULL);
-- desired
CREATE TABLE token (id INT PRIMARY KEY, secret VARBINARY(64) NOT NULL);

-- case: add_time_column
-- current
CREATE TABLE opening_hours (id INT PRIMARY KEY, weekday TINYINT NOT NULL);
-- desired
CREATE TABLE opening_hours (id INT PRIMARY KEY, weekday TINYINT NOT NULL, opens TIME NOT NULL DEFAULT '09:00:00', closes TIME);

-- case: datetime_precision_changed
-- current
CREATE TABLE event (id INT PRIMARY KEY, at DATETIME NOT NULL);
-- desired
CREATE TABLE event (id INT PRIMARY KEY, at DATETIME(3) NOT NULL);

-- case: add_year_column
-- current
CREATE TABLE vehicle (id INT PRIMARY KEY);
-- desired
CREATE TABLE vehicle (id INT PRIMARY KEY, model_year YEAR);

-- case: add_set_column
-- current
CREATE TABLE pizza (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL);
-- desired
CREATE TABLE pizza (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, toppings SET('cheese', 'ham', 'mushroom', 'olive') NOT NULL DEFAULT 'cheese');

-- case: set_add_member
-- current
CREATE TABLE pizza (id INT PRIMARY KEY, toppings SET('cheese', 'ham'));
-- desired
CREATE TABLE pizza (id INT PRIMARY KEY, toppings SET('cheese', 'ham', 'pineapple'));

-- case: decimal_to_double
-- current
CREATE TABLE score (id INT PRIMARY KEY, points DECIMAL(10,2));
-- desired
CREATE TABLE score (id INT PRIMARY KEY, points DOUBLE);

-- case: datetime_column_added
-- current
CREATE TABLE orders (id INT PRIMARY KEY);
-- desired
CREATE TABLE orders (id INT PRIMARY KEY, placed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP);

-- case: text_64k_to_longtext
-- current
CREATE TABLE note (id INT PRIMARY KEY, body TEXT);
-- desired
CREATE TABLE note (id INT PRIMARY KEY, body LONGTEXT);

-- case: int_unsigned_to_bigint
-- current
CREATE TABLE counter (id INT PRIMARY KEY, hits INT UNSIGNED NOT NULL DEFAULT 0);
-- desired
CREATE TABLE counter (id INT PRIMARY KEY, hits BIGINT NOT NULL DEFAULT 0);

-- case: binary_to_varbinary
-- current
CREATE TABLE token (id INT PRIMARY KEY, secret BINARY(16) NOT NULL);
-- desired
CREATE TABLE token (id INT PRIMARY KEY, secret VARBINARY(16) NOT NULL);

-- case: char_to_varchar
-- current
CREATE TABLE currency (id INT PRIMARY KEY, code CHAR(3) NOT NULL);
-- desired
CREATE TABLE currency (id INT PRIMARY KEY, code VARCHAR(3) NOT NULL);

-- case: time_precision_added
-- current
CREATE TABLE lap (id INT PRIMARY KEY, duration TIME NOT NULL);
-- desired
CREATE TABLE lap (id INT PRIMARY KEY, duration TIME(3) NOT NULL);

-- case: smallint_unsigned_widened
-- current
CREATE TABLE port (id INT PRIMARY KEY, number SMALLINT UNSIGNED NOT NULL);
-- desired
CREATE TABLE port (id INT PRIMARY KEY, number INT UNSIGNED NOT NULL);

-- case: double_to_float
-- current
CREATE TABLE reading (id INT PRIMARY KEY, value DOUBLE);
-- desired
CREATE TABLE reading (id INT PRIMARY KEY, value FLOAT);

-- case: year_to_smallint
-- current
CREATE TABLE vehicle (id INT PRIMARY KEY, model_year YEAR NOT NULL);
-- desired
CREATE TABLE vehicle (id INT PRIMARY KEY, model_year SMALLINT NOT NULL);

-- case: enum_to_set
-- current
CREATE TABLE pizza (id INT PRIMARY KEY, size ENUM('small', 'large') NOT NULL);
-- desired
CREATE TABLE pizza (id INT PRIMARY KEY, size SET('small', 'large') NOT NULL);

-- case: timestamp_column_added
-- current
CREATE TABLE visit (id int PRIMARY KEY);
-- desired
CREATE TABLE visit (id int PRIMARY KEY, seen_at timestamp(3) NULL DEFAULT NULL);

-- case: timestamp_to_datetime
-- current
CREATE TABLE visit (id int PRIMARY KEY, seen_at timestamp NULL DEFAULT NULL);
-- desired
CREATE TABLE visit (id int PRIMARY KEY, seen_at datetime NULL DEFAULT NULL);

-- case: mediumint_unsigned_widened_to_int
-- current
CREATE TABLE visit (id int PRIMARY KEY, hits mediumint unsigned NOT NULL DEFAULT 0);
-- desired
CREATE TABLE visit (id int PRIMARY KEY, hits int unsigned NOT NULL DEFAULT 0);

-- case: tinytext_to_text
-- current
CREATE TABLE note (id int PRIMARY KEY, body tinytext);
-- desired
CREATE TABLE note (id int PRIMARY KEY, body text);

-- case: unique_key_comment_added
-- current
CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), UNIQUE KEY customer_email_key (email));
-- desired
CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100),
  UNIQUE KEY customer_email_key (email) COMMENT 'one account per address');

-- case: unique_key_comment_changed
-- current
CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100),
  UNIQUE KEY customer_email_key (email) COMMENT 'one account per address');
-- desired
CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100),
  UNIQUE KEY customer_email_key (email) COMMENT 'one account per e-mail address');

-- case: unique_key_comment_dropped
-- current
CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100),
  UNIQUE KEY customer_email_key (email) COMMENT 'one account per address');
-- desired
CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), UNIQUE KEY customer_email_key (email));

-- case: commented_unique_key_created
-- current
CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100));
-- desired
CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100),
  UNIQUE KEY customer_email_key (email) COMMENT 'one account per address');
CREATE TABLE orders (id INT PRIMARY KEY, code VARCHAR(10), UNIQUE KEY orders_code_key (code) COMMENT 'printed on the slip');

-- case: unique_key_comment_hostile_name_and_text
-- current
CREATE TABLE `Odd ``Table` (id INT PRIMARY KEY, n INT, UNIQUE KEY `it's "odd" ``\ n` (n));
-- desired
CREATE TABLE `Odd ``Table` (id INT PRIMARY KEY, n INT,
  UNIQUE KEY `it's "odd" ``\ n` (n) COMMENT 'a quote '' a backslash \\ a newline\n and "double" quotes');
