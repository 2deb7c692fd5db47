"""Database URLs: parsing, redaction and masking, for every engine.

Accepted forms::

    postgresql://user:password@host:5432/database?param=value&...
    mysql://user:password@host:3306/database?param=value&...      (also mariadb://)
    sqlite:///relative/path.db        sqlite:////absolute/path.db

User, password and database name are percent-encoded where they hold reserved
characters (``quote(name, safe="")``): ``postgresql://u@h/my%20db`` names the
database ``my db``. An IPv6 host goes in brackets: ``postgresql://u@[::1]:5432/db``.
``sqlite://x.db`` (two slashes) is refused: after ``//`` comes a host, so the
file would be ambiguous; write ``sqlite:///x.db`` (relative) or
``sqlite:////abs/x.db``.

Query parameters (each passed to the driver exactly as given; any other
parameter is an error naming the accepted ones, never silently dropped):

PostgreSQL (libpq connection parameters,
https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-PARAMKEYWORDS):

- ``sslmode``: disable | allow | prefer (libpq's default) | require | verify-ca | verify-full
- ``sslrootcert``: file of the CA certificate(s) the server's certificate must chain to
- ``sslcert``, ``sslkey``: client certificate and its key
- ``connect_timeout``: seconds (an integer)
- ``application_name``: shown in pg_stat_activity
- ``options``: command-line options sent to the server at start (e.g. ``-c search_path=x``)

MySQL / MariaDB (PyMySQL, https://pymysql.readthedocs.io/en/latest/modules/connections.html):

- ``ssl``: true = TLS required (the connection fails when the server does not
  offer it; the certificate is not verified unless ``ssl_verify_cert=true`` or
  ``ssl_ca`` is given); false = never TLS. Without any ssl parameter PyMySQL
  uses TLS when the server offers it, unverified.
- ``ssl_ca``: CA certificate file; implies TLS required and the server
  certificate verified against it (as the mysql client's --ssl-ca does,
  https://dev.mysql.com/doc/refman/8.0/en/connection-options.html#option_general_ssl-mode)
- ``ssl_cert``, ``ssl_key``: client certificate and key (imply TLS required)
- ``ssl_verify_cert``: true/false: verify the server certificate (default: true
  with ``ssl_ca``, else false)
- ``ssl_verify_identity``: true/false: also check the host name against the
  certificate (default false)
- ``charset``: connection character set (default utf8mb4)
- ``connect_timeout``: seconds (an integer, 1 or more)

SQLite takes no parameters.

Passwords: a password is never printed. `DbUrl.redacted` shows it as ``***``;
`DbUrl.display_without_password` leaves it out (for commands the user is told
to run; `Dialect.password_hint` names the variable that supplies it); `mask`
hides anything shaped like ``user:secret@`` in free text, whatever the shape
of the rest. With no password in the URL, PostgreSQL takes it from PGPASSWORD
or ~/.pgpass (libpq), MySQL from MYSQL_PWD (as the mariadb client does).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from typing import Optional
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

_SCHEMES = {"postgresql": "postgres", "postgres": "postgres", "mysql": "mysql",
            "mariadb": "mysql", "sqlite": "sqlite"}

# The servers the tests, the checks and the benchmarks use, per engine with one: the environment
# variable naming it, and the default, the local server `make services` starts (scripts/services.sh).
SERVERS = {
    "postgres": ("SCHEMAKIT_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"),
    "mysql": ("SCHEMAKIT_MYSQL_URL", "mysql://root@127.0.0.1:3306/test"),
}

_BOOL = {"true": True, "1": True, "yes": True, "on": True, "false": False, "0": False, "no": False, "off": False}
_SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


def _integer(minimum: int):
    def check(value: str) -> Optional[str]:
        if not value.isdigit() or int(value) < minimum:
            return f"a whole number of seconds, {minimum} or more"
        return None
    return check


def _choice(choices):
    return lambda value: None if value in choices else "one of " + ", ".join(choices)


def _boolean(value: str) -> Optional[str]:
    return None if value.lower() in _BOOL else "true or false"


def _text(value: str) -> Optional[str]:
    return None if value else "not empty"


def _charset(value: str) -> Optional[str]:
    return None if re.fullmatch(r"[A-Za-z0-9_]+", value) else "a character set name such as utf8mb4"


# Per engine: each accepted query parameter and the check of its value (None: fine, else what it must be).
PARAMETERS = {
    "postgres": {"sslmode": _choice(_SSLMODES), "sslrootcert": _text, "sslcert": _text, "sslkey": _text,
                 "connect_timeout": _integer(0), "application_name": lambda v: None, "options": _text},
    "mysql": {"ssl": _boolean, "ssl_ca": _text, "ssl_cert": _text, "ssl_key": _text, "ssl_verify_cert": _boolean,
              "ssl_verify_identity": _boolean, "charset": _charset, "connect_timeout": _integer(1)},
    "sqlite": {},
}


class BadUrl(ValueError):
    """A database URL schemakit cannot use. Its text never shows a password (see `mask`)."""

    def __str__(self) -> str:
        return mask(super().__str__())


def boolean(value: str) -> bool:
    """A URL parameter's true/false value (true, 1, yes, on / false, 0, no, off)."""
    return _BOOL[value.lower()]


