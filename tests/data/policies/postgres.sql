-- Row-level security, policies and grants as inspect reads them; {role} is a role the test creates.
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, hidden boolean NOT NULL DEFAULT false);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
ALTER TABLE doc FORCE ROW LEVEL SECURITY;
CREATE POLICY doc_own ON doc USING (owner = current_user) WITH CHECK (owner = current_user AND id > 0);
CREATE POLICY "doc ""hidden""; DROP TABLE doc; --" ON doc AS RESTRICTIVE FOR SELECT TO "{role}", pg_monitor USING (NOT hidden);
CREATE POLICY doc_add ON doc FOR INSERT TO "{role}" WITH CHECK (id < 1000);
CREATE TABLE plain (id integer PRIMARY KEY);
CREATE VIEW doc_ids AS SELECT id FROM doc;
GRANT SELECT, INSERT, UPDATE ON doc TO "{role}";
GRANT SELECT ON doc_ids TO PUBLIC;
GRANT REFERENCES ON plain TO pg_monitor;
