-- CHECK constraints added, dropped and changed (PostgreSQL).

-- case: add_check
-- current
CREATE TABLE product (id integer PRIMARY KEY, price numeric(10,2) NOT NULL);
-- desired
CREATE TABLE product (id integer PRIMARY KEY, price numeric(10,2) NOT NULL, CONSTRAINT product_price_check CHECK (price >= 0));

-- case: drop_check
-- current
CREATE TABLE product (id integer PRIMARY KEY, price numeric(10,2) NOT NULL CHECK (price >= 0));
-- desired
CREATE TABLE product (id integer PRIMARY KEY, price numeric(10,2) NOT NULL);

-- case: change_check
-- current
CREATE TABLE product (id integer PRIMARY KEY, discount integer NOT NULL, CONSTRAINT product_discount_check CHECK (discount BETWEEN 0 AND 50));
-- desired
CREATE TABLE product (id integer PRIMARY KEY, discount integer NOT NULL, CONSTRAINT product_discount_check CHECK (discount BETWEEN 0 AND 90));

-- case: add_multi_column_check
-- current
CREATE TABLE booking (id integer PRIMARY KEY, starts date NOT NULL, ends date NOT NULL);
-- desired
CREATE TABLE booking (id integer PRIMARY KEY, starts date NOT NULL, ends date NOT NULL, CONSTRAINT booking_range_check CHECK (ends >= starts));

-- case: add_check_in_list
-- current
CREATE TABLE ticket (id integer PRIMARY KEY, severity text NOT NULL);
-- desired
CREATE TABLE ticket (id integer PRIMARY KEY, severity text NOT NULL, CONSTRAINT ticket_severity_check CHECK (severity IN ('low', 'medium', 'high')));

-- case: add_check_regex
-- current
CREATE TABLE member (id integer PRIMARY KEY, handle text NOT NULL);
-- desired
CREATE TABLE member (id integer PRIMARY KEY, handle text NOT NULL, CONSTRAINT member_handle_check CHECK (handle ~ '^[a-z0-9_]+$'));

-- case: add_check_not_regex
-- current
CREATE TABLE member (id integer PRIMARY KEY, handle text NOT NULL);
-- desired
CREATE TABLE member (id integer PRIMARY KEY, handle text NOT NULL, CONSTRAINT member_handle_spaces_check CHECK (handle !~ '\s'));

-- case: add_check_length
-- current
CREATE TABLE country (code text PRIMARY KEY);
-- desired
CREATE TABLE country (code text PRIMARY KEY CONSTRAINT country_code_check CHECK (length(code) = 2));

-- case: check_mixed_case_columns
-- current
CREATE TABLE "Payment" ("Id" integer PRIMARY KEY, "Amount" numeric(10,2) NOT NULL, "Refunded" numeric(10,2) NOT NULL DEFAULT 0);
-- desired
CREATE TABLE "Payment" ("Id" integer PRIMARY KEY, "Amount" numeric(10,2) NOT NULL, "Refunded" numeric(10,2) NOT NULL DEFAULT 0, CONSTRAINT "Payment_refund_check" CHECK ("Refunded" <= "Amount"));

-- case: check_with_null_test
-- current
CREATE TABLE shipment (id integer PRIMARY KEY, shipped_at timestamptz, carrier text);
-- desired
CREATE TABLE shipment (id integer PRIMARY KEY, shipped_at timestamptz, carrier text, CONSTRAINT shipment_carrier_check CHECK (shipped_at IS NULL OR carrier IS NOT NULL));
