"""Whose meeting a parse is, and which of a meeting's parses it holds.

**Identity.**  A meeting is its municipality, kind, body, date and start time.  A document is the
same meeting as a stored one when kind, body (any case) and date agree, their municipalities agree
or one of them is unknown, and their start times agree or one of them is unknown; where a
municipality is unknown, their items must agree too (:func:`same_items`), so a text without a
municipality is not taken for another municipality's meeting of that day.

**Several sources.**  The ``.txt`` and the ``.pdf`` of one meeting, or a corrected
re-publication, are sources of one meeting (table ``sources``).  Which source's parse the meeting
holds is decided by one rule (:func:`ranking`): the parse with more facts (items, sections,
sub-items, attachments, attendees); on a tie the format earlier in :data:`FORMAT_RANK` (a PDF
before a text file: it is what was published); on a tie still, the newest import.  The meeting
takes a municipality from any of its sources.

**Ids.**  ``meeting_id(kind, body, date, municipality)``; when that id is another stored meeting's
(two meetings of one body on one day), the start time is added (``…-2023-01-16-1400``), and a
number when even that is taken.  A stored meeting keeps its id while its identity stays.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, NamedTuple

from referat.structure.recognise import case_key

if TYPE_CHECKING:
    from referat.models import Meeting

# Which parse a meeting keeps when its sources tie on facts: the higher rank.
FORMAT_RANK: dict[str, int] = {"text": 0, "pdf": 1}


def facts(meeting: Meeting) -> int:
    """How much a parse holds: items, sections, sub-items, attachments and attendees
    (:data:`referat.archive.migrations.FACTS_OF_MEETING` counts the same in SQL)."""
    count = len(meeting.items) + len(meeting.attendees)
    for item in meeting.items:
        count += len(item.sections) + len(item.subitems) + len(item.attachments)
        count += sum(len(sub.sections) for sub in item.subitems)
    return count


def ranking(facts: int, format: str) -> tuple[int, int]:
    """The order of parses: more facts, then format (:data:`FORMAT_RANK`).  On equal ranking
    the newer import wins."""
    return facts, FORMAT_RANK.get(format, 0)


class Stored(NamedTuple):
    """The stored meeting a document is another source of, and its kept source."""

    id: str
    municipality: str | None
    facts: int  # of its kept source
    format: str
    path: str


def why(new: tuple[int, int], old: tuple[int, int]) -> str:
    if new[0] != old[0]:
        more, fewer = max(new[0], old[0]), min(new[0], old[0])
        return f"more facts: {more} against {fewer}"
    if new[1] != old[1]:
        return f"same facts ({new[0]}); a format ranked higher"
    return f"same facts ({new[0]}) and format: the newest import"


def same_meeting(conn: sqlite3.Connection, meeting: Meeting) -> Stored | None:
    """The stored meeting this document is another source of (see the module's docstring).
    None when there is none, or when several fit equally well."""
    rows = conn.execute(
        "SELECT m.id, m.municipality, m.start, s.facts, s.format, s.path FROM meetings m "
        "LEFT JOIN sources s ON s.meeting_id = m.id AND s.kept "
        "WHERE m.date = ? AND m.kind = ? AND m.body = ? COLLATE NOCASE",
        (meeting.date.isoformat(), meeting.kind, meeting.body),
    ).fetchall()
    fits: list[tuple[tuple[bool, bool], Stored]] = []
    mine = (meeting.municipality or "").casefold()
    for r in rows:
        theirs = (r[1] or "").casefold()
        if mine and theirs and mine != theirs:
            continue
        if meeting.start and r[2] and meeting.start != r[2]:
            continue
        if not (mine and theirs) and not same_items(conn, r[0], meeting):
            continue
        closeness = (
            bool(mine) and mine == theirs,
            meeting.start is not None and meeting.start == r[2],
        )
        fits.append((closeness, Stored(r[0], r[1], r[3] or 0, r[4] or "text", r[5] or "?")))
    if not fits:
        return None
    fits.sort(key=lambda fit: fit[0], reverse=True)
    if len(fits) > 1 and fits[0][0] == fits[1][0]:
        return None  # ambiguous: stored as a meeting of its own
    return fits[0][1]


def same_items(conn: sqlite3.Connection, stored_id: str, meeting: Meeting) -> bool:
    """Whether a stored meeting and a parse have (at least half) the same items, by case
    number, else by title."""
    stored = {
        key or " ".join(title.casefold().split())
        for key, title in conn.execute(
            "SELECT case_key, title FROM items WHERE meeting_id = ?", (stored_id,)
        )
    }
    new = {case_key(i.case_number) or " ".join(i.title.casefold().split()) for i in meeting.items}
    if not stored and not new:
        return True
    return 2 * len(stored & new) >= max(len(stored), len(new))


def free_id(conn: sqlite3.Connection, meeting: Meeting, exclude: str | None = None) -> str:
    """The id to store ``meeting`` under: its own, else with its start time, else numbered.
    ``exclude``: the stored meeting it replaces, whose id it may take."""
    base = meeting.id

    def taken(candidate: str) -> bool:
        row = conn.execute("SELECT 1 FROM meetings WHERE id = ?", (candidate,)).fetchone()
        return row is not None and candidate != exclude

    if not taken(base):
        return base
    timed = f"{base}-{meeting.start.replace(':', '')}" if meeting.start else base
    if timed != base and not taken(timed):
        return timed
    n = 2
    while taken(f"{timed}-{n}"):
        n += 1
    return f"{timed}-{n}"


def start_of(conn: sqlite3.Connection, stored_id: str) -> str:
    row = conn.execute("SELECT start FROM meetings WHERE id = ?", (stored_id,)).fetchone()
    return "unknown" if row is None or row[0] is None else str(row[0])
