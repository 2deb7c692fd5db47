-- Partition changes (issue #14): RANGE with arbitrary bounds and MINVALUE/MAXVALUE/DEFAULT, LIST, HASH,
-- a partitioned table with no partitions yet. Only the partitions that change are dropped and created.

-- case: range_partition_appended
-- current
CREATE TABLE stock_move (id bigint NOT NULL, moved_on date NOT NULL, qty integer NOT NULL, PRIMARY KEY (id, moved_on))
  PARTITION BY RANGE (moved_on);
CREATE TABLE p2022 PARTITION OF stock_move FOR VALUES FROM (MINVALUE) TO ('2023-01-01');
CREATE TABLE p2023 PARTITION OF stock_move FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
-- desired
CREATE TABLE stock_move (id bigint NOT NULL, moved_on date NOT NULL, qty integer NOT NULL, PRIMARY KEY (id, moved_on))
  PARTITION BY RANGE (moved_on);
CREATE TABLE p2022 PARTITION OF stock_move FOR VALUES FROM (MINVALUE) TO ('2023-01-01');
CREATE TABLE p2023 PARTITION OF stock_move FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE pmax PARTITION OF stock_move FOR VALUES FROM ('2024-01-01') TO (MAXVALUE);

-- case: range_bound_moved
-- current
CREATE TABLE post (id bigint NOT NULL PRIMARY KEY, body text) PARTITION BY RANGE (id);
CREATE TABLE post_first PARTITION OF post FOR VALUES FROM (0) TO (1000);
CREATE TABLE post_rest PARTITION OF post FOR VALUES FROM (1000) TO (MAXVALUE);
-- desired
CREATE TABLE post (id bigint NOT NULL PRIMARY KEY, body text) PARTITION BY RANGE (id);
CREATE TABLE post_first PARTITION OF post FOR VALUES FROM (0) TO (5000);
CREATE TABLE post_rest PARTITION OF post FOR VALUES FROM (5000) TO (MAXVALUE);

-- case: range_default_added
-- current
CREATE TABLE payment (id integer NOT NULL, paid_at timestamp NOT NULL, PRIMARY KEY (paid_at, id)) PARTITION BY RANGE (paid_at);
CREATE TABLE payment_2022 PARTITION OF payment FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
-- desired
CREATE TABLE payment (id integer NOT NULL, paid_at timestamp NOT NULL, PRIMARY KEY (paid_at, id)) PARTITION BY RANGE (paid_at);
CREATE TABLE payment_2022 PARTITION OF payment FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
CREATE TABLE payment_default PARTITION OF payment DEFAULT;

-- case: list_values_changed
-- current
CREATE TABLE invoice (region text NOT NULL, id bigint NOT NULL, PRIMARY KEY (region, id)) PARTITION BY LIST (region);
CREATE TABLE invoice_eu PARTITION OF invoice FOR VALUES IN ('eu-west');
CREATE TABLE invoice_us PARTITION OF invoice FOR VALUES IN ('us-east', 'us-west');
-- desired
CREATE TABLE invoice (region text NOT NULL, id bigint NOT NULL, PRIMARY KEY (region, id)) PARTITION BY LIST (region);
CREATE TABLE invoice_eu PARTITION OF invoice FOR VALUES IN ('eu-west', 'eu-central');
CREATE TABLE invoice_us PARTITION OF invoice FOR VALUES IN ('us-east', 'us-west');
CREATE TABLE invoice_other PARTITION OF invoice DEFAULT;

-- case: hash_modulus_changed
-- current
CREATE TABLE usage_event (account_id bigint NOT NULL, event_id bigint NOT NULL, PRIMARY KEY (account_id, event_id))
  PARTITION BY HASH (account_id);
CREATE TABLE usage_event_0 PARTITION OF usage_event FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE usage_event_1 PARTITION OF usage_event FOR VALUES WITH (MODULUS 2, REMAINDER 1);
-- desired
CREATE TABLE usage_event (account_id bigint NOT NULL, event_id bigint NOT NULL, PRIMARY KEY (account_id, event_id))
  PARTITION BY HASH (account_id);
CREATE TABLE usage_event_0 PARTITION OF usage_event FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE usage_event_1 PARTITION OF usage_event FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE usage_event_2 PARTITION OF usage_event FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE usage_event_3 PARTITION OF usage_event FOR VALUES WITH (MODULUS 4, REMAINDER 3);

-- case: first_partition_of_an_empty_partitioned_table
-- current
CREATE TABLE moderation_log (at timestamptz NOT NULL, action text NOT NULL) PARTITION BY RANGE (at);
-- desired
CREATE TABLE moderation_log (at timestamptz NOT NULL, action text NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE moderation_log_2026 PARTITION OF moderation_log FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');

-- case: range_to_list
-- expect: diverges: PostgreSQL cannot change a partitioning method in place: a rebuild written by hand
-- current
CREATE TABLE ledger (k integer NOT NULL) PARTITION BY RANGE (k);
CREATE TABLE ledger_low PARTITION OF ledger FOR VALUES FROM (MINVALUE) TO (10);
-- desired
CREATE TABLE ledger (k integer NOT NULL) PARTITION BY LIST (k);
CREATE TABLE ledger_low PARTITION OF ledger FOR VALUES IN (1, 2, 3);
