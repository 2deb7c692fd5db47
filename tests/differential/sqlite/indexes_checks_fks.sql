-- Indexes (multi-column, DESC, partial, expression), CHECK constraints and foreign keys (SQLite, STRICT tables).

-- case: add_index
-- current
CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, customer_id INTEGER NOT NULL) STRICT;
-- desired
CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, customer_id INTEGER NOT NULL) STRICT;
CREATE INDEX orders_customer_idx ON orders (customer_id);

-- case: drop_index
-- current
CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, customer_id INTEGER NOT NULL) STRICT;
CREATE INDEX orders_customer_idx ON orders (customer_id);
-- desired
CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, customer_id INTEGER NOT NULL) STRICT;

-- case: add_multi_column_index
-- current
CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, customer_id INTEGER NOT NULL, placed_at TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, customer_id INTEGER NOT NULL, placed_at TEXT NOT NULL) STRICT;
CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at);

-- case: add_desc_index
-- current
CREATE TABLE post (id INTEGER NOT NULL PRIMARY KEY, published_at TEXT) STRICT;
-- desired
CREATE TABLE post (id INTEGER NOT NULL PRIMARY KEY, published_at TEXT) STRICT;
CREATE INDEX post_recent_idx ON post (published_at DESC);

-- case: index_asc_to_desc
-- current
CREATE TABLE post (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER, published_at TEXT) STRICT;
CREATE INDEX post_author_idx ON post (author_id, published_at);
-- desired
CREATE TABLE post (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER, published_at TEXT) STRICT;
CREATE INDEX post_author_idx ON post (author_id, published_at DESC);

-- case: add_unique_index
-- current
CREATE TABLE member (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE member (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL) STRICT;
CREATE UNIQUE INDEX member_email_uidx ON member (email);

-- case: index_to_unique_index
-- current
CREATE TABLE member (id INTEGER NOT NULL PRIMARY KEY, handle TEXT NOT NULL) STRICT;
CREATE INDEX member_handle_idx ON member (handle);
-- desired
CREATE TABLE member (id INTEGER NOT NULL PRIMARY KEY, handle TEXT NOT NULL) STRICT;
CREATE UNIQUE INDEX member_handle_idx ON member (handle);

-- case: add_partial_index
-- current
CREATE TABLE job (id INTEGER NOT NULL PRIMARY KEY, state TEXT NOT NULL, run_at TEXT) STRICT;
-- desired
CREATE TABLE job (id INTEGER NOT NULL PRIMARY KEY, state TEXT NOT NULL, run_at TEXT) STRICT;
CREATE INDEX job_pending_idx ON job (run_at) WHERE state = 'pending';

-- case: change_partial_index_predicate
-- current
CREATE TABLE job (id INTEGER NOT NULL PRIMARY KEY, state TEXT NOT NULL, run_at TEXT) STRICT;
CREATE INDEX job_pending_idx ON job (run_at) WHERE state = 'pending';
-- desired
CREATE TABLE job (id INTEGER NOT NULL PRIMARY KEY, state TEXT NOT NULL, run_at TEXT) STRICT;
CREATE INDEX job_pending_idx ON job (run_at) WHERE state IN ('pending', 'retry');

-- case: add_partial_unique_index
-- current
CREATE TABLE member (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL, deleted_at TEXT) STRICT;
-- desired
CREATE TABLE member (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL, deleted_at TEXT) STRICT;
CREATE UNIQUE INDEX member_live_email_uidx ON member (email) WHERE deleted_at IS NULL;

-- case: add_expression_index
-- current
CREATE TABLE member (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE member (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL) STRICT;
CREATE UNIQUE INDEX member_email_lower_uidx ON member (lower(email));

-- case: change_index_columns
-- current
CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, customer_id INTEGER, store_id INTEGER) STRICT;
CREATE INDEX orders_lookup_idx ON orders (customer_id);
-- desired
CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, customer_id INTEGER, store_id INTEGER) STRICT;
CREATE INDEX orders_lookup_idx ON orders (store_id, customer_id);

-- case: partial_index_mixed_case
-- current
CREATE TABLE "Task" ("Id" INTEGER NOT NULL PRIMARY KEY, "Done" INTEGER NOT NULL DEFAULT 0, "DueOn" TEXT) STRICT;
-- desired
CREATE TABLE "Task" ("Id" INTEGER NOT NULL PRIMARY KEY, "Done" INTEGER NOT NULL DEFAULT 0, "DueOn" TEXT) STRICT;
CREATE INDEX "Task_open_idx" ON "Task" ("DueOn") WHERE "Done" = 0;

