"""Database URLs: what each parses to, what each is refused with, and what masking leaves.

PARSED: (url, expected fields of the DbUrl). REFUSED: (url, a fragment of the one-line
error). MASKED: (text, the text with every ``user:secret@`` secret masked). No message
may contain "hunter2" (every password below), whatever the parse result.
"""

PARSED = [
    ("postgresql://bob:hunter2@db.example:5433/app",
     dict(dialect="postgres", host="db.example", port=5433, user="bob", password="hunter2", database="app", params=())),
    ("postgres://bob@127.0.0.1/app?sslmode=verify-full&sslrootcert=/etc/ca.crt",
     dict(dialect="postgres", database="app", params=(("sslmode", "verify-full"), ("sslrootcert", "/etc/ca.crt")))),
    ("postgresql://bob@h/app?sslmode=require&sslcert=/c.crt&sslkey=/c.key&connect_timeout=5"
     "&application_name=schemakit%20ci&options=-c%20search_path%3Dx",
     dict(params=(("sslmode", "require"), ("sslcert", "/c.crt"), ("sslkey", "/c.key"), ("connect_timeout", "5"),
                  ("application_name", "schemakit ci"), ("options", "-c search_path=x")))),
    ("mysql://root@127.0.0.1:3306/app?ssl=true&ssl_ca=/ca.crt&ssl_cert=/c.crt&ssl_key=/c.key&ssl_verify_cert=true"
     "&ssl_verify_identity=false&charset=utf8mb4&connect_timeout=3",
     dict(dialect="mysql", params=(("ssl", "true"), ("ssl_ca", "/ca.crt"), ("ssl_cert", "/c.crt"), ("ssl_key", "/c.key"),
                                   ("ssl_verify_cert", "true"), ("ssl_verify_identity", "false"), ("charset", "utf8mb4"),
                                   ("connect_timeout", "3")))),
    ("mariadb://root@h/app", dict(dialect="mariadb", database="app")),  # the MariaDB variant's own scheme
    ("mariadb://root@h/app?ssl=true&charset=utf8mb4", dict(dialect="mariadb", params=(("ssl", "true"), ("charset", "utf8mb4")))),
    ("postgresql://bob@[::1]:5432/app", dict(host="::1", port=5432)),
    ("postgresql://bob@h/my%20db%22q%60b%3Bs%27", dict(database="my db\"q`b;s'")),
    ("postgresql://b%40b:p%3Aw%2Fx@h/app", dict(user="b@b", password="p:w/x")),
    ("sqlite:///relative/x.db", dict(dialect="sqlite", database="relative/x.db", params=())),
    ("sqlite:////abs/x.db", dict(dialect="sqlite", database="/abs/x.db")),
    ("sqlite:///dir%20a/f%3Fx%23y%25.db", dict(database="dir a/f?x#y%.db")),
    ("postgresql://bob@h:5432", dict(database=None)),  # a server URL: refused only where a database is needed
]

