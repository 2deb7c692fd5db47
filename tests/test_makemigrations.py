"""makemigrations: destructive changes are refused unless allowed; no-op when up to date."""
from __future__ import annotations

import ast
import re
from dataclasses import replace

import pytest
from hypothesis import given, strategies as st

from schemakit.schema import catalog
from schemakit.schema.model import Schema, varchar
from schemakit import checksum, makemigrations


@pytest.fixture
def root(tmp_path):
    makemigrations.make(tmp_path, "sqlite", "cyoa")
    return tmp_path


def _without_jobs() -> Schema:
    s = catalog.load("cyoa")
    return Schema(tuple(t for t in s.tables if t.name != "story_jobs"))


def _narrowed() -> Schema:
    s = catalog.load("cyoa")
    t = s.table("stories")
    cols = tuple(replace(c, type=varchar(10)) if c.name == "title" else c for c in t.columns)
    return s.replace_table(replace(t, columns=cols))


@pytest.mark.parametrize("target, reason", [(_without_jobs, "drops table story_jobs"),
                                            (_narrowed, "narrows title from varchar(255) to varchar(10)")])
def test_destructive_change_is_refused_unless_allowed(root, target, reason):
    with pytest.raises(makemigrations.DestructiveChange, match=re.escape(reason)):
        makemigrations.make(root, "sqlite", "cyoa", target=target())
    assert len(makemigrations.migrations_in(root / "sqlite" / "cyoa")) == 1  # nothing written
    written = makemigrations.make(root, "sqlite", "cyoa", target=target(), allow_destructive=True)
    assert len(written) == 1
    checksum.verify(root)


def test_up_to_date_writes_nothing(root):
    assert makemigrations.make(root, "sqlite", "cyoa") == []


@given(st.text(alphabet=st.sampled_from('"\'\\\nab; '), max_size=12))
def test_a_statement_is_written_as_a_python_string_that_reads_back_as_it(sql):
    """A statement's text in a migration file is a string literal whose value is the statement, whatever
    quotes, backslashes and line breaks it holds and ends with (a view PostgreSQL prints ending in "user")."""
    assert ast.literal_eval(makemigrations._text(sql)) == sql


@given(st.text(alphabet=st.sampled_from('"\\\n\r#xé:'), min_size=1, max_size=10))
def test_a_migration_file_is_only_its_steps_whatever_the_names_hold(name):
    """A name goes into the file's docstring and its step comments: a backslash made the file unloadable
    (``C:\\xfiles``: a truncated \\x escape), and a line break could turn the rest of a name into code."""
    import tempfile
    from pathlib import Path

    from schemakit.schema.build import col, table
    from schemakit.schema.model import INTEGER
    target = Schema((table(name, col("id", INTEGER, null=False), pk="id"),))
    with tempfile.TemporaryDirectory() as folder:
        [written] = makemigrations.make(Path(folder), "sqlite", "cyoa", target=target)
        tree = ast.parse(Path(written).read_text())
    kinds = [type(n).__name__ for n in tree.body]
    assert kinds == ["Expr", "ImportFrom", "ImportFrom", "Assign", "Assign", "Assign"], kinds
    assert [t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets] == \
        ["__depends__", "__transactional__", "steps"]
