"""PostgreSQL errors read as verdicts: which constraint rejected a row, and of what kind.

Integrity errors (SQLSTATE class 23) name their constraint in the error's
diagnostic fields (https://www.postgresql.org/docs/15/protocol-error-fields.html):
``constraint_name`` for UNIQUE, FOREIGN KEY and CHECK, and for schemakit's
state-machine triggers, which raise 23514 with the machine's name;
``column_name`` for NOT NULL. A row that fits no partition is 23514 without a
constraint ("no partition of relation ... found for row").

Data errors (class 22: too long, out of range, invalid input) name neither
the column nor the table (https://www.postgresql.org/docs/15/errcodes-appendix.html).
`failing_column` finds the column by inserting each value alone, inside a
savepoint: input conversion happens before any constraint is checked, so
only the culprit raises a class-22 error. An explicit CAST cannot be used
for this: it silently truncates a too-long varchar
(https://www.postgresql.org/docs/15/datatype-character.html).
"""
from __future__ import annotations

import importlib
import re
from typing import Any, Optional

from schemakit.checks.oracle import Quirk, Verdict, VerdictKind, column_name
from schemakit.checks.verdicts import stored_as
from schemakit.checks.strategies import unique_keys
from schemakit.schema.domains import inlined_check_name
from schemakit.schema.model import Kind, Table

from schemakit.dialects.postgres import DIALECT

NOT_NULL, UNIQUE, FOREIGN_KEY, CHECK = "23502", "23505", "23503", "23514"
EXCLUSION = "23P01"
GENERATED_ALWAYS = "428C9"  # generated_always: an explicit value for an identity column GENERATED ALWAYS
_QUOTED_COLUMN = re.compile(r'column "((?:[^"]|"")+)"')
INVALID_PARAMETER = "22023"  # json_array_length of a non-array, raised while evaluating a CHECK
PARTITION_MESSAGE = "no partition of relation"
ARRAY_LENGTH_FUNCTIONS = ("json_array_length", "jsonb_array_length")
_KEY_DETAIL = re.compile(r"Key \((.+?)\)=\(")

# Data errors by SQLSTATE; None: the column's type decides (see _input_kind).
DATA_KINDS = {
    "22001": VerdictKind.LENGTH,  # string_data_right_truncation
    "22003": VerdictKind.RANGE,  # numeric_value_out_of_range
    "22008": VerdictKind.RANGE,  # datetime_field_overflow
    "22007": VerdictKind.TYPE,  # invalid_datetime_format
    "22021": VerdictKind.TYPE,  # character_not_in_repertoire
    "22P05": VerdictKind.JSON,  # untranslatable_character (\u0000 in jsonb)
    "22P02": None,  # invalid_text_representation
    "22009": VerdictKind.RANGE,  # invalid_time_zone_displacement_value (a timetz offset past 15:59:59)
}
# The kind of violation a storage CHECK (``sk_<what>_<column>``, dialects/postgres/storage.py) reports.
STORAGE_KINDS = {Kind.SET: VerdictKind.ENUM, Kind.VARBINARY: VerdictKind.LENGTH, Kind.BINARY: VerdictKind.LENGTH}
_INPUT_KINDS = {Kind.ENUM: VerdictKind.ENUM, Kind.JSON: VerdictKind.JSON, Kind.JSONB: VerdictKind.JSON}


def classify(exc: Exception, table: Table, conn: Any = None, row: Optional[dict] = None) -> Verdict:
    """The verdict a psycopg error on inserting `row` into `table` stands for.

    `conn` (in a usable transaction state) and `row` (the values as sent) are
    needed only for data errors, to find the column; without them the
    verdict names the table.
    """
    state = getattr(exc, "sqlstate", None)
    if state in (NOT_NULL, CHECK) and _diag(exc, "datatype_name") and not _diag(exc, "table_name"):
        return _domain_error(table, exc, state, conn, row)
    if state in _HANDLERS:
        return _HANDLERS[state](table, exc)
    if state in DATA_KINDS:
        return _data_error(table, state, conn, row)
    return unknown(exc)


def _diag(exc: Exception, field: str) -> Optional[str]:
    return getattr(getattr(exc, "diag", None), field, None)


def unknown(exc: Exception) -> Verdict:
    """A rejection no rule reads: kind "unknown", the error text as its constraint."""
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return Verdict(False, f"{getattr(exc, 'sqlstate', '?')}: {first}", VerdictKind.UNKNOWN)


def primary_key_name(table: Table) -> str:
    """The name PostgreSQL gives `table`'s unnamed primary key."""
    return DIALECT.primary_key_name(table)


