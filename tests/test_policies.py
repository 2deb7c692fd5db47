"""Row-level security policies and grants (schema/policies.py, dialects/postgres/policies.py, issue #15).

On real engines: PostgreSQL's script (tests/data/policies/postgres.sql: RLS enabled and forced, a
permissive and a restrictive policy, USING and WITH CHECK, roles, grants on a table and a view, a
hostile policy name) is read by inspect, rendered, applied to an empty database and read again with
no difference; a project migrates a policy that really filters rows for a role that is not the owner,
drift compares it (written otherwise than PostgreSQL prints it) and lists a policy it does not hold;
MariaDB and SQLite list the named degradations and their DDL runs. The differential cases (policy
added, dropped, changed; RLS forced; grant added and revoked) are in
tests/differential/postgres/policies.sql. Roles are cluster-wide: each test makes its own
(sk_role_<uuid>) and drops it after its databases.
"""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from schemakit import dialects
from schemakit.inspect import read_database
from schemakit.schema.build import col, table
from schemakit.schema.diff import diff
from schemakit.schema.model import INTEGER, TEXT, Schema
from schemakit.schema.policies import Grant, Policy
from schemakit.schema.validate import SchemaError, validate
from tests import roundtrip
from tests.conftest import require_server

DATA = Path(__file__).parent / "data" / "policies"
HOSTILE = 'doc "hidden"; DROP TABLE doc; --'


@pytest.fixture
def role():
    """A role of its own on the PostgreSQL server (roles are cluster-wide), dropped after the test's databases."""
    d = dialects.get("postgres")
    server = require_server("postgres")
    name = f"sk_role_{uuid.uuid4().hex[:10]}"
    conn = d.connect(server)
    conn.execute(f'CREATE ROLE "{name}"')
    conn.commit()
    yield name
    conn.execute(f'DROP ROLE IF EXISTS "{name}"')  # the databases granting to it are dropped by then
    conn.commit()
    conn.close()


def _doc(role: str) -> Schema:
    """A table with row-level security, a policy to `role` and a grant to it."""
    return Schema((table("doc", col("id", INTEGER), col("owner", TEXT, null=False), pk="id", row_security=True),),
                  policies=(Policy("doc_own", "doc", roles=(role,), using="(owner = CURRENT_USER)",
                                   check="(owner = CURRENT_USER)"),),
                  grants=(Grant(("INSERT", "SELECT"), "table", "doc", role),))


def test_postgres_reads_policies_and_grants_and_they_round_trip(role, fresh_url):
    d = dialects.get("postgres")
    source, target = fresh_url("postgres"), fresh_url("postgres")
    roundtrip.run_native("postgres", source, (DATA / "postgres.sql").read_text(encoding="utf-8").replace("{role}", role))
    found = read_database(source, (None,), d)
    assert [str(s) for s in found.skipped] == []
    schema = found.schema
    doc = schema.table("doc")
    assert (doc.row_security, doc.force_row_security, schema.table("plain").row_security) == (True, True, False)
    assert {p.name: (p.command, p.permissive, p.roles) for p in schema.policies} == {
        "doc_add": ("INSERT", True, (role,)), "doc_own": ("ALL", True, ("public",)),
        HOSTILE: ("SELECT", False, tuple(sorted(("pg_monitor", role))))}
    assert {p.name: p for p in schema.policies}["doc_own"].check == "((owner = CURRENT_USER) AND (id > 0))"
    assert {(g.kind, g.object, g.role): g.privileges for g in schema.grants} == {
        ("table", "doc", role): ("INSERT", "SELECT", "UPDATE"), ("view", "doc_ids", "public"): ("SELECT",),
        ("table", "plain", "pg_monitor"): ("REFERENCES",)}
    statements, degradations = d.ddl(schema)
    assert degradations == ()
    roundtrip.run_native("postgres", target, d.script(statements))
    again = read_database(target, (None,), d).schema
    assert [c.describe() for c in diff(schema, again)] == []
    assert (again.policies, again.grants) == (schema.policies, schema.grants)


