"""How SQLite holds the model: the names schemakit owns, the storage classes, the CHECKs
that narrow them to the model's types, the defaults, the json_array_length guard, and
attached databases (namespaces).

Both the dialect (`dialects.sqlite`, which writes these) and its introspection
(`dialects.sqlite.introspect`, which reads them back) use this module, so neither imports
the other.
"""
from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from sqlglot import exp

from schemakit.schema import expr as cexpr
from schemakit.schema.model import INTEGER_KINDS, Column, ColumnType, Kind

from ..base import quote_identifier

ENGINE = "sqlite"

# -- names schemakit owns -------------------------------------------------------------
TYPE_PREFIX = "sk_type:"  # + "<column>:<type spec>"
ON_UPDATE_PREFIX = "sk_on_update:"  # + "<table>:<column>"
MACHINE_PREFIX = "sk_state_machine:"  # + "<state machine name>"

# -- storage classes and the CHECKs that narrow them to the model type --------------------
# INT, not INTEGER, for every integer that is not an identity: a column declared exactly
# INTEGER PRIMARY KEY becomes the rowid and turns an inserted NULL into a new key
# (https://www.sqlite.org/lang_createtable.html#rowid); only identity columns want that.
# REAL is an 8-byte IEEE 754 float (https://www.sqlite.org/datatype3.html#storage_classes_and_datatypes):
# DOUBLE exactly, REAL (binary32) through a range CHECK. BLOB holds any byte string.
STORAGE = {
    Kind.UUID: "TEXT", Kind.TINYINT: "INT", Kind.SMALLINT: "INT", Kind.INTEGER: "INT", Kind.BIGINT: "INT",
    Kind.VARCHAR: "TEXT", Kind.TEXT: "TEXT", Kind.BOOLEAN: "INT", Kind.TIMESTAMP: "TEXT",
    Kind.DATE: "TEXT", Kind.DECIMAL: "REAL", Kind.JSON: "TEXT", Kind.ENUM: "TEXT",
    Kind.REAL: "REAL", Kind.DOUBLE: "REAL", Kind.CHAR: "TEXT", Kind.BYTES: "BLOB", Kind.VARBINARY: "BLOB",
    Kind.BINARY: "BLOB", Kind.TIME: "TEXT", Kind.YEAR: "INT", Kind.SET: "TEXT",
}
IDENTITY_STORAGE = "INTEGER"
# CHAR(n) compares with trailing blanks ignored, as PostgreSQL and MySQL compare it: the RTRIM
# collation (https://www.sqlite.org/datatype3.html#collating_sequences), which UNIQUE and
# foreign keys use too.
CHAR_COLLATION = "RTRIM"
# Storage without an sk_type CHECK: the model type it means.
PLAIN_STORAGE = {"INT": Kind.BIGINT, "INTEGER": Kind.BIGINT, "TEXT": Kind.TEXT, "REAL": Kind.DOUBLE,
                 "BLOB": Kind.BYTES}
# Tables schemakit did not write (a migration tool's bookkeeping, say) are read by column
# affinity, first match wins (https://www.sqlite.org/datatype3.html#determination_of_column_affinity).
AFFINITY = (("INT", Kind.BIGINT), ("CHAR", Kind.TEXT), ("CLOB", Kind.TEXT), ("TEXT", Kind.TEXT),
            ("BLOB", Kind.BYTES), ("REAL", Kind.DOUBLE), ("FLOA", Kind.DOUBLE), ("DOUB", Kind.DOUBLE))

# -- tables without STRICT (`Table.strict` False) ---------------------------------------------------
# A loose table stores a value of any class in any column, its declared type naming only the column's
# affinity (https://www.sqlite.org/datatype3.html#type_affinity); its columns carry the model type in
# their declared type, written as SQLite users write it and read back by name (`introspect`), with no
# storage CHECK. An enum or a set has no such name: TEXT and its CHECK, as in a STRICT table.
LOOSE_NAMES = {
    Kind.UUID: "UUID", Kind.TINYINT: "TINYINT", Kind.SMALLINT: "SMALLINT", Kind.INTEGER: "INT", Kind.BIGINT: "BIGINT",
    Kind.VARCHAR: "VARCHAR", Kind.TEXT: "TEXT", Kind.BOOLEAN: "BOOLEAN", Kind.TIMESTAMP: "DATETIME", Kind.DATE: "DATE",
    Kind.DECIMAL: "NUMERIC", Kind.JSON: "JSON", Kind.REAL: "FLOAT4", Kind.DOUBLE: "REAL", Kind.CHAR: "CHAR",
    Kind.BYTES: "BLOB", Kind.VARBINARY: "VARBINARY", Kind.BINARY: "BINARY", Kind.TIME: "TIME", Kind.YEAR: "YEAR",
}


