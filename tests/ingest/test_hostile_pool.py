"""Hostile input, round 2 (issue 13): worker processes.

A worker that dies (the OOM killer, a crash in a C library) costs only the document it was
parsing, never the batch; SIGTERM and SIGHUP end an import at once with its workers; ``--jobs``
is capped, and a pool that cannot be started (a low file limit) parses in the importing process.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from referat.archive.store import open_archive
from referat.ingest import batch as ingest
from referat.ingest.batch import import_paths
from referat.ingest.workers import DIED, MAX_JOBS, effective_jobs
from seed_variants import seed_variants

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60
PARENT = os.getpid()
REAL_PARSE = ingest.parse_bytes

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes and signals")


def dying_parse(data: bytes | None, name: str, **options: object) -> ingest.ParseOutcome:
    """parse_bytes, except that a worker given ``poison`` dies as the OOM killer kills (SIGKILL),
    and one given ``once`` dies the first time only (a marker file remembers)."""
    if os.getpid() != PARENT:  # never the test process itself
        marker = Path(f"{name}.died")
        if "poison" in name or ("once" in name and not marker.exists()):
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
    return REAL_PARSE(data, name, **options)  # type: ignore[arg-type]


@pytest.fixture
def dying_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "parse_bytes", dying_parse)  # forked workers inherit it
    monkeypatch.setattr(os, "cpu_count", lambda: 4)  # a pool even on a one-CPU machine


@pytest.mark.usefixtures("dying_workers")
def test_a_dead_worker_fails_its_document_and_the_batch_goes_on(tmp_path: Path) -> None:
    names = ["a", "b", "c", "poison", "d", "e", "f", "g", "h"]
    paths = seed_variants(tmp_path / "in", names=names)
    with open_archive(tmp_path / "a.db") as archive:
        report = import_paths(archive, [str(p) for p in paths], jobs=3)
        stored = archive.query("SELECT path FROM sources ORDER BY path")
    assert [(Path(r.path).name, r.status) for r in report.results] == [
        (p.name, "failed" if "poison" in p.name else "inserted") for p in paths
    ]
    assert report.failures[0].reason == DIED
    assert [row[0] for row in stored] == [str(p) for p in paths if "poison" not in p.name]


@pytest.mark.usefixtures("dying_workers")
def test_a_document_whose_worker_died_once_is_parsed_again(tmp_path: Path) -> None:
    paths = seed_variants(tmp_path / "in", names=["a", "b", "once", "c", "d", "e"])
    with open_archive(tmp_path / "a.db") as archive:
        report = import_paths(archive, [str(p) for p in paths], jobs=2)
    assert report.ok, report.failures
    assert report.count("inserted") == len(paths)
    assert Path(f"{paths[2]}.died").exists()  # it did die once


def test_jobs_are_capped() -> None:
    cpus = os.cpu_count() or 1
    assert effective_jobs(1000) == min(cpus, MAX_JOBS)
    assert effective_jobs(10**23) == min(cpus, MAX_JOBS)
    assert effective_jobs(1) == 1


def referat(*args: str, limit_files: int | None = None) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFERAT_")}

    def limits() -> None:
        if limit_files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit_files, limit_files))

    return subprocess.Popen(
        [sys.executable, "-m", "referat", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
        preexec_fn=limits,
    )


@pytest.mark.parametrize("files", [12, 24])
def test_many_jobs_under_a_low_file_limit(tmp_path: Path, files: int) -> None:
    seed_variants(tmp_path / "in", names=[str(n) for n in range(12)])
    db = tmp_path / "a.db"
    proc = referat("import", "--db", str(db), "--jobs", "1000", str(tmp_path / "in"),
                   limit_files=files)  # fmt: skip
    _, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0, err
    assert err.endswith("Imported: 12 inserted, 0 updated, 0 unchanged, 0 failed\n")


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.add(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_end_the_import_and_its_workers(
    tmp_path: Path, signum: signal.Signals
) -> None:
    paths = seed_variants(tmp_path / "in", names=[str(n) for n in range(150)])
    db = tmp_path / "a.db"
    proc = referat("import", "--db", str(db), "--jobs", "2", str(tmp_path / "in"))
    try:
        deadline = time.monotonic() + TIMEOUT
        workers: set[int] = set()
        while time.monotonic() < deadline and (len(workers) < 2 or _meetings(db) < 5):
            workers |= children(proc.pid)
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.02)
        assert workers, "no worker processes seen"
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=TIMEOUT)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signum, err
    assert "Traceback" not in err
    assert f"Terminated ({signum.name}): " in err
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.05)
    assert not any(alive(w) for w in workers), "worker processes outlived the import"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = conn.execute("SELECT count(*) FROM meetings").fetchone()[0]
        assert stored == conn.execute("SELECT count(*) FROM sources").fetchone()[0]
    assert 0 < stored < len(paths)


def _meetings(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM meetings").fetchone()[0])
    except sqlite3.Error:
        return 0
