"""The `schemakit ddl` script of a system with tenants, scoped as `migrate` scopes them (issue #16).

A MySQL/MariaDB schema is a database of the whole server (https://mariadb.com/kb/en/create-database/):
a script creating ``project_1`` makes every deployment on the server share it. `migrate` puts tenant
``project_1`` in database ``{database}_{namespace}`` (or the project's ``tenant_database`` template),
``database`` being the main one; this script computes the same name when it runs, from ``DATABASE()``
(the database the client was started on), so ``ddl ... | mariadb db1`` and ``| mariadb db2`` never
share a tenant. Neither ``USE`` nor an identifier takes an expression, so each tenant statement runs
through ``PREPARE`` with the name concatenated in
(https://mariadb.com/kb/en/prepare-statement/, https://dev.mysql.com/doc/refman/8.0/en/sql-prepared-statements.html).

A check first stops the script, before anything is created, when no database is selected or a tenant
database name would be over 64 characters: ``PREPARE`` of the message text fails with it ("near
'schemakit: ...'"), and the client stops on the error.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

from ..base import PlanError, Statement

TEMPLATE = "{database}_{namespace}"
LIMIT = 64  # https://mariadb.com/kb/en/identifier-names/#maximum-length
_PART = re.compile(r"(\{database\}|\{namespace\})")


def literal(text: str) -> str:
    """`text` as a string literal of the script's sql_mode (backslash escapes on:
    https://mariadb.com/kb/en/string-literals/)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def name_sql(namespace: str, template: Optional[str]) -> str:
    """The SQL expression of the tenant database's name: `template` with ``{database}`` as DATABASE()."""
    parts = [p for p in _PART.split(template or TEMPLATE) if p]
    return "CONCAT(" + ", ".join("DATABASE()" if p == "{database}" else literal(namespace if p == "{namespace}" else p)
                                 for p in parts) + ")"


def _variable(i: int) -> str:
    return f"@sk_tenant_{i}"


def _names(namespaces: Sequence[str], template: Optional[str]) -> list[str]:
    """SET each tenant's quoted database name in a user variable."""
    return [f"SET {_variable(i)} = CONCAT('`', REPLACE({name_sql(ns, template)}, '`', '``'), '`')"
            for i, ns in enumerate(namespaces)]


def _check(namespaces: Sequence[str], template: Optional[str]) -> list[str]:
    """Stop before anything is created: no database selected, or a tenant name over `LIMIT`."""
    whens = ["WHEN DATABASE() IS NULL THEN 'schemakit: no database selected: run it as mariadb DBNAME < script'"]
    whens += [f"WHEN CHAR_LENGTH({name_sql(ns, template)}) > {LIMIT} THEN CONCAT('schemakit: tenant database name "
              f"over {LIMIT} characters: ', {name_sql(ns, template)})" for ns in namespaces]
    return [f"SET @sk_check = CASE {' '.join(whens)} ELSE 'DO 0' END", "PREPARE sk_check FROM @sk_check",
            "EXECUTE sk_check", "DEALLOCATE PREPARE sk_check"]


def _prepared(d, s: Statement, namespaces: Sequence[str]) -> Optional[list[str]]:
    """`s` run through PREPARE with each tenant's name concatenated in (None: it names no tenant)."""
    after = "" if s.kind == "namespace" else "."  # a table's qualifier, or the namespace's own statement
    marks = {d.quote(ns) + after: i for i, ns in enumerate(namespaces)}
    pieces = re.split("(" + "|".join(re.escape(m) for m in marks) + ")", s.sql)
    if len(pieces) == 1:
        return None
    if s.compound and not d.prepares_triggers:
        raise PlanError(f"{d.name}: a tenant's trigger or routine cannot be created under a computed database "
                        "name (MySQL cannot PREPARE it): create the tenants with `schemakit tenants add`")
    args = [f"{_variable(marks[p])}, {literal(after)}" if p in marks else literal(p) for p in pieces if p]
    return [f"SET @sk_sql = CONCAT({', '.join(args)})", "PREPARE sk_stmt FROM @sk_sql", "EXECUTE sk_stmt",
            "DEALLOCATE PREPARE sk_stmt"]


def script(d, statements: Sequence[Statement], namespaces: Sequence[str],
           template: Optional[str]) -> tuple[list[str], str]:
    """The header lines saying where the tenants go, and the script for the mariadb/mysql client."""
    if not namespaces:
        return [], d.script(statements)
    where = (template or TEMPLATE).replace("{database}", "<this database>")
    header = [f"-- tenants: each in a database of its own on this server, named {template or TEMPLATE} "
              f"(as `schemakit migrate --tenants` names it), computed when the script runs from DATABASE(), "
              "the database the client was started on:"]
    header += [f"--   {where.replace('{namespace}', ns)}" for ns in namespaces]
    body: list[Statement] = [Statement(sql) for sql in _check(namespaces, template) + _names(namespaces, template)]
    for s in statements:
        prepared = _prepared(d, s, namespaces)
        body += [Statement(sql) for sql in prepared] if prepared else [s]
    return header, d.script(body)
