"""The command line: user errors give one clear line and exit 2, no traceback."""
from __future__ import annotations

import subprocess
import sys

import pytest

CASES = [
    (["ddl", "nosuch", "--dialect", "postgres"], "unknown system 'nosuch'"),
    (["ddl", "prismq", "--dialect", "oracle"], "unknown dialect 'oracle'"),
    (["ddl", "prismq"], "ddl needs --dialect"),
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


@pytest.mark.parametrize("text, masked", [
    ("postgresql://bob:hunter2@127.0.0.1:1/x", "postgresql://bob:***@127.0.0.1:1/x"),
    ("postgresql:/bob:hunter2@h/db", "postgresql:/bob:***@h/db"),
    ("postgresql//bob:hunter2@h/db", "postgresql//bob:***@h/db"),
    ("bob:hunter2@h/db", "bob:***@h/db"),
    ("bob:hun@ter2@h/db", "bob:***@h/db"),
    ("cannot connect to 'mysql://bob:hunter2@h/d'", "cannot connect to 'mysql://bob:***@h/d'"),
    ("host=h password=hunter2 dbname=d", "host=h password=*** dbname=d"),
    ("mysql://root@h/db", "mysql://root@h/db"),
    ("DbUrl(postgresql://bob:***@h/d)", "DbUrl(postgresql://bob:***@h/d)"),
    ("at 10:30 on a@b", "at 10:30 on a@b"),
])
def test_crash_logs_and_messages_mask_passwords(text, masked):
    from schemakit.command import mask_secrets
    assert mask_secrets(text) == masked