def loose_type(ty: ColumnType) -> Optional[str]:
    """The declared type of a column of type `ty` in a loose table; None for a type without a name
    (enum, set), which keeps its storage class and CHECK."""
    name = LOOSE_NAMES.get(ty.kind)
    if ty.kind is Kind.NATIVE:
        return ty.native
    if name is None:
        return None
    if ty.kind in (Kind.VARCHAR, Kind.CHAR, Kind.VARBINARY, Kind.BINARY):
        return f"{name}({ty.length})"
    if ty.kind is Kind.DECIMAL and ty.precision is not None:
        return f"{name}({ty.precision},{ty.scale})"
    if ty.kind in (Kind.TIMESTAMP, Kind.TIME) and ty.precision is not None:
        return f"{name}({ty.precision})"
    return f"{name} UNSIGNED" if ty.unsigned else name


# -- collations and functions ---------------------------------------------------------------------
# The collating sequences every SQLite has (https://www.sqlite.org/datatype3.html#collating_sequences):
# a Collation of origin sqlite names one of them.
COLLATIONS = ("BINARY", "NOCASE", "RTRIM")
# The built-in scalar functions of SQLite 3.37 an expression default or a generated column may call
# (https://www.sqlite.org/lang_corefunc.html, https://www.sqlite.org/lang_datefunc.html,
# https://www.sqlite.org/json1.html); the math functions are a compile-time option, left out.
BUILTIN_FUNCTIONS = frozenset("""
abs char coalesce format glob hex ifnull iif instr length like likelihood likely lower ltrim max min nullif printf
quote random randomblob replace round rtrim sign soundex substr substring trim typeof unicode unlikely upper zeroblob
date time datetime julianday unixepoch strftime json json_array json_array_length json_extract json_insert
json_object json_patch json_remove json_replace json_set json_type json_valid json_quote cast
""".split())


# GLOB is case-sensitive (https://www.sqlite.org/lang_expr.html#like): the first pattern fixes the
# length and the hyphens, the second admits only lower-case hex digits besides them.
UUID_GLOB = "-".join("?" * n for n in (8, 4, 4, 4, 12))
# Date and time functions accept 2026-02-30 and, with no modifier, return it unchanged
# (https://www.sqlite.org/lang_datefunc.html): date(x) IS x fixes the canonical form and the
# field ranges (month 01-12, day 01-31), and the day is compared with the month's length here.
# Normalising through julianday() instead is wrong for 0300-03-01: SQLite 3.40 turns it back
# into 0300-02-29. Seconds are compared whole: strftime('%f') keeps milliseconds only, so the
# fraction (1 to 6 digits) is checked as text; the hour 24 that datetime() lets through is refused.
_YEAR = "CAST(substr({c}, 1, 4) AS INT)"
_DAY_IN_MONTH = (
    "CAST(substr({c}, 9, 2) AS INT) <= CASE CAST(substr({c}, 6, 2) AS INT) "
    f"WHEN 2 THEN 28 + ({_YEAR} % 4 = 0 AND ({_YEAR} % 100 <> 0 OR {_YEAR} % 400 = 0)) "
    "WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 ELSE 31 END"
)
_TIMESTAMP_CHECK = (
    "datetime(substr({c}, 1, 19)) IS substr({c}, 1, 19) AND substr({c}, 12, 2) < '24' AND "
    + _DAY_IN_MONTH + " AND (length({c}) = 19 OR "
    "(length({c}) BETWEEN 21 AND 26 AND substr({c}, 20, 1) = '.' AND NOT substr({c}, 21) GLOB '*[^0-9]*'))"
)
# TIME: 'HH:MM:SS' with 0 to 6 fraction digits, 00:00:00 to 24:00:00 as in PostgreSQL; time()
# returns its argument's first 8 characters unchanged for a valid time, and also for hours 24 to 99
# (https://www.sqlite.org/lang_datefunc.html), so the hour is compared too.
_TIME_CHECK = (
    "(time(substr({c}, 1, 8)) IS substr({c}, 1, 8) AND substr({c}, 1, 2) < '24' OR substr({c}, 1, 8) = '24:00:00' AND "
    "NOT substr({c}, 10) GLOB '*[^0]*') AND (length({c}) = 8 OR "
    "(length({c}) BETWEEN 10 AND 15 AND substr({c}, 9, 1) = '.' AND NOT substr({c}, 10) GLOB '*[^0-9]*'))"
)
# REAL: PostgreSQL's float4 refuses a finite value that rounds to infinity or to zero
# (https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-FLOAT): binary32 rounds
# to infinity from 2**128 - 2**103 up, to zero from 2**-150 down. 9e999 is infinity in SQLite.
FLOAT32_BOUNDS = (2.0 ** -150, 2.0 ** 128 - 2.0 ** 103)
_REAL_CHECK = (f"{{c}} = 0 OR abs({{c}}) > {FLOAT32_BOUNDS[0]!r} AND abs({{c}}) < {FLOAT32_BOUNDS[1]!r} "
               "OR abs({c}) = 9e999")