def test_a_policy_filters_rows_for_a_role_that_is_not_the_owner_and_rolls_back(role, fresh_url):
    d = dialects.get("postgres")
    model = _doc(role)
    conn = d.connect(fresh_url("postgres"))
    try:
        for step in d.plan(Schema(), model):
            d.apply(conn, list(step.apply))
        conn.execute(f"INSERT INTO doc VALUES (1, '{role}'), (2, 'someone else')")  # as the owner (a superuser)
        conn.execute(f'SET ROLE "{role}"')
        assert conn.execute("SELECT id FROM doc").fetchall() == [(1,)]
        conn.execute(f"INSERT INTO doc VALUES (3, '{role}')")  # WITH CHECK lets its own row in
        with pytest.raises(Exception, match="row-level security"):
            conn.execute("INSERT INTO doc VALUES (4, 'someone else')")
        conn.rollback()
        for step in reversed(d.plan(Schema(), model)):
            d.apply(conn, list(step.undo))
        assert roundtrip.with_code(d, conn, (None,)) == Schema()
    finally:
        conn.close()


def test_a_project_migrates_a_policy_drift_compares_it_and_lists_one_it_does_not_hold(role, tmp_path, fresh_url):
    from tests.test_init import sk
    from tests.test_migrate import url_text
    url = fresh_url("postgres")
    env = {"DATABASE_URL": url_text(url)}
    sk("init", cwd=tmp_path, check=True)
    schema = tmp_path / "db" / "schema.py"
    tail = (DATA / "project_tail.txt").read_text(encoding="utf-8").replace("{role}", role)
    schema.write_text(schema.read_text().split("\nSYSTEM = ")[0] + tail)
    sk("makemigrations", cwd=tmp_path, check=True)
    sk("migrate", cwd=tmp_path, env=env, check=True)
    # written `owner = current_user`, stored `(owner = CURRENT_USER)`: compared as PostgreSQL stores it
    assert "no drift" in sk("drift", cwd=tmp_path, env=env, check=True).stdout
    conn = dialects.get("postgres").connect(url)
    try:
        conn.execute("CREATE POLICY extra ON doc FOR DELETE USING (false)")
        conn.execute('ALTER POLICY doc_own ON doc USING (true)')
        conn.execute(f'REVOKE INSERT ON doc FROM "{role}"')
        conn.commit()
    finally:
        conn.close()
    out = sk("drift", cwd=tmp_path, env=env)
    assert out.returncode == 1
    assert "policy doc.doc_own: its definition differs from the schema's" in out.stdout
    assert f"missing grant INSERT on table doc to {role}" in out.stdout
    assert "not managed by schemakit: policy doc.extra" in out.stdout
    assert "doc_own" not in out.stdout.split("not managed by schemakit")[-1]


@pytest.mark.parametrize("engine, codes", [("mariadb", ["MY-POLICY", "MY-POLICY", "MY-GRANT"]),
                                           ("sqlite", ["SL-POLICY", "SL-POLICY", "SL-GRANT"])])
def test_elsewhere_each_policy_and_grant_is_a_named_degradation_and_the_ddl_runs(engine, codes, fresh_url):
    d = dialects.get(engine)
    statements, degradations = d.ddl(_doc("reader"))
    assert [g.code for g in degradations] == codes  # row level security, the policy, the grant
    assert [s.sql for s in statements if "doc_own" in s.sql or "reader" in s.sql] == []
    url = fresh_url(engine)
    roundtrip.run_native(engine, url, d.script(statements))
    assert [t.name for t in read_database(url, (None,), d).schema.tables] == ["doc"]


@pytest.mark.parametrize("schema, problem", [
    (Schema((), policies=(Policy("p", "nope"),)), "policy nope.p: the schema has no table nope"),
    (Schema((table("t", col("id", INTEGER)),), policies=(Policy("p", "t", command="MERGE"),)),
     "policy t.p: command 'MERGE' is not one of"),
    (Schema((table("t", col("id", INTEGER)),), grants=(Grant(("SELECT", "INSERT"), "table", "t", "r"),)),
     "grant SELECT, INSERT on table t to r: list the privileges once each, sorted (INSERT, SELECT)"),
    (Schema((), grants=(Grant(("SELECT",), "view", "v", "r"),)), "grant SELECT on view v to r: the schema has no view v"),
])
def test_an_invalid_policy_or_grant_is_one_clear_line(schema, problem):
    with pytest.raises(SchemaError) as e:
        validate(schema)
    assert [p for p in e.value.problems if p.startswith(problem)], e.value.problems


