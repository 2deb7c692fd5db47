"""Tenant ids for tests/test_tenant_ids.py: those a namespace is made of, and those refused (each with why)."""

# Accepted: the namespace is prefix + id, a plain name on every engine.
ACCEPTED = ["7", "0", "550e8400-e29b-41d4-a716-446655440000", "acme_corp", "Tenant-9"]

# Refused with one line (exit 2) before any SQL is written: (id, what it tries).
REFUSED = [
    ("1\nDROP TABLE projects;", "a newline ending the SQL comment line a degradation is printed on"),
    ('1"; DROP TABLE projects; --', "a double quote closing a quoted identifier"),
    ("1`; DROP DATABASE mysql; --", "a backquote closing a MySQL identifier"),
    ("1'; SELECT 1; --", "a single quote"),
    ("", "nothing"),
    ("-1", "a leading '-'"),
    ("a b", "a space"),
    ("../../etc/passwd", "a path (SQLite attaches a file per tenant)"),
    ("ünïcode", "letters outside ASCII"),
    ("1\x00", "a NUL byte"),
]
