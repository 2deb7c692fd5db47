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

-- case: add_check_abs_operator
-- current
CREATE TABLE ledger (id integer PRIMARY KEY, balance integer NOT NULL);
-- desired
CREATE TABLE ledger (id integer PRIMARY KEY, balance integer NOT NULL, CONSTRAINT ledger_balance_check CHECK (@ balance <= 1000));

-- case: change_check_abs_operand
-- current
CREATE TABLE ledger (id integer PRIMARY KEY, delta integer NOT NULL, CONSTRAINT ledger_delta_check CHECK (@ delta < 10));
-- desired
CREATE TABLE ledger (id integer PRIMARY KEY, delta integer NOT NULL, CONSTRAINT ledger_delta_check CHECK (@ (delta - 5) < 10));

-- case: add_check_text_cast_like
-- current
CREATE TABLE account (id integer PRIMARY KEY, code integer NOT NULL);
-- desired
CREATE TABLE account (id integer PRIMARY KEY, code integer NOT NULL, CONSTRAINT account_code_check CHECK (code::text LIKE '1%'));

-- case: change_check_text_cast_like
-- current
CREATE TABLE account (id integer PRIMARY KEY, code integer NOT NULL, CONSTRAINT account_code_check CHECK (code::text LIKE '1%'));
-- desired
CREATE TABLE account (id integer PRIMARY KEY, code integer NOT NULL, CONSTRAINT account_code_check CHECK (CAST(code AS text) LIKE '2%'));

-- case: add_check_varchar_text_cast
-- current
CREATE TABLE account (id integer PRIMARY KEY, label varchar(20) NOT NULL);
-- desired
CREATE TABLE account (id integer PRIMARY KEY, label varchar(20) NOT NULL, CONSTRAINT account_label_check CHECK (label::text LIKE 'a%' AND label IN ('ab', 'ac')));

-- case: check_beginning_with_not_and_a_conjunction
-- current
CREATE TABLE reading (id integer PRIMARY KEY, level integer);
-- desired
CREATE TABLE reading (id integer PRIMARY KEY, level integer,
                      CONSTRAINT level_sane CHECK (NOT (level > 90) AND level IS NOT NULL OR level = 100));
