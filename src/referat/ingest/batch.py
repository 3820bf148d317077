"""Import: files and folders -> read -> parse -> store, one transaction per document.

A failing document is recorded and the batch goes on; the caller gets an :class:`ImportReport`
with inserted / updated / unchanged / failed counts and the failures with file and reason.

Two things stop a batch early, always between documents (a document is written whole or not at
all): a problem with the archive itself (read-only, locked beyond the busy timeout, damaged),
reported as ``ImportReport.stopped``, and a stop request (Ctrl-C, see :func:`stop_on_interrupt`),
reported as ``ImportReport.interrupted``.  SIGTERM or SIGHUP ends it at once
(``ImportReport.terminated``).  Parsing in worker processes: :mod:`referat.ingest.workers`.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from referat.archive.load import SourceText
from referat.archive.rows import MeetingRows, meeting_rows
from referat.archive.save import NewIndex, has_source, keep_index_current, save_document
from referat.archive.store import Archive, archive_error, is_archive_error
from referat.errors import ArchiveError, ReferatError
from referat.ingest.interrupts import Terminated
from referat.ingest.workers import DIED, Job, Parsers
from referat.models import Meeting

Status = Literal["inserted", "updated", "unchanged", "failed"]
SUFFIXES = (".txt", ".pdf", ".html", ".htm", ".json", ".docx", ".xml")
STDIN = "-"


@dataclass(frozen=True, slots=True)
class ImportResult:
    path: str
    status: Status
    meeting_id: str | None = None
    reason: str | None = None
    warnings: tuple[str, ...] = ()
    note: str | None = None  # what an update replaced and why (save.Saved.note)


@dataclass
class ImportReport:
    results: list[ImportResult] = field(default_factory=list)
    stopped: str | None = None  # the archive problem that ended the batch early
    interrupted: bool = False  # a stop was requested (Ctrl-C) and the batch ended early
    terminated: str | None = None  # the signal that ended the batch at once (SIGTERM, SIGHUP)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failures(self) -> list[ImportResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def ok(self) -> bool:
        return (
            not self.failures
            and self.stopped is None
            and not self.interrupted
            and self.terminated is None
        )

    def summary(self) -> str:
        return ", ".join(
            f"{self.count(s)} {s}" for s in ("inserted", "updated", "unchanged", "failed")
        )


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files as given, folders as their minutes files (:data:`SUFFIXES`; recursive, sorted).

    A folder without any is yielded itself, so the import reports it as failed rather than
    silently doing nothing.  In a folder, ``x.json`` beside ``x.txt`` / ``x.pdf`` (or
    ``x.pdf.json`` beside ``x.pdf``) that is not a FirstAgenda meeting is that document's
    sidecar (an export, a golden file) and is passed over; a JSON file given by name is
    always read."""
    for raw in paths:
        if raw == STDIN:
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            found_any = False
            for found in sorted(path.rglob("*")):
                if found.suffix.lower() in SUFFIXES and found.is_file() and not _sidecar(found):
                    found_any = True
                    yield str(found)
            if not found_any:
                yield raw
        else:
            yield raw


@dataclass(frozen=True, slots=True)
class ParseOutcome:
    """What parsing one document produced; picklable, so a worker process can send it back."""

    name: str
    meeting: Meeting | None = None
    source: SourceText | None = None
    warnings: tuple[str, ...] = ()
    error: str | None = None
    rows: MeetingRows | None = None  # the meeting's archive rows, when asked for (``prepare``)


def parse_bytes(
    data: bytes | None,
    name: str,
    *,
    strict: bool = False,
    pdf_engine: str | None = None,
    reading: dict[str, Any] | None = None,
    ocr: bool = False,
    prepare: bool = False,
) -> ParseOutcome:
    """Read and parse one document (``data`` None: read the file ``name``; a name that is not
    UTF-8 is shown with replacement characters).  Never raises for bad input: errors become
    ``ParseOutcome.error``.  Runs in worker processes with --jobs, which with ``prepare`` also
    build the meeting's archive rows (:mod:`referat.archive.rows`), so the writing process only
    inserts them."""
    from referat.pipeline import parse_document
    from referat.read.files import display_name, read_bytes, read_document

    path, name = name, display_name(name)
    try:
        if data is None:
            data = read_bytes(path)
        doc = read_document(data, name, pdf_engine=pdf_engine, ocr=ocr)
        parsed = parse_document(doc, **(reading or {}))
        warnings = tuple(str(w) for w in parsed.warnings)
        if strict:
            parsed.check_strict()
    except ReferatError as exc:
        return ParseOutcome(name, error=str(exc))
    except ValueError as exc:  # a pydantic ValidationError: the parser built an invalid model
        return ParseOutcome(name, error=f"invalid meeting: {_first_line(exc)}")
    source = SourceText(doc.source_text(), doc.encoding, doc.layout())
    rows = meeting_rows(parsed.meeting) if prepare else None
    return ParseOutcome(name, parsed.meeting, source, warnings, rows=rows)


