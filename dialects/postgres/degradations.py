"""PostgreSQL's degradation codes: code -> (category, feature, effect, documentation).

The lowering (`dialects.postgres`) builds each `Degradation` from this table;
README.md lists every code (tests/test_degradations.py holds the two together).
"""
from __future__ import annotations

from ..base import DegradationCategory as C, DegradationCode

DEGRADATIONS: dict[str, DegradationCode] = {
    "PG-PARTNAME": DegradationCode(
        C.APPROXIMATED, "partition name taken in the schema (MySQL names partitions per table)",
        "renamed <table>_<partition>: a PostgreSQL partition is a table, named per schema like any relation",
        "https://www.postgresql.org/docs/15/sql-createtable.html"),
    "PG-PREFIX": DegradationCode(
        C.APPROXIMATED, "prefix index part",
        "no prefix index parts: a plain index indexes the whole value (same lookups, larger index); "
        "a unique one indexes left(column, N), so uniqueness is still judged on the prefix",
        "https://www.postgresql.org/docs/15/sql-createindex.html"),
    "PG-EXCLUDE": DegradationCode(
        C.DROPPED, "exclusion constraint over a column of another engine's type",
        "dropped: the column is text on PostgreSQL (PG-NATIVE), which has no operator class for the "
        "constraint's operators there",
        "https://www.postgresql.org/docs/15/sql-createtable.html#SQL-CREATETABLE-EXCLUDE"),
    "PG-SPELLED": DegradationCode(
        C.WEAKENED, "another engine's narrower type of a model type (MySQL's TIMESTAMP, TEXT, MEDIUMINT...)",
        "the model type: that engine's narrower limit (TIMESTAMP's 1970..2038, TEXT's 64 KB) is not enforced",
        "https://www.postgresql.org/docs/15/datatype.html"),
    "PG-ON-UPDATE": DegradationCode(
        C.BEHAVIOUR, "on_update_now (set to now() by every UPDATE that does not set it)",
        "a BEFORE UPDATE trigger: an UPDATE assigning the column its current value is taken as not setting it, "
        "so the column gets now()",
        "https://www.postgresql.org/docs/15/plpgsql-trigger.html"),
    "PG-UNSIGNED64": DegradationCode(
        C.BEHAVIOUR, "unsigned bigint (0 to 18446744073709551615)",
        "bigint with a storage CHECK (column >= 0): values above 9223372036854775807 are refused. bigint is "
        "the widest integer type, the only one an identity or a bigint key referencing it can use",
        "https://www.postgresql.org/docs/15/datatype-numeric.html#DATATYPE-INT"),
    "PG-BINARY-PAD": DegradationCode(
        C.BEHAVIOUR, "binary(n) (MySQL zero-pads a shorter value to n bytes)",
        "bytea with a storage CHECK octet_length(column) <= n: a shorter value is stored as given, not padded "
        "with zero bytes, so b'a' and b'a\\0' are different values",
        "https://www.postgresql.org/docs/15/datatype-binary.html"),
    "PG-SET-ORDER": DegradationCode(
        C.BEHAVIOUR, "set(...) (the value is the set of members: MySQL stores them in declared order, once)",
        "text with a storage CHECK admitting any comma-separated list of members: the value is stored as "
        "written, so 'b,a' and 'a,b' (or 'a,a') are different values in a UNIQUE and when read back",
        "https://www.postgresql.org/docs/15/functions-array.html"),
    "PG-ARRAY-ITEM": DegradationCode(
        C.WEAKENED, "an array of tinyint, unsigned integers, year, set, varbinary(n) or binary(n)",
        "an array of the type that holds the item (smallint, integer, bigint, text, bytea): a storage CHECK "
        "covers a scalar column only, so the items are not narrowed to the model's range",
        "https://www.postgresql.org/docs/15/arrays.html"),
    "PG-COLLATION": DegradationCode(
        C.APPROXIMATED, "a collation of another engine (MySQL's utf8mb4_general_ci, SQLite's NOCASE...)",
        "the database's default collation instead: comparisons, ordering and uniqueness follow it (a "
        "case-insensitive collation becomes case-sensitive, so 'a' and 'A' are two values in a UNIQUE)",
        "https://www.postgresql.org/docs/15/collation.html"),
    "PG-CHARSET": DegradationCode(
        C.WEAKENED, "a table's character set (MySQL's latin1, utf8mb3...)",
        "the database encoding (UTF8) instead: characters outside the table's character set are accepted "
        "and stored, not refused",
        "https://www.postgresql.org/docs/15/multibyte.html"),
    "PG-LOOSE": DegradationCode(
        C.APPROXIMATED, "a loosely typed table (SQLite without STRICT: a value of any type is stored as given)",
        "PostgreSQL's columns are always typed: a value that does not convert to the column's type is "
        "refused, not stored as given",
        "https://www.postgresql.org/docs/15/datatype.html"),
    "PG-VIRTUAL": DegradationCode(
        C.APPROXIMATED, "a VIRTUAL generated column (computed on read)",
        "a STORED generated column: computed on every write and kept on disk, so it takes space, and "
        "PostgreSQL 15 has no virtual generated columns",
        "https://www.postgresql.org/docs/15/ddl-generated-columns.html"),
    "PG-GENERATED-CHAIN": DegradationCode(
        C.APPROXIMATED, "a generated column whose expression uses another generated column",
        "that column's expression written in its place: PostgreSQL refuses a generated column that refers "
        "to another one; the value computed is the same",
        "https://www.postgresql.org/docs/15/ddl-generated-columns.html"),
    "PG-FULLTEXT": DegradationCode(
        C.APPROXIMATED, "a FULLTEXT index (MySQL's MATCH ... AGAINST)",
        "a GIN index over to_tsvector('simple', the columns): it serves @@ queries written against that "
        "expression; MATCH ... AGAINST, its stopwords and relevance ranking are not reproduced",
        "https://www.postgresql.org/docs/15/textsearch-tables.html#TEXTSEARCH-TABLES-INDEX"),
    "PG-NATIVE": DegradationCode(
        C.WEAKENED, "a native type of another engine (MySQL's bit(8), ...)",
        "text: any text is accepted, the values are not checked against the other engine's type",
        "https://www.postgresql.org/docs/15/datatype-character.html"),
    "PG-CHECK-FUNCTION": DegradationCode(
        C.DROPPED, "a CHECK calling a function PostgreSQL does not have (SQLite's json_valid, ...)",
        "the CHECK is dropped: PostgreSQL would refuse the table, so the values it limited are accepted",
        "https://www.postgresql.org/docs/15/functions.html"),
    "PG-EXPRESSION": DegradationCode(
        C.WEAKENED, "an expression default calling a function PostgreSQL does not have or casting 'now' (which "
                    "PostgreSQL reads once, at CREATE TABLE), or a generated column calling such a function or one "
                    "that is not IMMUTABLE (SQLite's julianday, unixepoch, date('now'), ...)",
        "the default is dropped (a value must be given), the generated column is a plain column (a value may be "
        "given, nothing computes it): PostgreSQL would refuse the table",
        "https://www.postgresql.org/docs/15/ddl-generated-columns.html"),
    "PG-INDEX-EXPRESSION": DegradationCode(
        C.DROPPED, "an index whose expression or predicate calls a function PostgreSQL does not have or one "
                   "that is not IMMUTABLE (to_char, a date cast of text), or names another engine's collation",
        "the index is dropped: PostgreSQL refuses to build it (lookups on that expression scan the table; a "
        "unique one no longer refuses duplicates)",
        "https://www.postgresql.org/docs/15/sql-createindex.html"),
    "PG-INDEXNAME": DegradationCode(
        C.APPROXIMATED, "an index name another table of the schema also has (MySQL scopes index names per table)",
        "the index is created as <table>_<name> (cut to 63 bytes with a hash): PostgreSQL scopes index names "
        "per schema, beside the tables",
        "https://www.postgresql.org/docs/15/sql-createindex.html"),
    "PG-KNOWN-DEFAULT": DegradationCode(
        C.APPROXIMATED, "a SQL expression default that is one of the model's own defaults (default_sql(\"now()\"), "
                        "default_sql(\"42\"), default_sql(\"gen_random_uuid()\") on a uuid)",
        "that default of the model (now, the literal, a random uuid): PostgreSQL stores the same expression for "
        "both, so it is held and read back as that (same values)",
        "https://www.postgresql.org/docs/15/ddl-default.html"),
    "PG-VIEWABSENT": DegradationCode(
        C.DROPPED, "a view the model leaves out on this engine (View.absent)",
        "not created: queries that read it fail; the model says so where its body cannot be rendered here",
        "https://www.postgresql.org/docs/15/sql-createview.html"),
    "PG-ROUTINE": DegradationCode(
        C.DROPPED, "a function or procedure written for another engine",
        "not created on PostgreSQL: procedural code is not translated",
        "https://www.postgresql.org/docs/15/sql-createfunction.html"),
    "PG-TRIGGER": DegradationCode(
        C.DROPPED, "a trigger written for another engine",
        "not created on PostgreSQL: procedural code is not translated",
        "https://www.postgresql.org/docs/15/sql-createtrigger.html"),
    "PG-EXTENSION": DegradationCode(
        C.DROPPED, "an extension written for another engine",
        "not created on PostgreSQL: only a PostgreSQL extension is",
        "https://www.postgresql.org/docs/15/sql-createextension.html"),
    "PG-EVENT": DegradationCode(
        C.DROPPED, "a scheduled event (MySQL/MariaDB CREATE EVENT)",
        "not created: PostgreSQL has no scheduled events (its SQL commands have no CREATE EVENT)",
        "https://www.postgresql.org/docs/15/sql-commands.html"),
}
