"""Load stage: stored meetings back as models, exactly as they were saved; their sources."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from referat.archive import store_outcomes
from referat.archive.store import Archive
from referat.errors import ArchiveError, NotFoundError

if TYPE_CHECKING:
    from referat.models import Item, Meeting


@dataclass(frozen=True, slots=True)
class SourceText:
    """What the read stage saw, kept so an archive can be re-parsed without the files: the
    text (:func:`referat.read.lines.lines_to_text`) and, for styled lines, their layout
    (:func:`referat.read.lines.encode_layout`; None for a text file)."""

    text: str | None = None
    encoding: str | None = None
    layout: str | None = None


def load_meeting(archive: Archive, meeting_id: str) -> Meeting:
    """The stored meeting, exactly as it was saved.  NotFoundError if there is none."""
    try:
        return read_meeting(archive.conn, meeting_id)
    except NotFoundError:
        raise NotFoundError(f"no meeting {meeting_id!r} in {archive.path}") from None


def read_meeting(conn: sqlite3.Connection, meeting_id: str) -> Meeting:
    """:func:`load_meeting` on a connection (inside a write transaction, say)."""
    row = conn.execute(
        "SELECT m.*, s.path AS s_path, s.sha256 AS s_sha256, s.format AS s_format, "
        f"s.pages AS s_pages, {_FETCHED_COLUMNS} FROM meetings m "
        "LEFT JOIN sources s ON s.meeting_id = m.id AND s.kept WHERE m.id = ?",
        (meeting_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no meeting {meeting_id!r}")
    return _build_meeting(conn, row)


def load_item(archive: Archive, meeting_id: str, number: int) -> Item:
    meeting = load_meeting(archive, meeting_id)
    for item in meeting.items:
        if item.number == number:
            return item
    raise NotFoundError(f"meeting {meeting_id!r} has no item {number}")


def iter_meetings(archive: Archive, meeting_ids: Sequence[str]) -> Iterator[Meeting]:
    """Load meetings one at a time (constant memory for an export of any size)."""
    for meeting_id in meeting_ids:
        yield load_meeting(archive, meeting_id)


def _build_meeting(conn: sqlite3.Connection, row: sqlite3.Row) -> Meeting:
    from referat.models import Meeting

    meeting_id = row["id"]
    data = {
        "id": meeting_id,
        "kind": row["kind"],
        "system": row["system"],
        "system_evidence": row["system_evidence"],
        "municipality": row["municipality"],
        "body": row["body"],
        "date": row["date"],
        "start": row["start"],
        "end": row["end"],
        "location": row["location"],
        "title": row["title"],
        "fields": json.loads(row["fields"]),
        "attendees": _load_attendees(conn, meeting_id),
        "toc": json.loads(row["toc"]),
        "notes": json.loads(row["notes"]),
        "source": {
            "path": row["s_path"],
            "sha256": row["s_sha256"],
            "format": row["s_format"],
            "pages": row["s_pages"],
            "fetched": fetched_of(row),
        },
        "items": _load_items(conn, meeting_id),
    }
    try:
        return Meeting.model_validate(data)
    except ValueError as exc:
        raise ArchiveError(f"meeting {meeting_id!r} in the archive is not valid: {exc}") from None


_FETCHED = ("url", "site_id", "released", "fetched_at", "link", "item_links")
_FETCHED_COLUMNS = ", ".join(f"s.{c} AS s_{c}" for c in _FETCHED)


def fetched_of(row: sqlite3.Row) -> dict[str, Any] | None:
    """A source's provenance (columns ``s_url`` … ``s_item_links``) as model data; None for a
    file (:func:`referat.save.fetched_values` writes them)."""
    if row["s_url"] is None:
        return None
    data = {c: row[f"s_{c}"] for c in _FETCHED}
    data["item_links"] = json.loads(data["item_links"] or "{}")
    return data


def _load_attendees(conn: sqlite3.Connection, meeting_id: str) -> list[dict[str, Any]]:
    return [
        {"name": a["name"], "absent": bool(a["absent"]), "party": a["party"], "role": a["role"]}
        for a in conn.execute(
            "SELECT name, absent, party, role FROM attendees WHERE meeting_id = ? "
            "ORDER BY position",
            (meeting_id,),
        )
    ]


def _load_items(conn: sqlite3.Connection, meeting_id: str) -> list[dict[str, Any]]:
    """The meeting's items as model data, each with its sections, sub-items and attachments."""
    items = {
        r["id"]: {
            "number": r["number"],
            "title": r["title"],
            "case_number": r["case_number"],
            "page": r["page"],
            "closed": bool(r["closed"]),
            "absent": json.loads(r["absent"]),
            "sections": [],
            "attachments": [],
            "subitems": [],
        }
        for r in conn.execute(
            "SELECT * FROM items WHERE meeting_id = ? ORDER BY position", (meeting_id,)
        )
    }
    if not items:
        return []
    ids = list(items)
    where = f"item_id IN ({','.join('?' * len(ids))}) ORDER BY item_id, position"
    subitems: dict[tuple[int, int], dict[str, Any]] = {}
    for r in conn.execute(f"SELECT * FROM subitems WHERE {where}", ids):
        sub = {"label": r["label"], "title": r["title"], "sections": []}
        sub["attachments"] = json.loads(r["attachments"])
        subitems[r["item_id"], r["position"]] = sub
        items[r["item_id"]]["subitems"].append(sub)
    sections: dict[int, dict[str, Any]] = {}
    for r in conn.execute(f"SELECT * FROM sections WHERE {where}", ids):
        owner = (
            items[r["item_id"]] if r["subitem"] is None else subitems[r["item_id"], r["subitem"]]
        )
        section = {k: r[k] for k in ("kind", "heading", "text", "body", "date")}
        sections[r["id"]] = section
        owner["sections"].append(section)
    store_outcomes.attach(conn, sections)
    for r in conn.execute(f"SELECT item_id, name FROM attachments WHERE {where}", ids):
        items[r["item_id"]]["attachments"].append(r["name"])
    return list(items.values())


def source_text(archive: Archive, meeting_id: str) -> SourceText:
    """What the read stage saw for the source whose parse this meeting holds (text, encoding,
    layout)."""
    row = archive.conn.execute(
        "SELECT text, encoding, layout FROM sources WHERE meeting_id = ? AND kept", (meeting_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no meeting {meeting_id!r} in {archive.path}")
    return SourceText(row["text"], row["encoding"], row["layout"])


@dataclass(frozen=True, slots=True)
class StoredSource:
    """One source of a stored meeting, as ``show`` lists them."""

    path: str
    format: str
    sha256: str
    imported_at: str
    facts: int
    kept: bool


def meeting_sources(archive: Archive, meeting_id: str) -> list[StoredSource]:
    """The meeting's sources: the kept one first, then by import."""
    return [
        StoredSource(r[0], r[1], r[2], r[3], r[4], bool(r[5]))
        for r in archive.conn.execute(
            "SELECT path, format, sha256, imported_at, facts, kept FROM sources "
            "WHERE meeting_id = ? ORDER BY kept DESC, id",
            (meeting_id,),
        )
    ]
