"""Each dialect's schemakit.sum catches edited, reordered, added and removed migration files of
that dialect, and only of that dialect."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from schemakit import dialects
from schemakit import checksum, makemigrations
from tests.conftest import ENGINES, served
from tests.test_migrate import MIGRATIONS, url_text
from tests.incli import cli

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def root(tmp_path):
    d = tmp_path / "migrations" / "sqlite" / "demo"
    d.mkdir(parents=True)
    (d / "0001_demo_initial.py").write_text("steps = ['CREATE TABLE a (x INTEGER)']\n")
    (d / "0002_demo_more.py").write_text("steps = ['CREATE TABLE b (x INTEGER)']\n")
    assert checksum.write(tmp_path / "migrations") == [tmp_path / "migrations" / "sqlite" / checksum.SUM_FILE]
    return tmp_path / "migrations"


def test_untouched_files_verify(root):
    checksum.verify(root, "sqlite")
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
    for verify in (lambda: checksum.verify(root, "sqlite"), lambda: checksum.verify(root)):
        with pytest.raises(checksum.ChecksumError) as e:
            verify()
        assert expected in str(e.value)
        assert fix in str(e.value)
        assert "\n" not in str(e.value)


def test_missing_sum_file_is_refused(root):
    checksum.sum_file(root, "sqlite").unlink()
    with pytest.raises(checksum.ChecksumError, match="missing: run `schemakit makemigrations --rehash --dir"):
        checksum.verify(root, "sqlite")


@pytest.mark.parametrize("name", [
    "0002_evil.sql", "0002_demo_more.rollback.sql", "post-apply.py", "notes.txt", ".0001_demo_initial.py.swp",
    "0001_demo_initial.py~", ".DS_Store", "README",
])
def test_every_file_is_covered_whatever_its_name(root, name):
    """yoyo runs .py and .sql files; every other name is refused as well (see the module docstring)."""
    (root / "sqlite" / "demo" / name).write_text("CREATE TABLE evil (id INT)\n")
    with pytest.raises(checksum.ChecksumError) as e:
        checksum.verify(root, "sqlite")
    assert str(e.value).startswith(f"{root / 'sqlite' / 'demo' / name} is new: an unknown file")
    assert checksum.rehash_command(root, "sqlite") in str(e.value)
    checksum.write(root)  # once rehashed (reviewed and intended), it verifies
    checksum.verify(root, "sqlite")
    (root / "sqlite" / "demo" / name).write_text("CREATE TABLE worse (id INT)\n")
    with pytest.raises(checksum.ChecksumError, match=f"{name} was edited"):
        checksum.verify(root, "sqlite")


def test_what_is_hashed_is_every_file_of_the_dialect_but_its_sum_and_bytecode_caches(root):
    demo = root / "sqlite" / "demo"
    (demo / "0002_demo_more.state.json").write_text("{}\n")
    (demo / "0002_evil.sql").write_text("CREATE TABLE evil (id INT)\n")
    (demo / "__pycache__").mkdir()
    (demo / "__pycache__" / "0001_demo_initial.py").write_text("cached\n")
    (root / "sqlite" / "__pycache__").mkdir()
    (root / "sqlite" / "__pycache__" / "x.pyc").write_text("cached\n")
    (demo / checksum.SUM_FILE).write_text("only the dialect's own is the sum\n")
    (root / "notes.txt").write_text("beside the dialect folders: no dialect's\n")
    assert [p.relative_to(root / "sqlite").as_posix() for p in checksum.migration_files(root, "sqlite")] == [
        "demo/0001_demo_initial.py", "demo/0002_demo_more.py", "demo/0002_demo_more.state.json",
        "demo/0002_evil.sql", "demo/schemakit.sum"]
    assert checksum.migration_files(root, "postgres") == []


def test_a_linked_folder_is_walked_and_a_dangling_link_refused(root, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "0001_x_initial.py").write_text("steps = []\n")
    (root / "sqlite" / "linked").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(checksum.ChecksumError, match="linked/0001_x_initial.py is new"):
        checksum.verify(root, "sqlite")
    (root / "sqlite" / "loop").symlink_to(root, target_is_directory=True)
    with pytest.raises(checksum.ChecksumError, match="is a link to a folder that contains it"):
        checksum.verify(root, "sqlite")
    (root / "sqlite" / "loop").unlink()
    (root / "sqlite" / "demo" / "0003_gone.py").symlink_to(tmp_path / "nowhere.py")
    with pytest.raises(checksum.ChecksumError, match="0003_gone.py is neither a file nor a folder"):
        checksum.verify(root, "sqlite")


def test_a_missing_system_folder_is_named_not_the_next_systems_file(root):
    """With `demo` gone, the files after it in the sum must not be blamed."""
    other = root / "sqlite" / "other"
    other.mkdir()
    (other / "0001_other_initial.py").write_text("steps = []\n")
    checksum.write(root)
    shutil.rmtree(root / "sqlite" / "demo")
    with pytest.raises(checksum.ChecksumError) as e:
        checksum.verify(root, "sqlite")
    assert str(e.value).startswith(f"the folder {root / 'sqlite' / 'demo'} is listed in "
                                   f"{root / 'sqlite' / checksum.SUM_FILE} but missing: restore it")
    assert "other" not in str(e.value)


@pytest.mark.parametrize("make", [lambda p: None, lambda p: p.write_text("not a folder\n")])
def test_a_missing_migrations_folder_is_a_clear_error(tmp_path, make):
    where = tmp_path / "nowhere"
    make(where)
    for call in (lambda: checksum.verify(where, "sqlite"), lambda: checksum.verify(where),
                 lambda: checksum.write(where)):
        with pytest.raises(checksum.ChecksumError) as e:
            call()
        assert str(e.value).startswith(f"the migrations folder {where} ")
        assert "pass --dir" in str(e.value)


def test_a_malformed_sum_file_is_a_clear_error(root):
    checksum.sum_file(root, "sqlite").write_text("h1:abc\nnonsense\n")
    with pytest.raises(checksum.ChecksumError, match="line 2 is not"):
        checksum.verify(root, "sqlite")


def test_the_committed_tree_has_one_sum_per_dialect_covering_every_file_of_its_folder():
    """Each committed migrations/<dialect>/schemakit.sum lists every file of that folder; there is
    no sum for every dialect at once any more."""
    committed = REPO / "migrations"
    assert not checksum.legacy_sum_file(committed).exists()
    assert sorted(p.name for p in committed.iterdir() if p.is_dir()) == sorted(checksum.dialects_in(committed))
    for name in checksum.dialects_in(committed):
        checksum.verify(committed, name)
        folder = committed / name
        listed = [line.split(" h1:")[0] for line in checksum.sum_file(committed, name).read_text().splitlines()[1:]]
        on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                         if p.is_file() and "__pycache__" not in p.parts and p != checksum.sum_file(committed, name))
        assert listed == on_disk


# -- one dialect's files do not touch another dialect's sum ------------------------------------------

def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_a_file_added_under_sqlite_leaves_the_postgres_sum_verifying_and_unchanged(tmp_path):
    root = _copy(tmp_path)
    sums = {n: checksum.sum_file(root, n).read_bytes() for n in dialects.names()}
    added = root / "sqlite" / "cyoa" / "0002_cyoa_more.py"
    added.write_text("from yoyo import step\nsteps = [step('CREATE TABLE more (id INTEGER)')]\n")
    with pytest.raises(checksum.ChecksumError, match="0002_cyoa_more.py is new"):
        checksum.verify(root, "sqlite")
    for name in set(dialects.names()) - {"sqlite"}:
        checksum.verify(root, name)  # the other dialects' sums still verify
    checksum.write(root)  # rehashed: only the sqlite sum changes
    assert {n: checksum.sum_file(root, n).read_bytes() for n in dialects.names()} == \
        {**sums, "sqlite": checksum.sum_file(root, "sqlite").read_bytes()}
    assert checksum.sum_file(root, "sqlite").read_bytes() != sums["sqlite"]
    checksum.verify(root)


def test_migrate_verifies_only_the_sum_of_the_dialect_it_runs_on(tmp_path):
    """A stray file under migrations/postgres/ stops a PostgreSQL migrate (before it connects) and
    not a SQLite one."""
    root = _copy(tmp_path)
    stray = root / "postgres" / "cyoa" / "0002_evil.sql"
    stray.write_text(EVIL)
    db = tmp_path / "cyoa.db"
    done = cli("migrate", "cyoa", "--database", f"sqlite:///{db}", "--dir", str(root), check=True)
    assert "cyoa: applied 1 migration(s)" in done.stdout
    refused = cli("migrate", "cyoa", "--database", "postgresql://nobody@127.0.0.1:1/never", "--dir", str(root))
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert refused.stderr.startswith(f"schemakit: {stray} is new: an unknown file"), refused.stderr
    assert f"--rehash --dir {root} --dialect postgres" in refused.stderr


def test_makemigrations_writes_the_sum_of_the_dialect_it_writes_for(tmp_path):
    makemigrations.make(tmp_path, "sqlite", "cyoa")
    assert [p.parent.name for p in tmp_path.glob(f"*/{checksum.SUM_FILE}")] == ["sqlite"]
    sqlite_sum = checksum.sum_file(tmp_path, "sqlite").read_bytes()
    makemigrations.make(tmp_path, "postgres", "cyoa")
    assert checksum.sum_file(tmp_path, "sqlite").read_bytes() == sqlite_sum
    checksum.verify(tmp_path, "postgres")
    checksum.verify(tmp_path, "sqlite")


def test_rehash_with_a_dialect_rewrites_only_that_dialects_sum(tmp_path):
    root = _copy(tmp_path)
    for name in ("sqlite", "postgres"):
        (root / name / "cyoa" / "notes.txt").write_text("reviewed\n")
    proc = cli("makemigrations", "--rehash", "--dialect", "sqlite", "--dir", str(root), check=True)
    assert proc.stdout.splitlines() == [f"wrote {checksum.sum_file(root, 'sqlite')}"]
    checksum.verify(root, "sqlite")
    with pytest.raises(checksum.ChecksumError, match="notes.txt is new"):
        checksum.verify(root, "postgres")


# -- the one sum of earlier versions --------------------------------------------------------------------

def test_a_leftover_global_sum_is_ignored_and_rehash_removes_it(tmp_path):
    """A migrations/schemakit.sum left by an earlier version, even one that no longer matches
    anything, is not read: migrate runs without a word about it; --rehash removes it, saying so."""
    root = _copy(tmp_path)
    legacy = checksum.legacy_sum_file(root)
    legacy.write_text("h1:0000\nsqlite/cyoa/0001_cyoa_initial.py h1:0000\n")
    db = tmp_path / "cyoa.db"
    done = cli("migrate", "cyoa", "--database", f"sqlite:///{db}", "--dir", str(root), check=True)
    assert checksum.SUM_FILE not in done.stdout + done.stderr
    proc = cli("makemigrations", "--rehash", "--dir", str(root), check=True)
    assert proc.stdout.splitlines() == [f"wrote {checksum.sum_file(root, n)}" for n in dialects.names()] + [
        f"removed {legacy}: each dialect's folder has its own {checksum.SUM_FILE}"]
    assert not legacy.exists()
    checksum.verify(root)


def test_a_project_with_only_the_global_sum_is_told_to_rehash(tmp_path):
    """Upgrading a project that has only the one sum of earlier versions: one line, naming it."""
    root = _copy(tmp_path)
    checksum.sum_file(root, "sqlite").unlink()
    checksum.legacy_sum_file(root).write_text("h1:0000\n")
    proc = cli("migrate", "cyoa", "--database", f"sqlite:///{tmp_path / 'x.db'}", "--dir", str(root))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"schemakit: {checksum.sum_file(root, 'sqlite')} is missing ({checksum.legacy_sum_file(root)}, the one sum "
        f"of earlier versions, is no longer read): run `schemakit makemigrations --rehash --dir {root} "
        f"--dialect sqlite` after reviewing the migrations"]
    assert not (tmp_path / "x.db").exists()


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
