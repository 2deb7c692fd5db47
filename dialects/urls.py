"""Database URLs: parsing, redaction and masking, for every engine.

Accepted forms::

    postgresql://user:password@host:5432/database?param=value&...
    mysql://user:password@host:3306/database?param=value&...
    mariadb://user:password@host:3306/database?param=value&...
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
from functools import cached_property
from dataclasses import dataclass, replace
from typing import Any, Callable, Optional, Sequence
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from . import registry

_BOOL = {"true": True, "1": True, "yes": True, "on": True, "false": False, "0": False, "no": False, "off": False}


def integer_param(minimum: int) -> Callable[[str], Optional[str]]:
    """A URL parameter check: a whole number of seconds, `minimum` or more."""
    def check(value: str) -> Optional[str]:
        if not value.isdigit() or int(value) < minimum:
            return f"a whole number of seconds, {minimum} or more"
        return None
    return check


def choice_param(choices: Sequence[str]) -> Callable[[str], Optional[str]]:
    """A URL parameter check: one of `choices`."""
    return lambda value: None if value in choices else "one of " + ", ".join(choices)


def boolean_param(value: str) -> Optional[str]:
    """A URL parameter check: true or false (see `boolean`)."""
    return None if value.lower() in _BOOL else "true or false"


def text_param(value: str) -> Optional[str]:
    """A URL parameter check: any text but the empty one."""
    return None if value else "not empty"


def any_param(value: str) -> Optional[str]:
    """A URL parameter check that accepts anything."""
    return None


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
        engine = _engine(self.dialect)
        scheme = engine.url_schemes[0]
        if not engine.has_server:
            return f"{scheme}:///{quote(self.database or '', safe='/')}"
        auth = quote(self.user or "", safe="")
        if password is not None:
            auth += ":" + password
        host = self.host or ""
        host = f"[{host}]" if ":" in host else host
        port = f":{self.port}" if self.port else ""
        query = f"?{urlencode(self.params)}" if self.params else ""
        return f"{scheme}://{auth}{'@' if auth else ''}{host}{port}/{quote(self.database or '', safe='')}{query}"

    @cached_property  # a frozen dataclass keeps it in its __dict__; a tenant run names its URL in several messages
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

    @property
    def database_name(self) -> str:
        """The database this URL names (for sqlite: the file path); BadUrl when it names none."""
        if self.database is None:
            raise BadUrl(f"{self.redacted} names no database: add /<name> to the URL")
        return self.database

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

    @property
    def on_this_host(self) -> bool:
        """Whether the server is reached on this machine: no host (the drivers' default, 127.0.0.1),
        ``localhost``, a loopback address (127.0.0.0/8, ::1) or a local socket's path. A file the server
        writes is then a file of this machine's."""
        import ipaddress
        host = (self.host or "").strip("[]")
        if not host or host.lower() == "localhost" or host.startswith("/"):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    def __repr__(self) -> str:
        return f"DbUrl({self.redacted})"


def parse(url: str, need_database: bool = False) -> DbUrl:
    """Parse `url`; BadUrl names what is wrong (never echoing a password).

    With `need_database`, a URL naming no database (or a name the engine refuses) is BadUrl too.
    """
    if not url or "://" not in url:
        raise BadUrl(f"not a database URL: {mask_url(url or '')!r}; expected e.g. postgresql://user@host:5432/db, "
                     "mysql://user@host:3306/db or sqlite:///path/to/file.db")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:  # "Invalid IPv6 URL", "Port out of range", "Port could not be cast ..."
        raise BadUrl(f"bad URL {mask_url(url)!r}: {_reason(e)}") from None
    engine = registry.for_scheme(parts.scheme)
    if engine is None:
        raise BadUrl(f"unsupported URL scheme {parts.scheme!r} in {mask_url(url)!r}: use "
                     + ", ".join(f"{s}://" for s in registry.schemes()))
    dialect = engine.name
    if parts.fragment:
        raise BadUrl(f"unexpected '#' in {mask_url(url)!r}: percent-encode it as %23")
    params = _params(engine, parts.query, url)
    if not engine.has_server:
        scheme = engine.url_schemes[0]
        if parts.netloc:
            raise BadUrl(f"{mask_url(url)!r}: after {scheme}:// comes a host, not a file: write "
                         f"{scheme}:///{unquote(parts.netloc + parts.path)} for a path relative to the working "
                         f"folder, or {scheme}:////absolute/path.db")
        path = unquote(parts.path[1:])
        if not path:
            raise BadUrl(f"{scheme} URL names no file: use {scheme}:///relative.db or {scheme}:////absolute.db")
        return DbUrl(dialect, database=path)
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


def _params(engine: Any, query: str, url: str) -> tuple[tuple[str, str], ...]:
    accepted = engine.url_parameters
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise BadUrl(f"malformed query string in {mask_url(url)!r}: use ?name=value&name=value") from None
    seen = set()
    for name, value in pairs:
        if name not in accepted:
            if not accepted:
                raise BadUrl(f"unknown URL parameter {name!r}: {engine.name} URLs take no parameters")
            raise BadUrl(f"unknown URL parameter {name!r} for {engine.name}: accepted parameters are "
                         f"{', '.join(accepted)}")
        if name in seen:
            raise BadUrl(f"URL parameter {name!r} is given twice")
        seen.add(name)
        problem = accepted[name](value)
        if problem:
            raise BadUrl(f"URL parameter {name}={value!r}: must be {problem}")
    problem = engine.url_problem(dict(pairs))
    if problem:
        raise BadUrl(problem)
    return tuple(pairs)


def _engine(name: str) -> Any:
    return registry.get(name)


def shown_name(name: str) -> str:
    """A database name for a message: quoted, long ones cut."""
    return repr(name) if len(name) <= 24 else repr(name[:20]) + "..."


def database_name_problem(dialect: str, name: str) -> Optional[str]:
    """Why `dialect`'s server would refuse (or silently alter) database name `name`; None when fine."""
    d = _engine(dialect)  # the dialect holds its engine's naming rules
    return d.database_name_problem(name) if d.has_server else None


def servers() -> dict[str, tuple[str, str]]:
    """Per engine with a server: the environment variable naming the server the tests, the checks
    and the benchmarks use, and its default (`Dialect.server_env`)."""
    return {d.name: d.server_env for d in registry.all_dialects() if d.server_env}


def server_url(engine: str) -> DbUrl:
    """The admin URL of `engine`'s server: its `Dialect.server_env` variable when set, else the local default."""
    var, default = servers()[engine]
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


def mask_url(url: str) -> str:
    """`url`, one database URL as given (well formed or not), with its secret replaced by ``***``: everything
    between the user's ``:`` and the last ``@``, spaces included (`mask` reads free text word by word, so a
    password holding a space would keep its second half)."""
    return _mask_word(url) if "@" in url else url


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
