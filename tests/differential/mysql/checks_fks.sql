-- CHECK constraints and foreign keys (MySQL / MariaDB).

-- case: add_check
-- current
CREATE TABLE product (id INT PRIMARY KEY, price DECIMAL(10,2) NOT NULL);
-- desired
CREATE TABLE product (id INT PRIMARY KEY, price DECIMAL(10,2) NOT NULL, CONSTRAINT product_price_check CHECK (price >= 0));

-- case: drop_check
-- current
CREATE TABLE product (id INT PRIMARY KEY, price DECIMAL(10,2) NOT NULL, CONSTRAINT product_price_check CHECK (price >= 0));
-- desired
CREATE TABLE product (id INT PRIMARY KEY, price DECIMAL(10,2) NOT NULL);

-- case: change_check
-- current
CREATE TABLE product (id INT PRIMARY KEY, discount INT NOT NULL, CONSTRAINT product_discount_check CHECK (discount BETWEEN 0 AND 50));
-- desired
CREATE TABLE product (id INT PRIMARY KEY, discount INT NOT NULL, CONSTRAINT product_discount_check CHECK (discount BETWEEN 0 AND 90));

-- case: add_multi_column_check
-- current
CREATE TABLE booking (id INT PRIMARY KEY, starts DATE NOT NULL, ends DATE NOT NULL);
-- desired
CREATE TABLE booking (id INT PRIMARY KEY, starts DATE NOT NULL, ends DATE NOT NULL, CONSTRAINT booking_range_check CHECK (ends >= starts));

-- case: add_check_in_list
-- current
CREATE TABLE ticket (id INT PRIMARY KEY, severity VARCHAR(10) NOT NULL);
-- desired
CREATE TABLE ticket (id INT PRIMARY KEY, severity VARCHAR(10) NOT NULL, CONSTRAINT ticket_severity_check CHECK (severity IN ('low', 'medium', 'high')));

-- case: check_mixed_case_columns
-- current
CREATE TABLE `Payment` (`Id` INT PRIMARY KEY, `Amount` DECIMAL(10,2) NOT NULL, `Refunded` DECIMAL(10,2) NOT NULL DEFAULT 0);
-- desired
CREATE TABLE `Payment` (`Id` INT PRIMARY KEY, `Amount` DECIMAL(10,2) NOT NULL, `Refunded` DECIMAL(10,2) NOT NULL DEFAULT 0, CONSTRAINT `Payment_refund_check` CHECK (`Refunded` <= `Amount`));

-- case: add_foreign_key
-- current
CREATE TABLE author (id INT PRIMARY KEY);
CREATE TABLE book (id INT PRIMARY KEY, author_id INT);
-- desired
CREATE TABLE author (id INT PRIMARY KEY);
CREATE TABLE book (id INT PRIMARY KEY, author_id INT, CONSTRAINT book_author_fk FOREIGN KEY (author_id) REFERENCES author (id));

-- case: drop_foreign_key
-- current
CREATE TABLE author (id INT PRIMARY KEY);
CREATE TABLE book (id INT PRIMARY KEY, author_id INT, CONSTRAINT book_author_fk FOREIGN KEY (author_id) REFERENCES author (id));
-- desired
CREATE TABLE author (id INT PRIMARY KEY);
CREATE TABLE book (id INT PRIMARY KEY, author_id INT);

-- case: on_delete_cascade_added
-- current
CREATE TABLE author (id INT PRIMARY KEY);
CREATE TABLE book (id INT PRIMARY KEY, author_id INT, CONSTRAINT book_author_fk FOREIGN KEY (author_id) REFERENCES author (id));
-- desired
CREATE TABLE author (id INT PRIMARY KEY);
CREATE TABLE book (id INT PRIMARY KEY, author_id INT, CONSTRAINT book_author_fk FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE CASCADE);

-- case: on_delete_cascade_to_set_null
-- current
CREATE TABLE author (id INT PRIMARY KEY);
CREATE TABLE book (id INT PRIMARY KEY, author_id INT, CONSTRAINT book_author_fk FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE CASCADE);
-- desired
CREATE TABLE author (id INT PRIMARY KEY);
CREATE TABLE book (id INT PRIMARY KEY, author_id INT, CONSTRAINT book_author_fk FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE SET NULL);