@dataclass(frozen=True)
class DbUrl:
    """A parsed database URL. `params` are the query parameters, as (name, value) pairs in URL order."""

    dialect: str
    host: Optional[str] = None
    port: Optional[int] = None
    user: Optional[str] = None
    password: Optional[str] = None
    database: Optional[str] = None  # for sqlite: the file path
    params: tuple[tuple[str, str], ...] = ()

    def param(self, name: str, default: Optional[str] = None) -> Optional[str]:
        """The value of query parameter `name`, or `default`."""
        return dict(self.params).get(name, default)

    def _text(self, password: Optional[str]) -> str:
        if self.dialect == "sqlite":
            return f"sqlite:///{quote(self.database or '', safe='/')}"
        auth = quote(self.user or "", safe="")
        if password is not None:
            auth += ":" + password
        scheme = "postgresql" if self.dialect == "postgres" else "mysql"
        host = self.host or ""
        host = f"[{host}]" if ":" in host else host
        port = f":{self.port}" if self.port else ""
        query = f"?{urlencode(self.params)}" if self.params else ""
        return f"{scheme}://{auth}{'@' if auth else ''}{host}{port}/{quote(self.database or '', safe='')}{query}"

    @property
    def redacted(self) -> str:
        """The URL with any password shown as ``***`` (for messages)."""
        return self._text("***" if self.password else None)

    @property
    def display_without_password(self) -> str:
        """The URL with the password left out entirely: for a command the user is told to run
        (the password then comes from the variable `Dialect.password_hint` names)."""
        return self._text(None)

    def secret_url(self) -> str:
        """The full URL, password included: for handing to a library, never for printing."""
        return self._text(quote(self.password, safe="") if self.password else None)

    def with_database(self, database: Optional[str]) -> "DbUrl":
        """The same server and parameters, another database."""
        return replace(self, database=database)

    def require_database(self) -> "DbUrl":
        """This URL, when it names a database the engine accepts; else BadUrl naming the fix.

        A server URL with no database would otherwise run in whatever database the
        server picks for the user (PostgreSQL: the user's name, or ``postgres``).
        """
        if not self.database:
            raise BadUrl(f"{self.redacted} names no database: add /<name> to the URL")
        problem = database_name_problem(self.dialect, self.database)
        if problem:
            raise BadUrl(problem)
        return self

    def __repr__(self) -> str:
        return f"DbUrl({self.redacted})"


def parse(url: str, need_database: bool = False) -> DbUrl:
    """Parse `url`; BadUrl names what is wrong (never echoing a password).

    With `need_database`, a URL naming no database (or a name the engine refuses) is BadUrl too.
    """
    if not url or "://" not in url:
        raise BadUrl(f"not a database URL: {mask(url or '')!r}; expected e.g. postgresql://user@host:5432/db, "
                     "mysql://user@host:3306/db or sqlite:///path/to/file.db")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:  # "Invalid IPv6 URL", "Port out of range", "Port could not be cast ..."
        raise BadUrl(f"bad URL {mask(url)!r}: {_reason(e)}") from None
    dialect = _SCHEMES.get(parts.scheme.split("+")[0].lower())
    if dialect is None:
        raise BadUrl(f"unsupported URL scheme {parts.scheme!r} in {mask(url)!r}: use postgresql://, mysql:// or sqlite:///")
    if parts.fragment:
        raise BadUrl(f"unexpected '#' in {mask(url)!r}: percent-encode it as %23")
    params = _params(dialect, parts.query, url)
    if dialect == "sqlite":
        if parts.netloc:
            raise BadUrl(f"{mask(url)!r}: after sqlite:// comes a host, not a file: write sqlite:///{unquote(parts.netloc + parts.path)}"
                         " for a path relative to the working folder, or sqlite:////absolute/path.db")
        path = unquote(parts.path[1:])
        if not path:
            raise BadUrl("sqlite URL names no file: use sqlite:///relative.db or sqlite:////absolute.db")
        return DbUrl("sqlite", database=path)
    parsed = DbUrl(dialect, host=parts.hostname or "127.0.0.1", port=port,
                   user=unquote(parts.username) if parts.username else None,
                   password=unquote(parts.password) if parts.password else None,
                   database=unquote(parts.path[1:]) or None, params=params)
    if parsed.database:
        problem = database_name_problem(dialect, parsed.database)
        if problem:
            raise BadUrl(problem)
    return parsed.require_database() if need_database else parsed


