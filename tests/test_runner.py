"""The parallel runner tenants and fleets share: every item runs, a failure stays that item's,
the order of the outcomes is the order of the items, and the report has a line per item off a
terminal and a bar on one."""
import io
import threading
import time

import pytest

from schemakit import runner


def _job(item: str) -> runner.Result:
    if item.startswith("bad"):
        raise RuntimeError(f"{item} is broken\nsecond line never shown")
    time.sleep(0.01)
    return runner.Result("current" if item.endswith("0") else "migrated")


def test_a_failure_does_not_stop_the_others_and_order_is_kept():
    items = [str(i) for i in range(20)] + ["bad1"]
    out = io.StringIO()
    got = runner.run(items, _job, jobs=4, what="tenant", out=out, tty=False)
    assert [o.name for o in got] == items
    assert {o.name: o.status for o in got}["bad1"] == runner.FAILED
    assert got[-1].detail == "RuntimeError: bad1 is broken"
    lines = out.getvalue().splitlines()
    assert len(lines) == len(items)
    assert any(line.endswith(")") and "tenant bad1: failed: RuntimeError: bad1 is broken" in line for line in lines)
    # counts in the order statuses first appear among the items ("0" is current, "1" migrated)
    assert runner.summary(got, "tenant") == ["21 tenants: 2 current, 18 migrated, 1 failed",
                                             "  tenant bad1 failed: RuntimeError: bad1 is broken"]
    assert runner.exit_code(got) == 1
    assert runner.exit_code([o for o in got if o.status != runner.FAILED]) == 0


def test_jobs_bound_the_parallelism():
    running, peak, guard = [0], [0], threading.Lock()

    def job(item):
        with guard:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.02)
        with guard:
            running[0] -= 1
        return runner.Result("migrated")

    runner.run([str(i) for i in range(16)], job, jobs=3, out=io.StringIO(), tty=False)
    assert peak[0] == 3


def test_a_terminal_gets_a_bar_not_a_line_per_item():
    out = io.StringIO()
    got = runner.run([str(i) for i in range(5)], _job, jobs=2, what="target", out=out, tty=True)
    assert len(got) == 5
    assert "5/5" in out.getvalue() and "target 3:" not in out.getvalue()


def test_drift_counts_as_a_finding():
    got = runner.run(["a"], lambda i: runner.Result(runner.DRIFT, "1 difference"), out=io.StringIO(), tty=False)
    assert runner.exit_code(got) == 1 and runner.summary(got, "target") == ["1 target: 1 drift"]


def test_jobs_below_one_is_refused():
    with pytest.raises(ValueError):
        runner.run(["a"], _job, jobs=0)


def test_ctrl_c_starts_no_more_items_and_lets_the_running_ones_finish():
    import _thread
    started, finished, guard = [], [], threading.Lock()

    def job(item):
        with guard:
            started.append(item)
        if item == "3":
            _thread.interrupt_main()  # the Ctrl-C arrives while items run
        time.sleep(0.05)
        with guard:
            finished.append(item)
        return runner.Result("migrated")

    with pytest.raises(KeyboardInterrupt):
        runner.run([str(i) for i in range(40)], job, jobs=2, out=io.StringIO(), tty=False)
    assert "3" in started and len(started) < 40
    assert sorted(started) == sorted(finished)  # none left running, none half-done


def test_an_error_past_the_job_s_own_failure_is_raised():
    def job(item):
        if item == "2":
            raise SystemExit(3)
        return runner.Result("migrated")

    with pytest.raises(SystemExit):
        runner.run([str(i) for i in range(5)], job, jobs=2, out=io.StringIO(), tty=False)
