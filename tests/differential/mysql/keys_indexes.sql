-- Primary keys, unique keys and indexes (MySQL / MariaDB).

-- case: add_primary_key
-- current
CREATE TABLE tag (name VARCHAR(50) NOT NULL);
-- desired
CREATE TABLE tag (name VARCHAR(50) NOT NULL PRIMARY KEY);

-- case: drop_primary_key
-- current
CREATE TABLE tag (name VARCHAR(50) NOT NULL PRIMARY KEY);
-- desired
CREATE TABLE tag (name VARCHAR(50) NOT NULL);

-- case: change_primary_key_column
-- current
CREATE TABLE member (id INT NOT NULL PRIMARY KEY, email VARCHAR(255) NOT NULL);
-- desired
CREATE TABLE member (id INT NOT NULL, email VARCHAR(255) NOT NULL PRIMARY KEY);

-- case: widen_primary_key_to_composite
-- current
CREATE TABLE enrolment (student_id INT NOT NULL PRIMARY KEY, course_id INT NOT NULL);
-- desired
CREATE TABLE enrolment (student_id INT NOT NULL, course_id INT NOT NULL, PRIMARY KEY (student_id, course_id));

-- case: add_unique_key
-- current
CREATE TABLE member (id INT PRIMARY KEY, email VARCHAR(255) NOT NULL);
-- desired
CREATE TABLE member (id INT PRIMARY KEY, email VARCHAR(255) NOT NULL, UNIQUE KEY member_email_key (email));

-- case: drop_unique_key
-- current
CREATE TABLE member (id INT PRIMARY KEY, email VARCHAR(255) NOT NULL, UNIQUE KEY member_email_key (email));
-- desired
CREATE TABLE member (id INT PRIMARY KEY, email VARCHAR(255) NOT NULL);

-- case: add_multi_column_unique
-- current
CREATE TABLE seat (id INT PRIMARY KEY, hall VARCHAR(20) NOT NULL, row_no INT NOT NULL, seat_no INT NOT NULL);
-- desired
CREATE TABLE seat (id INT PRIMARY KEY, hall VARCHAR(20) NOT NULL, row_no INT NOT NULL, seat_no INT NOT NULL, CONSTRAINT seat_place_key UNIQUE (hall, row_no, seat_no));

-- case: change_unique_columns
-- current
CREATE TABLE seat (id INT PRIMARY KEY, hall VARCHAR(20) NOT NULL, seat_no INT NOT NULL, UNIQUE KEY seat_place_key (seat_no));
-- desired
CREATE TABLE seat (id INT PRIMARY KEY, hall VARCHAR(20) NOT NULL, seat_no INT NOT NULL, UNIQUE KEY seat_place_key (hall, seat_no));

-- case: add_index
-- current
CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL);
-- desired
CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL, KEY orders_customer_idx (customer_id));

-- case: drop_index
-- current
CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL, INDEX orders_customer_idx (customer_id));
-- desired
CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL);

-- case: add_index_by_create_index
-- current
CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL, placed_at DATETIME(6) NOT NULL);
-- desired
CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL, placed_at DATETIME(6) NOT NULL);
CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at);

-- case: add_desc_index
-- current
CREATE TABLE post (id INT PRIMARY KEY, published_at DATETIME(6));
-- desired
CREATE TABLE post (id INT PRIMARY KEY, published_at DATETIME(6), INDEX post_recent_idx (published_at DESC));

-- case: index_asc_to_desc
-- current
CREATE TABLE post (id INT PRIMARY KEY, author_id INT, published_at DATETIME(6), INDEX post_author_idx (author_id, published_at));
-- desired
CREATE TABLE post (id INT PRIMARY KEY, author_id INT, published_at DATETIME(6), INDEX post_author_idx (author_id, published_at DESC));

-- case: index_to_unique_index
-- current
CREATE TABLE member (id INT PRIMARY KEY, handle VARCHAR(50) NOT NULL, INDEX member_handle_idx (handle));
-- desired
CREATE TABLE member (id INT PRIMARY KEY, handle VARCHAR(50) NOT NULL, UNIQUE INDEX member_handle_idx (handle));

-- case: change_index_columns
-- current
CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, store_id INT, INDEX orders_lookup_idx (customer_id));
-- desired
CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, store_id INT, INDEX orders_lookup_idx (store_id, customer_id));

