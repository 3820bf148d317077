"""Import: files and folders -> read -> parse -> store, one transaction per document.

A failing document is recorded and the batch goes on; the caller gets an :class:`ImportReport`
with inserted / updated / unchanged / failed counts and the failures with file and reason.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .errors import ReferatError
from .store import Archive, SourceText, has_source, save_meeting

Status = Literal["inserted", "updated", "unchanged", "failed"]
SUFFIXES = (".txt", ".pdf")
STDIN = "-"


@dataclass(frozen=True, slots=True)
class ImportResult:
    path: str
    status: Status
    meeting_id: str | None = None
    reason: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class ImportReport:
    results: list[ImportResult] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failures(self) -> list[ImportResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        return ", ".join(
            f"{self.count(s)} {s}" for s in ("inserted", "updated", "unchanged", "failed")
        )


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files as given, folders as their ``*.txt`` / ``*.pdf`` files (recursive, sorted)."""
    for raw in paths:
        if raw == STDIN:
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.suffix.lower() in SUFFIXES and found.is_file():
                    yield str(found)
        else:
            yield raw


def import_bytes(
    archive: Archive, data: bytes, name: str, *, strict: bool = False, pdf_engine: str | None = None
) -> ImportResult:
    """Read, parse and save one document.  Errors become a ``failed`` result, never an exception."""
    import hashlib

    from .parse import parse_document
    from .read import read_document

    try:
        known = has_source(archive, hashlib.sha256(data).hexdigest())
        if known is not None:
            return ImportResult(name, "unchanged", known)
        doc = read_document(data, name, pdf_engine=pdf_engine)
        parsed = parse_document(doc)
        warnings = tuple(str(w) for w in parsed.warnings)
        if strict:
            parsed.check_strict()
        status = save_meeting(
            archive, parsed.meeting, SourceText("\n".join(doc.lines), doc.encoding)
        )
    except ReferatError as exc:
        return ImportResult(name, "failed", reason=str(exc))
    except sqlite3.Error as exc:
        return ImportResult(name, "failed", reason=f"archive error: {exc}")
    except ValueError as exc:  # a pydantic ValidationError: the parser built an invalid model
        return ImportResult(name, "failed", reason=f"invalid meeting: {_first_line(exc)}")
    return ImportResult(name, status, parsed.meeting.id, warnings=warnings)


def import_paths(
    archive: Archive,
    paths: Iterable[str],
    *,
    strict: bool = False,
    pdf_engine: str | None = None,
    read_stdin: Callable[[], bytes] | None = None,
    progress: Callable[[ImportResult], None] | None = None,
) -> ImportReport:
    """Import every file (folders recursively); ``-`` reads ``read_stdin()``."""
    from .read import read_bytes

    report = ImportReport()
    for path in paths:
        try:
            if path == STDIN:
                if read_stdin is None:
                    raise ReferatError("<stdin>: no standard input to read")
                data, name = read_stdin(), "<stdin>"
            else:
                data, name = read_bytes(path), path
        except ReferatError as exc:
            result = ImportResult(path, "failed", reason=str(exc))
        else:
            result = import_bytes(archive, data, name, strict=strict, pdf_engine=pdf_engine)
        report.results.append(result)
        if progress is not None:
            progress(result)
    return report


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]
