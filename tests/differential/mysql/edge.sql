-- Changes that touch several objects at once (MySQL / MariaDB).

-- case: enum_value_removed
-- current
CREATE TABLE orders (id INT PRIMARY KEY, status ENUM('new', 'paid', 'shipped', 'lost') NOT NULL);
-- desired
CREATE TABLE orders (id INT PRIMARY KEY, status ENUM('new', 'paid', 'shipped') NOT NULL);

-- case: enum_default_changed
-- current
CREATE TABLE ticket (id INT PRIMARY KEY, priority ENUM('low', 'normal', 'urgent') NOT NULL DEFAULT 'normal');
-- desired
CREATE TABLE ticket (id INT PRIMARY KEY, priority ENUM('low', 'normal', 'urgent') NOT NULL DEFAULT 'low');

-- case: retype_indexed_column
-- current
CREATE TABLE orders (id INT PRIMARY KEY, customer_ref VARCHAR(20) NOT NULL, KEY orders_customer_ref_idx (customer_ref));
-- desired
CREATE TABLE orders (id INT PRIMARY KEY, customer_ref VARCHAR(64) NOT NULL, KEY orders_customer_ref_idx (customer_ref));

-- case: drop_indexed_column
-- current
CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, legacy_ref VARCHAR(50), KEY orders_legacy_idx (legacy_ref, customer_id));
-- desired
CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT);

-- case: change_foreign_key_columns
-- current
CREATE TABLE account (id INT PRIMARY KEY, legacy_id INT UNIQUE);
CREATE TABLE payment (id INT PRIMARY KEY, account_ref INT, account_id INT, CONSTRAINT payment_account_fk FOREIGN KEY (account_ref) REFERENCES account (legacy_id));
-- desired
CREATE TABLE account (id INT PRIMARY KEY, legacy_id INT UNIQUE);
CREATE TABLE payment (id INT PRIMARY KEY, account_ref INT, account_id INT, CONSTRAINT payment_account_fk FOREIGN KEY (account_id) REFERENCES account (id));

-- case: drop_table_and_its_references
-- current
CREATE TABLE region (id INT PRIMARY KEY);
CREATE TABLE store (id INT PRIMARY KEY, region_id INT, CONSTRAINT store_region_fk FOREIGN KEY (region_id) REFERENCES region (id));
-- desired
CREATE TABLE store (id INT PRIMARY KEY, region_id INT);

-- case: unique_to_primary_key
-- current
CREATE TABLE currency (code VARCHAR(3) NOT NULL UNIQUE, name VARCHAR(50) NOT NULL);
-- desired
CREATE TABLE currency (code VARCHAR(3) NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL);

-- case: check_and_not_null_together
-- current
CREATE TABLE product (id INT PRIMARY KEY, weight_g INT);
-- desired
CREATE TABLE product (id INT PRIMARY KEY, weight_g INT NOT NULL DEFAULT 0, CONSTRAINT product_weight_check CHECK (weight_g >= 0));

-- case: many_changes_one_table
-- current
CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(50), fax VARCHAR(30), created DATE, KEY customer_name_idx (name));
-- desired
CREATE TABLE customer (id BIGINT PRIMARY KEY, name VARCHAR(120) NOT NULL, email VARCHAR(255), created DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), KEY customer_name_idx (name, created DESC), UNIQUE KEY customer_email_key (email), CONSTRAINT customer_email_check CHECK (email LIKE '%@%'));

-- case: column_collation_changed
-- current
CREATE TABLE member (id INT PRIMARY KEY, handle VARCHAR(50) NOT NULL);
-- desired
CREATE TABLE member (id INT PRIMARY KEY, handle VARCHAR(50) COLLATE utf8mb4_unicode_ci NOT NULL);

-- case: fk_with_its_own_index
-- current
CREATE TABLE author (id INT PRIMARY KEY);
CREATE TABLE book (id INT PRIMARY KEY, author_id INT, KEY book_author_idx (author_id));
-- desired
CREATE TABLE author (id INT PRIMARY KEY);
CREATE TABLE book (id INT PRIMARY KEY, author_id INT, KEY book_author_idx (author_id), CONSTRAINT book_author_fk FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE CASCADE);

-- case: auto_increment_removed
-- current
CREATE TABLE audit_log (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, message VARCHAR(500) NOT NULL);
-- desired
CREATE TABLE audit_log (id BIGINT NOT NULL PRIMARY KEY, message VARCHAR(500) NOT NULL);

-- case: add_inline_unique_and_check
-- current
CREATE TABLE stock (id INT PRIMARY KEY, sku VARCHAR(40) NOT NULL, qty INT NOT NULL);
-- desired
CREATE TABLE stock (id INT PRIMARY KEY, sku VARCHAR(40) NOT NULL UNIQUE, qty INT NOT NULL CHECK (qty >= 0));
