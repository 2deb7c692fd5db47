"""The functions MySQL 8 and MariaDB 10.11 both accept in an expression default or a generated column.

One data list decides whether an expression default (``DEFAULT (expr)``) or a generated column
(``GENERATED ALWAYS AS (expr)``) of the model is rendered for MySQL: every function its MySQL
rendering calls must be listed here, else the lowering leaves it out (MY-DEFAULTEXPR,
MY-GENERATEDEXPR). The tests run on MariaDB 10.11 only; MySQL 8's acceptance is taken from its
manual, not observed.

- Expression defaults: MySQL 8.0.13+ accepts built-in functions, not stored functions
  (https://dev.mysql.com/doc/refman/8.0/en/data-type-defaults.html); MariaDB 10.2+ likewise
  (https://mariadb.com/kb/en/create-table/#default-column-option).
- Generated columns accept deterministic built-in functions only: no current time, no random
  value, nothing depending on the session (https://dev.mysql.com/doc/refman/8.0/en/create-table-generated-columns.html,
  https://mariadb.com/kb/en/generated-columns/#expression-support).
"""
from __future__ import annotations

import re

# Deterministic built-ins of both servers (https://dev.mysql.com/doc/refman/8.0/en/built-in-function-reference.html,
# https://mariadb.com/kb/en/built-in-functions/): allowed in defaults and generated columns.
DETERMINISTIC = frozenset({
    # control flow and casts
    "CAST", "CONVERT", "COALESCE", "IFNULL", "NULLIF", "IF",
    # numbers
    "ABS", "CEIL", "CEILING", "FLOOR", "ROUND", "TRUNCATE", "MOD", "POW", "POWER", "SQRT", "EXP", "LN", "LOG",
    "LOG10", "LOG2", "SIGN", "GREATEST", "LEAST", "PI",
    # strings
    "CONCAT", "CONCAT_WS", "LOWER", "UPPER", "LCASE", "UCASE", "LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH",
    "SUBSTRING", "SUBSTR", "LEFT", "RIGHT", "TRIM", "LTRIM", "RTRIM", "REPLACE", "LPAD", "RPAD", "REPEAT",
    "REVERSE", "HEX", "UNHEX", "MD5", "SHA1", "SHA2", "INSTR", "LOCATE", "ASCII", "CHAR",
    # json
    "JSON_ARRAY", "JSON_OBJECT", "JSON_EXTRACT", "JSON_UNQUOTE", "JSON_LENGTH", "JSON_VALID", "JSON_QUOTE",
    "JSON_CONTAINS", "JSON_KEYS",
    # dates of a given value (not DATE() and TIME(): SQLite's namesakes take modifiers, DATE('now', '+30 days'),
    # which a name alone does not tell apart)
    "DATE_ADD", "DATE_SUB", "ADDDATE", "SUBDATE", "YEAR", "MONTH", "DAY", "DAYOFMONTH", "HOUR",
    "MINUTE", "SECOND", "DATEDIFF", "TIMESTAMPDIFF", "LAST_DAY", "MAKEDATE", "EXTRACT",
})
# Built-ins of both servers whose value changes from call to call (the clock, random values): defaults only.
VOLATILE = frozenset({
    "NOW", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "CURDATE", "CURRENT_DATE", "CURTIME", "CURRENT_TIME",
    "UTC_TIMESTAMP", "UTC_DATE", "UTC_TIME", "UNIX_TIMESTAMP", "FROM_UNIXTIME", "UUID", "RAND",
    "RANDOM_BYTES",  # MySQL 5.6.17+, MariaDB 10.10+ (https://mariadb.com/kb/en/random_bytes/)
    # the session's user and database (https://mariadb.com/kb/en/information-functions/)
    "CURRENT_USER", "USER", "SESSION_USER", "SYSTEM_USER", "DATABASE", "SCHEMA", "CONNECTION_ID",
})
# Words that a parenthesis may follow in MySQL SQL without being a function call.
_NOT_CALLS = frozenset({"IN", "AND", "OR", "NOT", "AS", "IS", "THEN", "ELSE", "WHEN", "CASE", "EXISTS", "BETWEEN",
                        "LIKE", "REGEXP", "DIV", "XOR", "INTERVAL", "BINARY"})
_QUOTED = re.compile(r"'(?:[^'\\]|\\.|'')*'|`(?:[^`]|``)*`|\"(?:[^\"\\]|\\.)*\"")
_CALL = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*\(")


def calls(mysql_sql: str) -> set[str]:
    """The names (upper case) of the functions MySQL SQL text calls, quoted text and names left aside."""
    bare = _QUOTED.sub("''", mysql_sql)
    return {m.group(1).upper() for m in _CALL.finditer(bare)} - _NOT_CALLS


def refused(mysql_sql: str, generated: bool) -> set[str]:
    """The functions of MySQL SQL text not in the list both servers accept: in a generated column
    (`generated`) the deterministic ones, in a default those and the volatile ones."""
    allowed = DETERMINISTIC if generated else DETERMINISTIC | VOLATILE
    return calls(mysql_sql) - allowed