# SET: any members in any order, each delimited by its own commas, all replaced away; '' is the empty set.
_SET_CHECK = "{c} = '' OR {replaced} = ''"
# json_valid(NULL) is 0 in SQLite 3.40, not NULL: let NULL through explicitly (NOT NULL is separate).
TYPE_CHECKS = {
    Kind.UUID: "{c} GLOB '" + UUID_GLOB + "' AND NOT {c} GLOB '*[^0-9a-f-]*'",
    Kind.TINYINT: "{c} BETWEEN {lo} AND {hi}",
    Kind.SMALLINT: "{c} BETWEEN {lo} AND {hi}",
    Kind.INTEGER: "{c} BETWEEN {lo} AND {hi}",
    Kind.BIGINT: "{c} >= 0",  # unsigned only: a signed bigint is INT's own range
    Kind.BOOLEAN: "{c} IN (0, 1)",
    Kind.TIMESTAMP: _TIMESTAMP_CHECK,
    Kind.DATE: "date({c}) IS {c} AND " + _DAY_IN_MONTH,
    Kind.JSON: "{c} IS NULL OR json_valid({c})",
    # Excess characters that are all spaces are allowed, as PostgreSQL and MySQL allow them
    # (they cut them; SQLite keeps them: SL-VARCHARPAD).
    Kind.VARCHAR: "length(rtrim({c}, ' ')) <= {length}",
    Kind.DECIMAL: "abs(round({c}, {scale})) < {limit}",
    Kind.ENUM: "{c} IN ({values})",
    Kind.CHAR: "length(rtrim({c}, ' ')) <= {length}",  # as varchar: excess blanks are not counted
    Kind.VARBINARY: "length({c}) <= {length}",  # a blob's length is in bytes
    Kind.BINARY: "length({c}) <= {length}",
    Kind.TIME: _TIME_CHECK,
    Kind.REAL: _REAL_CHECK,
    Kind.YEAR: "{c} = 0 OR {c} BETWEEN 1901 AND 2155",
    Kind.SET: _SET_CHECK,
}
# A DECIMAL without precision (NUMERIC): any finite number (REAL also holds infinities).
NUMERIC_CHECK = "abs({c}) < 9e999"

# -- defaults ----------------------------------------------------------------------------
# 'now' is UTC; %f gives milliseconds only (https://www.sqlite.org/lang_datefunc.html).
NOW_SQL = {Kind.TIMESTAMP: "strftime('%Y-%m-%d %H:%M:%f', 'now')", Kind.DATE: "date('now')"}
# A version-4 UUID: version nibble 4, variant nibble one of 8, 9, a, b (RFC 4122 section 4.4).
UUID4_SQL = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || "
    "substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
)

# PostgreSQL's json_array_length raises an error for a non-array, rejecting the row
# (https://www.postgresql.org/docs/current/functions-json.html); SQLite's returns 0
# (https://www.sqlite.org/json1.html#jarraylen). The guard raises too, through an invalid
# JSON path that names the problem ("JSON path error near 'json_array_length() of a
# non-array'"), and only when evaluated (CASE and OR short-circuit).
NON_ARRAY = "json_array_length() of a non-array"
_GUARD = ("CASE WHEN json_type(sk_arg) = 'array' THEN json_array_length(sk_arg) "
          f"WHEN sk_arg IS NOT NULL THEN json_array_length('[]', '{NON_ARRAY}') END")


def guarded_length(arg: exp.Expression) -> exp.Expression:
    """json_array_length(arg) that fails on a non-array, as in PostgreSQL."""
    tree = cexpr.parse(_GUARD, ENGINE).copy()
    return tree.transform(lambda n: arg.copy() if isinstance(n, exp.Column) and n.name == "sk_arg" else n)


