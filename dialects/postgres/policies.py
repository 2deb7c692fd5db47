"""Row-level security policies and grants on PostgreSQL: their SQL and their introspection.

Policies are read from pg_policy, their expressions in the server's own form (pg_get_expr), their
roles from polroles (0: PUBLIC) (https://www.postgresql.org/docs/15/catalog-pg-policy.html); grants
from each relation's ACL (aclexplode(relacl)), without the owner's own privileges
(https://www.postgresql.org/docs/15/ddl-priv.html), WITH GRANT OPTION too (aclexplode's is_grantable).
Column privileges (pg_attribute.attacl) are not held: inspect lists them (SKIP-GRANT).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Optional

import psycopg

from schemakit.schema.model import Schema, Table
from schemakit.schema.policies import Grant, Policy

from .catalog import in_schemas
from ..base import Statement, skip
from . import replicas
from ..policies import EnginePolicies

# pg_policy.polcmd -> the command (https://www.postgresql.org/docs/15/catalog-pg-policy.html).
COMMANDS = {"*": "ALL", "r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE"}
# pg_class.relkind -> the model's grant kind.
KINDS = {"r": "table", "p": "table", "v": "view", "m": "view", "S": "sequence"}


def policies_sql(only: str) -> str:
    """The policies of the tables `only` selects."""
    return f"""
SELECT n.nspname, c.relname, pol.polname, pol.polcmd, pol.polpermissive,
       ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE pg_get_userbyid(r.oid)::text END
             FROM unnest(pol.polroles) r(oid)),
       pg_get_expr(pol.polqual, pol.polrelid), pg_get_expr(pol.polwithcheck, pol.polrelid)
FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(ns)s) AND {in_schemas()} AND {only}
ORDER BY n.nspname, c.relname, pol.polname"""


def grants_sql(only: str) -> str:
    """The privileges on the tables `only` selects and on the views and sequences of the namespaces,
    given to roles other than the owner, one row per object and role."""
    return f"""
SELECT n.nspname, c.relname, c.relkind,
       CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee)::text END,
       array_agg(DISTINCT a.privilege_type ORDER BY a.privilege_type),
       coalesce(array_agg(DISTINCT a.privilege_type ORDER BY a.privilege_type) FILTER (WHERE a.is_grantable), '{{}}')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace CROSS JOIN LATERAL aclexplode(c.relacl) a
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND NOT c.relispartition AND a.grantee <> c.relowner
  AND n.nspname = ANY(%(ns)s) AND {in_schemas()} AND (c.relkind NOT IN ('r', 'p') OR {only})
GROUP BY n.nspname, c.relname, c.relkind, a.grantee
ORDER BY n.nspname, c.relname, 4"""


# Column privileges (pg_attribute.attacl) of the relations of the namespaces, one row per column and role.
COLUMN_GRANTS_SQL = """
SELECT n.nspname, c.relname, a.attname,
       CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee)::text END,
       string_agg(x.privilege_type || CASE WHEN x.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END, ', '
                  ORDER BY x.privilege_type)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL aclexplode(a.attacl) x
WHERE a.attacl IS NOT NULL AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname = ANY(%(ns)s) AND """ + in_schemas() + """
GROUP BY n.nspname, c.relname, a.attname, x.grantee
ORDER BY 1, 2, 3, 4"""


def skipped_grants(cur: Any, params: dict, default: str, grants: tuple, sequences: set, skipped: list) -> tuple:
    """`grants` without those on a sequence the model does not hold (an identity's or a serial's), each of
    those and every column privilege recorded (SKIP-GRANT): read and listed, never dropped silently."""
    out = []
    for g in grants:
        if g.kind == "sequence" and g.object_key not in sequences:
            skip(skipped, "SKIP-GRANT", f"{g.namespace}.{g.object}" if g.namespace else g.object,
                 f"grant {g.qualified}: the sequence is a column's own (an identity or serial), not held: not kept")
        else:
            out.append(g)
    cur.execute(COLUMN_GRANTS_SQL, params)
    for nsp, table, column, role, privileges in cur.fetchall():
        where = f"{table}.{column}" if nsp == default else f"{nsp}.{table}.{column}"
        skip(skipped, "SKIP-GRANT", where, f"{privileges} on column {column} to {role}: column privileges are not "
                                           "held (grants on the whole table are): not kept")
    return tuple(out)


def row_security_sql(only: str) -> str:
    """(namespace, table, enabled, forced) of the tables `only` selects that enable or force row-level security."""
    return f"""