def _reason(e: ValueError) -> str:
    text = str(e)
    if "IPv6" in text:
        return "invalid IPv6 host (write it in brackets: postgresql://user@[::1]:5432/db)"
    if "Port" in text:
        return "the port must be a number from 1 to 65535"
    return text


def _params(dialect: str, query: str, url: str) -> tuple[tuple[str, str], ...]:
    accepted = PARAMETERS[dialect]
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise BadUrl(f"malformed query string in {mask(url)!r}: use ?name=value&name=value") from None
    seen = set()
    for name, value in pairs:
        if name not in accepted:
            if not accepted:
                raise BadUrl(f"unknown URL parameter {name!r}: {dialect} URLs take no parameters")
            raise BadUrl(f"unknown URL parameter {name!r} for {dialect}: accepted parameters are {', '.join(accepted)}")
        if name in seen:
            raise BadUrl(f"URL parameter {name!r} is given twice")
        seen.add(name)
        problem = accepted[name](value)
        if problem:
            raise BadUrl(f"URL parameter {name}={value!r}: must be {problem}")
    given = dict(pairs)
    if dialect == "mysql" and "ssl" in given and not boolean(given["ssl"]):
        clash = [n for n in given if n.startswith("ssl_")]
        if clash:
            raise BadUrl(f"URL parameter ssl=false contradicts {', '.join(clash)}: drop one of them")
    return tuple(pairs)


def shown_name(name: str) -> str:
    """A database name for a message: quoted, long ones cut."""
    return repr(name) if len(name) <= 24 else repr(name[:20]) + "..."


def database_name_problem(dialect: str, name: str) -> Optional[str]:
    """Why `dialect`'s server would refuse (or silently alter) database name `name`; None when fine."""
    if dialect == "sqlite":
        return None
    from . import get  # the dialect holds its engine's naming rules
    try:
        d = get(dialect)
    except ImportError:  # the driver is missing: connecting says so, with the fix
        return None
    return d.database_name_problem(name)


def server_url(engine: str) -> DbUrl:
    """The admin URL of `engine`'s server: its `SERVERS` variable when set, else the local default."""
    var, default = SERVERS[engine]
    return parse(os.environ.get(var) or default)


# -- masking ---------------------------------------------------------------------------------------
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_OPENERS = "'\"([<{`"


def mask(text: str) -> str:
    """`text` with the secret of anything shaped like ``user:secret@host`` replaced by ``***``.

    Works on free text and on malformed URLs alike (``postgresql:/u:pw@h/db``,
    ``postgresql//u:pw@h/db``, ``u:pw@h/db``, a bad port, a bad IPv6 host): in each
    whitespace-separated word holding an ``@``, the user part runs from after the
    last ``//`` (else after a leading ``scheme:``) to the last ``@``, and everything
    after its first ``:`` is the secret. Errs on the side of masking more.
    """
    if not text or "@" not in text:
        return text
    return re.sub(r"\S*@\S*", lambda m: _mask_word(m.group(0)), text)


def _mask_word(word: str) -> str:
    head, at, tail = word.rpartition("@")
    lead = len(head) - len(head.lstrip(_OPENERS))
    body = head[lead:]
    if "//" in body:
        start = body.rindex("//") + 2
    else:
        scheme = _SCHEME.match(body)
        start = scheme.end() if scheme and ":" in body[scheme.end():] else 0
        while start < len(body) and body[start] == "/":
            start += 1
    colon = body.find(":", start)
    if colon < 0:
        return word
    return head[:lead] + body[:colon + 1] + "***" + at + tail
