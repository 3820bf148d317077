"""Hostile input: every case gives one clear line naming the file and the reason, the documented
exit code, no traceback, nothing half-written and the archive's earlier data intact.

The matrix runs ``referat import`` (and ``referat parse``) on each bad input against an archive
that already holds a meeting; archive faults and hostile search queries follow.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from referat.archive.load import load_meeting
from referat.archive.store import open_archive
from referat.cli import cli
from referat.errors import ArchiveError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
EARLIER = FIXTURES / "htk-direktionen-2023-02-06.txt"
EARLIER_ID = "referat-direktionen-2023-02-06"
SEED = (FIXTURES / "htk-direktionen-2023-01-16.txt").read_text(encoding="utf-8")
TABLES = ("meetings", "attendees", "items", "sections", "attachments", "sources", "sections_fts")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def minutes(body: str, date: str = "17-01-2023") -> str:
    return f"REFERAT Direktionen d. {date}\n\nMødedato 17. januar 2023 kl. 09:00\n\n{body}"


def write(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    return make


def copy(source: Path) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        return Path(shutil.copy(source, folder / source.name))

    return make


def big_text(folder: Path) -> Path:
    path = folder / "big.txt"
    with path.open("wb") as f:
        chunk = SEED.encode("utf-8")
        while f.tell() < 50 * 1024 * 1024:
            f.write(chunk)
    return path


def empty_folder(folder: Path) -> Path:
    path = folder / "empty-folder"
    path.mkdir()
    (path / "notes.md").write_text("not minutes")
    return path


rng = random.Random(6)
GARBAGE = bytes(rng.randrange(256) for _ in range(4096))
GARBAGE_NO_NUL = GARBAGE.replace(b"\x00", b"\x01")

# (case, make the input, exit code, what the one failure line says, or the warning code when the
# document is imported).  Exit codes: 0 imported, 1 failed
# (see docs/exit-codes-and-hostile-input.md).
Case = tuple[str, Callable[[Path], Path], int, str]
MATRIX: list[Case] = [
    ("empty file", write("empty.txt", b""), 1, "empty file"),
    ("whitespace only", write("blank.txt", " \n\t\r\n\n   "), 1, "only whitespace, no text"),
    ("binary garbage", write("garbage.txt", GARBAGE), 1, "binary file"),
    ("binary garbage without NUL", write("garbage2.txt", GARBAGE_NO_NUL), 1, "binary file"),
    (
        "NUL bytes in text",
        write("nul.txt", SEED[:300] + "\x00" + SEED[300:]),
        1,
        "binary file (contains NUL bytes)",
    ),
    ("cp1252", write("cp1252.txt", SEED.replace("–", "-").encode("cp1252")), 0, ""),
    ("latin-1", write("latin1.txt", SEED.encode("latin-1", errors="replace")), 0, ""),
    ("UTF-16 with BOM", write("utf16.txt", SEED.encode("utf-16")), 0, ""),
    ("BOM and CRLF", write("bom.txt", SEED.replace("\n", "\r\n").encode("utf-8-sig")), 0, ""),
    ("50 MB text file", big_text, 1, "text file too large (50.0 MB"),
    ("prose", write("prose.txt", "Der var engang en konge.\n" * 50), 1, "no minutes structure"),
    ("CSV", write("data.csv", "dato,punkt,sag\n2023-01-16,1,22/23184\n"), 1, "no minutes"),
    ("no items", write("no-items.txt", minutes("Mødested B105\n")), 0, "[no_items]"),
    (
        "items without case number",
        write("no-case.txt", minutes("Punkt 1: Noget\n\nBaggrund\n\nTekst.\n")),
        0,
        "[missing_case_number]",
    ),
    (
        "duplicate Punkt numbers",
        write("dup.txt", minutes("Punkt 1: Et\n\n22/1\n\nPunkt 1: To\n\n22/2\n")),
        0,
        "[duplicate_item]",
    ),
    (
        "impossible decision date",
        write(
            "date.txt",
            minutes("Punkt 1: Et\n\n22/1\n\nBeslutning Direktionen den 31-02-2023\n\nOK.\n"),
        ),
        0,
        "impossible date '31-02-2023'",
    ),
    ("encrypted PDF", copy(FIXTURES / "pdf-errors" / "encrypted.pdf"), 1, "the PDF is encrypted"),
    ("truncated PDF", copy(FIXTURES / "pdf-errors" / "truncated.pdf"), 1, "the PDF is truncated"),
    ("corrupt PDF", copy(FIXTURES / "pdf-errors" / "corrupt.pdf"), 1, "not a readable PDF"),
    (
        "PDF without text layer",
        copy(FIXTURES / "pdf-errors" / "scanned.pdf"),
        1,
        "the PDF has no text layer",
    ),
    ("PDF that is not minutes", copy(FIXTURES / "pdf-errors" / "not-minutes.pdf"), 1, "no minutes"),
    ("path that does not exist", lambda folder: folder / "missing.txt", 1, "no such file"),
    ("folder without minutes", empty_folder, 1, "folder has no minutes files"),
]


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("REFERAT_DB", raising=False)
    return CliRunner(env={"COLUMNS": "200", "REFERAT_DB": None, "REFERAT_BUSY_TIMEOUT": None})


@pytest.fixture
def archive_db(runner: CliRunner, tmp_path: Path) -> Path:
    """An archive that already holds one meeting (the earlier data that must stay intact)."""
    db = tmp_path / "archive.db"
    result = runner.invoke(cli, ["import", "--db", str(db), "--jobs", "1", str(EARLIER)])
    assert result.exit_code == 0, result.stderr
    return db


def assert_clean_failure(result: Result, code: int, *needles: str) -> None:
    assert result.exit_code == code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for needle in needles:
        lines = [line for line in result.stderr.splitlines() if needle in line]
        assert len(lines) == 1, f"{needle!r} not on one line of:\n{result.stderr}"


def assert_earlier_data_intact(db: Path, before: dict[str, int] | None = None) -> None:
    assert integrity(db) == "ok"
    with open_archive(db, create=False) as archive:
        assert load_meeting(archive, EARLIER_ID).items[1].case_number == "22/21670"
    if before is not None:
        assert counts(db) == before


@pytest.mark.parametrize(("case", "make", "code", "reason"), MATRIX, ids=[c[0] for c in MATRIX])
def test_import_matrix(
    runner: CliRunner,
    archive_db: Path,
    tmp_path: Path,
    case: str,
    make: Callable[[Path], Path],
    code: int,
    reason: str,
) -> None:
    path = make(tmp_path)
    before = counts(archive_db)
    started = time.monotonic()
    result = runner.invoke(cli, ["import", "--db", str(archive_db), "--jobs", "1", str(path)])
    assert time.monotonic() - started < 10
    if code:
        assert_clean_failure(result, 1, f"failed: {path}: {reason}")
        assert result.stderr.endswith("0 inserted, 0 updated, 0 unchanged, 1 failed\n")
        assert_earlier_data_intact(archive_db, before)  # nothing half-written
    else:
        assert_clean_failure(result, 0, *([reason] if reason else []))
        assert result.stderr.endswith("1 inserted, 0 updated, 0 unchanged, 0 failed\n")
        after = counts(archive_db)
        assert after["meetings"] == before["meetings"] + 1
        assert after["sources"] == before["sources"] + 1
        assert_earlier_data_intact(archive_db)


@pytest.mark.parametrize(("case", "make", "code", "reason"), MATRIX, ids=[c[0] for c in MATRIX])
def test_parse_matrix(
    runner: CliRunner,
    tmp_path: Path,
    case: str,
    make: Callable[[Path], Path],
    code: int,
    reason: str,
) -> None:
    path = make(tmp_path)
    if path.is_dir():
        pytest.skip("parse takes one file; a folder is a usage error")
    result = runner.invoke(cli, ["parse", str(path), "--json"])
    if code:
        assert_clean_failure(result, 1, f"Error: {path}: {reason}")
        assert result.stdout == ""
    else:
        assert_clean_failure(result, 0, *([reason] if reason else []))
        strict = runner.invoke(cli, ["parse", str(path), "--strict"])
        assert strict.exit_code == (1 if reason else 0)


def test_a_bad_file_in_a_batch_leaves_the_rest_imported(
    runner: CliRunner, archive_db: Path, tmp_path: Path
) -> None:
    bad = [make(tmp_path) for _, make, code, _ in MATRIX if code and "50 MB" not in _]
    good = tmp_path / "good.txt"
    good.write_text(SEED, encoding="utf-8")
    result = runner.invoke(cli, ["import", "--db", str(archive_db), *map(str, [*bad, good])])
    assert result.exit_code == 1
    assert result.stderr.endswith(f"1 inserted, 0 updated, 0 unchanged, {len(bad)} failed\n")
    assert counts(archive_db)["meetings"] == 2


@pytest.mark.skipif(IS_ROOT, reason="root reads files without read permission")
def test_file_without_read_permission(runner: CliRunner, archive_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(SEED, encoding="utf-8")
    path.chmod(0)
    result = runner.invoke(cli, ["import", "--db", str(archive_db), "--jobs", "1", str(path)])
    assert_clean_failure(result, 1, f"failed: {path}: permission denied")


def test_file_without_read_permission_simulated(
    runner: CliRunner, archive_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as above where the tests run as root: the OS refuses the open."""
    path = tmp_path / "secret.txt"
    path.write_text(SEED, encoding="utf-8")
    real_open = os.open

    def refuse(name: str | Path, *args: int, **kwargs: int) -> int:
        if Path(name).name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    before = counts(archive_db)
    for args in (["import", "--db", str(archive_db), "--jobs", "1"], ["parse"]):
        result = runner.invoke(cli, [*args, str(path)])
        assert_clean_failure(result, 1, f"{path}: permission denied")
    assert_earlier_data_intact(archive_db, before)