-- case: add_prefix_index
-- current
CREATE TABLE article (id INT PRIMARY KEY, title VARCHAR(500) NOT NULL);
-- desired
CREATE TABLE article (id INT PRIMARY KEY, title VARCHAR(500) NOT NULL, INDEX article_title_idx (title(100)));

-- case: primary_key_mixed_case
-- current
CREATE TABLE `Country` (`IsoCode` VARCHAR(2) NOT NULL, `Name` VARCHAR(100) NOT NULL);
-- desired
CREATE TABLE `Country` (`IsoCode` VARCHAR(2) NOT NULL PRIMARY KEY, `Name` VARCHAR(100) NOT NULL, UNIQUE KEY `Country_Name_key` (`Name`));

-- case: unique_key_with_prefix_part
-- current
CREATE TABLE term (id INT PRIMARY KEY, taxonomy VARCHAR(32) NOT NULL, slug VARCHAR(200) NOT NULL);
-- desired
CREATE TABLE term (id INT PRIMARY KEY, taxonomy VARCHAR(32) NOT NULL, slug VARCHAR(200) NOT NULL, UNIQUE KEY term_slug (taxonomy, slug(150)));

-- case: unique_key_prefix_widened
-- current
CREATE TABLE term (id INT PRIMARY KEY, taxonomy VARCHAR(32) NOT NULL, slug VARCHAR(200) NOT NULL, UNIQUE KEY term_slug (taxonomy, slug(150)));
-- desired
CREATE TABLE term (id INT PRIMARY KEY, taxonomy VARCHAR(32) NOT NULL, slug VARCHAR(200) NOT NULL, UNIQUE KEY term_slug (taxonomy, slug(180)));

-- case: index_comment_added_changed_and_on_a_new_index
-- current
CREATE TABLE item (id int NOT NULL PRIMARY KEY, code varchar(20), price int, INDEX item_code (code),
  INDEX item_price (price) COMMENT 'by price');
-- desired
CREATE TABLE item (id int NOT NULL PRIMARY KEY, code varchar(20), price int,
  INDEX item_code (code) COMMENT 'by code; it''s "unique" enough',
  INDEX item_price (price) COMMENT 'by price, cheapest first', INDEX item_both (id, price) COMMENT 'both');

-- case: auto_increment_key_column_dropped
-- current
CREATE TABLE visit (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, seen_at DATETIME NOT NULL);
-- desired
CREATE TABLE visit (seen_at DATETIME NOT NULL);

-- case: auto_increment_key_becomes_a_plain_column
-- current
CREATE TABLE ticket (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, label VARCHAR(20) NOT NULL);
-- desired
CREATE TABLE ticket (id BIGINT NOT NULL, label VARCHAR(20) NOT NULL);

-- case: auto_increment_outside_the_primary_key
-- current
CREATE TABLE product (code VARCHAR(20) NOT NULL PRIMARY KEY);
-- desired
CREATE TABLE product (code VARCHAR(20) NOT NULL PRIMARY KEY, id INT NOT NULL AUTO_INCREMENT, KEY product_id (id));

-- case: primary_key_moved_off_the_auto_increment_column
-- current
CREATE TABLE product (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, code VARCHAR(20) NOT NULL);
INSERT INTO product (code) VALUES ('a'), ('b');
-- desired
CREATE TABLE product (id INT NOT NULL AUTO_INCREMENT, code VARCHAR(20) NOT NULL PRIMARY KEY, KEY product_id (id));

-- case: column_made_auto_increment_outside_the_primary_key
-- current
CREATE TABLE product (code VARCHAR(20) NOT NULL PRIMARY KEY, n INT NOT NULL);
INSERT INTO product VALUES ('a', 1), ('b', 2);
-- desired
CREATE TABLE product (code VARCHAR(20) NOT NULL PRIMARY KEY, n INT NOT NULL AUTO_INCREMENT, KEY product_n (n));

-- case: auto_increment_outside_the_primary_key_dropped
-- current
CREATE TABLE product (code VARCHAR(20) NOT NULL PRIMARY KEY, n INT NOT NULL AUTO_INCREMENT, KEY product_n (n));
INSERT INTO product (code) VALUES ('a'), ('b');
-- desired
CREATE TABLE product (code VARCHAR(20) NOT NULL PRIMARY KEY, n INT NOT NULL);