def _is_length(node: exp.Expression) -> bool:
    return isinstance(node, exp.Anonymous) and str(node.this).lower() == "json_array_length"


def _guard_length(node: exp.Expression) -> exp.Expression:
    if _is_length(node) and len(node.expressions) == 1:
        return guarded_length(node.expressions[0])
    return node


def unguard_length(node: exp.Expression) -> exp.Expression:
    """The json_array_length call a guard read back from SQLite stands for (else `node`)."""
    if not (isinstance(node, exp.Case) and len(node.args.get("ifs") or []) == 2):
        return node
    length = node.args["ifs"][0].args.get("true")
    if not (_is_length(length) and len(length.expressions) == 1):
        return node
    arg = length.expressions[0]
    if node.sql(dialect=ENGINE) != guarded_length(arg).sql(dialect=ENGINE):
        return node
    return exp.Anonymous(this="json_array_length", expressions=[arg.copy()])


def main_directory(conn: sqlite3.Connection) -> Path:
    """The directory of the connection's main database file (cwd for in-memory)."""
    main = main_file(conn)
    return main.parent if main else Path(os.getcwd())


def main_file(conn: sqlite3.Connection) -> Optional[Path]:
    """The connection's main database file; None when it is in memory or temporary (file '',
    https://www.sqlite.org/pragma.html#pragma_database_list)."""
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file)
    return None


class NoMainFile(sqlite3.OperationalError):
    """A namespace asked for while the main database is in memory: its file has no place to go."""


# -- namespace files ----------------------------------------------------------------------
# A namespace is an attached database file beside the main file, scoped to it:
# ``<main stem>.<namespace>.db`` (app1.db's project_1 is app1.project_1.db), so two main files in one
# folder never share a namespace. The stem is the main file's name up to its last dot (the whole name
# without a dot), in Python here and in SQL in `namespace_file_sql`, which compute the same name.
NO_MAIN_FILE = "schemakit: the main database is in memory or temporary; run this script on a database file"


def scoped_name(main: Path, namespace: str) -> str:
    """The file name of `namespace` beside the main file `main`: ``<main stem>.<namespace>.db``."""
    base = main.name
    stem = base[:base.rindex(".")] if "." in base else base
    return f"{stem}.{namespace}.db"


def scoped_namespaces(main: Path, prefix: str) -> list[str]:
    """The namespaces starting with `prefix` whose scoped file (`scoped_name`) is beside the main file
    `main`, sorted; none when its folder does not exist."""
    tail = ".db"
    head = scoped_name(main, "")[:-len(tail)]  # "<main stem>."
    try:
        names = os.listdir(main.parent)
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = [n[len(head):len(n) - len(tail)] for n in names
             if n.startswith(head + prefix) and n.endswith(tail) and len(n) > len(head + prefix + tail)]
    return sorted(n for n in found if (main.parent / scoped_name(main, n)).is_file())


def namespace_file_sql(namespace: str) -> str:
    """An SQL expression for the file of `namespace` beside the main database, as `scoped_name`.

    ATTACH takes an expression (https://www.sqlite.org/lang_attach.html), so a script piped into the
    sqlite3 client attaches beside the main file wherever the client runs: ``pragma_database_list``
    gives the main file's absolute path. The directory is the path cut after its last '/' (rtrim by
    the set of its other characters), the stem the base name cut before its last '.'. A main
    database in memory or temporary (file '') fails through an invalid JSON path naming the problem
    (https://www.sqlite.org/json1.html#path_arguments) rather than creating the file in the
    client's working folder.
    """
    suffix = exp.Literal.string(f".{namespace}.db").sql(dialect=ENGINE)
    error = exp.Literal.string(NO_MAIN_FILE).sql(dialect=ENGINE)
    directory = "rtrim(file, replace(file, '/', ''))"
    stem = "CASE WHEN instr(b, '.') THEN substr(b, 1, length(rtrim(b, replace(b, '.', ''))) - 1) ELSE b END"
    return (f"(SELECT CASE WHEN file = '' THEN json_extract('{{}}', {error}) "
            f"ELSE {directory} || {stem} || {suffix} END "
            f"FROM (SELECT file, substr(file, length({directory}) + 1) AS b "
            "FROM pragma_database_list WHERE name = 'main'))")


_LEGACY_SAID: set[tuple[str, str]] = set()