SELECT n.nspname, c.relname, c.relrowsecurity, c.relforcerowsecurity
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(%(ns)s) AND {in_schemas()} AND {only}
  AND (c.relrowsecurity OR c.relforcerowsecurity)"""


class PostgresPolicies(EnginePolicies):
    """PostgreSQL's statements for policies, grants and a table's row-level security."""

    supported = True

    def _role(self, role: str) -> str:
        return "PUBLIC" if role == "public" else self.d.quote(role)

    def _table(self, p: Policy) -> str:
        return self.d.qualify(p.namespace, p.table)

    # https://www.postgresql.org/docs/15/sql-createpolicy.html
    def create_policy(self, p: Policy) -> list[Statement]:
        """CREATE POLICY ... AS PERMISSIVE|RESTRICTIVE FOR command TO roles [USING (...)] [WITH CHECK (...)]."""
        sql = (f"CREATE POLICY {self.d.quote(p.name)} ON {self._table(p)} "
               f"AS {'PERMISSIVE' if p.permissive else 'RESTRICTIVE'} FOR {p.command} "
               f"TO {', '.join(self._role(r) for r in p.roles)}")
        sql += f" USING ({p.using})" if p.using is not None else ""
        sql += f" WITH CHECK ({p.check})" if p.check is not None else ""
        return [Statement(sql, kind="policy", table=self._table(p))]

    def drop_policy(self, p: Policy) -> list[Statement]:
        """DROP POLICY name ON table (a policy's name is per table)."""
        return [Statement(f"DROP POLICY {self.d.quote(p.name)} ON {self._table(p)}", kind="policy",
                          table=self._table(p))]

    def stored(self, conn: Any, model: Schema, live: Schema) -> Schema:
        """The model's policies whose expressions differ from the live one of its key as PostgreSQL stores
        them (pg_get_expr is its normal form: ``owner = current_user`` reads back ``(owner = CURRENT_USER)``):
        each is created in a transaction that is rolled back, and read back there. Nothing is left written;
        a policy the server refuses (a role it lacks) stays as written. On a standby, where nothing can be
        created, one takes the live form when their expressions plan alike (`_alike`)."""
        found = {p.key: p for p in live.policies}
        probe = [p for p in model.policies if p.key in found and p != found[p.key]]
        if not probe:
            return model
        if replicas.read_only_transaction(conn):  # a standby: compared by their plans, nothing created
            return replace(model, policies=tuple(found[p.key] if p in probe and self._alike(conn, p, found[p.key])
                                                 else p for p in model.policies))
        stored: dict = {}
        try:
            with conn.transaction(force_rollback=True):
                cur = conn.cursor()
                for p in probe:
                    cur.execute(self.drop_policy(p)[0].sql)
                    cur.execute(self.create_policy(p)[0].sql)
                    cur.execute("SELECT pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid) "
                                "FROM pg_policy WHERE polname = %s AND polrelid = %s::regclass",
                                (p.name, self._table(p)))
                    using, check = cur.fetchone()
                    stored[p.key] = replace(p, using=using, check=check)
        except psycopg.Error:  # the server refused one: compare them as written
            return model
        return replace(model, policies=tuple(stored.get(p.key, p) for p in model.policies))

    def _alike(self, conn: Any, p: Policy, live: Policy) -> bool:
        """Whether `p` and the live policy of its key differ only in how their expressions are written
        (`replicas.same_query` on a query filtered by each); read-only."""
        if (p.command, p.permissive, p.roles, p.using is None, p.check is None) != \
                (live.command, live.permissive, live.roles, live.using is None, live.check is None):
            return False
        where = f"SELECT 1 FROM {self._table(p)} WHERE ({{}})"
        return all(replicas.same_query(conn, where.format(a), where.format(b))
                   for a, b in ((p.using, live.using), (p.check, live.check)) if a is not None and b is not None)

    # https://www.postgresql.org/docs/15/sql-grant.html: a view is granted on as a TABLE
    def _on(self, g: Grant) -> str:
        return f"{'SEQUENCE' if g.kind == 'sequence' else 'TABLE'} {self.d.qualify(g.namespace, g.object)}"

    def grant(self, g: Grant) -> list[Statement]:
        """GRANT privileges ON TABLE|SEQUENCE object TO role, those `grantable` WITH GRANT OPTION."""
        plain = [x for x in g.privileges if x not in g.grantable]
        out = [f"GRANT {', '.join(xs)} ON {self._on(g)} TO {self._role(g.role)}{option}"
               for xs, option in ((plain, ""), (g.grantable, " WITH GRANT OPTION")) if xs]
        return [Statement(sql, kind="grant") for sql in out]

    def revoke(self, g: Grant) -> list[Statement]:
        """REVOKE privileges ON TABLE|SEQUENCE object FROM role (their grant option goes with them)."""
        return [Statement(f"REVOKE {', '.join(g.privileges)} ON {self._on(g)} FROM {self._role(g.role)}", kind="grant")]

    # https://www.postgresql.org/docs/15/sql-altertable.html (ENABLE / FORCE ROW LEVEL SECURITY)
    def row_security(self, t: Table, old_enabled: bool = False, old_forced: bool = False) -> list[Statement]:
        """ALTER TABLE ... ENABLE/DISABLE and FORCE/NO FORCE ROW LEVEL SECURITY where `t` differs from the old state."""
        name = self.d.qualify(t.namespace, t.name)
        out = []
        if t.row_security != old_enabled:
            out.append(f"ALTER TABLE {name} {'ENABLE' if t.row_security else 'DISABLE'} ROW LEVEL SECURITY")
        if t.force_row_security != old_forced:
            out.append(f"ALTER TABLE {name} {'FORCE' if t.force_row_security else 'NO FORCE'} ROW LEVEL SECURITY")
        return [Statement(s, kind="table", table=name) for s in out]


def read(cur: Any, params: dict, only: str, default: str) -> tuple[tuple, tuple, dict]:
    """(policies, grants, {table key: (enabled, forced)}) of the namespaces of `params`, of the tables
    `only` selects (grants: and of every view and sequence), as the model holds them."""
    def ns(name: str) -> Optional[str]:
        return None if name == default else name

    cur.execute(policies_sql(only), params)
    policies = tuple(Policy(name, table, COMMANDS[cmd], permissive, tuple(sorted(roles)), using, check, ns(nsp))
                     for nsp, table, name, cmd, permissive, roles, using, check in cur.fetchall())
    cur.execute(grants_sql(only), params)
    grants = tuple(Grant(tuple(sorted(privileges)), KINDS[kind], name, role, ns(nsp), tuple(sorted(grantable)))
                   for nsp, name, kind, role, privileges, grantable in cur.fetchall())
    cur.execute(row_security_sql(only), params)
    rls = {(ns(nsp), name): (enabled, forced) for nsp, name, enabled, forced in cur.fetchall()}
    return policies, grants, rls
