"""Shared steps of the round trip: render, apply, introspect, compare."""
from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

from schemakit import dialects
from schemakit.dialects import urls
from schemakit.schema import catalog
from schemakit.schema.diff import diff
from schemakit.schema.model import Schema


def tenants_for(system: str) -> list[str] | None:
    """Unique tenant ids for a tenanted system (MySQL namespaces are server-wide)."""
    sys_ = catalog.get(system)
    return [f"t{uuid.uuid4().hex[:8]}"] if sys_.tenancy is not None else None


def run_native(engine: str, url: urls.DbUrl, script: str) -> subprocess.CompletedProcess:
    """Feed `script` to the engine's native client; raise with its stderr on failure."""
    d = dialects.get(engine)
    cwd = None if d.has_server else str(Path(url.database).parent)
    proc = subprocess.run(d.client_command(url), input=script, text=True, capture_output=True, cwd=cwd)
    if proc.returncode != 0 or (not d.has_server and proc.stderr.strip()):
        raise AssertionError(f"{engine} native client failed (exit {proc.returncode}):\n{proc.stderr}")
    return proc


def introspected(engine: str, url: urls.DbUrl, schema: Schema) -> Schema:
    """The live database read back, for the namespaces `schema` uses."""
    d = dialects.get(engine)
    conn = d.connect(url)
    try:
        return d.introspect(conn, (None,) + schema.namespaces)
    finally:
        conn.close()


def differences(engine: str, schema: Schema, live: Schema) -> list[str]:
    """What differs between the lowered model and the live database."""
    expected = dialects.get(engine).lower(schema).schema
    return [c.describe() for c in diff(expected, live)]
