"""Re-parse: every stored source text through the current parser, and what changed.

The archive keeps the text the read stage extracted from each file (``sources.text``), so when
the parser improves an archive can be brought up to date without the original files.
:func:`reparse_archive` reports per meeting ``unchanged``, ``changed`` (with a short summary of
what) or ``failed`` (with the reason); with ``write=True`` changed meetings are replaced, each in
one transaction, keeping their source.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from referat.archive.load import SourceText, load_meeting, source_text
from referat.archive.save import keep_index_current, replace_meeting
from referat.archive.store import Archive, archive_error
from referat.errors import ReferatError
from referat.models import Meeting
from referat.read.lines import Line

Status = Literal["unchanged", "changed", "failed"]
MAX_CHANGES = 5  # listed per meeting; the rest are counted


@dataclass(frozen=True, slots=True)
class ReparseResult:
    meeting_id: str
    status: Status
    changes: tuple[str, ...] = ()
    reason: str | None = None
    new_id: str | None = None  # when the re-parsed meeting has another identity


@dataclass
class ReparseReport:
    results: list[ReparseResult] = field(default_factory=list)
    written: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def ok(self) -> bool:
        return self.count("failed") == 0

    def summary(self) -> str:
        return ", ".join(f"{self.count(s)} {s}" for s in ("unchanged", "changed", "failed"))


def reparse_archive(
    archive: Archive,
    *,
    write: bool = False,
    progress: Callable[[ReparseResult], None] | None = None,
) -> ReparseReport:
    """Re-parse every stored source with the current parser; replace changed meetings if
    ``write``.  A meeting whose source cannot be parsed any more is ``failed`` and kept."""
    report = ReparseReport(written=write)
    for meeting_id in _meeting_ids(archive):
        result = reparse_meeting(archive, meeting_id, write=write)
        report.results.append(result)
        if progress is not None:
            progress(result)
    if write:
        keep_index_current(archive)
    return report


# Formats whose stored text is the document itself (not lines read from it).
TEXT_KEPT = ("text", "json", "xml")


def reparse_meeting(archive: Archive, meeting_id: str, *, write: bool = False) -> ReparseResult:
    from referat.pipeline import parse_document
    from referat.read.lines import Document

    try:
        stored = load_meeting(archive, meeting_id)
        seen = source_text(archive, meeting_id)  # text, encoding and layout, written back as is
    except sqlite3.Error as exc:
        raise archive_error(archive.path, exc) from None
    if seen.text is None:
        return ReparseResult(meeting_id, "failed", reason="no source text stored")
    source = stored.source
    kept = source.format in TEXT_KEPT
    doc = Document(
        source.path, source.sha256, source.format, _stored_lines(seen), pages=source.pages,
        encoding=seen.encoding, text=seen.text if kept else None, styled=seen.layout is not None,
    )  # fmt: skip
    try:
        # The municipality may have come from --municipality or another source: keep it.
        fresh = parse_document(doc, municipality=stored.municipality).meeting
        if _identity(fresh) == _identity(stored):  # keep an id given by the archive (a start)
            fresh = fresh.model_copy(update={"id": meeting_id})
    except ReferatError as exc:
        return ReparseResult(meeting_id, "failed", reason=str(exc))
    except ValueError as exc:  # a pydantic ValidationError
        return ReparseResult(meeting_id, "failed", reason=f"invalid meeting: {exc}")
    changes = describe_changes(stored, fresh)
    if not changes:
        return ReparseResult(meeting_id, "unchanged")
    new_id = fresh.id if fresh.id != meeting_id else None
    if write:
        try:
            replace_meeting(archive, meeting_id, fresh, seen)
        except ReferatError as exc:
            return ReparseResult(meeting_id, "failed", tuple(changes), str(exc), new_id)
    return ReparseResult(meeting_id, "changed", tuple(changes), new_id=new_id)


def _identity(m: Meeting) -> tuple[object, ...]:
    """What makes a meeting the same meeting (see :mod:`referat.archive.save`)."""
    return (m.municipality, m.kind, m.body.casefold(), m.date, m.start)


# The meeting's single values, compared one by one (lists and dicts are only "changed").
_MEETING_VALUES = (
    "id",
    "kind",
    "system",
    "system_evidence",
    "municipality",
    "body",
    "date",
    "start",
    "end",
    "location",
    "title",
)


def _stored_lines(seen: SourceText) -> list[Line]:
    """The lines the first parse saw: text and layout (PDF), or the text file's text."""
    from referat.read.files import text_lines
    from referat.read.lines import decode_layout

    assert seen.text is not None
    if seen.layout is not None:
        try:
            return decode_layout(seen.text, seen.layout)
        except (ValueError, TypeError):
            pass  # a layout this version cannot read: the text alone
    return text_lines(seen.text)


