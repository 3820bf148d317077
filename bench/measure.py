"""Timing helpers for the benchmarks: medians of interleaved runs, whole processes, peak RSS."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent  # the venv's scripts: referat, sqlite-utils


def clock(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleaved(runs: int, *fns: Callable[[], object]) -> list[list[float]]:
    """Time each function ``runs`` times, taking turns, so a noisy spell hits all of them."""
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
        argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True
    )


def peak_rss_mb(argv: Sequence[str]) -> tuple[float, float]:
    """(peak resident set size in MB, seconds) of one process run to completion."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"{argv[0]} exited with {proc.returncode}")
    return usage.ru_maxrss / 1024, elapsed  # ru_maxrss is in KB on Linux


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
