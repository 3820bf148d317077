"""Hostile input, round 2 (issue 13): what referat reads.

File names that are not UTF-8, inputs without a trustworthy size (a FIFO, ``/dev/zero``, an
endless stdin), PDFs over their byte cap, pathological PDFs and text, numbers and dates out of
range.  Each ends with one clear line, the documented exit code, and the rest of the batch
imported.
"""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from referat.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED_PATH = FIXTURES / "htk-direktionen-2023-01-16.txt"
SEED = SEED_PATH.read_text(encoding="utf-8")
OTHER = FIXTURES / "htk-direktionen-2023-02-06.txt"
PDF = FIXTURES / "htk-direktionen-2024-11-04.pdf"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    for name in ("REFERAT_DB", "REFERAT_MAX_TEXT_MB", "REFERAT_MAX_PDF_MB"):
        monkeypatch.delenv(name, raising=False)
    return CliRunner(env={"COLUMNS": "120"})


def assert_clean(result: Result, code: int) -> None:
    assert result.exit_code == code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def summary(result: Result) -> str:
    return result.stderr.strip().splitlines()[-1]


# --------------------------------------------------------------------------------------------
# File names that are not UTF-8
# --------------------------------------------------------------------------------------------


def bytes_name(folder: Path, name: bytes, data: bytes) -> str:
    """Write a file whose name is these bytes; its path as Python passes it (surrogates)."""
    path = os.path.join(os.fsencode(folder), name)
    with open(path, "wb") as f:
        f.write(data)
    return os.fsdecode(path)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_names_that_are_not_utf8_are_imported_and_shown(
    runner: CliRunner, tmp_path: Path, jobs: str
) -> None:
    good = bytes_name(tmp_path, b"m\xf8de-\xff.txt", SEED.encode())
    empty = bytes_name(tmp_path, b"tom-\xe6.txt", b"")
    db = tmp_path / "a.db"
    result = runner.invoke(
        cli, ["import", "--db", str(db), "--jobs", jobs, good, empty, str(OTHER)]
    )
    assert_clean(result, 1)
    assert summary(result) == "Imported: 2 inserted, 0 updated, 0 unchanged, 1 failed"
    assert f"failed: {tmp_path}/tom-\ufffd.txt: empty file" in result.stderr
    with sqlite3.connect(db) as conn:
        paths = sorted(row[0] for row in conn.execute("SELECT path FROM sources"))
    assert paths == sorted([f"{tmp_path}/m\ufffdde-\ufffd.txt", str(OTHER)])


def test_parse_a_name_that_is_not_utf8(runner: CliRunner, tmp_path: Path) -> None:
    path = bytes_name(tmp_path, b"\xc6bler.txt", SEED.encode())
    for extra in ([], ["--json"]):
        result = runner.invoke(cli, ["parse", path, *extra])
        assert_clean(result, 0)
        assert "\ufffdbler.txt" in result.stdout


# --------------------------------------------------------------------------------------------
# A byte cap on every input, counted while reading
# --------------------------------------------------------------------------------------------


