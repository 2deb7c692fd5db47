-- Enum types (CREATE TYPE ... AS ENUM), comments and schemas (PostgreSQL).

-- case: enum_add_value_at_end
-- current
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE orders (id integer PRIMARY KEY, status order_status NOT NULL DEFAULT 'new');
-- desired
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled');
CREATE TABLE orders (id integer PRIMARY KEY, status order_status NOT NULL DEFAULT 'new');

-- case: enum_add_value_in_middle
-- current
CREATE TYPE order_status AS ENUM ('new', 'shipped');
CREATE TABLE orders (id integer PRIMARY KEY, status order_status NOT NULL);
-- desired
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE orders (id integer PRIMARY KEY, status order_status NOT NULL);

-- case: enum_new_type_and_column
-- current
CREATE TABLE ticket (id integer PRIMARY KEY);
-- desired
CREATE TYPE ticket_priority AS ENUM ('low', 'normal', 'urgent');
CREATE TABLE ticket (id integer PRIMARY KEY, priority ticket_priority NOT NULL DEFAULT 'normal');

-- case: enum_column_dropped_with_type
-- current
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE person (id integer PRIMARY KEY, current_mood mood);
-- desired
CREATE TABLE person (id integer PRIMARY KEY);

-- case: text_to_enum
-- current
CREATE TABLE orders (id integer PRIMARY KEY, status text NOT NULL);
-- desired
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE orders (id integer PRIMARY KEY, status order_status NOT NULL);

-- case: add_table_comment
-- current
CREATE TABLE customer (id integer PRIMARY KEY);
-- desired
CREATE TABLE customer (id integer PRIMARY KEY);
COMMENT ON TABLE customer IS 'People and companies we invoice';

-- case: change_table_comment
-- current
CREATE TABLE customer (id integer PRIMARY KEY);
COMMENT ON TABLE customer IS 'Customers';
-- desired
CREATE TABLE customer (id integer PRIMARY KEY);
COMMENT ON TABLE customer IS 'Customers (B2B and B2C)';

-- case: drop_table_comment
-- current
CREATE TABLE customer (id integer PRIMARY KEY);
COMMENT ON TABLE customer IS 'Customers';
-- desired
CREATE TABLE customer (id integer PRIMARY KEY);

-- case: add_column_comment
-- current
CREATE TABLE customer (id integer PRIMARY KEY, vat_no text);
-- desired
CREATE TABLE customer (id integer PRIMARY KEY, vat_no text);
COMMENT ON COLUMN customer.vat_no IS 'EU VAT number, with country prefix';

-- case: change_column_comment
-- current
CREATE TABLE customer (id integer PRIMARY KEY, vat_no text);
COMMENT ON COLUMN customer.vat_no IS 'VAT number';
-- desired
CREATE TABLE customer (id integer PRIMARY KEY, vat_no text);
COMMENT ON COLUMN customer.vat_no IS 'EU VAT number, with country prefix';

-- case: table_in_schema_added
-- namespaces: billing
-- current
CREATE SCHEMA billing;
CREATE TABLE billing.invoice (id integer PRIMARY KEY);
-- desired
CREATE SCHEMA billing;
CREATE TABLE billing.invoice (id integer PRIMARY KEY);
CREATE TABLE billing.payment (id integer PRIMARY KEY, invoice_id integer NOT NULL REFERENCES billing.invoice (id), amount numeric(12,2) NOT NULL);

-- case: column_in_schema_retyped
-- namespaces: billing
-- current
CREATE SCHEMA billing;
CREATE TABLE billing.invoice (id integer PRIMARY KEY, number varchar(20) NOT NULL);
-- desired
CREATE SCHEMA billing;
CREATE TABLE billing.invoice (id integer PRIMARY KEY, number varchar(40) NOT NULL);

-- case: cross_schema_foreign_key
-- namespaces: billing
-- current
CREATE SCHEMA billing;
CREATE TABLE customer (id integer PRIMARY KEY);
CREATE TABLE billing.invoice (id integer PRIMARY KEY, customer_id integer NOT NULL);
-- desired
CREATE SCHEMA billing;
CREATE TABLE customer (id integer PRIMARY KEY);
CREATE TABLE billing.invoice (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES public.customer (id));

-- case: enum_in_schema_value_added
-- namespaces: billing
-- current
CREATE SCHEMA billing;
CREATE TYPE billing.invoice_state AS ENUM ('draft', 'sent');
CREATE TABLE billing.invoice (id integer PRIMARY KEY, state billing.invoice_state NOT NULL);
-- desired
CREATE SCHEMA billing;
CREATE TYPE billing.invoice_state AS ENUM ('draft', 'sent', 'paid');
CREATE TABLE billing.invoice (id integer PRIMARY KEY, state billing.invoice_state NOT NULL);

-- case: comments_in_a_schema_without_tables
-- current
CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE DOMAIN handle AS text CHECK (VALUE <> '');
CREATE FUNCTION ping() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
-- desired
CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE DOMAIN handle AS text CHECK (VALUE <> '');
CREATE FUNCTION ping() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
COMMENT ON TYPE mood IS 'how the desk feels';
COMMENT ON DOMAIN handle IS 'a non-empty login';
COMMENT ON FUNCTION ping() IS 'always one';

-- case: commented_enum_replaced_by_another
-- current
CREATE TYPE order_state AS ENUM ('pending', 'shipped');
COMMENT ON TYPE order_state IS 'order lifecycle';
-- desired
CREATE TYPE order_status AS ENUM ('pending', 'shipped');
COMMENT ON TYPE order_status IS 'order lifecycle';