def save_outcome(archive: Archive, outcome: ParseOutcome) -> ImportResult:
    """Store a parsed document in one transaction; failures become a ``failed`` result.

    A problem with the archive itself (read-only, busy, damaged) raises ArchiveError: every
    later document would fail the same way, so the batch should stop."""
    if outcome.meeting is None:
        return ImportResult(outcome.name, "failed", reason=outcome.error or "not parsed")
    try:
        saved = save_document(archive, outcome.meeting, outcome.source, outcome.rows)
    except sqlite3.Error as exc:
        if is_archive_error(exc):
            raise archive_error(archive.path, exc) from None
        return ImportResult(outcome.name, "failed", reason=f"archive error: {exc}")
    return ImportResult(
        outcome.name, saved.status, saved.meeting_id, warnings=outcome.warnings, note=saved.note
    )


def import_bytes(
    archive: Archive, data: bytes, name: str, *, strict: bool = False, pdf_engine: str | None = None
) -> ImportResult:
    """Read, parse and save one document.  Errors in the document become a ``failed`` result;
    a problem with the archive itself raises ArchiveError."""
    try:
        known = has_source(archive, hashlib.sha256(data).hexdigest())
    except sqlite3.Error as exc:
        raise archive_error(archive.path, exc) from None
    if known is not None:
        return ImportResult(name, "unchanged", known)
    return save_outcome(archive, parse_bytes(data, name, strict=strict, pdf_engine=pdf_engine))


def import_paths(
    archive: Archive,
    paths: Iterable[str],
    *,
    strict: bool = False,
    pdf_engine: str | None = None,
    reading: dict[str, Any] | None = None,
    read_stdin: Callable[[], bytes] | None = None,
    progress: Callable[[ImportResult], None] | None = None,
    jobs: int = 1,
    should_stop: Callable[[], bool] | None = None,
    ocr: bool = False,
) -> ImportReport:
    """Import every file (folders recursively); ``-`` reads ``read_stdin()``.

    With ``jobs > 1`` documents are read and parsed in that many worker processes while this
    process writes them to the archive, in input order.  Unchanged files (same bytes as an
    imported source) are recognised here and never parsed.

    Each document is written in a savepoint of its own, a few to a transaction
    (:class:`referat.archive.store.GroupCommit`): one that fails is rolled back alone, and a
    document
    counts as imported (is in the report, reaches ``progress``) once its group is committed.
    The archive is never left locked while this process waits for a worker or parses a large
    document.

    ``ocr``: scanned PDFs (no text layer) are read by OCR (:mod:`referat.read.ocr`).

    ``should_stop()`` is asked between documents; when it says yes the batch ends there
    (``report.interrupted``).  An archive problem ends it too (``report.stopped``).  Documents
    already written stay written; none is ever half-written.
    """
    report = ImportReport()
    options = {
        "strict": strict, "pdf_engine": pdf_engine, "reading": reading, "ocr": ocr, "prepare": True
    }  # fmt: skip
    if isinstance(paths, Sequence):
        jobs = min(jobs, len(paths))  # no pool for a single document

    def stop_requested() -> bool:
        if should_stop is not None and should_stop():
            report.interrupted = True
        return report.interrupted

    new_archive = archive.conn.execute("SELECT 1 FROM items LIMIT 1").fetchone() is None
    new_index = NewIndex(archive) if new_archive else None  # built as the groups are written
    with Parsers(jobs, failed=_died) as parsers, archive.grouped() as group:
        pending: deque[tuple[ImportResult | Job | ParseOutcome, int]] = deque()  # (…, bytes)
        in_flight = 0  # bytes of the pending documents
        held: list[ImportResult] = []  # results of the group not yet committed

        def settle() -> None:
            """Commit the group; its documents are imported."""
            try:
                group.commit()
            except sqlite3.Error as exc:
                lost = f"not imported: the archive failed while writing it ({exc})"
                for i, r in enumerate(held):
                    if r.status in ("inserted", "updated"):
                        held[i] = ImportResult(r.path, "failed", reason=lost)
                report.results.extend(held)
                held.clear()
                raise archive_error(archive.path, exc) from None
            report.results.extend(held)
            if new_index is not None and any(r.status in ("inserted", "updated") for r in held):
                new_index.add()
            if progress is not None:
                for r in held:
                    progress(r)
            held.clear()

        def finish_one() -> None:
            nonlocal in_flight
            head, size = pending.popleft()
            in_flight -= size
            if isinstance(head, Job):
                if not parsers.ready(head, wait=GROUP_WAIT):
                    settle()  # nothing to write meanwhile: do not hold the archive
                head = parsers.result(head)  # parsed by a worker
            result = head if isinstance(head, ImportResult) else save_outcome(archive, head)
            held.append(result)
            if group.due():
                settle()

        try:
            for path in paths:
                if stop_requested():
                    break
                started, size = _start(archive, path, parsers, read_stdin, options, settle)
                pending.append((started, size))
                in_flight += size
                while (
                    pending
                    and not stop_requested()
                    and (len(pending) > parsers.window or in_flight > IN_FLIGHT_BYTES)
                ):
                    finish_one()
            while pending and not stop_requested():
                finish_one()
        except ArchiveError as exc:
            report.stopped = str(exc)
        except Terminated as exc:  # SIGTERM, SIGHUP: stop now (a document is rolled back)
            report.terminated = exc.signal_name
        finally:  # what was written stays written, whatever ended the batch
            try:
                settle()
            except ArchiveError as exc:
                report.stopped = report.stopped or str(exc)
            except Terminated as exc:
                report.terminated = exc.signal_name
        if pending:
            parsers.cancel()
    if report.count("inserted") or report.count("updated"):
        if new_index is not None:
            new_index.finish()
        else:
            keep_index_current(archive)
    return report


