-- Indexes: added, dropped, changed; multi-column, DESC, partial, expression (PostgreSQL).

-- case: add_index
-- current
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL);
-- desired
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL);
CREATE INDEX orders_customer_idx ON orders (customer_id);

-- case: drop_index
-- current
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL);
CREATE INDEX orders_customer_idx ON orders (customer_id);
-- desired
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL);

-- case: add_multi_column_index
-- current
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL, placed_at timestamptz NOT NULL);
-- desired
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL, placed_at timestamptz NOT NULL);
CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at);

-- case: add_desc_index
-- current
CREATE TABLE post (id integer PRIMARY KEY, published_at timestamptz);
-- desired
CREATE TABLE post (id integer PRIMARY KEY, published_at timestamptz);
CREATE INDEX post_recent_idx ON post (published_at DESC);

-- case: index_asc_to_desc
-- current
CREATE TABLE post (id integer PRIMARY KEY, author_id integer, published_at timestamptz);
CREATE INDEX post_author_idx ON post (author_id, published_at);
-- desired
CREATE TABLE post (id integer PRIMARY KEY, author_id integer, published_at timestamptz);
CREATE INDEX post_author_idx ON post (author_id, published_at DESC);

-- case: add_unique_index
-- current
CREATE TABLE member (id integer PRIMARY KEY, email text NOT NULL);
-- desired
CREATE TABLE member (id integer PRIMARY KEY, email text NOT NULL);
CREATE UNIQUE INDEX member_email_uidx ON member (email);

-- case: index_to_unique_index
-- current
CREATE TABLE member (id integer PRIMARY KEY, handle text NOT NULL);
CREATE INDEX member_handle_idx ON member (handle);
-- desired
CREATE TABLE member (id integer PRIMARY KEY, handle text NOT NULL);
CREATE UNIQUE INDEX member_handle_idx ON member (handle);

-- case: add_partial_index
-- current
CREATE TABLE job (id integer PRIMARY KEY, state text NOT NULL, run_at timestamptz);
-- desired
CREATE TABLE job (id integer PRIMARY KEY, state text NOT NULL, run_at timestamptz);
CREATE INDEX job_pending_idx ON job (run_at) WHERE state = 'pending';

-- case: change_partial_index_predicate
-- current
CREATE TABLE job (id integer PRIMARY KEY, state text NOT NULL, run_at timestamptz);
CREATE INDEX job_pending_idx ON job (run_at) WHERE state = 'pending';
-- desired
CREATE TABLE job (id integer PRIMARY KEY, state text NOT NULL, run_at timestamptz);
CREATE INDEX job_pending_idx ON job (run_at) WHERE state IN ('pending', 'retry');

-- case: add_partial_unique_index
-- current
CREATE TABLE member (id integer PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);
-- desired
CREATE TABLE member (id integer PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);
CREATE UNIQUE INDEX member_live_email_uidx ON member (email) WHERE deleted_at IS NULL;

-- case: add_expression_index
-- current
CREATE TABLE member (id integer PRIMARY KEY, email text NOT NULL);
-- desired
CREATE TABLE member (id integer PRIMARY KEY, email text NOT NULL);
CREATE UNIQUE INDEX member_email_lower_uidx ON member (lower(email));

-- case: change_index_columns
-- current
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, store_id integer);
CREATE INDEX orders_lookup_idx ON orders (customer_id);
-- desired
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, store_id integer);
CREATE INDEX orders_lookup_idx ON orders (store_id, customer_id);

-- case: add_gin_index
-- current
CREATE TABLE doc (id integer PRIMARY KEY, body jsonb NOT NULL);
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, body jsonb NOT NULL);
CREATE INDEX doc_body_gin ON doc USING gin (body);

-- case: partial_index_mixed_case
-- current
CREATE TABLE "Task" ("Id" integer PRIMARY KEY, "Done" boolean NOT NULL DEFAULT false, "DueOn" date);
-- desired
CREATE TABLE "Task" ("Id" integer PRIMARY KEY, "Done" boolean NOT NULL DEFAULT false, "DueOn" date);
CREATE INDEX "Task_open_idx" ON "Task" ("DueOn") WHERE NOT "Done";

-- case: index_comment_added_changed_and_on_a_new_index
-- current
CREATE TABLE item (id integer PRIMARY KEY, code text, price integer);
CREATE INDEX item_code ON item (code);
CREATE INDEX item_price ON item (price);
COMMENT ON INDEX item_price IS 'by price';
-- desired
CREATE TABLE item (id integer PRIMARY KEY, code text, price integer);
CREATE INDEX item_code ON item (code);
COMMENT ON INDEX item_code IS 'by code; it''s "unique" enough';
CREATE INDEX item_price ON item (price);
COMMENT ON INDEX item_price IS 'by price, cheapest first';
CREATE INDEX item_both ON item (id, price);
COMMENT ON INDEX item_both IS 'both';

-- case: index_comment_on_a_new_table
-- current
CREATE TABLE keep (id integer PRIMARY KEY);
-- desired
CREATE TABLE keep (id integer PRIMARY KEY);
CREATE TABLE item (id integer PRIMARY KEY, code text);
CREATE INDEX item_code ON item (code);
COMMENT ON INDEX item_code IS 'by code';

-- case: gist_index_on_integers_needs_btree_gist
-- current
CREATE TABLE changesets (id bigint PRIMARY KEY, min_lat integer, max_lat integer);
-- desired
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE changesets (id bigint PRIMARY KEY, min_lat integer, max_lat integer);
CREATE INDEX changesets_bbox_idx ON changesets USING gist (min_lat, max_lat);
