"""PyMySQL with one TLS context per process: the DB-API module of schemakit's MySQL sessions.

With no TLS option PyMySQL uses PREFERRED mode: it tries TLS and falls back to
plain text when the server does not offer it. It builds that client context
(``ssl.create_default_context``, which loads the system CA store: about 25 ms,
against about 1 ms for the whole connect to a local server) for every
connection, before it knows whether the server offers TLS; a migration opens
several connections. An SSLContext is meant to be shared by many connections
(https://docs.python.org/3/library/ssl.html#ssl-contexts), so the PREFERRED
context is built once (`preferred_context`, with PyMySQL's own settings for
it) and handed to each connection without PyMySQL's private names: the
connection is made with the documented ``ssl_disabled`` and ``defer_connect``
(https://pymysql.readthedocs.io/en/latest/modules/connections.html), so its
constructor builds no context, then it gets the two unprefixed attributes that
constructor sets for PREFERRED mode (``ssl`` on, the context in ``ctx``;
``ssl_disabled`` left TLS not required) and ``connect()`` opens it. The
URL's TLS parameters (ssl, ssl_ca, ssl_cert, ...) get a context of their own
(`tls_context`), also built once per set of options.

The module is also the DB-API module yoyo loads for schemakit's MySQL backend
(``driver_module`` of `dialects.mysql.backend`): yoyo reads ``connect``,
``DatabaseError`` and ``paramstyle``.
"""
from __future__ import annotations

import ssl
from functools import lru_cache
from typing import Optional

import pymysql
from pymysql import DatabaseError, paramstyle  # noqa: F401  (read by yoyo)

TLS_ARGUMENTS = ("ssl", "ssl_ca", "ssl_cert", "ssl_disabled", "ssl_key", "ssl_key_password", "ssl_verify_cert",
                 "ssl_verify_identity")  # pymysql.connect's TLS options: any of them leaves PREFERRED mode


@lru_cache(maxsize=None)
def preferred_context() -> ssl.SSLContext:
    """The client context of PyMySQL's PREFERRED mode, built once per process: the system's CA
    store, neither the certificate nor the host name verified (PyMySQL's settings for a
    connection given no TLS option), X509 strict verification off as PyMySQL turns it off."""
    ctx = ssl.create_default_context()
    ctx.verify_flags &= ~ssl.VERIFY_X509_STRICT
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def connect(**kwargs) -> pymysql.connections.Connection:
    """pymysql.connect; with no TLS option, PREFERRED mode on the shared `preferred_context`."""
    if any(k in kwargs for k in TLS_ARGUMENTS) or kwargs.get("defer_connect"):
        return pymysql.connect(**kwargs)
    conn = pymysql.connect(**kwargs, ssl_disabled=True, defer_connect=True)
    conn.ssl, conn.ctx = True, preferred_context()  # TLS when the server offers it, else plain text
    conn.connect()
    return conn


@lru_cache(maxsize=None)
def tls_context(ca: Optional[str], cert: Optional[str], key: Optional[str], verify: bool,
                check_hostname: bool) -> ssl.SSLContext:
    """The client TLS context for these options, built once per process (see the module).

    No `ca`: the system's CA store. A file that cannot be read is a connection error
    (2026 CR_SSL_CONNECTION_ERROR) naming it.
    """
    try:
        ctx = ssl.create_default_context(cafile=ca)
        ctx.check_hostname = check_hostname
        ctx.verify_mode = ssl.CERT_REQUIRED if verify else ssl.CERT_NONE
        chain = cert or key
        if chain:
            ctx.load_cert_chain(chain, keyfile=key)
    except (OSError, ssl.SSLError) as e:
        files = ", ".join(f"{n}={v}" for n, v in (("ssl_ca", ca), ("ssl_cert", cert), ("ssl_key", key)) if v)
        raise pymysql.err.OperationalError(2026, f"SSL connection error: cannot load {files}: {e}") from None
    return ctx


__all__ = ["DatabaseError", "connect", "paramstyle", "preferred_context", "pymysql", "tls_context"]