def _died(job: Job) -> ParseOutcome:
    from referat.read.files import display_name

    return ParseOutcome(display_name(job.args[1]), error=DIED)


def _start(
    archive: Archive,
    path: str,
    parsers: Parsers,
    read_stdin: Callable[[], bytes] | None,
    options: dict[str, Any],
    settle: Callable[[], None],
) -> tuple[ImportResult | Job | ParseOutcome, int]:
    """Read and hash one input here; hand its parsing to a worker unless it is unchanged.
    Returns that and the input's size in bytes.
    ``settle()`` commits what is written so far: called before anything that may take long
    (a pipe or a device to read, a large document to parse here)."""
    from referat.read.files import display_name, read_bytes

    regular = path != STDIN and Path(path).is_file()
    if not regular:
        settle()
    try:
        if path == STDIN:
            if read_stdin is None:
                raise ReferatError("<stdin>: no standard input to read")
            data, name = read_stdin(), "<stdin>"
        else:
            data, name = read_bytes(path), display_name(path)
        known = has_source(archive, hashlib.sha256(data).hexdigest())
    except ReferatError as exc:
        reason = _folder_reason(path) or str(exc)
        return ImportResult(display_name(path), "failed", reason=reason), 0
    except sqlite3.Error as exc:
        raise archive_error(archive.path, exc) from None
    if known is not None:
        return ImportResult(name, "unchanged", known), 0
    size = len(data)
    if not parsers.use_pool or path == STDIN:
        if size > PARSE_HOLDING_LOCK:
            settle()
        return parse_bytes(data, name if path == STDIN else path, **options), size
    if not regular:  # a FIFO or a device cannot be read twice: send the bytes
        return parsers.submit(parse_bytes, data, path, **options), size
    # The worker reads the file again (from the page cache) rather than receiving its bytes.
    return parsers.submit(parse_bytes, None, path, **options), size


# Input bytes of the documents in flight, at most (beside their number, Parsers.window): what
# the workers send back is a few times larger, and waits in memory to be written.
IN_FLIGHT_BYTES = 32 * 1024 * 1024

# How long the write lock is held while waiting for a worker (a text parses in ~10 ms); after
# that, what is written is committed and the wait goes on without the lock.
GROUP_WAIT = 0.05

# The largest document parsed in this process while the write lock is held (a text file of
# minutes is ~30 KB and parses in ~10 ms; a 200-page PDF takes a second).
PARSE_HOLDING_LOCK = 256 * 1024


def _sidecar(path: Path) -> bool:
    """``x.json`` beside ``x.txt`` or ``x.pdf``, or ``x.pdf.json`` beside ``x.pdf``, that is not
    a FirstAgenda meeting (the API's JSON of a meeting saved beside its PDF is imported)."""
    if path.suffix.lower() != ".json":
        return False
    stem = path.with_suffix("")
    beside = (stem.suffix.lower() in SUFFIXES and stem.is_file()) or any(
        stem.with_suffix(s).is_file() for s in SUFFIXES if s != ".json"
    )
    if not beside:
        return False
    from referat.read.api_json import load_json
    from referat.read.files import decode_text, read_bytes

    try:
        load_json(decode_text(read_bytes(path), str(path))[0], str(path))
    except ReferatError:
        return True
    return False


def _folder_reason(path: str) -> str | None:
    if path != STDIN and Path(path).is_dir():
        from referat.read.files import display_name

        kinds = ", ".join("*" + s for s in SUFFIXES)
        return f"{display_name(path)}: folder has no minutes files ({kinds})"
    return None


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]