def test_policies_are_created_after_the_views_and_dropped_before_their_table():
    d = dialects.get("postgres")
    model = _doc("reader")
    create = [s.sql for step in d.plan(Schema(), model) for s in step.apply]
    assert create[-2:] == ['CREATE POLICY "doc_own" ON "doc" AS PERMISSIVE FOR ALL TO "reader" '
                           'USING ((owner = CURRENT_USER)) WITH CHECK ((owner = CURRENT_USER))',
                           'GRANT INSERT, SELECT ON TABLE "doc" TO "reader"']
    assert 'ALTER TABLE "doc" ENABLE ROW LEVEL SECURITY' in create
    drop = [s.sql for step in d.plan(model, Schema()) for s in step.apply]
    assert drop[:2] == ['DROP POLICY "doc_own" ON "doc"', 'REVOKE INSERT, SELECT ON TABLE "doc" FROM "reader"']


def test_a_policy_on_a_changed_table_is_planned_around_the_change_and_drift_says_it_once():
    from dataclasses import replace

    from schemakit.schema.diff import drift_lines
    old = _doc("reader")
    wider = replace(old.tables[0], columns=old.tables[0].columns + (col("note", TEXT),))
    new = replace(old, tables=(wider,), policies=(replace(old.policies[0], check=None),))
    kinds = [type(c).__name__ for c in diff(old, new)]
    assert kinds == ["DropPolicy", "AddColumn", "CreatePolicy"]
    assert drift_lines(diff(old, new)) == [diff(old, new)[1].drift(),
                                           "policy doc.doc_own: its definition differs from the schema's"]
    same = replace(old, tables=(wider,))
    assert [type(c).__name__ for c in diff(old, same)] == ["DropPolicy", "AddColumn", "CreatePolicy"]
    assert drift_lines(diff(old, same)) == [diff(old, same)[1].drift()]


def test_a_policy_to_a_role_the_server_lacks_stops_migrate_with_one_line_and_nothing_applied(tmp_path, fresh_url):
    from tests.test_init import sk
    from tests.test_migrate import url_text
    url = fresh_url("postgres")
    sk("init", cwd=tmp_path, check=True)
    schema = tmp_path / "db" / "schema.py"
    tail = (DATA / "project_tail.txt").read_text(encoding="utf-8").replace("{role}", "sk_role_nobody")
    schema.write_text(schema.read_text().split("\nSYSTEM = ")[0] + tail)
    sk("makemigrations", cwd=tmp_path, check=True)
    out = sk("migrate", cwd=tmp_path, env={"DATABASE_URL": url_text(url)})
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and 'role "sk_role_nobody" does not exist' in out.stderr
    conn = dialects.get("postgres").connect(url)
    try:
        assert conn.execute("SELECT count(*) FROM pg_class WHERE relname = 'doc'").fetchone() == (0,)
    finally:
        conn.close()


def test_a_grant_option_is_read_and_a_change_of_it_revokes_and_grants_again(fresh_url):
    from dataclasses import replace

    from schemakit.schema.diff import drift_lines
    d = dialects.get("postgres")
    url = fresh_url("postgres")
    roundtrip.run_native("postgres", url, "CREATE TABLE doc (id integer PRIMARY KEY);\n"
                                          "GRANT SELECT, UPDATE ON doc TO pg_monitor WITH GRANT OPTION;\n"
                                          "GRANT INSERT ON doc TO pg_monitor;")
    live = read_database(url, dialect=d).schema
    (found,) = live.grants
    assert found == Grant(("INSERT", "SELECT", "UPDATE"), "table", "doc", "pg_monitor", grantable=("SELECT", "UPDATE"))
    plain = replace(found, grantable=("UPDATE",))
    changes = diff(Schema(grants=(plain,)), Schema(grants=(found,)))
    assert [(type(c).__name__, c.grant.privileges, c.grant.grantable) for c in changes] == [
        ("RevokePrivileges", ("SELECT",), ()), ("GrantPrivileges", ("SELECT",), ("SELECT",))]
    assert [s.sql for step in d.plan(Schema(), live) for s in step.apply][-2:] == [
        'GRANT INSERT ON TABLE "doc" TO "pg_monitor"',
        'GRANT SELECT, UPDATE ON TABLE "doc" TO "pg_monitor" WITH GRANT OPTION']
    assert drift_lines(changes) == ["missing grant SELECT on table doc to pg_monitor",
                                    "extra grant SELECT on table doc to pg_monitor (with grant option: SELECT)"]