REFUSED = [
    ("postgresql:/bob:hunter2@h/db", "not a database URL: 'postgresql:/bob:***@h/db'"),
    ("postgresql//bob:hunter2@h/db", "not a database URL: 'postgresql//bob:***@h/db'"),
    ("bob:hunter2@h/db", "not a database URL: 'bob:***@h/db'"),
    ("postgresql://bob:hunter2@h:99999/db",
     "bad URL 'postgresql://bob:***@h:99999/db': the port must be a number from 1 to 65535"),
    ("postgresql://bob:hunter2@h:port/db", "the port must be a number"),
    ("postgresql://bob:x hunter2@h:port/db", "bad URL 'postgresql://bob:***@h:port/db': the port must be a number"),
    ("postgresql:/bob:x hunter2@h/db", "not a database URL: 'postgresql:/bob:***@h/db'"),
    ("postgresql://bob:hunter2@[::1/db", "bad URL 'postgresql://bob:***@[::1/db': invalid IPv6 host"),
    ("oracle://bob:hunter2@db/x", "unsupported URL scheme 'oracle' in 'oracle://bob:***@db/x'"),
    ("sqlite://x.db", "after sqlite:// comes a host, not a file: write sqlite:///x.db"),
    ("sqlite:///x.db?mode=ro", "unknown URL parameter 'mode': sqlite URLs take no parameters"),
    ("postgresql://bob:hunter2@h/db?sslmod=require",
     "unknown URL parameter 'sslmod' for postgres: accepted parameters are sslmode, sslrootcert, sslcert, sslkey, "
     "connect_timeout, application_name, options"),
    ("mysql://bob:hunter2@h/db?sslca=/ca.crt",
     "unknown URL parameter 'sslca' for mysql: accepted parameters are ssl, ssl_ca, ssl_cert, ssl_key, ssl_verify_cert, "
     "ssl_verify_identity, charset, connect_timeout"),
    ("postgresql://bob@h/db?sslmode=required",
     "URL parameter sslmode='required': must be one of disable, allow, prefer, require, verify-ca, verify-full"),
    ("postgresql://bob@h/db?connect_timeout=soon", "URL parameter connect_timeout='soon': must be a whole number of seconds"),
    ("mysql://bob@h/db?ssl=maybe", "URL parameter ssl='maybe': must be true or false"),
    ("mysql://bob@h/db?ssl=false&ssl_ca=/ca.crt", "URL parameter ssl=false contradicts ssl_ca"),
    ("postgresql://bob@h/db?sslmode=require&sslmode=disable", "URL parameter 'sslmode' is given twice"),
    ("postgresql://bob:hunter2@h/" + "é" * 32, "is 64 bytes in UTF-8; PostgreSQL allows at most 63 bytes"),
    ("postgresql://bob:hunter2@h/" + "x" * 64, "is 64 bytes in UTF-8; PostgreSQL allows at most 63 bytes"),
    ("mysql://bob:hunter2@h/" + "é" * 65, "is 65 characters; MySQL/MariaDB allow at most 64"),
    ("mariadb://bob:hunter2@h/" + "é" * 65, "is 65 characters; MySQL/MariaDB allow at most 64"),
    ("mariadb://bob:hunter2@h/db?sslca=/ca.crt", "unknown URL parameter 'sslca' for mariadb: accepted parameters are ssl"),
    ("mysql://bob:hunter2@h/trailing%20", "ends with a space"),
    ("postgresql://bob:hunter2@h/a#b", "unexpected '#'"),
]

# Names at the limit are fine: 63 bytes (PostgreSQL), 64 characters of 2 bytes each (MariaDB).
AT_THE_LIMIT = [
    ("postgresql://bob@h/" + "é" * 31 + "x", "é" * 31 + "x"),
    ("mysql://bob@h/" + "é" * 64, "é" * 64),
]

MASKED = [
    ("cannot connect to postgresql://bob:hunter2@h/db: refused", "cannot connect to postgresql://bob:***@h/db: refused"),
    ("'postgresql:/bob:hunter2@h/db'", "'postgresql:/bob:***@h/db'"),
    ("postgresql//bob:hunter2@h/db", "postgresql//bob:***@h/db"),
    ("bob:hunter2@h/db", "bob:***@h/db"),
    ("postgresql:bob:hunter2@h/db", "postgresql:bob:***@h/db"),
    ("postgresql://bob:hun@ter2@h/db", "postgresql://bob:***@h/db"),  # an @ in the password: the last @ ends it
    ("postgresql://bob:hunter2@[::1/db", "postgresql://bob:***@[::1/db"),
    ("mysql://bob:hunter2@h:port/db and sqlite:///x.db", "mysql://bob:***@h:port/db and sqlite:///x.db"),
    ("(postgresql://bob:hunter2@h/db)", "(postgresql://bob:***@h/db)"),
    ("mail bob@example.com at 10:05", "mail bob@example.com at 10:05"),  # no secret: unchanged
    ("postgresql://bob@h/db", "postgresql://bob@h/db"),
]
