"""MariaDB 10.11+: the MySQL dialect with a NO PAD collation.

The ``mysql`` dialect renders only what MySQL 8 and MariaDB both accept, so its
text columns are ``utf8mb4_bin``, a PAD SPACE collation: 'a' and 'a ' collide in
a UNIQUE key (MY-PADSPACE). MariaDB has ``utf8mb4_nopad_bin``, which compares
trailing spaces as PostgreSQL and SQLite do
(https://mariadb.com/kb/en/supported-character-sets-and-collations/), so this
variant renders it and lists no MY-PADSPACE. Everything else (driver, URLs and
their parameters, lock, plans, errors) is the MySQL dialect's.

A ``mariadb://`` URL names this engine; a ``mysql://`` URL selects it when the
server's version string says MariaDB (`dialects.for_server`).
"""
from __future__ import annotations

from .base import DegradationCategory as C, DegradationCode
from .mysql import MySQLDialect
from .registry import register


class MariaDBDialect(MySQLDialect):
    """MariaDB 10.11+ (InnoDB, utf8mb4_nopad_bin)."""

    name = "mariadb"
    rank = 3  # after the engines it is no variant of
    url_schemes = ("mariadb",)
    server_env = ("SCHEMAKIT_MARIADB_URL", "mariadb://root@127.0.0.1:3306/test")
    variant_of = "mysql"
    collation = "utf8mb4_nopad_bin"
    pad_space = False
    prepares_triggers = True  # https://mariadb.com/kb/en/prepare-statement/ (CREATE TRIGGER included)
    has_sequences = True  # CREATE SEQUENCE since 10.3 (https://mariadb.com/kb/en/create-sequence/)
    # mysql's degradation codes but MY-PADSPACE, which a NO PAD collation does not cost, and MY-LISTDEFAULT:
    # MariaDB has LIST DEFAULT partitions (https://mariadb.com/kb/en/list-partitioning-type/).
    # MY-SEQUENCE neither: MariaDB has sequences, but no OWNED BY (MY-SEQ-OWNED, its own code).
    degradations = {**{code: d for code, d in MySQLDialect.degradations.items()
                       if code not in ("MY-PADSPACE", "MY-LISTDEFAULT", "MY-SEQUENCE")},
                    "MY-SEQ-OWNED": DegradationCode(
                        C.WEAKENED, "a sequence owned by a column (OWNED BY)",
                        "the sequence is created without an owner: MariaDB's CREATE SEQUENCE has no OWNED BY, so "
                        "dropping the table leaves the sequence", "https://mariadb.com/kb/en/create-sequence/")}

    @classmethod
    def recognizes(cls, server_version: str) -> bool:
        """MariaDB's VERSION() ends in ``-MariaDB`` (and a distribution suffix):
        https://mariadb.com/kb/en/version/."""
        return "mariadb" in server_version.lower()


DIALECT = register(MariaDBDialect())
