"""Cases for tests/test_identity_checks.py: a CHECK over an identity column, and the verdict each statement gets.

MySQL and MariaDB refuse such a CHECK as a constraint (MariaDB's error 1901), so there it runs as triggers
(MY-CHECKAUTOINC): AFTER INSERT, since a BEFORE INSERT trigger reads 0 for a generated value. The statements
run in order, each on its own (autocommit); every engine must give each the verdict written here: None
accepted, or the name of the CHECK that refuses it. A refused row is not kept.
"""
from __future__ import annotations

from schemakit.schema.build import check, col, table
from schemakit.schema.model import INTEGER, Schema

CHECK = "ch'k\"`id"  # a name that breaks naive quoting on each engine
SCHEMA = Schema((table("counter", col("id", INTEGER, identity=True), col("n", INTEGER),
                       check(CHECK, "id > 0 AND id < 3"), pk="id"),))

STATEMENTS = [
    ("INSERT INTO counter (n) VALUES (1)", None),  # id 1, generated
    ("INSERT INTO counter (n) VALUES (2)", None),  # id 2
    ("INSERT INTO counter (n) VALUES (3)", CHECK),  # id 3, generated: the trigger must see it, not 0
    ("INSERT INTO counter (id, n) VALUES (-1, 4)", CHECK),  # an explicit value
    ("UPDATE counter SET id = 7 WHERE n = 1", CHECK),
    ("UPDATE counter SET n = 5 WHERE n = 1", None),
]
KEPT = [(1, 5), (2, 2)]  # (id, n) once every statement has run
