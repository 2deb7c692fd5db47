-- Foreign keys added and dropped, ON DELETE / ON UPDATE actions changed (PostgreSQL).

-- case: add_foreign_key
-- current
CREATE TABLE author (id integer PRIMARY KEY);
CREATE TABLE book (id integer PRIMARY KEY, author_id integer);
-- desired
CREATE TABLE author (id integer PRIMARY KEY);
CREATE TABLE book (id integer PRIMARY KEY, author_id integer CONSTRAINT book_author_fk REFERENCES author (id));

-- case: drop_foreign_key
-- current
CREATE TABLE author (id integer PRIMARY KEY);
CREATE TABLE book (id integer PRIMARY KEY, author_id integer REFERENCES author (id));
-- desired
CREATE TABLE author (id integer PRIMARY KEY);
CREATE TABLE book (id integer PRIMARY KEY, author_id integer);

-- case: on_delete_cascade_added
-- current
CREATE TABLE author (id integer PRIMARY KEY);
CREATE TABLE book (id integer PRIMARY KEY, author_id integer CONSTRAINT book_author_fk REFERENCES author (id));
-- desired
CREATE TABLE author (id integer PRIMARY KEY);
CREATE TABLE book (id integer PRIMARY KEY, author_id integer CONSTRAINT book_author_fk REFERENCES author (id) ON DELETE CASCADE);

-- case: on_delete_cascade_to_set_null
-- current
CREATE TABLE author (id integer PRIMARY KEY);
CREATE TABLE book (id integer PRIMARY KEY, author_id integer CONSTRAINT book_author_fk REFERENCES author (id) ON DELETE CASCADE);
-- desired
CREATE TABLE author (id integer PRIMARY KEY);
CREATE TABLE book (id integer PRIMARY KEY, author_id integer CONSTRAINT book_author_fk REFERENCES author (id) ON DELETE SET NULL);

-- case: on_delete_restrict
-- current
CREATE TABLE author (id integer PRIMARY KEY);
CREATE TABLE book (id integer PRIMARY KEY, author_id integer CONSTRAINT book_author_fk REFERENCES author (id));
-- desired
CREATE TABLE author (id integer PRIMARY KEY);
CREATE TABLE book (id integer PRIMARY KEY, author_id integer CONSTRAINT book_author_fk REFERENCES author (id) ON DELETE RESTRICT);

-- case: on_update_cascade_added
-- current
CREATE TABLE country (code varchar(2) PRIMARY KEY);
CREATE TABLE city (id integer PRIMARY KEY, country_code varchar(2) CONSTRAINT city_country_fk REFERENCES country (code));
-- desired
CREATE TABLE country (code varchar(2) PRIMARY KEY);
CREATE TABLE city (id integer PRIMARY KEY, country_code varchar(2) CONSTRAINT city_country_fk REFERENCES country (code) ON UPDATE CASCADE);

-- case: on_update_cascade_dropped
-- current
CREATE TABLE country (code varchar(2) PRIMARY KEY);
CREATE TABLE city (id integer PRIMARY KEY, country_code varchar(2) CONSTRAINT city_country_fk REFERENCES country (code) ON DELETE CASCADE ON UPDATE CASCADE);
-- desired
CREATE TABLE country (code varchar(2) PRIMARY KEY);
CREATE TABLE city (id integer PRIMARY KEY, country_code varchar(2) CONSTRAINT city_country_fk REFERENCES country (code) ON DELETE CASCADE);

-- case: composite_foreign_key
-- current
CREATE TABLE enrolment (student_id integer NOT NULL, course_id integer NOT NULL, PRIMARY KEY (student_id, course_id));
CREATE TABLE grade (id integer PRIMARY KEY, student_id integer NOT NULL, course_id integer NOT NULL, mark integer);
-- desired
CREATE TABLE enrolment (student_id integer NOT NULL, course_id integer NOT NULL, PRIMARY KEY (student_id, course_id));
CREATE TABLE grade (id integer PRIMARY KEY, student_id integer NOT NULL, course_id integer NOT NULL, mark integer, CONSTRAINT grade_enrolment_fk FOREIGN KEY (student_id, course_id) REFERENCES enrolment (student_id, course_id) ON DELETE CASCADE);

-- case: self_referencing_foreign_key
-- current
CREATE TABLE employee (id integer PRIMARY KEY, manager_id integer);
-- desired
CREATE TABLE employee (id integer PRIMARY KEY, manager_id integer CONSTRAINT employee_manager_fk REFERENCES employee (id) ON DELETE SET NULL);

-- case: retarget_foreign_key
-- current
CREATE TABLE person (id integer PRIMARY KEY);
CREATE TABLE company (id integer PRIMARY KEY);
CREATE TABLE invoice (id integer PRIMARY KEY, party_id integer CONSTRAINT invoice_party_fk REFERENCES person (id));
-- desired
CREATE TABLE person (id integer PRIMARY KEY);
CREATE TABLE company (id integer PRIMARY KEY);
CREATE TABLE invoice (id integer PRIMARY KEY, party_id integer CONSTRAINT invoice_party_fk REFERENCES company (id));

-- case: foreign_key_to_unique
-- current
CREATE TABLE member (id integer PRIMARY KEY, handle text NOT NULL UNIQUE);
CREATE TABLE post (id integer PRIMARY KEY, author_handle text);
-- desired
CREATE TABLE member (id integer PRIMARY KEY, handle text NOT NULL UNIQUE);
CREATE TABLE post (id integer PRIMARY KEY, author_handle text CONSTRAINT post_author_fk REFERENCES member (handle) ON UPDATE CASCADE);

-- case: foreign_key_mixed_case
-- current
CREATE TABLE "Customer" ("CustomerId" integer PRIMARY KEY);
CREATE TABLE "Order" ("OrderId" integer PRIMARY KEY, "CustomerId" integer NOT NULL);
-- desired
CREATE TABLE "Customer" ("CustomerId" integer PRIMARY KEY);
CREATE TABLE "Order" ("OrderId" integer PRIMARY KEY, "CustomerId" integer NOT NULL CONSTRAINT "FK_Order_Customer" REFERENCES "Customer" ("CustomerId") ON DELETE CASCADE);

-- case: on_delete_set_default
-- current
CREATE TABLE category (id integer PRIMARY KEY);
CREATE TABLE item (id integer PRIMARY KEY, category_id integer NOT NULL DEFAULT 0 CONSTRAINT item_category_fk REFERENCES category (id));
-- desired
CREATE TABLE category (id integer PRIMARY KEY);
CREATE TABLE item (id integer PRIMARY KEY, category_id integer NOT NULL DEFAULT 0 CONSTRAINT item_category_fk REFERENCES category (id) ON DELETE SET DEFAULT);
