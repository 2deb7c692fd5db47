"""The peer-suite runner (tests/peer.py): which of sqldef's cases it skips, and a real run on SQLite.

The peer's own cases are not in this repository; these tests write small YAML files of their own in
sqldef's shape and run them on the embedded engine.
"""
from __future__ import annotations

from pathlib import Path

from tests import differential, peer

CASES = """\
AddsAColumn:
  current: |
    CREATE TABLE t (id integer PRIMARY KEY);
  desired: |
    CREATE TABLE t (id integer PRIMARY KEY, note text);
  up: "ignored: the peer's own expectation"
Refused:
  current: "CREATE TABLE t (id integer);"
  desired: "CREATE TABLE t (id integer);"
  error: "the peer refuses it"
OtherServer:
  flavor: mysql
  desired: "CREATE TABLE t (id integer);"
DoesNotLoad:
  desired: "CREATE TABLE t (id integer REFERENCES;"
"""


def test_skips_name_the_sqldef_only_setting():
    assert peer.skip_reason({"desired": "x", "error": "no"}, "postgres", (15,)) == "error case (sqldef refuses the change)"
    assert peer.skip_reason({"desired": "x", "flavor": "mysql"}, "mariadb", (10, 11)) == "flavor mysql"
    assert peer.skip_reason({"desired": "x", "flavor": "!mariadb"}, "mariadb", (10, 11)) == "flavor !mariadb"
    assert peer.skip_reason({"desired": "x", "flavor": "!tidb"}, "mariadb", (10, 11)) is None
    assert peer.skip_reason({"desired": "x", "min_version": "16"}, "postgres", (15, 4)) == "min_version 16"
    assert peer.skip_reason({"desired": "x", "max_version": "14"}, "postgres", (15, 4)) == "max_version 14"
    assert peer.skip_reason({"desired": "x", "config": {"a": 1}}, "sqlite", (3,)) == "sqldef option: config"
    assert peer.skip_reason({"desired": "x", "up": "", "enable_drop": True}, "sqlite", (3,)) is None


def test_a_run_counts_loadable_converged_and_drift_agreement(tmp_path: Path):
    (tmp_path / "sqlite3def").mkdir()
    (tmp_path / "sqlite3def" / "tests_mine.yml").write_text(CASES, encoding="utf-8")
    pair = differential.Pair("sqlite")
    try:
        loaded = peer.load(tmp_path / "sqlite3def", "sqlite", peer.server_version(pair))
        outs = [peer.PeerOutcome(f, n, skip=why) if case is None else peer.run_case(pair, f, case)
                for f, n, why, case in loaded]
    finally:
        pair.close()
    by_name = {o.name: o for o in outs}
    assert by_name["AddsAColumn"].converged and by_name["AddsAColumn"].disagrees is None
    assert by_name["AddsAColumn"].drift == []  # drift ran after the apply and found the database as desired
    assert by_name["Refused"].skip and by_name["OtherServer"].skip
    assert not by_name["DoesNotLoad"].loadable
    text = peer.summary({"sqlite": outs})
    assert "sqlite: 4 cases, 2 skipped, 1 loadable, 1 converged (100.0%), 0 drift disagreements; 0 converged" in text


def test_drift_disagreeing_with_the_catalog_is_counted(tmp_path: Path):
    case = differential.Case("c", "sqlite3def", "", "CREATE TABLE t (id integer);\n", "x.yml:c")
    out = peer.PeerOutcome("x.yml", "c", outcome=differential.Outcome(case, differential.CONVERGED),
                           disagrees="drift says extra table t")
    assert "1 drift disagreements" in peer.summary({"sqlite": [out]})
    assert "x.yml:c: drift says extra table t" in peer.summary({"sqlite": [out]})


def test_a_checkout_of_the_peer_is_taken_at_its_cmd_folder(tmp_path: Path, capsys, monkeypatch):
    """``make peer PEER=DIR`` with DIR a checkout of sqldef (its cases under cmd/<tool>/) runs them; a folder
    holding none is one line and exit 2."""
    (tmp_path / "cmd" / "sqlite3def").mkdir(parents=True)
    (tmp_path / "cmd" / "sqlite3def" / "tests_mine.yml").write_text(CASES, encoding="utf-8")
    monkeypatch.setattr(peer, "SUMMARY", tmp_path / "peer.txt")  # the summary file, out of the checkout
    assert peer.main([str(tmp_path), "sqlite"]) == 0
    assert "sqlite: 4 cases, 2 skipped, 1 loadable, 1 converged" in capsys.readouterr().out
    assert peer.main([str(tmp_path / "cmd" / "sqlite3def"), "sqlite"]) == 2
    assert "no tests*.yml under" in capsys.readouterr().err
