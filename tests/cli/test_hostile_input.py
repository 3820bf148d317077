"""Hostile input, round 2 (issue 13): what referat reads.

File names that are not UTF-8, inputs without a trustworthy size (a FIFO, ``/dev/zero``, an
endless stdin), PDFs over their byte cap, pathological PDFs and text, numbers and dates out of
range.  Each ends with one clear line, the documented exit code, and the rest of the batch
imported.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from referat.cli import cli

ROOT = Path(__file__).resolve().parents[2]
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


# --------------------------------------------------------------------------------------------
# Numbers and dates out of range: a clear message, never silent wrong data
# --------------------------------------------------------------------------------------------


def minutes(date: str, *numbers: str) -> str:
    items = "".join(
        f"Punkt {n}: Titel {i}\n\n22/{i}\n\nBeslutning Direktionen den 16-01-2023\n\n"
        f"Besluttet {i}.\n\n"
        for i, n in enumerate(numbers)
    )
    return f"REFERAT Direktionen d. {date}\n\nMødedato {date} kl. 09:00\n\n{items}"


def test_item_numbers_of_any_length_are_items(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "many.txt"
    path.write_text(minutes("16-01-2023", "9999", "10000", "123456", "1" + "0" * 23, "9" * 5000))
    result = runner.invoke(cli, ["parse", str(path), "--json"])
    assert_clean(result, 0)
    items = json.loads(result.stdout)["items"]
    assert [i["number"] for i in items] == [9999, 10000, 123456, 123457, 123458]
    assert [i["sections"][0]["text"] for i in items] == [f"Besluttet {i}." for i in range(5)]
    assert "item number 100000000000000000000000 is out of range (at most 999,999); read as " \
        "item 123457 [bad_item_number]" in result.stderr  # fmt: skip
    assert f"item number {'9' * 30}… is out of range" in result.stderr


@pytest.mark.parametrize(
    ("date", "reason"),
    [
        ("16-01-0001", "impossible date '16-01-0001': year 1 is outside 1900-2100"),
        ("16. januar 0001", "impossible date '16. januar 0001': year 1 is outside 1900-2100"),
        ("29-02-1900", "impossible date '29-02-1900': day is out of range for month"),
        ("16-01-9999", "impossible date '16-01-9999': year 9999 is outside 1900-2100"),
    ],
)
def test_impossible_header_dates(runner: CliRunner, tmp_path: Path, date: str, reason: str) -> None:
    path = tmp_path / "date.txt"
    path.write_text(minutes(date, "1"))
    for command in (["parse"], ["import", "--db", str(tmp_path / "a.db")]):
        result = runner.invoke(cli, [*command, str(path)])
        assert_clean(result, 1)
        assert f"{path}: the meeting date in the header is not a real date ({reason}); give it " \
            "with --date YYYY-MM-DD" in result.stderr  # fmt: skip
    given = runner.invoke(cli, ["parse", str(path), "--json", "--date", "2023-01-16"])
    assert_clean(given, 0)
    assert json.loads(given.stdout)["date"] == "2023-01-16"


def test_two_digit_years_are_this_century(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text(minutes("16-01-23", "1"))
    result = runner.invoke(cli, ["parse", str(path), "--json"])
    assert_clean(result, 0)
    assert json.loads(result.stdout)["date"] == "2023-01-16"


def test_given_date_out_of_range_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["parse", str(OTHER), "--date", "0001-01-01"])
    assert_clean(result, 2)
    assert "Invalid value for '--date': year 1 is outside 1900-2100" in result.stderr


@pytest.fixture
def seed_db(runner: CliRunner, tmp_path: Path) -> str:
    db = str(tmp_path / "seed.db")
    assert runner.invoke(cli, ["import", "--db", db, str(SEED_PATH)]).exit_code == 0
    return db


@pytest.mark.parametrize(
    "command",
    [["list"], ["search", "sygefravær"], ["search", "--section", "baggrund", "sygefravær"]],
)
def test_huge_limit_means_all(runner: CliRunner, seed_db: str, command: list[str]) -> None:
    result = runner.invoke(cli, [*command, "--db", seed_db, "--limit", str(10**23)])
    assert_clean(result, 0)
    assert "2023-01-16" in result.stdout or "sag 22/" in result.stdout


@pytest.mark.parametrize(
    ("ref", "code", "message"),
    [
        ("#²", 2, "item number must be a number (digits 0-9), got '²'"),
        ("#٣", 2, "item number must be a number (digits 0-9), got '٣'"),
        ("#", 2, "item number must be a number (digits 0-9), got ''"),
        ("#4x", 2, "got '4x'"),
        ("#" + "9" * 30, 1, "has no item 9999999999999999999…"),
        ("#" + "9" * 5000, 1, "has no item"),
        ("#7", 1, "has no item 7"),
    ],
)
def test_show_item_numbers(
    runner: CliRunner, seed_db: str, ref: str, code: int, message: str
) -> None:
    result = runner.invoke(cli, ["show", "--db", seed_db, f"referat-direktionen-2023-01-16{ref}"])
    assert_clean(result, code)
    assert message in result.stderr
    assert len(result.stderr) < 400
