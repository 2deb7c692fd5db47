"""The command line: user errors give one clear line and exit 2, no traceback."""
from __future__ import annotations

import subprocess
import sys

import pytest

CASES = [
    (["ddl", "nosuch", "--dialect", "postgres"], "unknown system 'nosuch'"),
    (["ddl", "prismq", "--dialect", "oracle"], "unknown dialect 'oracle'"),
    (["ddl", "prismq"], "ddl needs SYSTEM and --dialect"),
    (["drift", "prismq", "--database", "ftp://x/y"], "unsupported URL scheme 'ftp'"),
    (["drift", "prismq", "--database", "postgresql://u:s3cret@127.0.0.1:1/db"], "cannot connect to postgresql://u:***@127.0.0.1:1/db"),
    (["migrate", "nosuch"], "unknown system 'nosuch'"),
]


def run(args):
    return subprocess.run([sys.executable, "-m", "schemakit.cli", *args], capture_output=True, text=True)


@pytest.mark.parametrize("args, message", CASES)
def test_user_errors_are_one_clear_line(args, message):
    proc = run(args)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "s3cret" not in proc.stderr + proc.stdout


def test_systems_are_listed():
    out = run(["systems"]).stdout
    for name in ["prismq", "scenes", "cyoa", "contentgen", "scriptpal"]:
        assert name in out