def _not_null(table: Table, exc: Exception) -> Verdict:
    column = _diag(exc, "column_name")  # set for every not_null_violation
    return Verdict(False, column_name(table, column), VerdictKind.NOT_NULL) if column else unknown(exc)


def _domain_error(table: Table, exc: Exception, state: str, conn: Any, row: Optional[dict]) -> Verdict:
    """A value a domain refuses (NULL in a NOT NULL domain, or one its CHECK fails): the error names the
    domain and its constraint, not the column (https://www.postgresql.org/docs/15/sql-createdomain.html).
    The verdict names what the oracle does, which holds the domain's rules on each column of it
    (`schema.domains.inline_table`): the column's NOT NULL, or the CHECK ``<table>_<column>_<check>``.
    Where several columns share the domain, the one whose value the domain refuses is found by casting
    each value to the domain in a savepoint."""
    domain, constraint = _diag(exc, "datatype_name"), _diag(exc, "constraint_name")
    columns = [c for c in table.columns if c.type.domain is not None
               and domain in {d.name for d in c.type.domain.chain()}]  # a domain over it may hold it
    sent = row or {}
    if state == NOT_NULL:
        found = [c for c in columns if sent.get(c.name) is None]
        return Verdict(False, column_name(table, found[0].name), VerdictKind.NOT_NULL) if found else unknown(exc)
    if len(columns) > 1 and conn is not None:
        failing = [c for c in columns if c.name in sent and sent[c.name] is not None and _alone(
            conn, f"SELECT CAST(%s AS {DIALECT.qualify(table.namespace, domain or '')})", sent[c.name]) == CHECK]
        columns = failing or columns
    if not columns or constraint is None:
        return unknown(exc)
    return Verdict(False, inlined_check_name(table.name, columns[0].name, constraint), VerdictKind.CHECK)


def _foreign_key(table: Table, exc: Exception) -> Verdict:
    return Verdict(False, _diag(exc, "constraint_name"), VerdictKind.FOREIGN_KEY)


def _unique(table: Table, exc: Exception) -> Verdict:
    """A unique violation; on a partitioned table PostgreSQL names the partition's index
    (``segments_2026_12_pkey``), so the key is found by the columns the detail lists."""
    constraint, detail = _diag(exc, "constraint_name"), _diag(exc, "message_detail") or ""
    if constraint == primary_key_name(table):
        return Verdict(False, "primary_key", VerdictKind.PRIMARY_KEY)
    if constraint in {u.name for u in table.uniques} | {i.name for i in table.indexes}:
        return Verdict(False, constraint, VerdictKind.UNIQUE)
    columns = _detail_columns(detail)
    found = [(name, kind) for name, kind, cols, _ in unique_keys(table) if tuple(cols) == columns]
    return Verdict(False, *found[0]) if found else Verdict(False, constraint, VerdictKind.UNIQUE)


def _detail_columns(detail: str) -> tuple[str, ...]:
    """The columns of ``Key (a, "b c")=(1, 2) already exists.``"""
    m = _KEY_DETAIL.match(detail)
    return tuple(part.strip().strip('"') for part in m.group(1).split(",")) if m else ()


def _exclusion(table: Table, exc: Exception) -> Verdict:
    """23P01 (https://www.postgresql.org/docs/15/errcodes-appendix.html): a model exclusion constraint, or
    a CHECK-like rule the dialect enforces with one."""
    constraint = _diag(exc, "constraint_name")
    if constraint in {x.name for x in table.exclusions}:
        return Verdict(False, constraint, VerdictKind.EXCLUSION)
    return _check(table, exc)


def _generated_always(table: Table, exc: Exception) -> Verdict:
    """428C9 (https://www.postgresql.org/docs/15/errcodes-appendix.html): an INSERT gave, or an UPDATE set, a
    value of an identity column GENERATED ALWAYS; the message names the column
    (``cannot insert a non-DEFAULT value into column "id"``, ``column "id" can only be updated to DEFAULT``)."""
    m = _QUOTED_COLUMN.search(str(exc).splitlines()[0] if str(exc) else "")
    name = m.group(1).replace('""', '"') if m else None
    if name is None or not table.has_column(name):
        return unknown(exc)
    return Verdict(False, column_name(table, name), VerdictKind.GENERATED_ALWAYS)


def _check(table: Table, exc: Exception) -> Verdict:
    constraint = _diag(exc, "constraint_name")
    if constraint is None and PARTITION_MESSAGE in str(exc):
        return Verdict(False, table.qualified, VerdictKind.PARTITION)
    if constraint in {sm.name for sm in table.state_machines}:
        return Verdict(False, constraint, VerdictKind.STATE_MACHINE)
    return storage_verdict(table, constraint) or Verdict(False, constraint, VerdictKind.CHECK)