def namespace_file(conn: sqlite3.Connection, namespace: str) -> Path:
    """The file of `namespace` for the main database of `conn` (see `scoped_name`).

    A database migrated by an earlier schemakit keeps its unscoped ``<namespace>.db``: when that file
    exists beside the main file, the scoped one does not, and the main file records migrations
    (``_yoyo_migration`` has a row), the old file is used, and said so once on stderr, so that no
    tenant is stranded. Raises NoMainFile for an in-memory main database.
    """
    main = main_file(conn)
    if main is None:
        raise NoMainFile(f"namespace {namespace!r}: the main SQLite database is in memory; "
                         "open a database file so the namespace's file has a folder")
    scoped = main.parent / scoped_name(main, namespace)
    legacy = main.parent / f"{namespace}.db"
    if scoped.exists() or not legacy.exists() or not _migrated(conn) or not _older(conn, legacy):
        return scoped
    if (str(main), namespace) not in _LEGACY_SAID:
        _LEGACY_SAID.add((str(main), namespace))
        print(f"schemakit: namespace {namespace} of {main} stays in {legacy.name}, the file an earlier "
              f"schemakit made (new databases use {scoped.name})", file=sys.stderr)
    return legacy


def _first_applied(conn: sqlite3.Connection, schema: str = "main") -> Optional[str]:
    """When the first migration recorded in `schema` was applied (yoyo's applied_at_utc); None when none is."""
    try:
        return conn.execute(f"SELECT min(applied_at_utc) FROM {quote_identifier(schema, ENGINE)}._yoyo_migration").fetchone()[0]
    except sqlite3.OperationalError:  # no such table
        return None


def _older(conn: sqlite3.Connection, legacy: Path) -> bool:
    """Whether the legacy file can be the main database's: it records no migration of its own (the earlier
    schemakit kept the tenant's history in the main file), or its first was applied after the main file's
    first (a tenant stream that adopted it for this main file; a deployment made later is not its owner)."""
    other = sqlite3.connect(f"file:{quote(str(legacy))}?mode=ro", uri=True)
    try:
        theirs = _first_applied(other)
    except sqlite3.DatabaseError:
        return False
    finally:
        other.close()
    mine = _first_applied(conn)
    return theirs is None or (mine is not None and mine <= theirs)


def _migrated(conn: sqlite3.Connection) -> bool:
    """The main database records at least one applied migration."""
    try:
        return conn.execute("SELECT 1 FROM main._yoyo_migration LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:  # no such table: never migrated
        return False


def attached(conn: sqlite3.Connection) -> set[str]:
    """Names of the databases attached to `conn` (main included)."""
    return {name for _, name, _ in conn.execute("PRAGMA database_list")}


def attach(conn: sqlite3.Connection, namespace: str, file: Optional[str] = None) -> None:
    """ATTACH `file` (relative: to the main database's directory; None: `namespace_file`) as
    `namespace`, once."""
    if namespace in attached(conn):
        return
    if file is None:
        path = namespace_file(conn, namespace)
    else:
        path = Path(file) if os.path.isabs(file) else main_directory(conn) / file
    conn.execute(f"ATTACH DATABASE ? AS {quote_identifier(namespace, ENGINE)}", (str(path),))


def type_check(c: Column) -> str:
    """The CHECK body narrowing the storage class of column `c` to its model type."""
    ty = c.type
    params: dict = {"c": quote_identifier(c.name, ENGINE), "length": ty.length, "scale": ty.scale}
    if ty.kind is Kind.DECIMAL and ty.precision is None:
        return NUMERIC_CHECK.format(**params)
    if ty.kind in INTEGER_KINDS:
        params["lo"], params["hi"] = ty.int_range
    if ty.kind is Kind.SET:
        params["replaced"] = _set_replaced(params["c"], ty.values)
    if ty.kind is Kind.DECIMAL:
        precision, scale = ty.digits
        digits = precision - scale
        params["limit"] = str(10 ** digits) if digits <= 18 else f"1e{digits}"
    if ty.kind is Kind.ENUM:
        params["values"] = ", ".join(exp.Literal.string(v).sql(dialect=ENGINE) for v in ty.enum_type.values)
    return TYPE_CHECKS[ty.kind].format(**params)


def _set_replaced(c: str, members: tuple[str, ...]) -> str:
    """`c` with every member of a SET removed: ``',' || replace(c, ',', ',,') || ','`` gives each
    member its own pair of commas, and each ``',member,'`` is replaced by nothing."""
    sql = f"',' || replace({c}, ',', ',,') || ','"
    for m in members:
        sql = f"replace({sql}, {exp.Literal.string(',' + m + ',').sql(dialect=ENGINE)}, '')"
    return sql

