"""Hostile input, round 2 (issue 13): archives that are not ours, or cannot be written.

referat looks before it changes anything: a database it did not create is refused exactly as it
was (its journal mode, its views, its bytes), a reading command never writes, an archive on
read-only media can be read, and SQLite's names for a temporary database or a device are refused.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from referat.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "htk-direktionen-2023-01-16.txt"
MEETING = "referat-direktionen-2023-01-16"
READING = [["list"], ["search", "sygefravær"], ["show", MEETING], ["export"], ["reparse"]]


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("REFERAT_DB", raising=False)
    return CliRunner(env={"COLUMNS": "120", "REFERAT_BUSY_TIMEOUT": None})


def run(runner: CliRunner, command: list[str], db: str) -> Result:
    return runner.invoke(cli, [command[0], "--db", db, *command[1:]])


def assert_refused(result: Result, code: int, message: str) -> None:
    assert result.exit_code == code, result.stderr
    assert "Traceback" not in result.stderr
    assert message in result.stderr, result.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    """Someone's own database, in rollback-journal mode, with a table and a view."""
    folder = tmp_path / "theirs"
    folder.mkdir()
    db = folder / "people.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.execute("INSERT INTO people VALUES ('Anna')")
    conn.execute("CREATE VIEW grown_ups AS SELECT name FROM people")
    conn.commit()
    conn.close()
    return db


@pytest.mark.parametrize("command", [["import", str(SEED)], *READING])
def test_a_foreign_database_is_refused_unchanged(
    runner: CliRunner, foreign: Path, command: list[str]
) -> None:
    before = snapshot(foreign.parent)
    result = run(runner, command, str(foreign))
    assert_refused(
        result, 1, f"{foreign}: not a referat archive (it has other tables or views: people, "
        "grown_ups); nothing was changed"
    )  # fmt: skip
    assert snapshot(foreign.parent) == before  # no WAL switch, no -wal, no -journal, same bytes
    with sqlite3.connect(foreign) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


@pytest.mark.parametrize("command", [["import", str(SEED)], *READING])
def test_a_users_view_named_like_ours_is_never_dropped(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "mine.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE VIEW decisions AS SELECT 'my own view' AS what")
    conn.close()
    before = snapshot(tmp_path)
    result = run(runner, command, str(db))
    assert_refused(result, 1, "it has other tables or views, named like referat's: decisions")
    assert snapshot(tmp_path) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT what FROM decisions").fetchall() == [("my own view",)]


@pytest.mark.parametrize("command", READING)
def test_a_reading_command_never_writes_the_schema(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "empty.db"
    db.touch()
    result = run(runner, command, str(db))
    assert_refused(result, 1, f"{db}: not a referat archive (an empty database")
    assert db.stat().st_size == 0 and [p.name for p in tmp_path.iterdir()] == ["empty.db"]
    imported = run(runner, ["import", str(SEED)], str(db))  # import may fill it
    assert imported.exit_code == 0, imported.stderr


@pytest.mark.parametrize("name", ["", ":memory:", "file:x.db?mode=memory", "   "])
def test_a_database_that_keeps_nothing_is_a_usage_error(runner: CliRunner, name: str) -> None:
    result = runner.invoke(cli, ["import", "--db", name, str(SEED)])
    assert_refused(result, 2, "is not an archive file: an in-memory or temporary database")


@pytest.mark.parametrize("kind", ["/dev/null", "link to /dev/null", "fifo"])
@pytest.mark.parametrize("command", [["import", str(SEED)], ["list"]])
def test_a_device_or_fifo_is_no_archive(
    runner: CliRunner, tmp_path: Path, kind: str, command: list[str]
) -> None:
    journal_existed = Path("/dev/null-journal").exists()
    if kind == "/dev/null":
        db = "/dev/null"
    elif kind == "fifo":
        db = str(tmp_path / "pipe")
        os.mkfifo(db)
    else:
        db = str(tmp_path / "null")
        Path(db).symlink_to("/dev/null")
    try:
        result = run(runner, command, db)
        assert_refused(result, 1, f"{db}: not a regular file (a device, a FIFO or a socket)")
        assert not Path(f"{db}-journal").exists() and not Path(f"{db}-wal").exists()
    finally:
        if not journal_existed:
            with contextlib.suppress(OSError):
                Path("/dev/null-journal").unlink()


@pytest.fixture
def read_only_media(tmp_path: Path) -> Iterator[Path]:
    """A folder on a read-only file system (a tmpfs mounted read-only); skipped where this
    process may not mount."""
    mount = tmp_path / "media"
    mount.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a read-only file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_an_archive_on_read_only_media_can_be_read(
    runner: CliRunner, tmp_path: Path, read_only_media: Path
) -> None:
    db = read_only_media / "archive.db"
    assert run(runner, ["import", str(SEED)], str(db)).exit_code == 0
    assert not Path(f"{db}-wal").exists()  # closed cleanly: SQLite has to make -shm to read
    remount = ["mount", "-o", "remount,ro", str(read_only_media)]
    subprocess.run(remount, check=True, capture_output=True)
    for command in READING[:4]:
        result = run(runner, command, str(db))
        assert result.exit_code == 0, (command, result.stderr)
        assert MEETING in result.stdout or "Sygefravær" in result.stdout
    written = run(runner, ["import", str(ROOT / "fixtures" / "htk-direktionen-2023-02-06.txt")],
                  str(db))  # fmt: skip
    assert_refused(written, 1, "archive is read-only")
