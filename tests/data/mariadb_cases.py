"""Cases for tests/test_mariadb.py: server version strings and the engine each is.

VERSIONS: (what ``SELECT VERSION()`` returns, whether `MariaDBDialect.recognizes` it). MariaDB's
ends in ``-MariaDB`` and a distribution suffix (https://mariadb.com/kb/en/version/); through a
MySQL-protocol proxy, or to an old client, it may start with ``5.5.5-``; MySQL 8's never names
MariaDB (https://dev.mysql.com/doc/refman/8.0/en/information-functions.html#function_version).
"""

VERSIONS = [
    ("10.11.19-MariaDB-0+deb12u1", True),
    ("10.11.6-MariaDB", True),
    ("11.4.2-MariaDB-ubu2404", True),
    ("5.5.5-10.11.6-MariaDB-log", True),
    ("10.6.16-MariaDB-cll-lve", True),
    ("8.0.36", False),
    ("8.0.36-0ubuntu0.22.04.1", False),
    ("8.4.0-commercial", False),
    ("8.0.35-27-Percona Server (GPL)", False),
    ("", False),
]
