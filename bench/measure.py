"""Timing helpers for the benchmarks: medians of interleaved runs, whole processes, peak RSS."""

from __future__ import annotations

import datetime as dt
import glob
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent  # the venv's scripts: referat, sqlite-utils

# Child processes may write .pyc files, as on a user's machine: with PYTHONDONTWRITEBYTECODE
# set (CI and some sandboxes do), every start compiles referat's modules from source again.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def clock(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleaved(runs: int, *fns: Callable[[], object], warmup: bool = False) -> list[list[float]]:
    """Time each function ``runs`` times, taking turns, so a noisy spell hits all of them
    (``warmup``: one untimed round first, for page cache and .pyc files)."""
    if warmup:
        for fn in fns:
            fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for i, fn in enumerate(fns):
            times[i].append(clock(fn))
    return times


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def run_process(argv: Sequence[str], *, env: dict[str, str] | None = None) -> None:
    """Run a command to completion, output discarded; a failure is an error."""
    subprocess.run(
        argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or ENV
    )


_PEAK = """
import sys
from referat.cli import cli
try:
    cli(sys.argv[1:], prog_name="referat")
except SystemExit as exit:
    if exit.code:
        raise
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")), file=sys.stderr)
"""


def peak_rss_mb(args: Sequence[str]) -> tuple[float, float]:
    """(peak resident set size in MB, seconds) of ``referat ARGS`` run to completion.

    Read from the process itself (VmHWM, which exec resets): a child's ru_maxrss also counts
    the memory it shared with this (large) process between fork and exec.
    """
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    elapsed = time.perf_counter() - start
    return int(done.stderr.split()[-1]) / 1024, elapsed  # VmHWM is in kB


def machine() -> dict[str, str]:
    load = os.getloadavg()
    return {
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "load": " ".join(f"{x:.2f}" for x in load),
    }


@dataclass
class Figure:
    """One row of the results table."""

    name: str
    baseline: str
    target: str  # as in the issue, e.g. "≥ 50× faster"
    ratio: float | None = None  # the figure as the target reads it
    ratio_text: str = ""
    met: bool | None = None
    absolute: str = ""
    notes: list[str] = field(default_factory=list)

    @classmethod
    def at_most(cls, name: str, baseline: str, limit: float, ours: float, theirs: float) -> Figure:
        """Our time against a baseline's, met when the ratio is at most ``limit``."""
        ratio = ours / theirs
        return cls(
            name,
            baseline,
            f"≤ {limit:g}×",
            ratio=ratio,
            ratio_text=f"{ratio:.2f}×",
            met=ratio <= limit,
            absolute=f"{fmt_s(ours)} vs {fmt_s(theirs)}",
        )

    def verdict(self) -> str:
        if self.met is None:
            return "—"
        return "yes" if self.met else "**no**"


def fmt_s(seconds: float) -> str:
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


@dataclass(frozen=True)
class Sizes:
    text_meetings: int
    pdf_meetings: int
    big_pages: int
    long_pages: int  # one PDF of 300+ pages: the pdfplumber target's "at 300+ pages"
    archive_items: int
    real_items: int  # items of the real-text archive of the search speed figures (issue 11)
    cases: int  # case numbers searched per run
    runs: int  # runs of fast figures
    slow_runs: int  # runs of figures that take many seconds (pdfplumber)


FULL = Sizes(1000, 32, 200, 320, 200_000, 200_000, 200, 5, 3)
SMOKE = Sizes(8, 1, 6, 8, 300, 300, 10, 1, 1)


def fresh_db(path: Path) -> Path:
    for f in glob.glob(f"{path}*"):
        if os.path.isdir(f):  # the archive's search index
            shutil.rmtree(f)
        else:
            os.remove(f)
    return path


def referat(*args: str) -> list[str]:
    return [str(BIN / "referat"), *args]
