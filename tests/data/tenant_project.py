"""A small tenanted project for tests/test_tenants.py: the shared `accounts` table lists the tenants
(Tenancy.source), each tenant has `notes`. V2 adds a column to `notes`: a new per-tenant migration.
HOSTILE ids must be refused in one line (exit 2) and never reach SQL."""

V1 = '''
from schemakit import INTEGER, TEXT, Schema, System, Tenancy, col, table, varchar

accounts = table("accounts", col("id", varchar(64)), col("name", varchar(100)), pk="id")
notes = table("notes", col("id", INTEGER), col("body", TEXT, null=False), pk="id")
SYSTEM = System(name="app", title="a tenanted app", schema=Schema((accounts,)),
                tenancy=Tenancy(prefix="t_", tables=(notes,), source=("accounts", "id")))
'''

V2 = V1.replace('col("body", TEXT, null=False), pk="id")', 'col("body", TEXT, null=False), col("title", varchar(100)), pk="id")')

# (id, why it is refused)
HOSTILE = [
    ("a'b", "a quote"),
    ('x"; DROP TABLE accounts; --', "a statement after a quote"),
    ("a b", "a space"),
    ("../etc", "a path"),
    ("x\ny", "a newline"),
    ("-1", "a leading dash (an option, or a negative number)"),
    ("a`b", "a backquote"),
]

UUID_ID = "0b5e7c1a-1111-4222-8333-444455556666"
