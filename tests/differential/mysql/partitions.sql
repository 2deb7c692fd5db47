-- Partition changes (issue #14, MariaDB): RANGE COLUMNS with arbitrary bounds and MAXVALUE, LIST COLUMNS
-- with a DEFAULT partition, HASH and KEY. Appended RANGE or LIST partitions are added (ADD PARTITION);
-- any other change rebuilds with PARTITION BY.

-- case: range_columns_partition_appended
-- current
CREATE TABLE stock_move (id bigint NOT NULL, moved_on date NOT NULL, PRIMARY KEY (id, moved_on))
PARTITION BY RANGE COLUMNS(moved_on) (
  PARTITION p2022 VALUES LESS THAN ('2023-01-01'),
  PARTITION p2023 VALUES LESS THAN ('2024-01-01'));
-- desired
CREATE TABLE stock_move (id bigint NOT NULL, moved_on date NOT NULL, PRIMARY KEY (id, moved_on))
PARTITION BY RANGE COLUMNS(moved_on) (
  PARTITION p2022 VALUES LESS THAN ('2023-01-01'),
  PARTITION p2023 VALUES LESS THAN ('2024-01-01'),
  PARTITION pmax VALUES LESS THAN (MAXVALUE));

-- case: range_columns_bound_moved
-- current
CREATE TABLE post (id bigint NOT NULL PRIMARY KEY) PARTITION BY RANGE COLUMNS(id) (
  PARTITION post_first VALUES LESS THAN (1000), PARTITION post_rest VALUES LESS THAN (MAXVALUE));
-- desired
CREATE TABLE post (id bigint NOT NULL PRIMARY KEY) PARTITION BY RANGE COLUMNS(id) (
  PARTITION post_first VALUES LESS THAN (5000), PARTITION post_rest VALUES LESS THAN (MAXVALUE));

-- case: range_on_an_integer_column
-- current
CREATE TABLE ledger (id int NOT NULL PRIMARY KEY) PARTITION BY RANGE (id) (
  PARTITION l1 VALUES LESS THAN (100));
-- desired
CREATE TABLE ledger (id int NOT NULL PRIMARY KEY) PARTITION BY RANGE (id) (
  PARTITION l1 VALUES LESS THAN (100), PARTITION l2 VALUES LESS THAN (200));

-- case: list_columns_partition_appended
-- current
CREATE TABLE invoice (region varchar(16) NOT NULL, id bigint NOT NULL, PRIMARY KEY (region, id))
PARTITION BY LIST COLUMNS(region) (PARTITION eu VALUES IN ('eu-west', 'eu-central'));
-- desired
CREATE TABLE invoice (region varchar(16) NOT NULL, id bigint NOT NULL, PRIMARY KEY (region, id))
PARTITION BY LIST COLUMNS(region) (PARTITION eu VALUES IN ('eu-west', 'eu-central'), PARTITION us VALUES IN ('us-east'));

-- case: list_default_partition_added
-- current
CREATE TABLE invoice (region varchar(16) NOT NULL, id bigint NOT NULL, PRIMARY KEY (region, id))
PARTITION BY LIST COLUMNS(region) (PARTITION eu VALUES IN ('eu-west'));
-- desired
CREATE TABLE invoice (region varchar(16) NOT NULL, id bigint NOT NULL, PRIMARY KEY (region, id))
PARTITION BY LIST COLUMNS(region) (PARTITION eu VALUES IN ('eu-west'), PARTITION other DEFAULT);

-- case: hash_partitions_added
-- current
CREATE TABLE usage_event (account_id bigint NOT NULL, event_id bigint NOT NULL, PRIMARY KEY (account_id, event_id))
PARTITION BY HASH (account_id) (PARTITION h0, PARTITION h1);
-- desired
CREATE TABLE usage_event (account_id bigint NOT NULL, event_id bigint NOT NULL, PRIMARY KEY (account_id, event_id))
PARTITION BY HASH (account_id) (PARTITION h0, PARTITION h1, PARTITION h2, PARTITION h3);

-- case: key_partitioning_of_a_text_column
-- current
CREATE TABLE session (token varchar(40) NOT NULL PRIMARY KEY);
-- desired
CREATE TABLE session (token varchar(40) NOT NULL PRIMARY KEY) PARTITION BY KEY (token) (PARTITION a, PARTITION b);

-- case: range_to_list
-- current
CREATE TABLE ledger (k int NOT NULL) PARTITION BY RANGE COLUMNS(k) (PARTITION low VALUES LESS THAN (10));
-- desired
CREATE TABLE ledger (k int NOT NULL) PARTITION BY LIST COLUMNS(k) (PARTITION low VALUES IN (1, 2, 3));
