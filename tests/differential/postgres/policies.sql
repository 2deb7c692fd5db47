-- Row-level security policies and grants to roles (PostgreSQL). Roles are cluster-wide: the cases
-- grant to PUBLIC and to pg_monitor, a role every PostgreSQL 15 server has.

-- case: policy_added_with_row_security
-- current
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL);
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_own ON doc USING (owner = current_user) WITH CHECK (owner = current_user);

-- case: policy_dropped_row_security_kept
-- current
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_own ON doc USING (owner = current_user);
CREATE POLICY "doc ""read""" ON doc FOR SELECT TO pg_monitor USING (true);
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_own ON doc USING (owner = current_user);

-- case: policy_changed_restrictive
-- current
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, hidden boolean NOT NULL DEFAULT false);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_visible ON doc FOR SELECT USING (NOT hidden);
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, hidden boolean NOT NULL DEFAULT false);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_visible ON doc AS RESTRICTIVE FOR SELECT TO pg_monitor USING (NOT hidden AND id > 0);

-- case: row_security_forced
-- current
CREATE TABLE doc (id integer PRIMARY KEY);
-- desired
CREATE TABLE doc (id integer PRIMARY KEY);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
ALTER TABLE doc FORCE ROW LEVEL SECURITY;

-- case: grant_added_and_widened
-- current
CREATE TABLE doc (id integer PRIMARY KEY);
CREATE VIEW doc_ids AS SELECT id FROM doc;
GRANT SELECT ON doc TO PUBLIC;
-- desired
CREATE TABLE doc (id integer PRIMARY KEY);
CREATE VIEW doc_ids AS SELECT id FROM doc;
GRANT SELECT, INSERT, UPDATE ON doc TO PUBLIC;
GRANT SELECT ON doc_ids TO pg_monitor;

-- case: grant_revoked_with_its_table_dropped
-- current
CREATE TABLE doc (id integer PRIMARY KEY);
CREATE TABLE gone (id integer PRIMARY KEY);
ALTER TABLE gone ENABLE ROW LEVEL SECURITY;
CREATE POLICY gone_all ON gone USING (id > 0);
GRANT SELECT ON gone TO PUBLIC;
GRANT DELETE ON doc TO pg_monitor;
-- desired
CREATE TABLE doc (id integer PRIMARY KEY);

-- case: grant_kept_on_a_view_created_again
-- current
CREATE TABLE doc (id integer PRIMARY KEY, title text);
CREATE VIEW doc_list AS SELECT id FROM doc;
GRANT SELECT ON doc_list TO PUBLIC;
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, title text);
CREATE VIEW doc_list AS SELECT id, title FROM doc;
GRANT SELECT ON doc_list TO PUBLIC;

-- case: grant_kept_on_a_view_around_its_table_change
-- current
CREATE TABLE doc (id integer PRIMARY KEY, title varchar(20));
CREATE VIEW doc_titles AS SELECT title FROM doc;
GRANT SELECT ON doc_titles TO pg_monitor;
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, title varchar(80));
CREATE VIEW doc_titles AS SELECT title FROM doc;
GRANT SELECT ON doc_titles TO pg_monitor;

-- case: policy_changed_with_the_column_it_used_dropped
-- current
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, hidden boolean NOT NULL DEFAULT false);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_visible ON doc FOR SELECT USING (NOT hidden);
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_visible ON doc FOR SELECT USING (owner = current_user);

-- case: policy_kept_around_its_column_retyped
-- current
CREATE TABLE doc (id integer PRIMARY KEY, owner varchar(20) NOT NULL);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_own ON doc USING (owner = current_user);
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_own ON doc USING (owner = current_user);

-- case: grant_given_with_grant_option
-- current
CREATE TABLE doc (id integer PRIMARY KEY);
GRANT SELECT ON doc TO pg_monitor;
-- desired
CREATE TABLE doc (id integer PRIMARY KEY);
GRANT SELECT, UPDATE ON doc TO pg_monitor WITH GRANT OPTION;
GRANT INSERT ON doc TO pg_monitor;
