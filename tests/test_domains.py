"""Domains (schema/domains.py): one named type with rules, the same rows accepted on every engine.

PostgreSQL creates the domain (CREATE DOMAIN) and reports a value it refuses by the domain's
constraint; MariaDB and SQLite hold the rules on each column (MY-DOMAIN, SL-DOMAIN). The checks
runner proves every engine gives each row the oracle's verdict; the planner's ALTER DOMAIN and its
refusal of a new base type are asserted here, the convergence of domain changes in the differential
suite (tests/differential/postgres/domains.sql).
"""
from __future__ import annotations

import pytest

from schemakit import dialects
from schemakit.checks.report import matrix
from schemakit.checks.runner import Plan, run
from schemakit.dialects.base import PlanError
from schemakit.schema import codegen
from schemakit.schema.build import check, col, domain, table
from schemakit.schema.domains import inline_domains
from schemakit.schema.model import INTEGER, BIGINT, Schema, domain_type, lit, varchar
from schemakit.schema.validate import validate

POSITIVE = domain("positive", INTEGER, check("positive_check", "VALUE > 0"), null=False, default=lit(1))
PERCENT = domain("percent", domain_type(POSITIVE), check("at_most_100", "VALUE <= 100"))
CODE = domain("Short Code", varchar(8), check("not_zz", "VALUE <> 'zz'"), check("not_one", "length(VALUE) > 1"))
SCHEMA = Schema((
    table("stock", col("id", INTEGER), col("qty", domain_type(POSITIVE)), col("spare", domain_type(POSITIVE)),
          col("code", domain_type(CODE), null=False), col("alt", domain_type(CODE)), pk="id"),
    table("bin", col("id", INTEGER), col("qty", domain_type(POSITIVE)), col("fill", domain_type(PERCENT)), pk="id"),
))


def test_the_oracle_gives_every_engine_s_verdict_on_domain_columns(schemakit_engines):
    engines = schemakit_engines(validate(SCHEMA, dialects.identifier_limit()))
    tally = run(engines, plan=Plan(examples=12), title="domains")
    print(matrix(tally))
    assert not tally.disagreements
    tried = {(line.table, line.constraint) for line in tally.lines.values() if line.tried}
    # each domain CHECK of each column was broken on purpose, and each domain NOT NULL
    assert {("stock", "stock_qty_positive_check"), ("stock", "stock_spare_positive_check"),
            ("stock", "stock_code_not_zz"), ("stock", "stock_alt_not_one"),
            ("bin", "bin_qty_positive_check"), ("stock", "stock.qty"),
            ("bin", "bin_fill_positive_check"), ("bin", "bin_fill_at_most_100"), ("bin", "bin.fill")} <= tried


def test_engines_without_domains_hold_its_rules_on_the_column_and_say_so():
    for engine, code in (("mysql", "MY-DOMAIN"), ("sqlite", "SL-DOMAIN")):
        lowered = dialects.get(engine).lower(SCHEMA)
        assert lowered.schema == dialects.get(engine).lower(inline_domains(SCHEMA)).schema
        noted = {(g.code, g.table, g.subject) for g in lowered.degradations if g.code == code}
        assert noted == {(code, "stock", "qty"), (code, "stock", "spare"), (code, "stock", "code"),
                         (code, "stock", "alt"), (code, "bin", "qty"), (code, "bin", "fill")}
        qty = lowered.schema.table("stock").column("qty")
        assert (qty.type.domain, qty.nullable, qty.default) == (None, False, lit(1))
    statements, notes = dialects.get("postgres").ddl(SCHEMA)
    assert not [g for g in notes if "DOMAIN" in g.code]
    created = [s.sql for s in statements if s.sql.startswith("CREATE DOMAIN")]
    assert created == [
        'CREATE DOMAIN "positive" AS INTEGER DEFAULT 1 NOT NULL CONSTRAINT "positive_check" CHECK (VALUE > 0)',
        'CREATE DOMAIN "Short Code" AS VARCHAR(8) CONSTRAINT "not_zz" CHECK (VALUE <> \'zz\') '
        'CONSTRAINT "not_one" CHECK (LENGTH(VALUE) > 1)',
        'CREATE DOMAIN "percent" AS "positive" CONSTRAINT "at_most_100" CHECK (VALUE <= 100)']


def test_a_domain_rule_change_is_alter_domain_and_its_rollback_the_old_rules():
    wider = domain("positive", INTEGER, check("positive_check", "VALUE >= 0"), default=lit(0))
    new = Schema((table("bin", col("id", INTEGER), col("qty", domain_type(wider)), pk="id"),))
    old = Schema((table("bin", col("id", INTEGER), col("qty", domain_type(POSITIVE)), pk="id"),))
    steps = dialects.get("postgres").plan(old, new)
    assert [s.sql for step in steps for s in step.apply] == [
        'ALTER DOMAIN "positive" DROP CONSTRAINT "positive_check"',
        'ALTER DOMAIN "positive" SET DEFAULT 0',
        'ALTER DOMAIN "positive" DROP NOT NULL',
        'ALTER DOMAIN "positive" ADD CONSTRAINT "positive_check" CHECK (VALUE >= 0)']
    assert [s.sql for step in steps for s in step.rollback] == [
        'ALTER DOMAIN "positive" DROP CONSTRAINT "positive_check"',
        'ALTER DOMAIN "positive" SET DEFAULT 1',
        'ALTER DOMAIN "positive" SET NOT NULL',
        'ALTER DOMAIN "positive" ADD CONSTRAINT "positive_check" CHECK (VALUE > 0)']
    # the same change on an engine without domains: the column's own rules change
    mysql = [s.sql for step in dialects.get("mysql").plan(old, new) for s in step.apply]
    assert any("bin_qty_positive_check" in sql for sql in mysql) and not any("DOMAIN" in sql for sql in mysql)


def test_a_new_base_type_is_refused_in_one_line():
    rebased = domain("positive", BIGINT, check("positive_check", "VALUE > 0"), null=False, default=lit(1))
    new = Schema((table("bin", col("id", INTEGER), col("qty", domain_type(rebased)), pk="id"),))
    with pytest.raises(PlanError, match="base type changes from integer to bigint.*ALTER DOMAIN cannot"):
        dialects.get("postgres").plan(Schema((table("bin", col("id", INTEGER), col("qty", domain_type(POSITIVE)),
                                                     pk="id"),)), new)


def test_schema_code_writes_one_constant_per_domain_and_reads_back_the_same(tmp_path):
    text = codegen.write(SCHEMA, "domains")
    assert text.count("= domain(") == 3 and "domain_type(POSITIVE)" in text
    namespace: dict = {}
    exec(compile(text, "domains.py", "exec"), namespace)  # noqa: S102 - our own generated module
    assert namespace["SYSTEM"].schema == SCHEMA