# --------------------------------------------------------------------------------------------
# The archive
# --------------------------------------------------------------------------------------------


def import_seed(runner: CliRunner, db: Path, tmp_path: Path, **env: str) -> Result:
    path = tmp_path / "new.txt"
    path.write_text(SEED, encoding="utf-8")
    return runner.invoke(cli, ["import", "--db", str(db), "--jobs", "1", str(path)], env=env)


@pytest.mark.skipif(IS_ROOT, reason="root writes files without write permission")
def test_read_only_archive(runner: CliRunner, archive_db: Path, tmp_path: Path) -> None:
    archive_db.chmod(0o444)
    result = import_seed(runner, archive_db, tmp_path)
    assert_clean_failure(result, 1, f"{archive_db}: archive is read-only")
    assert runner.invoke(cli, ["list", "--db", str(archive_db)]).exit_code == 0


def test_read_only_archive_simulated(
    runner: CliRunner, archive_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite opens a file it may not write read-only; ``mode=ro`` is that, even for root."""
    real_connect = sqlite3.connect

    def read_only(name: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        kwargs.pop("uri", None)  # reading commands open a file: URI themselves
        target = name.replace("mode=rw", "mode=ro") if name.startswith("file:") else name
        if "mode=ro" not in target:
            target = f"file:{name}?mode=ro"
        return real_connect(target, *args, uri=True, **kwargs)  # type: ignore[misc]

    before = counts(archive_db)
    monkeypatch.setattr("referat.archive.store.sqlite3.connect", read_only)
    result = import_seed(runner, archive_db, tmp_path)
    assert_clean_failure(result, 1, f"Error: {archive_db}: archive is read-only")
    assert "Stopped: 0 of 1 document(s) handled, 1 not imported" in result.stderr
    listing = runner.invoke(cli, ["list", "--db", str(archive_db)])
    assert listing.exit_code == 0 and EARLIER_ID in listing.stdout
    monkeypatch.undo()
    assert_earlier_data_intact(archive_db, before)


def test_archive_locked_beyond_the_busy_timeout(
    runner: CliRunner, archive_db: Path, tmp_path: Path
) -> None:
    before = counts(archive_db)
    holder = sqlite3.connect(archive_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, holding the lock
    try:
        started = time.monotonic()
        result = import_seed(runner, archive_db, tmp_path, REFERAT_BUSY_TIMEOUT="0.2")
        assert time.monotonic() - started < 5
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_clean_failure(result, 1, f"{archive_db}: archive is busy")
    assert "more than 0.2 s" in result.stderr
    assert_earlier_data_intact(archive_db, before)
    again = import_seed(runner, archive_db, tmp_path, REFERAT_BUSY_TIMEOUT="0.2")
    assert again.exit_code == 0, again.stderr


def test_bad_busy_timeout_setting(runner: CliRunner, archive_db: Path, tmp_path: Path) -> None:
    result = import_seed(runner, archive_db, tmp_path, REFERAT_BUSY_TIMEOUT="soon")
    assert_clean_failure(result, 1, "REFERAT_BUSY_TIMEOUT='soon': expected a number of seconds")


@pytest.mark.parametrize("command", [["import", str(EARLIER)], ["list"], ["search", "budget"]])
def test_corrupt_archive_random_bytes(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "random.db"
    db.write_bytes(GARBAGE * 4)
    result = runner.invoke(cli, [command[0], "--db", str(db), *command[1:]])
    assert_clean_failure(result, 1, f"Error: {db}: not a referat archive")
    assert db.read_bytes() == GARBAGE * 4  # not touched


def test_damaged_archive_pages(runner: CliRunner, archive_db: Path, tmp_path: Path) -> None:
    """A real archive whose pages were overwritten (a disk fault): a clear error, no traceback."""
    with sqlite3.connect(archive_db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(archive_db.read_bytes())
    page = 4096
    data[2 * page :] = bytes(rng.randrange(256) for _ in range(len(data) - 2 * page))
    archive_db.write_bytes(bytes(data))
    for command in (["list"], ["export"], ["import", "--jobs", "1", str(FIXTURES / "x.txt")]):
        result = runner.invoke(cli, [command[0], "--db", str(archive_db), *command[1:]])
        assert result.exit_code == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert isinstance(result.exception, SystemExit), result.exception
        assert str(archive_db) in result.stderr.splitlines()[-1] or "failed" in result.stderr


def test_archive_from_a_newer_referat(runner: CliRunner, archive_db: Path, tmp_path: Path) -> None:
    with sqlite3.connect(archive_db) as conn:
        conn.execute("PRAGMA user_version = 999")
    before = counts(archive_db)
    for command in (["import", "--jobs", "1", str(FIXTURES / "htk-direktionen-2023-01-16.txt")],
                    ["list"], ["search", "budget"]):  # fmt: skip
        result = runner.invoke(cli, [command[0], "--db", str(archive_db), *command[1:]])
        assert_clean_failure(result, 1, "archive has schema version 999")
    assert counts(archive_db) == before


def test_archive_path_is_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["import", "--db", str(tmp_path), str(EARLIER)])
    assert_clean_failure(result, 2, "is a directory")  # a usage error, caught by Click
    with pytest.raises(ArchiveError, match="is a folder, not an archive file"):
        open_archive(tmp_path)


# --------------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------------

QUERIES = [
    ('"', "unbalanced quote"),
    ('år"', "unbalanced quote"),
    ('"budget', "unbalanced quote"),
    ("*", "'*' must end a word"),
    ("NEAR(", "Nothing found for 'NEAR('"),
    ("NEAR(budget sag, 2)", "Nothing found"),
    ('"; DROP TABLE items; --', "unbalanced quote"),
    ("'; DROP TABLE items; --", "Nothing found"),
    ("a" * 10_000, "query too long (10,000 characters; at most 1,000)"),
    ("", "nothing to search for"),
    ("   ", "nothing to search for"),
    ("AND", "needs a word on each side"),
    ("budget OR", "needs a word on each side"),
    ("-", "nothing to search for"),
    ("^a:b {x} (y)", "Nothing found"),
]


@pytest.mark.parametrize(("query", "message"), QUERIES, ids=[q[:20] for q, _ in QUERIES])
def test_hostile_search_queries(
    runner: CliRunner, archive_db: Path, query: str, message: str
) -> None:
    before = counts(archive_db)
    for extra in ([], ["--json"], ["--section", "beslutning"]):
        result = runner.invoke(cli, ["search", "--db", str(archive_db), *extra, "--", query])
        assert_clean_failure(result, 1, message)
        assert all(len(line) < 200 for line in result.stderr.splitlines())
    assert counts(archive_db) == before
    assert_earlier_data_intact(archive_db)


def test_long_query_of_many_words_is_refused_cleanly(runner: CliRunner, archive_db: Path) -> None:
    words = ["budget"] * 2000
    result = runner.invoke(cli, ["search", "--db", str(archive_db), *words])
    assert_clean_failure(result, 1, "query too long")