def describe_changes(old: Meeting, new: Meeting) -> list[str]:
    """A short, human list of what differs between two versions of a meeting."""
    changes: list[str] = []
    for name in _MEETING_VALUES:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(f"{name}: {_short(before)} -> {_short(after)}")
    for name in ("fields", "attendees", "toc", "notes"):
        if getattr(old, name) != getattr(new, name):
            changes.append(f"{name} changed")
    if len(old.items) != len(new.items):
        changes.append(f"items: {len(old.items)} -> {len(new.items)}")
    for before, after in zip(old.items, new.items, strict=False):
        changes.extend(_item_changes(before.model_dump(), after.model_dump()))
    if len(changes) > MAX_CHANGES:
        changes = [*changes[:MAX_CHANGES], f"(+{len(changes) - MAX_CHANGES} more)"]
    return changes


def _item_changes(old: dict[str, Any], new: dict[str, Any]) -> Iterator[str]:
    label = f"item {new['number']}"
    for name in ("number", "title", "case_number", "page", "closed", "absent", "attachments"):
        if old[name] != new[name]:
            yield f"{label} {name}: {_short(old[name])} -> {_short(new[name])}"
    if old["subitems"] != new["subitems"]:
        labels_old = [s["label"] for s in old["subitems"]]
        labels_new = [s["label"] for s in new["subitems"]]
        what = "changed" if labels_old == labels_new else f"{labels_old} -> {labels_new}"
        yield f"{label} subitems {what}"
    if old["sections"] != new["sections"]:
        kinds_old = [s["kind"] for s in old["sections"]]
        kinds_new = [s["kind"] for s in new["sections"]]
        if kinds_old != kinds_new:
            yield f"{label} sections: {', '.join(kinds_old)} -> {', '.join(kinds_new)}"
        else:
            pairs = list(zip(old["sections"], new["sections"], strict=True))
            text = [s["kind"] for s, t in pairs if _without_analysis(s) != _without_analysis(t)]
            if text:
                yield f"{label} section text changed: {', '.join(text)}"
            for s, t in pairs:
                if s.get("outcome") != t.get("outcome"):
                    yield f"{label} outcome: {_outcome(s)} -> {_outcome(t)}"
            if any(s.get("amounts") != t.get("amounts") for s, t in pairs):
                yield f"{label} amounts changed"


def _without_analysis(section: dict[str, Any]) -> dict[str, Any]:
    """A section without what the outcomes stage added (outcome, amounts)."""
    return {k: v for k, v in section.items() if k not in ("outcome", "amounts")}


def _outcome(section: dict[str, Any]) -> str:
    outcome = section.get("outcome")
    return outcome["outcome"] if outcome else "none"


def _short(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _meeting_ids(archive: Archive) -> list[str]:
    try:
        return [r[0] for r in archive.conn.execute("SELECT id FROM meetings ORDER BY date, id")]
    except sqlite3.Error as exc:
        raise archive_error(archive.path, exc) from None