-- case: add_check
-- current
CREATE TABLE product (id INTEGER NOT NULL PRIMARY KEY, price_cents INTEGER NOT NULL) STRICT;
-- desired
CREATE TABLE product (id INTEGER NOT NULL PRIMARY KEY, price_cents INTEGER NOT NULL, CONSTRAINT product_price_check CHECK (price_cents >= 0)) STRICT;

-- case: drop_check
-- current
CREATE TABLE product (id INTEGER NOT NULL PRIMARY KEY, price_cents INTEGER NOT NULL, CONSTRAINT product_price_check CHECK (price_cents >= 0)) STRICT;
-- desired
CREATE TABLE product (id INTEGER NOT NULL PRIMARY KEY, price_cents INTEGER NOT NULL) STRICT;

-- case: change_check
-- current
CREATE TABLE product (id INTEGER NOT NULL PRIMARY KEY, discount INTEGER NOT NULL, CONSTRAINT product_discount_check CHECK (discount BETWEEN 0 AND 50)) STRICT;
-- desired
CREATE TABLE product (id INTEGER NOT NULL PRIMARY KEY, discount INTEGER NOT NULL, CONSTRAINT product_discount_check CHECK (discount BETWEEN 0 AND 90)) STRICT;

-- case: add_multi_column_check
-- current
CREATE TABLE booking (id INTEGER NOT NULL PRIMARY KEY, starts TEXT NOT NULL, ends TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE booking (id INTEGER NOT NULL PRIMARY KEY, starts TEXT NOT NULL, ends TEXT NOT NULL, CONSTRAINT booking_range_check CHECK (ends >= starts)) STRICT;

-- case: add_check_in_list
-- current
CREATE TABLE ticket (id INTEGER NOT NULL PRIMARY KEY, severity TEXT NOT NULL) STRICT;
-- desired
CREATE TABLE ticket (id INTEGER NOT NULL PRIMARY KEY, severity TEXT NOT NULL, CONSTRAINT ticket_severity_check CHECK (severity IN ('low', 'medium', 'high'))) STRICT;

-- case: add_check_length
-- current
CREATE TABLE country (code TEXT NOT NULL PRIMARY KEY) STRICT;
-- desired
CREATE TABLE country (code TEXT NOT NULL PRIMARY KEY CONSTRAINT country_code_check CHECK (length(code) = 2)) STRICT;

-- case: check_mixed_case_columns
-- current
CREATE TABLE "Payment" ("Id" INTEGER NOT NULL PRIMARY KEY, "Amount" INTEGER NOT NULL, "Refunded" INTEGER NOT NULL DEFAULT 0) STRICT;
-- desired
CREATE TABLE "Payment" ("Id" INTEGER NOT NULL PRIMARY KEY, "Amount" INTEGER NOT NULL, "Refunded" INTEGER NOT NULL DEFAULT 0, CONSTRAINT "Payment_refund_check" CHECK ("Refunded" <= "Amount")) STRICT;

-- case: add_foreign_key
-- current
CREATE TABLE author (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE book (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER) STRICT;
-- desired
CREATE TABLE author (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE book (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER CONSTRAINT book_author_fk REFERENCES author (id)) STRICT;

-- case: drop_foreign_key
-- current
CREATE TABLE author (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE book (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER CONSTRAINT book_author_fk REFERENCES author (id)) STRICT;
-- desired
CREATE TABLE author (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE book (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER) STRICT;

-- case: on_delete_cascade_added
-- current
CREATE TABLE author (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE book (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER CONSTRAINT book_author_fk REFERENCES author (id)) STRICT;
-- desired
CREATE TABLE author (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE book (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER CONSTRAINT book_author_fk REFERENCES author (id) ON DELETE CASCADE) STRICT;

-- case: on_delete_cascade_to_set_null
-- current
CREATE TABLE author (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE book (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER CONSTRAINT book_author_fk REFERENCES author (id) ON DELETE CASCADE) STRICT;
-- desired
CREATE TABLE author (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE book (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER CONSTRAINT book_author_fk REFERENCES author (id) ON DELETE SET NULL) STRICT;

-- case: on_update_cascade_added
-- current
CREATE TABLE country (code TEXT NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE city (id INTEGER NOT NULL PRIMARY KEY, country_code TEXT CONSTRAINT city_country_fk REFERENCES country (code)) STRICT;
-- desired
CREATE TABLE country (code TEXT NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE city (id INTEGER NOT NULL PRIMARY KEY, country_code TEXT CONSTRAINT city_country_fk REFERENCES country (code) ON UPDATE CASCADE) STRICT;

-- case: on_update_cascade_dropped
-- current
CREATE TABLE country (code TEXT NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE city (id INTEGER NOT NULL PRIMARY KEY, country_code TEXT CONSTRAINT city_country_fk REFERENCES country (code) ON DELETE CASCADE ON UPDATE CASCADE) STRICT;
-- desired
CREATE TABLE country (code TEXT NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE city (id INTEGER NOT NULL PRIMARY KEY, country_code TEXT CONSTRAINT city_country_fk REFERENCES country (code) ON DELETE CASCADE) STRICT;

-- case: composite_foreign_key
-- current
CREATE TABLE enrolment (student_id INTEGER NOT NULL, course_id INTEGER NOT NULL, PRIMARY KEY (student_id, course_id)) STRICT;
CREATE TABLE grade (id INTEGER NOT NULL PRIMARY KEY, student_id INTEGER NOT NULL, course_id INTEGER NOT NULL, mark INTEGER) STRICT;
-- desired
CREATE TABLE enrolment (student_id INTEGER NOT NULL, course_id INTEGER NOT NULL, PRIMARY KEY (student_id, course_id)) STRICT;
CREATE TABLE grade (id INTEGER NOT NULL PRIMARY KEY, student_id INTEGER NOT NULL, course_id INTEGER NOT NULL, mark INTEGER, CONSTRAINT grade_enrolment_fk FOREIGN KEY (student_id, course_id) REFERENCES enrolment (student_id, course_id) ON DELETE CASCADE) STRICT;

-- case: self_referencing_foreign_key
-- current
CREATE TABLE employee (id INTEGER NOT NULL PRIMARY KEY, manager_id INTEGER) STRICT;
-- desired
CREATE TABLE employee (id INTEGER NOT NULL PRIMARY KEY, manager_id INTEGER CONSTRAINT employee_manager_fk REFERENCES employee (id) ON DELETE SET NULL) STRICT;

-- case: retarget_foreign_key
-- current
CREATE TABLE person (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE company (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE invoice (id INTEGER NOT NULL PRIMARY KEY, party_id INTEGER CONSTRAINT invoice_party_fk REFERENCES person (id)) STRICT;
-- desired
CREATE TABLE person (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE company (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE invoice (id INTEGER NOT NULL PRIMARY KEY, party_id INTEGER CONSTRAINT invoice_party_fk REFERENCES company (id)) STRICT;

-- case: foreign_key_mixed_case
-- current
CREATE TABLE "Customer" ("CustomerId" INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE "Order" ("OrderId" INTEGER NOT NULL PRIMARY KEY, "CustomerId" INTEGER NOT NULL) STRICT;
-- desired
CREATE TABLE "Customer" ("CustomerId" INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE "Order" ("OrderId" INTEGER NOT NULL PRIMARY KEY, "CustomerId" INTEGER NOT NULL CONSTRAINT "FK_Order_Customer" REFERENCES "Customer" ("CustomerId") ON DELETE CASCADE) STRICT;

-- case: add_check_cast_to_text_like
-- current
CREATE TABLE account (id INTEGER NOT NULL PRIMARY KEY, code INTEGER NOT NULL) STRICT;
-- desired
CREATE TABLE account (id INTEGER NOT NULL PRIMARY KEY, code INTEGER NOT NULL, CONSTRAINT account_code_check CHECK (CAST(code AS TEXT) LIKE '1%')) STRICT;

-- case: check_beginning_with_not_and_a_conjunction
-- current
CREATE TABLE reading (id integer PRIMARY KEY, level integer) STRICT;
-- desired
CREATE TABLE reading (id integer PRIMARY KEY, level integer,
                      CONSTRAINT level_sane CHECK (NOT (level > 90) AND level IS NOT NULL OR level = 100)) STRICT;

-- case: foreign_key_naming_its_parent_in_another_case
-- current
CREATE TABLE parent (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE child (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER) STRICT;
-- desired
CREATE TABLE parent (id INTEGER NOT NULL PRIMARY KEY) STRICT;
CREATE TABLE child (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER REFERENCES "Parent" (id)) STRICT;
