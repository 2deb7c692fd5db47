"""SQLite's degradation codes: code -> (category, feature, effect, documentation).

The lowering (`dialects.sqlite`) builds each `Degradation` from this table;
README.md lists every code (tests/test_degradations.py holds the two together).
"""
from __future__ import annotations

from ..base import DegradationCategory as C, DegradationCode

_DATE_FUNCTIONS = "https://www.sqlite.org/lang_datefunc.html"
_JSON = "https://www.sqlite.org/json1.html"
_CREATE_INDEX = "https://www.sqlite.org/lang_createindex.html"
_CREATE_TABLE = "https://www.sqlite.org/lang_createtable.html"
_COLLATION = "https://www.sqlite.org/datatype3.html#collating_sequences"

DEGRADATIONS: dict[str, DegradationCode] = {
    "SL-EXCLUDE": DegradationCode(
        C.DROPPED, "exclusion constraint",
        "dropped: SQLite has no exclusion constraints, so rows it would refuse (overlapping ranges, say) are "
        "accepted",
        "https://www.sqlite.org/lang_createtable.html"),
    "SL-ABSRANGE": DegradationCode(
        C.BEHAVIOUR, "abs() (@) of a smallint or integer column in a CHECK",
        "computed as a 64-bit integer: the column's lowest value (-32768, -2147483648) passes the CHECK where "
        "PostgreSQL refuses the row (smallint/integer out of range)",
        "https://www.sqlite.org/lang_corefunc.html#abs"),
    "SL-DOMAIN": DegradationCode(
        C.APPROXIMATED, "a domain (a named type with NOT NULL, a default and CHECKs)",
        "the column takes the domain's base type, with the domain's NOT NULL, default and CHECKs on the column "
        "itself (CHECK <table>_<column>_<check>): the same rows are accepted; no named type is created",
        "https://www.sqlite.org/lang_createtable.html#check_constraints"),
    "SL-TYPE": DegradationCode(
        C.DROPPED, "a type declared by itself (an enum, a domain or a composite type no column uses)",
        "nothing: SQLite has no named types, so a type no column uses is not created; a column of an enum or "
        "a domain still holds its rules (a CHECK)",
        "https://www.sqlite.org/datatype3.html"),
    "SL-SPELLED": DegradationCode(
        C.WEAKENED, "another engine's narrower type of a model type (MySQL's TIMESTAMP, TEXT, MEDIUMINT...)",
        "the model type: that engine's narrower limit (TIMESTAMP's 1970..2038, TEXT's 64 KB) is not enforced",
        "https://www.sqlite.org/datatype3.html"),
    "SL-TZ": DegradationCode(
        C.APPROXIMATED, "timestamptz",
        "stored as timestamp without time zone: no zone is kept, values are UTC by convention", _DATE_FUNCTIONS),
    "SL-JSONB": DegradationCode(
        C.WEAKENED, "jsonb",
        "stored as json text (validated by json_valid): no binary form, keys keep order and duplicates, "
        "and escapes jsonb rejects (\\u0000, lone UTF-16 surrogates) are accepted", _JSON),
    "SL-ARRAY": DegradationCode(
        C.WEAKENED, "array", "stored as a JSON array in a json text column: element types are not checked", _JSON),
    "SL-PARTITION": DegradationCode(
        C.NO_PARTITIONS, "monthly range partitions",
        "no partitions: every row is stored in the one table; a row outside every partition is NOT rejected",
        "https://www.sqlite.org/lang_createtable.html"),
    "SL-GIN": DegradationCode(
        C.DROPPED, "GIN index", "index dropped: SQLite has no inverted (GIN) index", _CREATE_INDEX),
    "SL-PREFIX": DegradationCode(
        C.APPROXIMATED, "prefix index part", "the whole value is indexed: SQLite has no prefix indexes", _CREATE_INDEX),
    "SL-XFK": DegradationCode(
        C.DROPPED, "foreign key to another namespace",
        "foreign key dropped: SQLite cannot reference a table in another attached database",
        "https://www.sqlite.org/foreignkeys.html"),
    "SL-TIMETZ": DegradationCode(
        C.APPROXIMATED, "time with time zone",
        "stored as time of day without an offset: values are UTC by convention", _DATE_FUNCTIONS),
    "SL-INTERVAL": DegradationCode(
        C.WEAKENED, "interval", "stored as text: any text is accepted, and intervals are neither compared "
        "nor computed as spans of time", _DATE_FUNCTIONS),
    # -- column, index and table options (issue #14) ----------------------------------------------
    "SL-IDENTITY-ALWAYS": DegradationCode(
        C.WEAKENED, "identity GENERATED ALWAYS",
        "an AUTOINCREMENT rowid, which accepts an explicit value: SQLite has no GENERATED ALWAYS, and a BEFORE "
        "INSERT trigger cannot tell a given key from a generated one (NEW.rowid is undefined there)",
        "https://www.sqlite.org/lang_createtrigger.html"),
    "SL-IDENTITY-PART": DegradationCode(
        C.WEAKENED, "identity inside a composite primary key, or outside the primary key",
        "a plain integer key column: a value must be given (AUTOINCREMENT needs the one INTEGER PRIMARY KEY)",
        "https://www.sqlite.org/autoinc.html"),
    "SL-SERIAL": DegradationCode(
        C.APPROXIMATED, "identity drawn from a sequence (a serial)",
        "the AUTOINCREMENT rowid, as any identity: SQLite has no sequences; read back as an identity",
        "https://www.sqlite.org/autoinc.html"),
    "SL-ROWID": DegradationCode(
        C.APPROXIMATED, "identity of a loose table",
        "the rowid alias (INTEGER PRIMARY KEY) of a table without STRICT is a 64-bit integer: a bigint identity",
        _CREATE_TABLE + "#rowid"),
    "SL-CHECK-FUNCTION": DegradationCode(
        C.DROPPED, "CHECK calling a function SQLite lacks",
        "the CHECK is dropped: SQLite has no such function (REGEXP is a user function only the sqlite3 shell "
        "defines; Python's sqlite3 has none), so every write would fail", "https://www.sqlite.org/lang_expr.html#regexp"),
    "SL-EXPRESSION": DegradationCode(
        C.WEAKENED, "expression default or generated column",
        "one calling a function SQLite does not have, or doing date arithmetic (date text + a number is a number "
        "in SQLite), is dropped (no default; a plain column), as is a generated "
        "primary key column (SQLite refuses one); another is written and read back in SQLite's spelling "
        "(date(CURRENT_TIMESTAMP) for CAST(now() AS DATE): the same value, another text)",
        "https://www.sqlite.org/gencol.html"),
    "SL-COLLATION": DegradationCode(
        C.APPROXIMATED, "collation of another engine",
        "SQLite's own comparison is used (BINARY; RTRIM for char): its collations are BINARY, NOCASE and RTRIM",
        _COLLATION),
    "SL-CHARSET": DegradationCode(
        C.WEAKENED, "table character set",
        "SQLite keeps all text as Unicode: a character the character set cannot encode is accepted",
        "https://www.sqlite.org/pragma.html#pragma_encoding"),
    "SL-INDEX-METHOD": DegradationCode(
        C.APPROXIMATED, "hash, gist, brin or spgist index", "an ordinary B-tree index on the same key parts",
        _CREATE_INDEX),
    "SL-FULLTEXT": DegradationCode(
        C.DROPPED, "FULLTEXT index",
        "index dropped: SQLite's full-text search (FTS5) is a virtual table, not an index", "https://www.sqlite.org/fts5.html"),
    "SL-OPCLASS": DegradationCode(
        C.APPROXIMATED, "operator class", "the index is kept with SQLite's own comparison of the key part",
        _CREATE_INDEX),
    "SL-INCLUDE": DegradationCode(
        C.APPROXIMATED, "INCLUDE columns",
        "a non-unique index gets them as trailing key columns (a covering index); a unique one is kept without them",
        _CREATE_INDEX),
    "SL-NATIVE": DegradationCode(
        C.WEAKENED, "native type of another engine",
        "stored as text: any text is accepted, and values are neither checked nor compared as that type (so is a "
        "type of SQLite's own in a STRICT table, which allows only INT, INTEGER, REAL, TEXT, BLOB and ANY)",
        "https://www.sqlite.org/datatype3.html"),
    # -- behaviour: the schema element is the model's ----------------------------------------------
    "SL-DECIMAL": DegradationCode(
        C.BEHAVIOUR, "decimal",
        "stored as REAL (binary floating point): not exact and not rounded to the scale; "
        "the CHECK bounds the integer digits only",
        "https://www.sqlite.org/floatingpoint.html"),
    "SL-NOWMS": DegradationCode(
        C.BEHAVIOUR, "current timestamp with microseconds",
        "the current time is taken with millisecond precision (values supplied by clients keep microseconds)",
        _DATE_FUNCTIONS),
    "SL-VARCHARPAD": DegradationCode(
        C.BEHAVIOUR, "excess trailing spaces cut",
        "a varchar value whose excess characters are all spaces is accepted, as in PostgreSQL, but kept whole: "
        "PostgreSQL and MySQL cut the spaces, so SQLite's CHECKs, keys and foreign keys compare the value with them",
        "https://www.sqlite.org/stricttables.html"),
    "SL-TEXTFORM": DegradationCode(
        C.BEHAVIOUR, "input in any spelling",
        "stored as text: only the canonical spelling is accepted (uuid: lower-case 8-4-4-4-12; "
        "timestamp: 'YYYY-MM-DD HH:MM:SS[.ffffff]'; date: 'YYYY-MM-DD'; time: 'HH:MM:SS[.ffffff]'); "
        "PostgreSQL also accepts other spellings and normalises them",
        _DATE_FUNCTIONS),
    "SL-FRACTION": DegradationCode(
        C.BEHAVIOUR, "fractional seconds rounded to the precision",
        "a timestamp or time of precision below 6 accepts up to 6 fraction digits, as PostgreSQL does, "
        "but keeps them: PostgreSQL and MySQL round the value to the precision", _DATE_FUNCTIONS),
    "SL-UBIGINT": DegradationCode(
        C.BEHAVIOUR, "unsigned bigint above 2**63-1",
        "stored as a 64-bit signed integer with a CHECK >= 0: values from 2**63 to 2**64-1 are refused "
        "(SQLite's integers are signed 64-bit)", "https://www.sqlite.org/datatype3.html"),
    "SL-REAL": DegradationCode(
        C.BEHAVIOUR, "binary32 rounding",
        "real is stored as an 8-byte float with a CHECK of binary32's range: values are not rounded to "
        "binary32's 24-bit precision (1.1 stays 1.1, PostgreSQL gives 1.10000002384...)",
        "https://www.sqlite.org/floatingpoint.html"),
    "SL-NAN": DegradationCode(
        C.BEHAVIOUR, "NaN",
        "SQLite stores a NaN as NULL: a NOT NULL column refuses NaN, a nullable one reads it back as NULL",
        "https://www.sqlite.org/floatingpoint.html"),
    "SL-CHARPAD": DegradationCode(
        C.BEHAVIOUR, "char blank padding",
        "char(n) is text compared with trailing blanks ignored (COLLATE RTRIM) but stored as written: "
        "PostgreSQL pads it to n, MySQL strips the trailing blanks",
        "https://www.sqlite.org/datatype3.html#collating_sequences"),
    "SL-INDEXNAME": DegradationCode(
        C.APPROXIMATED, "an index name another table also has (MySQL scopes index names per table)",
        "the index is created as <table>_<name>: SQLite scopes index names per database, beside the tables",
        _CREATE_INDEX),
    "SL-BINARYPAD": DegradationCode(
        C.BEHAVIOUR, "binary zero padding",
        "binary(n) is a blob of at most n bytes, stored as written: MySQL pads it with zero bytes to n",
        "https://www.sqlite.org/stricttables.html"),
    "SL-SETFORM": DegradationCode(
        C.BEHAVIOUR, "set normal form",
        "a set is text: any order of members and repeated members are accepted, as MySQL accepts them, "
        "but kept as written (MySQL stores them once each, in declared order), so keys compare the text",
        "https://www.sqlite.org/stricttables.html"),
    "SL-VIEWABSENT": DegradationCode(
        C.DROPPED, "a view the model leaves out on this engine (View.absent)",
        "not created: queries that read it fail; the model says so where its body cannot be rendered here",
        "https://www.sqlite.org/lang_createview.html"),
    "SL-MATVIEW": DegradationCode(
        C.APPROXIMATED, "a materialized view",
        "a plain view: no REFRESH, its rows are always current (computed at each read, not stored)",
        "https://www.sqlite.org/lang_createview.html"),
    "SL-VIEWCOMMENT": DegradationCode(
        C.DROPPED, "a comment on a view",
        "left out: an SQLite view carries no comment",
        "https://www.sqlite.org/lang_createview.html"),
    "SL-ROUTINE": DegradationCode(
        C.DROPPED, "a function or procedure",
        "not created: SQLite has no stored functions or procedures",
        "https://www.sqlite.org/lang.html"),
    "SL-TRIGGER": DegradationCode(
        C.DROPPED, "a trigger written for another engine",
        "not created on SQLite: procedural code is not translated",
        "https://www.sqlite.org/lang_createtrigger.html"),
    "SL-EXTENSION": DegradationCode(
        C.DROPPED, "an extension of another engine (PostgreSQL's CREATE EXTENSION)",
        "not created on SQLite: its run-time loadable extensions are loaded by each connection, not held by "
        "the database; the types, defaults and indexes that use one degrade by their own codes",
        "https://www.sqlite.org/loadext.html"),
    "SL-INDEXCOMMENT": DegradationCode(
        C.DROPPED, "an index's comment",
        "left out: an SQLite index carries no comment",
        "https://www.sqlite.org/lang_createindex.html"),
    "SL-CONSTRAINTCOMMENT": DegradationCode(
        C.DROPPED, "a constraint's comment (a CHECK, UNIQUE, foreign key or primary key)",
        "left out: an SQLite constraint carries no comment",
        "https://www.sqlite.org/lang_createtable.html"),
    "SL-TRIGGERCOMMENT": DegradationCode(
        C.DROPPED, "a trigger's comment",
        "left out: an SQLite trigger carries no comment",
        "https://www.sqlite.org/lang_createtrigger.html"),
    "SL-SEQUENCE": DegradationCode(
        C.DROPPED, "a sequence",
        "not created: SQLite has no sequences",
        "https://www.sqlite.org/lang.html"),
    "SL-POLICY": DegradationCode(
        C.DROPPED, "row-level security (a table's policies, ROW LEVEL SECURITY on a table)",
        "not created: SQLite has no users, so no row-level security",
        "https://www.sqlite.org/omitted.html"),
    "SL-GRANT": DegradationCode(
        C.DROPPED, "privileges granted to a role on a table, view or sequence",
        "not granted: SQLite has no GRANT or REVOKE; the database file's permissions are its only access control",
        "https://www.sqlite.org/omitted.html"),
    "SL-EVENT": DegradationCode(
        C.DROPPED, "a scheduled event (MySQL/MariaDB CREATE EVENT)",
        "not created: SQLite has no scheduled events (its SQL commands have no CREATE EVENT)",
        "https://www.sqlite.org/lang.html"),
}
