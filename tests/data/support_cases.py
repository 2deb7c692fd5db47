"""schemakit's support objects (its ``sk_`` triggers and functions), one case each: how each engine drops it by
hand, and the drift line that says so.

Every case starts from `SOURCE` migrated by `schemakit migrate` into a fresh database, runs `sql[engine]`,
and expects `schemakit drift` to exit 1 with a line containing `line` (the names are the dialect's), then
`schemakit migrate` to create the object again (one line naming it and how it `was`) and drift to be clean.
A trigger disabled (PostgreSQL) or a function replaced by another body is as good as missing.
A support object introspection reads back into the model (on_update_now, a state machine, an identity's
GENERATED ALWAYS) is reported by the model's own difference; the identity's on PostgreSQL is not, so its
line is the support object's. `o'dd"name` is a table name with both quotes in it.
"""
from __future__ import annotations

from typing import NamedTuple

SOURCE = '''
from schemakit import INTEGER, NOW, TIMESTAMP, Schema, col, lit, state_machine, table, varchar
SCHEMA = Schema((
    table("customers", col("id", INTEGER, identity=True), col("name", varchar(40)),
          col("status", varchar(10), null=False, default=lit("new")),
          col("updated_at", TIMESTAMP, default=NOW, on_update_now=True),
          state_machine("customers_flow", "status", [("new", "active")]), pk="id"),
    table("o'dd\\"name", col("id", INTEGER, identity=True), col("note", varchar(10)), pk="id"),
    table("tokens", col("id", INTEGER, identity="always"), col("label", varchar(10)), pk="id"),
))
'''

QUOTED = "o'dd\"name"


class Case(NamedTuple):
    """One support object dropped by hand."""

    id: str
    name: str  # the object's name, as `migrate` names it when it creates it again
    table: str
    sql: str
    line: str  # a fragment of drift's line for it
    was: str = "missing"  # how `migrate` says it found it


IDENTITY_LINE = ("is missing: an explicitly inserted id does not move the identity's sequence, so a later default id "
                 "can collide with it")

CASES = {
    "postgres": [
        Case("identity", "sk_customers_identity", "customers", "DROP TRIGGER sk_customers_identity ON customers",
             "schemakit's trigger sk_customers_identity on customers " + IDENTITY_LINE),
        Case("identity of a quoted name", "sk_o'dd\"name_identity", QUOTED,
             'DROP TRIGGER "sk_o\'dd""name_identity" ON "o\'dd""name"',
             "schemakit's trigger sk_o'dd\"name_identity on o'dd\"name " + IDENTITY_LINE),
        Case("identity always", "sk_tokens_identity", "tokens", "DROP TRIGGER sk_tokens_identity ON tokens",
             "schemakit's trigger sk_tokens_identity on tokens " + IDENTITY_LINE),
        Case("identity disabled", "sk_customers_identity", "customers",
             "ALTER TABLE customers DISABLE TRIGGER sk_customers_identity",
             "schemakit's trigger sk_customers_identity on customers is disabled: an explicitly inserted id", "disabled"),
        Case("identity changed", "sk_customers_identity", "customers",
             "CREATE OR REPLACE FUNCTION sk_customers_identity() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
             "RETURN NEW; END $$",
             "schemakit's trigger sk_customers_identity on customers is not the one schemakit creates: an explicitly",
             "not the one schemakit creates"),
        Case("on_update_now", "sk_customers_on_update", "customers", "DROP TRIGGER sk_customers_on_update ON customers",
             "updated_at"),
        Case("on_update_now disabled", "sk_customers_on_update", "customers",
             "ALTER TABLE customers DISABLE TRIGGER sk_customers_on_update",
             "schemakit's trigger sk_customers_on_update on customers is disabled: an UPDATE does not set updated_at",
             "disabled"),
        Case("state machine", "sk_customers_flow_sm", "customers", "DROP TRIGGER sk_customers_flow_sm ON customers",
             "missing state machine customers_flow"),
    ],
    "mysql": [
        Case("state machine", "sk_customers_customers_flow", "customers", "DROP TRIGGER sk_customers_customers_flow",
             "missing state machine customers_flow"),
        Case("identity always", "sk_tokens_id_always_ins", "tokens", "DROP TRIGGER sk_tokens_id_always_ins",
             "tokens.id"),
    ],
    "sqlite": [
        Case("on_update_now", "sk_on_update:customers:updated_at", "customers",
             'DROP TRIGGER "sk_on_update:customers:updated_at"', "updated_at"),
        Case("state machine", "sk_state_machine:customers_flow", "customers",
             'DROP TRIGGER "sk_state_machine:customers_flow"', "missing state machine customers_flow"),
    ],
}