class Endless(io.RawIOBase):
    """An input that never ends (``yes | referat import -``); counts what was read."""

    def __init__(self, fill: bytes = b"Punkt 1: Tekst\n") -> None:
        self.fill = fill
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        size = len(buffer)
        buffer[:size] = (self.fill * (size // len(self.fill) + 1))[:size]
        self.given += size
        return size


@pytest.mark.parametrize("command", ["import", "parse"])
def test_endless_stdin_stops_at_the_cap(runner: CliRunner, tmp_path: Path, command: str) -> None:
    endless = Endless()
    args = [command, "-"] + (["--db", str(tmp_path / "a.db")] if command == "import" else [])
    result = runner.invoke(
        cli, args, input=io.BufferedReader(endless), env={"REFERAT_MAX_TEXT_MB": "1"}
    )
    assert_clean(result, 1)
    assert "<stdin>: text file too large (more than 1 MB; referat reads text files up to 1 MB, " \
        "REFERAT_MAX_TEXT_MB changes that)" in result.stderr  # fmt: skip
    assert endless.given < 2 * 1024 * 1024 + 64 * 1024


def test_dev_zero_stops_at_the_cap(runner: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    result = runner.invoke(
        cli, ["import", "--db", db, "/dev/zero", str(OTHER)], env={"REFERAT_MAX_TEXT_MB": "2"}
    )
    assert_clean(result, 1)
    assert "failed: /dev/zero: text file too large (more than 2 MB" in result.stderr
    assert summary(result) == "Imported: 1 inserted, 0 updated, 0 unchanged, 1 failed"


@pytest.fixture
def endless_fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO with a writer that writes until the reader goes away."""
    fifo = tmp_path / "endless.txt"
    os.mkfifo(fifo)
    stop = threading.Event()

    def write() -> None:
        try:
            with open(fifo, "wb") as f:
                while not stop.is_set():
                    f.write(b"x" * 65536)
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    yield fifo
    stop.set()
    with contextlib.suppress(OSError):  # a reader, should the writer still wait for one
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
    writer.join(timeout=10)


def test_endless_fifo_stops_at_the_cap(
    runner: CliRunner, tmp_path: Path, endless_fifo: Path
) -> None:
    db = str(tmp_path / "a.db")
    result = runner.invoke(
        cli,
        ["import", "--db", db, "--jobs", "1", str(endless_fifo), str(OTHER)],
        env={"REFERAT_MAX_TEXT_MB": "1"},
    )
    assert_clean(result, 1)
    assert f"failed: {endless_fifo}: text file too large (more than 1 MB" in result.stderr
    assert summary(result) == "Imported: 1 inserted, 0 updated, 0 unchanged, 1 failed"


def test_fifo_without_a_writer_does_not_wait(runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "nobody.txt"
    os.mkfifo(fifo)
    result = runner.invoke(cli, ["import", "--db", str(tmp_path / "a.db"), str(fifo), str(OTHER)])
    assert_clean(result, 1)
    assert f"failed: {fifo}: empty file" in result.stderr


def test_fifo_with_jobs_is_read_once(runner: CliRunner, tmp_path: Path) -> None:
    """A FIFO cannot be read a second time by a worker: its bytes go to the worker."""
    fifo = tmp_path / "minutes.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(SEED.encode()), daemon=True)
    writer.start()
    db = str(tmp_path / "a.db")
    result = runner.invoke(cli, ["import", "--db", db, "--jobs", "2", str(fifo), str(OTHER)])
    writer.join(timeout=10)
    assert_clean(result, 0)
    assert summary(result) == "Imported: 2 inserted, 0 updated, 0 unchanged, 0 failed"


def test_pdf_over_its_cap(runner: CliRunner, tmp_path: Path) -> None:
    size = PDF.stat().st_size
    cap = f"{size / 2 / 1024 / 1024:.3f}"
    for command in (["import", "--db", str(tmp_path / "a.db")], ["parse"]):
        result = runner.invoke(cli, [*command, str(PDF)], env={"REFERAT_MAX_PDF_MB": cap})
        assert_clean(result, 1)
        assert f"{PDF}: PDF too large ({size / 1024 / 1024:.1f} MB; referat reads PDFs up to " \
            f"{float(cap):g} MB, REFERAT_MAX_PDF_MB changes that)" in result.stderr  # fmt: skip
    ok = runner.invoke(cli, ["parse", str(PDF)], env={"REFERAT_MAX_PDF_MB": "1"})
    assert_clean(ok, 0)


@pytest.mark.parametrize("value", ["lots", "0", "-1"])
def test_bad_cap_setting(runner: CliRunner, tmp_path: Path, value: str) -> None:
    for command in (["import", "--db", str(tmp_path / "a.db")], ["parse"]):
        result = runner.invoke(cli, [*command, str(OTHER)], env={"REFERAT_MAX_PDF_MB": value})
        assert_clean(result, 1)
        assert result.stderr == (
            f"Error: REFERAT_MAX_PDF_MB={value!r}: expected a number of megabytes (above 0)\n"
        )