def storage_verdict(table: Table, constraint: Optional[str]) -> Optional[Verdict]:
    """The column verdict a storage CHECK called `constraint` stands for (the CHECK that narrows a
    wider native type to the model's: tinyint, unsigned, year, set, varbinary, binary), or None."""
    if constraint is None or not constraint.startswith("sk_") or constraint in {c.name for c in table.checks}:
        return None
    try:  # the dialect names its storage CHECKs; a rendering without them has no such module
        storage = importlib.import_module("schemakit.dialects.postgres.storage")
    except ModuleNotFoundError:
        return None
    for c in table.columns:
        if storage.needs_check(c.type) and storage.check_name(c.name, c.type) == constraint:
            return Verdict(False, column_name(table, c.name), STORAGE_KINDS.get(c.type.kind, VerdictKind.RANGE))
    return None


def _invalid_parameter(table: Table, exc: Exception) -> Verdict:
    """json_array_length of a non-array raised while a CHECK calling it was evaluated: the first such CHECK."""
    if "array length" not in str(exc):
        return unknown(exc)
    for c in table.checks:
        if any(f in c.expression.lower() for f in ARRAY_LENGTH_FUNCTIONS):
            return Verdict(False, c.name, VerdictKind.CHECK)
    return Verdict(False, table.qualified, VerdictKind.UNKNOWN)


_HANDLERS = {NOT_NULL: _not_null, UNIQUE: _unique, FOREIGN_KEY: _foreign_key, CHECK: _check,
             EXCLUSION: _exclusion, INVALID_PARAMETER: _invalid_parameter, GENERATED_ALWAYS: _generated_always}


def _data_error(table: Table, state: str, conn: Any, row: Optional[dict]) -> Verdict:
    found = failing_column(conn, table, row) if conn is not None and row else None
    if found is None:
        return Verdict(False, table.qualified, DATA_KINDS[state] or VerdictKind.TYPE)
    name, found_state = found
    kind = DATA_KINDS.get(found_state, VerdictKind.TYPE) or _input_kind(table, name)
    return Verdict(False, column_name(table, name), kind)


def _input_kind(table: Table, column: str) -> VerdictKind:
    return _INPUT_KINDS.get(table.column(column).type.kind, VerdictKind.TYPE)


def failing_column(conn: Any, table: Table, row: dict) -> Optional[tuple[str, str]]:
    """(column, SQLSTATE) of the first value of `row` PostgreSQL cannot convert, or None.

    Each value is inserted alone in a savepoint that is always rolled back.
    """
    target = DIALECT.table_name(table)
    for c in table.columns:
        if row.get(c.name) is None:
            continue
        state = _alone(conn, f"INSERT INTO {target} ({DIALECT.quote(c.name)}) VALUES (%s)", row[c.name])
        if state is not None and state.startswith("22"):
            return c.name, state
    return None


def _alone(conn: Any, sql: str, value: Any) -> Optional[str]:
    conn.execute("SAVEPOINT sk_locate")
    try:
        conn.execute(sql, (value,))
        return None
    except Exception as e:  # any error: only its SQLSTATE matters here
        return getattr(e, "sqlstate", None) or "?"
    finally:
        conn.execute("ROLLBACK TO SAVEPOINT sk_locate")


# Degradation code -> rule(degradation, case) telling whether it explains a verdict that
# differs from the oracle's. PG-ON-UPDATE and PG-PREFIX change no verdict on INSERT.
EXPLAINS: dict = {
    # bytea has no fixed length: BINARY(n) is stored as sent, not zero-padded
    # (https://www.postgresql.org/docs/15/datatype-binary.html)
    "PG-BINARY-PAD": stored_as(Quirk.BINARY_UNPADDED),
    # no unsigned types: an unsigned bigint is a bigint, values above 2**63-1 are out of range
    # (https://www.postgresql.org/docs/15/datatype-numeric.html)
    "PG-UNSIGNED64": stored_as(Quirk.SIGNED_UNSIGNED64),
    # a set is text kept as written: 'b,a' and 'a,b' are different keys
    "PG-SET-ORDER": stored_as(Quirk.SET_AS_WRITTEN),
    # an array of tinyint, unsigned, year, set or binary items holds them in the wider type: a storage
    # CHECK covers a scalar column only (https://www.postgresql.org/docs/15/arrays.html)
    "PG-ARRAY-ITEM": lambda g, case: case.got.accepted and case.expects(
        column_name(case.table, g.subject), VerdictKind.TYPE, VerdictKind.RANGE, VerdictKind.LENGTH, VerdictKind.ENUM),
}
