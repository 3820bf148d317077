"""Faults, with real processes and signals (each bounded in time): two imports at once, an import
killed with SIGKILL, and Ctrl-C (SIGINT) during an import.  Afterwards the archive passes
``PRAGMA integrity_check``, holds only whole meetings, and a re-run completes the rest."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from referat import parse_file
from referat.archive.load import load_meeting
from referat.archive.store import open_archive
from seed_variants import seed_variants

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60  # seconds: no fault test may hang

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def referat(*args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFERAT_")}
    return subprocess.Popen(
        [sys.executable, "-m", "referat", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def meetings_in(db: Path) -> int:
    """Meetings committed so far, read by another connection while the import runs."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM meetings").fetchone()[0])
    except sqlite3.Error:
        return 0  # the archive is still being created


def wait_for(db: Path, at_least: int, proc: subprocess.Popen[str]) -> int:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        found = meetings_in(db)
        if found >= at_least:
            return found
        assert proc.poll() is None, f"import ended early: {proc.communicate()}"
        time.sleep(0.01)
    raise AssertionError(f"fewer than {at_least} meetings after {TIMEOUT} s")


def assert_whole_meetings(db: Path) -> list[str]:
    """integrity_check passes and every stored meeting is exactly its source file, parsed."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = conn.execute("SELECT meeting_id, path FROM sources ORDER BY meeting_id").fetchall()
        assert conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == len(rows)
    with open_archive(db, create=False) as archive:
        for meeting_id, path in rows:
            stored = load_meeting(archive, meeting_id)
            assert stored == parse_file(path).meeting, meeting_id
    return [r[0] for r in rows]


def summary(stderr: str) -> str:
    return stderr.strip().splitlines()[-1]


def test_two_import_processes_at_once(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    first = seed_variants(tmp_path / "a", 15, start=dt.date(2021, 1, 1))
    second = seed_variants(tmp_path / "b", 15, start=dt.date(2022, 1, 1))
    shared = seed_variants(tmp_path / "c", 5, start=dt.date(2023, 6, 1))  # given to both
    procs = [
        referat("import", "--db", str(db), "--jobs", "1", str(tmp_path / "a"), str(tmp_path / "c")),
        referat("import", "--db", str(db), "--jobs", "1", str(tmp_path / "b"), str(tmp_path / "c")),
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=TIMEOUT)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    assert sorted(assert_whole_meetings(db)) == sorted(
        f"referat-direktionen-{p.stem}" for p in [*first, *second, *shared]
    )


def test_sigkill_mid_import_leaves_whole_meetings_and_a_rerun_completes(tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    paths = seed_variants(tmp_path / "in", 150)
    proc = referat("import", "--db", str(db), "--jobs", "1", str(tmp_path / "in"))
    try:
        wait_for(db, 5, proc)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=TIMEOUT)
    finally:
        proc.kill()
    assert proc.returncode == -signal.SIGKILL
    stored = assert_whole_meetings(db)
    assert 5 <= len(stored) < len(paths), "the kill came too late to test anything"

    rerun = referat("import", "--db", str(db), "--jobs", "2", str(tmp_path / "in"))
    _, err = rerun.communicate(timeout=TIMEOUT)
    assert rerun.returncode == 0, err
    assert summary(err) == (
        f"Imported: {len(paths) - len(stored)} inserted, 0 updated, {len(stored)} unchanged, "
        "0 failed"
    )
    assert len(assert_whole_meetings(db)) == len(paths)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_between_documents_and_exits_130(tmp_path: Path, jobs: str) -> None:
    db = tmp_path / "interrupted.db"
    paths = seed_variants(tmp_path / "in", 150)
    proc = referat("import", "--db", str(db), "--jobs", jobs, str(tmp_path / "in"))
    try:
        wait_for(db, 5, proc)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=TIMEOUT)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    stored = assert_whole_meetings(db)
    assert len(stored) < len(paths), "the interrupt came too late to test anything"
    lines = err.strip().splitlines()
    handled = len(stored)
    assert lines[-2] == (
        f"Interrupted: {handled} of {len(paths)} document(s) handled, {len(paths) - handled} "
        "not imported (each document is imported whole or not at all)"
    )
    assert lines[-1] == f"Imported: {handled} inserted, 0 updated, 0 unchanged, 0 failed"

    rerun = referat("import", "--db", str(db), "--jobs", "1", str(tmp_path / "in"))
    _, err = rerun.communicate(timeout=TIMEOUT)
    assert rerun.returncode == 0, err
    assert len(assert_whole_meetings(db)) == len(paths)
