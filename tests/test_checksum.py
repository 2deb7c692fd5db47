"""schemakit.sum catches edited, reordered, added and removed migration files."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from schemakit import dialects
from schemakit import checksum
from tests.conftest import ENGINES, served
from tests.test_migrate import MIGRATIONS, cli, url_text

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def root(tmp_path):
    d = tmp_path / "migrations" / "sqlite" / "demo"
    d.mkdir(parents=True)
    (d / "0001_demo_initial.py").write_text("steps = ['CREATE TABLE a (x INTEGER)']\n")
    (d / "0002_demo_more.py").write_text("steps = ['CREATE TABLE b (x INTEGER)']\n")
    checksum.write(tmp_path / "migrations")
    return tmp_path / "migrations"


def test_untouched_files_verify(root):
    checksum.verify(root)


@pytest.mark.parametrize("mutate, expected, fix", [
    (lambda d: (d / "0001_demo_initial.py").write_text("steps = ['DROP TABLE a']\n"), "0001_demo_initial.py was edited",
     "git checkout"),
    (lambda d: (d / "0003_demo_new.py").write_text("steps = []\n"), "0003_demo_new.py is new", "Remove it"),
    (lambda d: (d / "0002_demo_more.py").unlink(), "0002_demo_more.py is listed", "git checkout"),
    (lambda d: (d / "0002_demo_more.py").rename(d / "0000_demo_more.py"), "0000_demo_more.py is new", "Remove it"),
])
def test_changes_are_caught_with_the_file_named(root, mutate, expected, fix):
    mutate(root / "sqlite" / "demo")
    with pytest.raises(checksum.ChecksumError) as e:
        checksum.verify(root)
    assert expected in str(e.value)
    assert fix in str(e.value)
    assert "\n" not in str(e.value)


def test_missing_sum_file_is_refused(root):
    (root / checksum.SUM_FILE).unlink()
    with pytest.raises(checksum.ChecksumError, match="missing"):
        checksum.verify(root)


@pytest.mark.parametrize("name", [
    "0002_evil.sql", "0002_demo_more.rollback.sql", "post-apply.py", "notes.txt", ".0001_demo_initial.py.swp",
    "0001_demo_initial.py~", ".DS_Store", "README",
])
def test_every_file_is_covered_whatever_its_name(root, name):
    """yoyo runs .py and .sql files; every other name is refused as well (see the module docstring)."""
    (root / "sqlite" / "demo" / name).write_text("CREATE TABLE evil (id INT)\n")
    with pytest.raises(checksum.ChecksumError) as e:
        checksum.verify(root)
    assert str(e.value).startswith(f"{root / 'sqlite' / 'demo' / name} is new: an unknown file")
    assert checksum.rehash_command(root) in str(e.value)
    checksum.write(root)  # once rehashed (reviewed and intended), it verifies
    checksum.verify(root)
    (root / "sqlite" / "demo" / name).write_text("CREATE TABLE worse (id INT)\n")
    with pytest.raises(checksum.ChecksumError, match=f"{name} was edited"):
        checksum.verify(root)


def test_what_is_hashed_is_every_file_but_the_sum_and_bytecode_caches(root):
    demo = root / "sqlite" / "demo"
    (demo / "0002_demo_more.state.json").write_text("{}\n")
    (demo / "0002_evil.sql").write_text("CREATE TABLE evil (id INT)\n")
    (demo / "__pycache__").mkdir()
    (demo / "__pycache__" / "0001_demo_initial.py").write_text("cached\n")
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "x.pyc").write_text("cached\n")
    (demo / checksum.SUM_FILE).write_text("only the top one is the sum\n")
    assert [p.relative_to(root).as_posix() for p in checksum.migration_files(root)] == [
        "sqlite/demo/0001_demo_initial.py", "sqlite/demo/0002_demo_more.py", "sqlite/demo/0002_demo_more.state.json",
        "sqlite/demo/0002_evil.sql", "sqlite/demo/schemakit.sum"]


def test_a_linked_folder_is_walked_and_a_dangling_link_refused(root, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "0001_x_initial.py").write_text("steps = []\n")
    (root / "sqlite" / "linked").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(checksum.ChecksumError, match="linked/0001_x_initial.py is new"):
        checksum.verify(root)
    (root / "sqlite" / "loop").symlink_to(root, target_is_directory=True)
    with pytest.raises(checksum.ChecksumError, match="is a link to a folder that contains it"):
        checksum.verify(root)
    (root / "sqlite" / "loop").unlink()
    (root / "sqlite" / "demo" / "0003_gone.py").symlink_to(tmp_path / "nowhere.py")
    with pytest.raises(checksum.ChecksumError, match="0003_gone.py is neither a file nor a folder"):
        checksum.verify(root)


def test_a_missing_system_folder_is_named_not_the_next_systems_file(root):
    """With `demo` gone, the files after it in the sum must not be blamed."""
    other = root / "sqlite" / "other"
    other.mkdir()
    (other / "0001_other_initial.py").write_text("steps = []\n")
    checksum.write(root)
    shutil.rmtree(root / "sqlite" / "demo")
    with pytest.raises(checksum.ChecksumError) as e:
        checksum.verify(root)
    assert str(e.value).startswith(f"the folder {root / 'sqlite' / 'demo'} is listed in {root / checksum.SUM_FILE} "
                                   f"but missing: restore it")
    assert "other" not in str(e.value)


@pytest.mark.parametrize("make", [lambda p: None, lambda p: p.write_text("not a folder\n")])
def test_a_missing_migrations_folder_is_a_clear_error(tmp_path, make):
    where = tmp_path / "nowhere"
    make(where)
    with pytest.raises(checksum.ChecksumError) as e:
        checksum.verify(where)
    assert str(e.value).startswith(f"the migrations folder {where} ")
    assert "pass --dir" in str(e.value)


def test_a_malformed_sum_file_is_a_clear_error(root):
    (root / checksum.SUM_FILE).write_text("h1:abc\nnonsense\n")
    with pytest.raises(checksum.ChecksumError, match="line 2 is not"):
        checksum.verify(root)


def test_the_committed_tree_verifies_and_covers_every_file():
    """The committed schemakit.sum lists every file under migrations/ (whatever the dialect)."""
    committed = REPO / "migrations"
    checksum.verify(committed)
    listed = [line.split(" h1:")[0] for line in (committed / checksum.SUM_FILE).read_text().splitlines()[1:]]
    on_disk = sorted(p.relative_to(committed).as_posix() for p in committed.rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts and p.name != checksum.SUM_FILE)
    assert listed == on_disk


# End to end: a `.sql` file dropped into migrations/ is refused before anything runs.

EVIL = "CREATE TABLE evil (id INT)\n"


def _tables(engine: str, url) -> list[str]:
    d = dialects.get(engine)
    conn = d.connect(url)
    try:
        return sorted(name for _, name in d.table_names(conn, (None,)))
    finally:
        conn.close()


def _recorded(engine: str, url) -> list[str]:
    conn = dialects.get(engine).connect(url)
    try:
        cur = conn.cursor()
        cur.execute("SELECT migration_id FROM _yoyo_migration ORDER BY migration_id")
        return [r[0] for r in cur.fetchall()]
    finally:
        conn.close()


def _refused(proc, evil) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.splitlines() == [proc.stderr.strip()]  # one line
    assert proc.stderr.startswith(f"schemakit: {evil} is new: an unknown file"), proc.stderr
    assert "Remove it" in proc.stderr and "--rehash" in proc.stderr
    assert "applied" not in proc.stdout


@pytest.mark.parametrize("engine", ENGINES)
def test_a_dropped_sql_file_is_refused_on_existing_and_new_databases(engine, tmp_path, fresh_url):
    root = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, root)
    existing, new = fresh_url(engine), fresh_url(engine)
    cli("migrate", "cyoa", "--database", url_text(existing), "--dir", str(root), check=True)
    before = _tables(engine, existing), _recorded(engine, existing)
    evil = root / served(engine).name / "cyoa" / "0002_evil.sql"  # where migrate reads the URL's
    evil.write_text(EVIL)

    _refused(cli("migrate", "cyoa", "--database", url_text(existing), "--dir", str(root)), evil)
    assert (_tables(engine, existing), _recorded(engine, existing)) == before  # nothing new applied
    assert "evil" not in before[0]

    _refused(cli("migrate", "cyoa", "--database", url_text(new), "--dir", str(root)), evil)
    assert _tables(engine, new) == []  # refused before connecting

    _refused(cli("rollback", "cyoa", "--database", url_text(existing), "--dir", str(root)), evil)
    assert (_tables(engine, existing), _recorded(engine, existing)) == before


def test_a_rehashed_file_that_is_not_a_schemakit_migration_is_refused(tmp_path):
    """Even listed in schemakit.sum, a file yoyo would run that is not NNNN_<name>.py is refused (schemakit
    could neither squash nor reconcile it), naming it, before anything runs."""
    root = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, root)
    evil = root / "sqlite" / "cyoa" / "0002_evil.sql"
    evil.write_text(EVIL)
    checksum.write(root)
    db = tmp_path / "x.db"
    proc = cli("migrate", "cyoa", "--database", f"sqlite:///{db}", "--dir", str(root))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.splitlines() == [proc.stderr.strip()]
    assert proc.stderr.startswith(f"schemakit: {evil}: yoyo would run it as a migration, but it is not a "
                                  f"schemakit migration"), proc.stderr
    assert not db.exists()