-- case: on_delete_restrict
-- expect: diverges: engine equivalence: InnoDB treats NO ACTION as RESTRICT and MariaDB reports both as RESTRICT (https://mariadb.com/kb/en/foreign-keys/), so both scripts read the same
-- current
CREATE TABLE author (id INT PRIMARY KEY);
CREATE TABLE book (id INT PRIMARY KEY, author_id INT, CONSTRAINT book_author_fk FOREIGN KEY (author_id) REFERENCES author (id));
-- desired
CREATE TABLE author (id INT PRIMARY KEY);
CREATE TABLE book (id INT PRIMARY KEY, author_id INT, CONSTRAINT book_author_fk FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE RESTRICT);

-- case: on_update_cascade_added
-- current
CREATE TABLE country (code VARCHAR(2) PRIMARY KEY);
CREATE TABLE city (id INT PRIMARY KEY, country_code VARCHAR(2), CONSTRAINT city_country_fk FOREIGN KEY (country_code) REFERENCES country (code));
-- desired
CREATE TABLE country (code VARCHAR(2) PRIMARY KEY);
CREATE TABLE city (id INT PRIMARY KEY, country_code VARCHAR(2), CONSTRAINT city_country_fk FOREIGN KEY (country_code) REFERENCES country (code) ON UPDATE CASCADE);

-- case: on_update_cascade_dropped
-- current
CREATE TABLE country (code VARCHAR(2) PRIMARY KEY);
CREATE TABLE city (id INT PRIMARY KEY, country_code VARCHAR(2), CONSTRAINT city_country_fk FOREIGN KEY (country_code) REFERENCES country (code) ON DELETE CASCADE ON UPDATE CASCADE);
-- desired
CREATE TABLE country (code VARCHAR(2) PRIMARY KEY);
CREATE TABLE city (id INT PRIMARY KEY, country_code VARCHAR(2), CONSTRAINT city_country_fk FOREIGN KEY (country_code) REFERENCES country (code) ON DELETE CASCADE);

-- case: composite_foreign_key
-- current
CREATE TABLE enrolment (student_id INT NOT NULL, course_id INT NOT NULL, PRIMARY KEY (student_id, course_id));
CREATE TABLE grade (id INT PRIMARY KEY, student_id INT NOT NULL, course_id INT NOT NULL, mark INT);
-- desired
CREATE TABLE enrolment (student_id INT NOT NULL, course_id INT NOT NULL, PRIMARY KEY (student_id, course_id));
CREATE TABLE grade (id INT PRIMARY KEY, student_id INT NOT NULL, course_id INT NOT NULL, mark INT, CONSTRAINT grade_enrolment_fk FOREIGN KEY (student_id, course_id) REFERENCES enrolment (student_id, course_id) ON DELETE CASCADE);

-- case: self_referencing_foreign_key
-- current
CREATE TABLE employee (id INT PRIMARY KEY, manager_id INT);
-- desired
CREATE TABLE employee (id INT PRIMARY KEY, manager_id INT, CONSTRAINT employee_manager_fk FOREIGN KEY (manager_id) REFERENCES employee (id) ON DELETE SET NULL);

-- case: retarget_foreign_key
-- current
CREATE TABLE person (id INT PRIMARY KEY);
CREATE TABLE company (id INT PRIMARY KEY);
CREATE TABLE invoice (id INT PRIMARY KEY, party_id INT, CONSTRAINT invoice_party_fk FOREIGN KEY (party_id) REFERENCES person (id));
-- desired
CREATE TABLE person (id INT PRIMARY KEY);
CREATE TABLE company (id INT PRIMARY KEY);
CREATE TABLE invoice (id INT PRIMARY KEY, party_id INT, CONSTRAINT invoice_party_fk FOREIGN KEY (party_id) REFERENCES company (id));

-- case: foreign_key_mixed_case
-- current
CREATE TABLE `Customer` (`CustomerId` INT PRIMARY KEY);
CREATE TABLE `Order` (`OrderId` INT PRIMARY KEY, `CustomerId` INT NOT NULL);
-- desired
CREATE TABLE `Customer` (`CustomerId` INT PRIMARY KEY);
CREATE TABLE `Order` (`OrderId` INT PRIMARY KEY, `CustomerId` INT NOT NULL, CONSTRAINT `FK_Order_Customer` FOREIGN KEY (`CustomerId`) REFERENCES `Customer` (`CustomerId`) ON DELETE CASCADE);

-- case: check_regexp_made_caseless
-- current
CREATE TABLE hook (id INT PRIMARY KEY, url VARCHAR(200) NOT NULL, CONSTRAINT hook_url_check CHECK (url REGEXP '^https://'));
-- desired
CREATE TABLE hook (id INT PRIMARY KEY, url VARCHAR(200) NOT NULL, CONSTRAINT hook_url_check CHECK (url REGEXP '(?i)^https://'));

-- case: add_check_cast_to_char_like
-- current
CREATE TABLE account (id INT PRIMARY KEY, code INT NOT NULL);
-- desired
CREATE TABLE account (id INT PRIMARY KEY, code INT NOT NULL, CONSTRAINT account_code_check CHECK (CAST(code AS CHAR) LIKE '1%'));

-- case: change_check_cast_to_char_like
-- current
CREATE TABLE account (id INT PRIMARY KEY, code INT NOT NULL, CONSTRAINT account_code_check CHECK (CAST(code AS CHAR) LIKE '1%'));
-- desired
CREATE TABLE account (id INT PRIMARY KEY, code INT NOT NULL, CONSTRAINT account_code_check CHECK (CAST(code AS CHAR) LIKE '2%'));