-- case: constraint_comments_added
-- current
CREATE TABLE customer (id integer PRIMARY KEY, email text CONSTRAINT customer_email_key UNIQUE,
  age integer CONSTRAINT customer_age_check CHECK (age >= 0));
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer CONSTRAINT orders_customer_fkey REFERENCES customer (id),
  during tsrange, CONSTRAINT orders_no_overlap EXCLUDE USING gist (during WITH &&));
-- desired
CREATE TABLE customer (id integer PRIMARY KEY, email text CONSTRAINT customer_email_key UNIQUE,
  age integer CONSTRAINT customer_age_check CHECK (age >= 0));
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer CONSTRAINT orders_customer_fkey REFERENCES customer (id),
  during tsrange, CONSTRAINT orders_no_overlap EXCLUDE USING gist (during WITH &&));
COMMENT ON CONSTRAINT customer_pkey ON customer IS 'one row per customer';
COMMENT ON CONSTRAINT customer_email_key ON customer IS 'one account per address';
COMMENT ON CONSTRAINT customer_age_check ON customer IS 'no negative ages';
COMMENT ON CONSTRAINT orders_customer_fkey ON orders IS 'who ordered';
COMMENT ON CONSTRAINT orders_no_overlap ON orders IS 'one order at a time';

-- case: constraint_comments_changed
-- current
CREATE TABLE customer (id integer PRIMARY KEY, email text CONSTRAINT customer_email_key UNIQUE,
  age integer CONSTRAINT customer_age_check CHECK (age >= 0));
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer CONSTRAINT orders_customer_fkey REFERENCES customer (id));
COMMENT ON CONSTRAINT customer_pkey ON customer IS 'one row per customer';
COMMENT ON CONSTRAINT customer_email_key ON customer IS 'one account per address';
COMMENT ON CONSTRAINT customer_age_check ON customer IS 'no negative ages';
COMMENT ON CONSTRAINT orders_customer_fkey ON orders IS 'who ordered';
-- desired
CREATE TABLE customer (id integer PRIMARY KEY, email text CONSTRAINT customer_email_key UNIQUE,
  age integer CONSTRAINT customer_age_check CHECK (age >= 0));
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer CONSTRAINT orders_customer_fkey REFERENCES customer (id));
COMMENT ON CONSTRAINT customer_pkey ON customer IS 'the customer number';
COMMENT ON CONSTRAINT customer_email_key ON customer IS 'one account per e-mail address';
COMMENT ON CONSTRAINT customer_age_check ON customer IS 'ages are never negative';
COMMENT ON CONSTRAINT orders_customer_fkey ON orders IS 'the customer who ordered';

-- case: constraint_comments_dropped
-- current
CREATE TABLE customer (id integer PRIMARY KEY, email text CONSTRAINT customer_email_key UNIQUE,
  age integer CONSTRAINT customer_age_check CHECK (age >= 0));
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer CONSTRAINT orders_customer_fkey REFERENCES customer (id));
COMMENT ON CONSTRAINT customer_pkey ON customer IS 'one row per customer';
COMMENT ON CONSTRAINT customer_email_key ON customer IS 'one account per address';
COMMENT ON CONSTRAINT customer_age_check ON customer IS 'no negative ages';
COMMENT ON CONSTRAINT orders_customer_fkey ON orders IS 'who ordered';
-- desired
CREATE TABLE customer (id integer PRIMARY KEY, email text CONSTRAINT customer_email_key UNIQUE,
  age integer CONSTRAINT customer_age_check CHECK (age >= 0));
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer CONSTRAINT orders_customer_fkey REFERENCES customer (id));

-- case: commented_constraints_created_with_their_tables
-- current
CREATE TABLE customer (id integer PRIMARY KEY);
-- desired
CREATE TABLE customer (id integer PRIMARY KEY, email text CONSTRAINT customer_email_key UNIQUE);
COMMENT ON CONSTRAINT customer_email_key ON customer IS 'one account per address';
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer CONSTRAINT orders_customer_fkey REFERENCES customer (id));
COMMENT ON CONSTRAINT orders_pkey ON orders IS 'the order number';
COMMENT ON CONSTRAINT orders_customer_fkey ON orders IS 'who ordered';

-- case: commented_check_changed_keeps_its_comment
-- current
CREATE TABLE item (id integer PRIMARY KEY, qty integer CONSTRAINT item_qty_check CHECK (qty > 0));
COMMENT ON CONSTRAINT item_qty_check ON item IS 'at least one';
-- desired
CREATE TABLE item (id integer PRIMARY KEY, qty integer CONSTRAINT item_qty_check CHECK (qty >= 1 AND qty < 100));
COMMENT ON CONSTRAINT item_qty_check ON item IS 'one to ninety-nine';

-- case: commented_primary_key_moved
-- current
CREATE TABLE item (id integer PRIMARY KEY, code text NOT NULL);
COMMENT ON CONSTRAINT item_pkey ON item IS 'by number';
-- desired
CREATE TABLE item (id integer NOT NULL, code text PRIMARY KEY);
COMMENT ON CONSTRAINT item_pkey ON item IS 'by code';

-- case: constraint_comment_hostile_name_and_text
-- current
CREATE TABLE "Odd ""Table" (id integer PRIMARY KEY, n integer CONSTRAINT "it's ""odd"" \ n" CHECK (n > 0));
-- desired
CREATE TABLE "Odd ""Table" (id integer PRIMARY KEY, n integer CONSTRAINT "it's ""odd"" \ n" CHECK (n > 0));
COMMENT ON CONSTRAINT "it's ""odd"" \ n" ON "Odd ""Table" IS E'a quote '' a backslash \\ a newline\n and "double" quotes';
