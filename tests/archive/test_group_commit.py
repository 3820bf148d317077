"""Documents written a few to a transaction (store.GroupCommit), each in a savepoint of its own:
a document that fails is rolled back alone, a document is reported imported only once its
group is committed, and a group that SQLite cannot commit is reported as not imported."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from referat.archive import save
from referat.archive.store import open_archive
from referat.ingest import batch as ingest
from referat.ingest.batch import ImportResult, import_paths
from referat.ingest.workers import Parsers
from seed_variants import seed_variants

TABLES = ("meetings", "sources", "items", "sections", "section_stems", "outcomes", "attendees")


class FailingConnection:
    """A sqlite3 connection whose ``fail(sql)`` decides which statements raise (sqlite3
    connections cannot be patched); everything else goes through."""

    def __init__(self, conn: sqlite3.Connection, fail: Any) -> None:
        self._conn = conn
        self._fail = fail

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._fail(self._conn, sql)
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def indexes_intact(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        for fts in ("sections_fts", "items_fts", "section_stems_fts"):
            conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_that_fails_to_save_is_rolled_back_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    paths = seed_variants(tmp_path / "in", 6)
    real_write = save._write

    def write(conn: sqlite3.Connection, meeting: Any, *args: Any) -> None:
        real_write(conn, meeting, *args)  # its rows are written, then the save fails
        if meeting.date.isoformat() == "2020-01-03":
            raise sqlite3.IntegrityError("CHECK constraint failed: a test")

    monkeypatch.setattr(save, "_write", write)
    db = tmp_path / "a.db"
    with open_archive(db) as archive:
        report = import_paths(archive, [str(p) for p in paths], jobs=jobs)
    statuses = [(Path(r.path).name, r.status) for r in report.results]
    assert statuses == [(p.name, "failed" if "01-03" in p.name else "inserted") for p in paths]
    assert "CHECK constraint failed" in (report.results[2].reason or "")
    assert report.stopped is None

    monkeypatch.setattr(save, "_write", real_write)
    alone = tmp_path / "alone.db"
    with open_archive(alone) as archive:
        import_paths(archive, [str(p) for n, p in enumerate(paths) if n != 2])
    assert counts(db) == counts(alone)  # nothing of the failed document is left
    indexes_intact(db)


def test_a_group_sqlite_cannot_commit_is_reported_not_imported(tmp_path: Path) -> None:
    paths = [str(p) for p in seed_variants(tmp_path / "in", 4)]
    db = tmp_path / "a.db"
    failed = []

    def fail(conn: sqlite3.Connection, sql: str) -> None:
        if sql == "COMMIT" and not failed:
            failed.append(sql)
            raise sqlite3.OperationalError("disk I/O error")

    with open_archive(db) as archive:
        archive.conn = FailingConnection(archive.conn, fail)  # type: ignore[assignment]
        report = import_paths(archive, paths)
    assert failed, "no commit was attempted"
    assert report.stopped is not None and "disk I/O error" in report.stopped
    lost = [r for r in report.results if r.status == "failed"]
    assert lost and all("not imported" in (r.reason or "") for r in lost)
    assert not [r for r in report.results if r.status == "inserted"]
    assert counts(db)["meetings"] == 0

    with open_archive(db) as archive:  # nothing was lost: the next import writes them all
        again = import_paths(archive, paths)
    assert [r.status for r in again.results] == ["inserted"] * 4
    indexes_intact(db)


def test_a_group_sqlite_rolled_back_on_its_own_is_reported_not_imported(tmp_path: Path) -> None:
    """After a full disk or an I/O error SQLite may roll the whole transaction back by itself:
    the documents written before in the group are gone too, and are reported so."""
    paths = [str(p) for p in seed_variants(tmp_path / "in", 3)]
    db = tmp_path / "a.db"
    sources: list[str] = []

    def fail(conn: sqlite3.Connection, sql: str) -> None:
        if sql.startswith('INSERT INTO "sources"'):
            sources.append(sql)
            if len(sources) == 2:  # the second document: SQLite gives up the transaction
                conn.execute("ROLLBACK")
                raise sqlite3.OperationalError("database or disk is full")

    with open_archive(db) as archive:
        archive.conn = FailingConnection(archive.conn, fail)  # type: ignore[assignment]
        report = import_paths(archive, paths)
    assert report.stopped is not None and "full" in report.stopped
    [first] = report.results  # the second ended the batch (the report counts the rest)
    assert first.status == "failed" and "not imported" in (first.reason or "")
    assert counts(db)["meetings"] == 0
    indexes_intact(db)


def test_progress_reports_only_committed_documents(tmp_path: Path) -> None:
    paths = [str(p) for p in seed_variants(tmp_path / "in", 5)]
    db = tmp_path / "a.db"
    seen: list[tuple[str, bool]] = []

    def progress(result: ImportResult) -> None:
        other = sqlite3.connect(db)  # another connection sees only what is committed
        try:
            row = other.execute("SELECT 1 FROM meetings WHERE id = ?", (result.meeting_id,))
            seen.append((result.status, row.fetchone() is not None))
        finally:
            other.close()

    with open_archive(db) as archive:
        import_paths(archive, paths, progress=progress)
    assert seen == [("inserted", True)] * 5


def test_the_archive_is_not_held_while_waiting_for_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [str(p) for p in seed_variants(tmp_path / "in", 6)]
    held_while_waiting: list[bool] = []
    real_result = Parsers.result

    def result(self: Parsers, job: Any) -> Any:
        held_while_waiting.append(archive.conn.in_transaction)
        return real_result(self, job)

    monkeypatch.setattr(Parsers, "ready", lambda self, job, wait=0.0: False)  # always a wait
    monkeypatch.setattr(Parsers, "result", result)
    with open_archive(tmp_path / "a.db") as archive:
        report = import_paths(archive, paths, jobs=2)
    assert [r.status for r in report.results] == ["inserted"] * 6
    assert held_while_waiting == [False] * 6


def test_in_flight_documents_are_bounded_in_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [str(p) for p in seed_variants(tmp_path / "in", 6)]
    monkeypatch.setattr(ingest, "IN_FLIGHT_BYTES", 1)  # one document at a time
    in_flight: list[int] = []
    real_submit = Parsers.submit

    def submit(self: Parsers, *args: Any, **kwargs: Any) -> Any:
        in_flight.append(len(self.pending))
        return real_submit(self, *args, **kwargs)

    monkeypatch.setattr(Parsers, "submit", submit)
    with open_archive(tmp_path / "a.db") as archive:
        report = import_paths(archive, paths, jobs=2)
    assert [r.status for r in report.results] == ["inserted"] * 6
    assert in_flight == [0] * 6  # each submitted when the one before was written


def test_stem_vocabulary_holds_every_stem_after_a_rolled_back_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The vocabulary is written only for terms not written before (store.KnownTerms); a
    document rolled back must not leave its terms counted as written."""
    first = seed_variants(tmp_path / "a", 1, start=dt.date(2021, 1, 1))
    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    other = fixtures / "htk-direktionen-2024-11-04.txt"
    real_write = save._write
    calls: list[str] = []

    def write(conn: sqlite3.Connection, meeting: Any, *args: Any) -> None:
        real_write(conn, meeting, *args)
        calls.append(meeting.id)
        if len(calls) == 1:
            raise sqlite3.IntegrityError("a test")

    monkeypatch.setattr(save, "_write", write)
    db = tmp_path / "a.db"
    with open_archive(db) as archive:
        failed = import_paths(archive, [str(other)])  # its terms rolled back
        assert [r.status for r in failed.results] == ["failed"]
        done = import_paths(archive, [str(first[0]), str(other)])
        assert [r.status for r in done.results] == ["inserted", "inserted"]
    conn = sqlite3.connect(db)
    try:
        terms = {
            t
            for title, text in conn.execute("SELECT title, text FROM section_stems")
            for t in f"{title} {text}".split()
            if not t.isdigit()
        }
        vocabulary = {r[0] for r in conn.execute("SELECT term FROM stem_vocab")}
    finally:
        conn.close()
    assert terms and terms == vocabulary
