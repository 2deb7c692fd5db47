"""Run one job per item (a tenant, a fleet target) over N connections at once, and report.

What `migrate --tenants`, `drift --tenants` and the fleet commands share:

- items run in parallel on `jobs` worker threads (the database drivers release the GIL while
  they wait on the server, so threads are enough);
- a job that raises is that item's failure, with its one line; it never stops the others;
- on a terminal, a rich progress bar (https://rich.readthedocs.io/en/stable/progress.html);
  elsewhere (CI, a pipe), one line per item as it finishes, so a log shows each one;
- a summary line with a count per status, then each failure by name;
- Ctrl-C stops the items not yet started; those running finish (or fail) first, so none is
  left half-done by the runner itself.

The caller names the items (a masked URL for a target: never a password) and maps each to a
status word; the exit code rule is `exit_code`.
"""
from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Callable, Optional, Sequence, TextIO

from .options import first_line

FAILED = "failed"
DRIFT = "drift"


@dataclass(frozen=True)
class Outcome:
    """What one item's job came to: `status` is a word ("migrated", "current", "clean", "drift",
    "failed", ...), `detail` one line (the error of a failure), `seconds` its wall time."""

    name: str
    status: str
    detail: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class Result:
    """A job's own report: its status word and an optional one-line detail."""

    status: str
    detail: str = ""


def run(items: Sequence[str], job: Callable[[str], Result], jobs: int = 1, what: str = "item",
        out: Optional[TextIO] = None, tty: Optional[bool] = None) -> list[Outcome]:
    """Run `job` on every item, `jobs` at a time; the outcomes in the order of `items`.

    `what` names an item in the lines ("tenant", "target"); `out` is where the progress goes
    (default stderr), `tty` forces the bar on or off (default: whether `out` is a terminal)."""
    out = out or sys.stderr
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    bar = out.isatty() if tty is None else tty
    outcomes: dict[str, Outcome] = {}
    lock = threading.Lock()
    width = len(str(len(items)))

    def one(item: str) -> Outcome:
        start = time.monotonic()
        try:
            r = job(item)
            return Outcome(item, r.status, r.detail, time.monotonic() - start)
        except Exception as e:  # one item's failure, reported; the others go on
            return Outcome(item, FAILED, first_line(e), time.monotonic() - start)

    progress = _bar(out, what, len(items)) if bar and items else None
    try:
        with ThreadPoolExecutor(max_workers=min(jobs, max(1, len(items)))) as pool:
            pending: dict[Future, str] = {}
            queue = list(items)
            try:
                while queue or pending:
                    while queue and len(pending) < jobs:
                        item = queue.pop(0)
                        pending[pool.submit(one, item)] = item
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for f in done:
                        pending.pop(f)
                        o = f.result()
                        with lock:
                            outcomes[o.name] = o
                            if progress is not None:
                                progress[0].update(progress[1], advance=1,
                                                   description=f"{what}s ({_counts(outcomes.values())})")
                            else:
                                detail = f": {o.detail}" if o.detail else ""
                                print(f"[{len(outcomes):>{width}}/{len(items)}] {what} {o.name}: {o.status}{detail} "
                                      f"({o.seconds:.2f} s)", file=out, flush=True)
            except KeyboardInterrupt:
                queue.clear()
                for f in list(pending):
                    f.cancel()
                raise
    finally:
        if progress is not None:
            progress[0].stop()
    return [outcomes[i] for i in items if i in outcomes]


def _bar(out: TextIO, what: str, total: int):
    """A started rich progress bar on `out` and its task."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=Console(file=out), transient=False)
    task = progress.add_task(f"{what}s", total=total)
    progress.start()
    return progress, task


def _counts(outcomes) -> str:
    """``3 migrated, 1 failed``: a count per status, in order of first appearance."""
    c = Counter(o.status for o in outcomes)
    return ", ".join(f"{n} {status}" for status, n in c.items())


def summary(outcomes: Sequence[Outcome], what: str = "item") -> list[str]:
    """The summary lines: ``N items: 3 migrated, 1 failed``, then one line per failure."""
    lines = [f"{len(outcomes)} {what}{'s' if len(outcomes) != 1 else ''}: {_counts(outcomes) or 'nothing to do'}"]
    lines += [f"  {what} {o.name} failed: {o.detail}" for o in outcomes if o.status == FAILED]
    return lines


def exit_code(outcomes: Sequence[Outcome]) -> int:
    """0 when every item succeeded and none drifted; 1 when any failed or drifted."""
    return 1 if any(o.status in (FAILED, DRIFT) for o in outcomes) else 0
