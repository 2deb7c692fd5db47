"""Tenant ids (`schemakit ddl SYSTEM --project ID`): a hostile id is refused with one line and never reaches
SQL; an integer or a UUID id gives DDL that runs on the engine."""
from __future__ import annotations

import sqlite3

import pytest

from schemakit.cli import _one_line
from schemakit.schema.model import Tenancy, TenantError
from tests.data.tenant_ids import ACCEPTED, REFUSED
from tests.incli import cli

ENGINES = ("postgres", "mysql", "sqlite")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("tenant,why", REFUSED, ids=[w for _, w in REFUSED])
def test_a_hostile_tenant_id_is_refused_with_one_line_and_no_sql(engine, tenant, why):
    proc = cli("ddl", "contentgen", "--dialect", engine, "--project", tenant)
    assert (proc.returncode, proc.stdout) == (2, ""), why
    assert proc.stderr.startswith(f"schemakit: tenant id {tenant!r}: ") and proc.stderr.count("\n") == 1, proc.stderr


@pytest.mark.parametrize("tenant", ACCEPTED)
def test_an_integer_or_uuid_tenant_id_makes_a_namespace(tenant):
    assert Tenancy("project_", ()).namespace(tenant) == f"project_{tenant}"


@pytest.mark.parametrize("tenant", [True, -3, 1.5, None])
def test_a_tenant_id_of_another_type_is_refused(tenant):
    with pytest.raises(TenantError):
        Tenancy("project_", ()).namespace(tenant)


def test_the_ddl_of_a_uuid_tenant_runs_on_sqlite(tmp_path):
    tenant = ACCEPTED[2]
    proc = cli("ddl", "contentgen", "--dialect", "sqlite", "--project", tenant, check=True)
    conn = sqlite3.connect(tmp_path / "main.db")
    try:
        with pytest.MonkeyPatch.context() as mp:  # the script attaches the tenant's file relative to the working folder
            mp.chdir(tmp_path)
            conn.executescript(proc.stdout)
        tables = conn.execute(f'SELECT name FROM "project_{tenant}".sqlite_schema WHERE type = \'table\'').fetchall()
    finally:
        conn.close()
    assert ("contents",) in tables


def test_a_degradation_line_stays_one_sql_comment_line():
    assert _one_line("t.\"a\nDROP TABLE x;\r\x00\".c") == "t.\"a\\nDROP TABLE x;\\r\\x00\".c"
