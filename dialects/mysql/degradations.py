"""MySQL/MariaDB's degradation codes: code -> (category, feature, effect, documentation).

The lowering (`dialects.mysql`) and the plan reader (`dialects.mysql.explain`)
build each `Degradation` from the table of the dialect doing the lowering
(`MySQLDialect.degradations`, this one): a variant engine subclassing the MySQL
dialect inherits it and may drop or add codes, e.g.
``degradations = {c: d for c, d in DEGRADATIONS.items() if c != "MY-EXPRINDEX"}``.
README.md lists every code (tests/test_degradations.py holds the two together).
"""
from __future__ import annotations

from ..base import DegradationCategory as C, DegradationCode

# Characters indexed of a LONGTEXT key part: 255 x 4 bytes fits InnoDB's 3072-byte key limit
# (https://dev.mysql.com/doc/refman/8.0/en/innodb-limits.html).
TEXT_PREFIX = 255
_PREFIXES = "https://dev.mysql.com/doc/refman/8.0/en/column-indexes.html#column-indexes-prefix"
_CREATE_INDEX = "https://dev.mysql.com/doc/refman/8.0/en/create-index.html"

DEGRADATIONS: dict[str, DegradationCode] = {
    # -- column types ----------------------------------------------------------------------------
    "MY-TZ": DegradationCode(
        C.APPROXIMATED, "timestamptz",
        "DATETIME(6) keeps no time zone: values are UTC by convention (schemakit connections use time_zone '+00:00')",
        "https://dev.mysql.com/doc/refman/8.0/en/datetime.html"),
    "MY-JSONB": DegradationCode(
        C.WEAKENED, "jsonb",
        "JSON: validated as json (see MY-JSONVALID), so the escape \\u0000 that jsonb rejects is accepted; "
        "no jsonb operators or GIN indexing",
        "https://mariadb.com/kb/en/json-data-type/"),
    "MY-ARRAY": DegradationCode(
        C.WEAKENED, "array", "a JSON array; the element type is not enforced",
        "https://dev.mysql.com/doc/refman/8.0/en/json.html"),
    "MY-ENUMTYPE": DegradationCode(
        C.APPROXIMATED, "named enum type",
        "an ENUM column type of its own, with the same values: MySQL has no named types, so an enum shared by "
        "several columns is one ENUM per column",
        "https://dev.mysql.com/doc/refman/8.0/en/enum.html"),
    "MY-TEXTPK": DegradationCode(
        C.APPROXIMATED, "text or bytes in the primary key",
        f"VARCHAR({TEXT_PREFIX}) (bytes: VARBINARY({TEXT_PREFIX})): longer values are rejected (MySQL cannot key "
        "LONGTEXT or LONGBLOB)", _PREFIXES),
    "MY-NUMERIC": DegradationCode(
        C.APPROXIMATED, "numeric without precision",
        "DECIMAL(65,30): at most 35 integer digits, and values are rounded to 30 decimal places (MySQL's bare "
        "DECIMAL is DECIMAL(10,0))",
        "https://dev.mysql.com/doc/refman/8.0/en/fixed-point-types.html"),
    "MY-TIMETZ": DegradationCode(
        C.APPROXIMATED, "timetz",
        "TIME of the same precision, without the UTC offset: values are UTC by convention",
        "https://dev.mysql.com/doc/refman/8.0/en/time.html"),
    "MY-INTERVAL": DegradationCode(
        C.APPROXIMATED, "interval",
        "TIME(6): a span of -838:59:59 to 838:59:59 (about 35 days) in hours, minutes and seconds; longer spans "
        "are rejected and months are not held",
        "https://dev.mysql.com/doc/refman/8.0/en/time.html"),
    "MY-INTERVALDEFAULT": DegradationCode(
        C.APPROXIMATED, "interval default outside TIME",
        "no default: an interval default with months or years, or beyond -838:59:59..838:59:59, is not a TIME "
        "value (the column is TIME(6), MY-INTERVAL)",
        "https://mariadb.com/kb/en/time/"),
    # -- constraints -----------------------------------------------------------------------------
    "MY-PARTFK": DegradationCode(
        C.DROPPED, "foreign key on or to a partitioned table",
        "dropped: partitioned InnoDB tables cannot have or be referenced by foreign keys",
        "https://dev.mysql.com/doc/refman/8.0/en/partitioning-limitations-storage-engines.html"),
    "MY-PARTNONE": DegradationCode(
        C.NO_PARTITIONS, "partitioned table with no partitions",
        "not partitioned: a MariaDB partitioned table has at least one partition, so the table stores every row "
        "where the model rejects them all",
        "https://mariadb.com/kb/en/partitioning-overview/"),
    "MY-RANGEDEFAULT": DegradationCode(
        C.APPROXIMATED, "DEFAULT partition of RANGE partitioning",
        "a partition VALUES LESS THAN (MAXVALUE) of the same name, or none when the last partition already ends "
        "at MAXVALUE: RANGE has no DEFAULT partition, so rows below the lower bound are rejected",
        "https://mariadb.com/kb/en/range-columns-and-list-columns-partitioning-types/"),
    "MY-ABSRANGE": DegradationCode(
        C.BEHAVIOUR, "abs() (@) of a smallint or integer column in a CHECK",
        "computed as a BIGINT: the column's lowest value (-32768, -2147483648) passes the CHECK where PostgreSQL "
        "refuses the row (smallint/integer out of range)",
        "https://mariadb.com/kb/en/abs/"),
    "MY-PARTNULL": DegradationCode(
        C.BEHAVIOUR, "a NULL key of RANGE partitioning",
        "stored in the lowest partition (NULL sorts below every value), where PostgreSQL stores it in the DEFAULT "
        "partition, or rejects the row when there is none",
        "https://dev.mysql.com/doc/refman/8.0/en/partitioning-handling-nulls.html"),
    "MY-LISTDEFAULT": DegradationCode(
        C.APPROXIMATED, "DEFAULT partition of LIST partitioning",
        "dropped: MySQL 8 has no LIST DEFAULT partition (MariaDB has), so a row no list holds is rejected",
        "https://dev.mysql.com/doc/refman/8.0/en/partitioning-list.html"),
    "MY-SETDEFAULT": DegradationCode(
        C.APPROXIMATED, "ON DELETE or ON UPDATE SET DEFAULT",
        "NO ACTION: InnoDB rejects SET DEFAULT, so deleting (or changing the key of) a referenced row fails",
        "https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html"),
    "MY-UPDATERESTRICT": DegradationCode(
        C.APPROXIMATED, "ON UPDATE RESTRICT",
        "NO ACTION, which InnoDB checks at once as it does RESTRICT: the same verdicts",
        "https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html"),
    "MY-FKTYPE": DegradationCode(
        C.APPROXIMATED, "foreign key column of another type than the referenced column",
        "the referenced column's type (smallint referencing int is INT, text referencing a VARCHAR(255) key is "
        "VARCHAR(255)): InnoDB requires the same type, so the column's own range or length is not kept",
        "https://mariadb.com/kb/en/foreign-keys/"),
    # -- indexes ---------------------------------------------------------------------------------
    "MY-JSONINDEX": DegradationCode(
        C.DROPPED, "unique or index over a json column", "dropped: MySQL cannot index JSON",
        "https://dev.mysql.com/doc/refman/8.0/en/json.html"),
    "MY-GIN": DegradationCode(
        C.DROPPED, "GIN index", "dropped: MySQL has no inverted index", _CREATE_INDEX),
    "MY-EXPRINDEX": DegradationCode(
        C.DROPPED, "expression key part", "dropped: MariaDB has no functional key parts",
        "https://mariadb.com/kb/en/create-index/"),
    "MY-EXCLUDE": DegradationCode(
        C.DROPPED, "exclusion constraint",
        "dropped: MySQL and MariaDB have no exclusion constraints (MariaDB 10.11 tested), so rows it would refuse "
        "(overlapping ranges, say) are accepted",
        "https://mariadb.com/kb/en/constraint/"),
    "MY-NARROW": DegradationCode(
        C.BEHAVIOUR, "a model type MySQL holds in a narrower type of its own (imported: TIMESTAMP, TEXT, MEDIUMINT...)",
        "the narrower type is kept: TIMESTAMP holds 1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC, TINYTEXT and "
        "TEXT 255 bytes and 64 KB, MEDIUMINT 24 bits; a value beyond it is refused, where the model type holds it",
        "https://mariadb.com/kb/en/data-types/"),
    "MY-DOMAIN": DegradationCode(
        C.APPROXIMATED, "a domain (a named type with NOT NULL, a default and CHECKs)",
        "the column takes the domain's base type, with the domain's NOT NULL, default and CHECKs on the column "
        "itself (CHECK <table>_<column>_<check>): the same rows are accepted; no named type is created",
        "https://mariadb.com/kb/en/constraint/"),
    "MY-TYPE": DegradationCode(
        C.DROPPED, "a type declared by itself (an enum, a domain or a composite type no column uses)",
        "nothing: MySQL and MariaDB have no named types (an ENUM is a column's own list of values), so a type "
        "no column uses is not created; a column of an enum or a domain still holds its rules",
        "https://mariadb.com/kb/en/enum/"),
    "MY-SPELLED": DegradationCode(
        C.WEAKENED, "another engine's narrower spelling of a model type",
        "the model type: that engine's narrower limit is not enforced",
        "https://mariadb.com/kb/en/data-types/"),
    "MY-PARTIAL": DegradationCode(
        C.APPROXIMATED, "partial index", "a full index: same query results, larger index", _CREATE_INDEX),
    "MY-TEXTUNIQUE": DegradationCode(
        C.APPROXIMATED, "unique over a text or bytes column",
        f"unique on the first {TEXT_PREFIX} characters (bytes) only: values sharing them collide", _PREFIXES),
    "MY-TEXTPREFIX": DegradationCode(
        C.APPROXIMATED, "index over a text or bytes column",
        f"indexes the first {TEXT_PREFIX} characters (bytes) (same results)", _PREFIXES),
    "MY-PREFIX": DegradationCode(
        C.APPROXIMATED, "prefix index part",
        "the whole value is indexed: MySQL prefixes only string columns, and a prefix as long as the "
        "column is the whole value (same lookups)", _PREFIXES),
    "MY-PARTIALUNIQUE": DegradationCode(
        C.NOT_INDEXABLE, "partial unique index",
        "a unique index over generated sk_ columns: queries on the base columns cannot use it",
        "https://mariadb.com/kb/en/generated-columns/#index-support"),
    # -- column, index and table options (issue #14) ------------------------------------------------
    "MY-IDENTITYALWAYS": DegradationCode(
        C.BEHAVIOUR, "identity GENERATED ALWAYS",
        "AUTO_INCREMENT with BEFORE INSERT/UPDATE triggers refusing an explicit value (SQLSTATE 428C9): an "
        "explicit 0 or NULL is taken as no value and generates one, and an UPDATE setting the value the row "
        "already holds is let through (the trigger refuses a change only), where PostgreSQL refuses both",
        "https://dev.mysql.com/doc/refman/8.0/en/trigger-syntax.html"),
    "MY-SERIAL": DegradationCode(
        C.APPROXIMATED, "identity drawn from a sequence (a serial)",
        "AUTO_INCREMENT, as any identity: the table's own counter, not a sequence; read back as an identity",
        "https://mariadb.com/kb/en/auto_increment/"),
    "MY-AUTOKEY": DegradationCode(
        C.APPROXIMATED, "identity column that leads no key (inside a composite primary key, or outside it)",
        "an extra index led by the AUTO_INCREMENT column: InnoDB refuses an auto-increment column that leads "
        "no index (error 1075)",
        "https://dev.mysql.com/doc/refman/8.0/en/innodb-auto-increment-handling.html"),
    "MY-COLLATION": DegradationCode(
        C.APPROXIMATED, "a collation of another engine (PostgreSQL's C, SQLite's NOCASE...)",
        "the table's (or schemakit's) collation instead: comparisons, ordering and uniqueness follow it",
        "https://dev.mysql.com/doc/refman/8.0/en/charset-column.html"),
    "MY-SAMECOLLATION": DegradationCode(
        C.APPROXIMATED, "a column collation equal to its table's",
        "held as the table's: MySQL reports no difference, so a later change of the table's collation "
        "changes the column's too",
        "https://dev.mysql.com/doc/refman/8.0/en/charset-column.html"),
    "MY-CHARSETCOLLATION": DegradationCode(
        C.APPROXIMATED, "a table collation that is its character set's default (latin1_swedish_ci of latin1)",
        "held as the character set alone, whose default collation it is: MySQL reports no difference",
        "https://dev.mysql.com/doc/refman/8.0/en/charset-table.html"),
    "MY-LOOSE": DegradationCode(
        C.APPROXIMATED, "a loosely typed table (SQLite without STRICT)",
        "a typed table: MySQL's columns always hold their type, and schemakit's strict sql_mode refuses a "
        "value that does not convert instead of storing it as given",
        "https://dev.mysql.com/doc/refman/8.0/en/sql-mode.html#sql-mode-strict"),
    "MY-NOWEXPR": DegradationCode(
        C.APPROXIMATED, "a SQL expression default that is the current time (now(), clock_timestamp(), "
                        "CURRENT_DATE on a date)",
        "the model's now default, CURRENT_TIMESTAMP(p) (CURRENT_DATE): the time the statement started, which "
        "MySQL reports alike for both",
        "https://dev.mysql.com/doc/refman/8.0/en/data-type-defaults.html"),
    "MY-GENERATEDNULL": DegradationCode(
        C.APPROXIMATED, "NOT NULL on a generated column",
        "nullable: MariaDB refuses NOT NULL on a generated column, so a row whose expression gives NULL is "
        "accepted (MySQL 8 would refuse it)",
        "https://mariadb.com/kb/en/generated-columns/"),
    "MY-LITERALEXPR": DegradationCode(
        C.APPROXIMATED, "a SQL expression default that is a literal (default_sql(\"'new'\"))",
        "the literal default: MySQL reports a parenthesised literal as the literal (same values)",
        "https://dev.mysql.com/doc/refman/8.0/en/data-type-defaults.html"),
    "MY-DEFAULTEXPR": DegradationCode(
        C.APPROXIMATED, "a SQL expression default MySQL cannot compute (a function it does not have)",
        "no default: the column is NULL (or must be given) where the model computes a value",
        "https://dev.mysql.com/doc/refman/8.0/en/data-type-defaults.html"),
    "MY-GENERATEDEXPR": DegradationCode(
        C.APPROXIMATED, "a generated column whose expression calls a function MySQL cannot use there (another "
                        "engine's, or one of the clock)",
        "a plain nullable column: its values are given by the application, not computed (the functions both "
        "servers accept: dialects/mysql/functions.py)",
        "https://mariadb.com/kb/en/generated-columns/#expression-support"),
    "MY-NATIVE": DegradationCode(
        C.WEAKENED, "a native type of another engine (PostgreSQL's inet, tsvector, int4range, point...)",
        "LONGTEXT: any text is accepted, the values are not checked against the other engine's type",
        "https://dev.mysql.com/doc/refman/8.0/en/blob.html"),
    "MY-HASH": DegradationCode(
        C.APPROXIMATED, "HASH index",
        "a B-tree index: InnoDB accepts USING HASH and builds a B-tree (same lookups, also range scans)",
        "https://dev.mysql.com/doc/refman/8.0/en/create-index.html#create-index-storage-engine-index-types"),
    "MY-INDEXMETHOD": DegradationCode(
        C.APPROXIMATED, "GiST, BRIN or SP-GiST index (or FULLTEXT over other than text columns)",
        "a B-tree index over the same columns: equality and range lookups, no PostgreSQL operator support",
        _CREATE_INDEX),
    "MY-OPCLASS": DegradationCode(
        C.APPROXIMATED, "operator class of an index key part",
        "the column's own comparison (its collation): MySQL has no operator classes", _CREATE_INDEX),
    "MY-INCLUDE": DegradationCode(
        C.APPROXIMATED, "INCLUDE columns of an index",
        "appended as key columns (a unique index: left out, its uniqueness unchanged): MySQL has no INCLUDE; "
        "the index covers the same queries", _CREATE_INDEX),
    # -- behaviour: the schema element is the model's ----------------------------------------------
    "MY-PADSPACE": DegradationCode(
        C.BEHAVIOUR, "unique over varchar or text",
        "utf8mb4_bin is PAD SPACE: values differing only in trailing spaces collide",
        "https://dev.mysql.com/doc/refman/8.0/en/charset-binary-collations.html"),
    "MY-ENUMPAD": DegradationCode(
        C.BEHAVIOUR, "enum value", "a value with trailing spaces is accepted and stored without them",
        "https://dev.mysql.com/doc/refman/8.0/en/enum.html"),
    "MY-ONUPDATE": DegradationCode(
        C.BEHAVIOUR, "set to the current time by every UPDATE not setting it",
        "ON UPDATE CURRENT_TIMESTAMP(6): an UPDATE that changes no value, or sets the column to its current value, "
        "leaves it unchanged",
        "https://dev.mysql.com/doc/refman/8.0/en/timestamp-initialization.html"),
    "MY-CHECKTRIGGER": DegradationCode(
        C.BEHAVIOUR, "CHECK over a column with a referential action",
        "enforced by BEFORE INSERT/UPDATE triggers (MySQL 8 refuses the CHECK): SQLSTATE 23000; "
        "rows changed by ON DELETE SET NULL are not re-checked",
        "https://dev.mysql.com/doc/refman/8.0/en/create-table-check-constraints.html"),
    "MY-CHECKAUTOINC": DegradationCode(
        C.BEHAVIOUR, "CHECK over an identity (AUTO_INCREMENT) column",
        "enforced by triggers (MySQL 8 and MariaDB refuse the CHECK): AFTER INSERT, where the generated value is "
        "known (a BEFORE INSERT trigger reads 0 for it), and BEFORE UPDATE; SQLSTATE 23000",
        "https://mariadb.com/kb/en/constraint/#check-constraints"),
    "MY-JSONLEN": DegradationCode(
        C.BEHAVIOUR, "json_array_length",
        "JSON_LENGTH: counts an object's keys (1 for a scalar) where PostgreSQL raises an error",
        "https://dev.mysql.com/doc/refman/8.0/en/json-attribute-functions.html#function_json-length"),
    "MY-UUID": DegradationCode(
        C.BEHAVIOUR, "uuid columns",
        "CHAR(36) accepting only the canonical lowercase text form; PostgreSQL also accepts upper case, braces "
        "and missing hyphens and normalises them",
        "https://dev.mysql.com/doc/refman/8.0/en/data-types.html"),
    "MY-VARCHARWS": DegradationCode(
        C.BEHAVIOUR, "varchar and char values longer than the length",
        "MariaDB also cuts excess trailing tabs, newlines and other whitespace (not only spaces) and accepts "
        "the row, where PostgreSQL rejects it as too long",
        "https://mariadb.com/kb/en/varchar/"),
    "MY-TIMERANGE": DegradationCode(
        C.BEHAVIOUR, "time of day",
        "TIME also accepts -838:59:59 to 838:59:59, where the model's time is 00:00:00 to 24:00:00",
        "https://dev.mysql.com/doc/refman/8.0/en/time.html"),
    "MY-FLOATNAN": DegradationCode(
        C.BEHAVIOUR, "real and double special values",
        "FLOAT and DOUBLE hold no NaN or infinity: such a value is rejected",
        "https://dev.mysql.com/doc/refman/8.0/en/floating-point-types.html"),
    "MY-YEAR": DegradationCode(
        C.BEHAVIOUR, "year values",
        "YEAR converts 1 to 99 (and the string '0') to 1970..2069, where the model rejects them",
        "https://dev.mysql.com/doc/refman/8.0/en/year.html"),
    "MY-SETORDER": DegradationCode(
        C.BEHAVIOUR, "set values",
        "SET stores the members in their declared order without repeats ('b,a,b' reads back as 'a,b')",
        "https://dev.mysql.com/doc/refman/8.0/en/set.html"),
    "MY-JSONVALID": DegradationCode(
        C.BEHAVIOUR, "json text validation",
        "validated by json_valid: a lone UTF-16 surrogate escape (\\ud800), which PostgreSQL's json accepts, is "
        "rejected; MariaDB also accepts escapes JSON does not define (\\x41), which PostgreSQL rejects",
        "https://mariadb.com/kb/en/json_valid/"),
    "MY-VIEWABSENT": DegradationCode(
        C.DROPPED, "a view the model leaves out on this engine (View.absent)",
        "not created: queries that read it fail; the model says so where its body cannot be rendered here",
        "https://mariadb.com/kb/en/create-view/"),
    "MY-MATVIEW": DegradationCode(
        C.APPROXIMATED, "a materialized view",
        "a plain view: no REFRESH, its rows are always current (computed at each read, not stored)",
        "https://mariadb.com/kb/en/create-view/"),
    "MY-VIEWCOMMENT": DegradationCode(
        C.DROPPED, "a comment on a view",
        "left out: a MySQL/MariaDB view carries no comment",
        "https://mariadb.com/kb/en/create-view/"),
    "MY-ROUTINE": DegradationCode(
        C.DROPPED, "a function or procedure written for another engine",
        "not created on MySQL/MariaDB: procedural code is not translated",
        "https://mariadb.com/kb/en/create-function/"),
    "MY-TRIGGER": DegradationCode(
        C.DROPPED, "a trigger written for another engine",
        "not created on MySQL/MariaDB: procedural code is not translated",
        "https://mariadb.com/kb/en/create-trigger/"),
    "MY-EXTENSION": DegradationCode(
        C.DROPPED, "an extension of another engine (PostgreSQL's CREATE EXTENSION)",
        "not created on MySQL/MariaDB: it has no extensions; the types, defaults and indexes that use one "
        "degrade by their own codes",
        "https://mariadb.com/kb/en/plugin-overview/"),
    "MY-INDEXCOMMENT": DegradationCode(
        C.DROPPED, "a unique index's comment",
        "left out: schemakit's mark telling a unique index from a UNIQUE constraint is that index's COMMENT",
        "https://mariadb.com/kb/en/create-index/#index-options"),
    "MY-CONSTRAINTCOMMENT": DegradationCode(
        C.DROPPED, "a comment on a CHECK, a foreign key or the primary key (a UNIQUE key's is held)",
        "left out: MySQL/MariaDB give a key a COMMENT as an index option, a CHECK or a foreign key none; the "
        "primary key's and that of a UNIQUE key over a text column (held as a unique index) are left out too",
        "https://mariadb.com/kb/en/create-table/#index-options"),
    "MY-TRIGGERCOMMENT": DegradationCode(
        C.DROPPED, "a trigger's comment",
        "left out: a MySQL/MariaDB trigger carries no comment",
        "https://mariadb.com/kb/en/create-trigger/"),
    "MY-SEQUENCE": DegradationCode(
        C.DROPPED, "a sequence",
        "not created: MySQL 8 has no CREATE SEQUENCE (MariaDB has)",
        "https://dev.mysql.com/doc/refman/8.0/en/sql-statements.html"),
    "MY-POLICY": DegradationCode(
        C.DROPPED, "row-level security (a table's policies, ROW LEVEL SECURITY on a table)",
        "not created: MySQL/MariaDB have no row-level security; privileges are granted per database, table "
        "or column, never per row (a view filtering the rows is the nearest)",
        "https://mariadb.com/kb/en/grant/"),
    "MY-GRANT": DegradationCode(
        C.DROPPED, "privileges granted to a role on a table, view or sequence",
        "not granted: MySQL/MariaDB accounts and roles are server-wide (user@host, in the mysql system "
        "database), not objects of the schema, so schemakit does not manage them; grant them by hand",
        "https://mariadb.com/kb/en/grant/"),
}
