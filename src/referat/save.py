"""Save stage: meetings into the archive, each whole or not at all (one transaction, or a
savepoint of a group: :class:`referat.store.GroupCommit`).

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

**Unchanged** is decided from the archive's content: a document whose bytes are a source of a
stored meeting.  Rows left behind by a meeting deleted by hand (without foreign keys) are removed
when the meeting is written again, so re-importing its file restores it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from . import schema
from .commits import KnownTerms
from .errors import ArchiveError
from .load import read_meeting
from .models import meeting_id
from .recognise import case_key
from .rows import MeetingRows, iter_tables, meeting_rows
from .schema import TABLE
from .stems import fill_stems, save_stem_rows
from .store import Archive, now
from .store_outcomes import compact_json

if TYPE_CHECKING:
    from .models import Meeting

SaveStatus = Literal["inserted", "updated", "unchanged"]

# Which parse a meeting keeps when its sources tie on facts: the higher rank.
FORMAT_RANK: dict[str, int] = {"text": 0, "pdf": 1}


@dataclass(frozen=True, slots=True)
class SourceText:
    """What the read stage saw, kept so an archive can be re-parsed without the files: the
    text (:func:`referat.lines.lines_to_text`) and, for styled lines, their layout
    (:func:`referat.lines.encode_layout`; None for a text file)."""

    text: str | None = None
    encoding: str | None = None
    layout: str | None = None


@dataclass(frozen=True, slots=True)
class Saved:
    """What saving one document did: its status, the meeting's id, and for an update or an
    insert that had to be told apart from another meeting, what happened and why."""

    status: SaveStatus
    meeting_id: str
    note: str | None = None


def has_source(archive: Archive, sha256: str) -> str | None:
    """The id of the stored meeting that has exactly these bytes as a source, if any."""
    row = archive.conn.execute(_SOURCE_OF_MEETING, (sha256,)).fetchone()
    return None if row is None else str(row[0])


_SOURCE_OF_MEETING = (
    "SELECT s.meeting_id FROM sources s JOIN meetings m ON m.id = s.meeting_id "
    "WHERE s.sha256 = ? LIMIT 1"
)


def save_meeting(
    archive: Archive, meeting: Meeting, source: SourceText | None = None
) -> SaveStatus:
    """Write one meeting in one transaction: a new meeting, another source of a stored one
    (which may replace its parse), or unchanged."""
    return save_document(archive, meeting, source).status


def save_document(
    archive: Archive,
    meeting: Meeting,
    source: SourceText | None = None,
    prepared: MeetingRows | None = None,
) -> Saved:
    """As :func:`save_meeting`, with the id the meeting is stored under and a note.
    ``prepared``: the meeting's rows (:func:`referat.rows.meeting_rows`), when already built."""
    with archive.transaction() as conn:
        return _save(conn, archive.stem_terms, meeting, source or SourceText(), prepared)


def save_meetings(
    archive: Archive, meetings: Iterable[tuple[Meeting, SourceText | None]]
) -> list[SaveStatus]:
    """Bulk loading: write many meetings in one transaction (each as :func:`save_meeting` would).

    For building large archives from a library; ``referat import`` keeps one transaction per
    document so a failing file cannot take others with it.
    """
    with archive.transaction() as conn:
        terms = archive.stem_terms
        return [_save(conn, terms, m, source or SourceText()).status for m, source in meetings]


def facts(meeting: Meeting) -> int:
    """How much a parse holds: items, sections, sub-items, attachments and attendees
    (:data:`referat.migrations.FACTS_OF_MEETING` counts the same in SQL)."""
    count = len(meeting.items) + len(meeting.attendees)
    for item in meeting.items:
        count += len(item.sections) + len(item.subitems) + len(item.attachments)
        count += sum(len(sub.sections) for sub in item.subitems)
    return count


def ranking(facts: int, format: str) -> tuple[int, int]:
    """The order of parses: more facts, then format (:data:`FORMAT_RANK`).  On equal ranking
    the newer import wins."""
    return facts, FORMAT_RANK.get(format, 0)


class _Stored(NamedTuple):
    id: str
    municipality: str | None
    facts: int  # of its kept source
    format: str
    path: str


def _save(
    conn: sqlite3.Connection,
    terms: KnownTerms,
    meeting: Meeting,
    source: SourceText,
    prepared: MeetingRows | None = None,
) -> Saved:
    sha = meeting.source.sha256
    row = conn.execute(_SOURCE_OF_MEETING, (sha,)).fetchone()
    if row is not None:
        return Saved("unchanged", str(row[0]))
    conn.execute(  # a source left behind by a meeting deleted by hand
        "DELETE FROM sources WHERE sha256 = ? AND meeting_id NOT IN (SELECT id FROM meetings)",
        (sha,),
    )
    new_facts = facts(meeting)
    stored = _same_meeting(conn, meeting)
    if stored is None:
        new_id = free_id(conn, meeting)
        _write(conn, meeting.model_copy(update={"id": new_id}), terms, prepared)
        _add_source(conn, new_id, meeting, source, new_facts, kept=True)
        note = None
        if new_id != meeting.id:
            note = (
                f"stored as {new_id}: {meeting.id} is another meeting of {meeting.body} "
                f"that day (start {_start(conn, meeting.id)})"
            )
        return Saved("inserted", new_id, note)

    new_rank = ranking(new_facts, meeting.source.format)
    old_rank = ranking(stored.facts, stored.format)
    new_wins = new_rank >= old_rank
    why = _why(new_rank, old_rank)
    winner = meeting if new_wins else read_meeting(conn, stored.id)
    municipality = winner.municipality or meeting.municipality or stored.municipality
    if municipality != winner.municipality:
        w = winner
        new = meeting_id(w.kind, w.body, w.date, municipality)
        winner = w.model_copy(update={"municipality": municipality, "id": new})
    new_id = free_id(conn, winner, exclude=stored.id)
    if not new_wins and new_id == stored.id and municipality == stored.municipality:
        _add_source(conn, stored.id, meeting, source, new_facts, kept=False)
        note = f"another source of {stored.id}; its parse of {stored.path} is kept ({why})"
        return Saved("updated", stored.id, note)
    others = conn.execute("SELECT * FROM sources WHERE meeting_id = ?", (stored.id,)).fetchall()
    conn.execute("DELETE FROM meetings WHERE id = ?", (stored.id,))
    _write(conn, winner.model_copy(update={"id": new_id}), terms, prepared if new_wins else None)
    _readd_sources(conn, new_id, others, keep_old=not new_wins)
    _add_source(conn, new_id, meeting, source, new_facts, kept=new_wins)
    if new_wins:
        note = f"replaces the parse of {stored.path} in {stored.id} ({why})"
    else:
        note = f"another source of {stored.id}, which takes its municipality {municipality}"
    if new_id != stored.id:
        note += f"; the meeting's id is now {new_id}"
    return Saved("updated", new_id, note)


def _why(new: tuple[int, int], old: tuple[int, int]) -> str:
    if new[0] != old[0]:
        more, fewer = max(new[0], old[0]), min(new[0], old[0])
        return f"more facts: {more} against {fewer}"
    if new[1] != old[1]:
        return f"same facts ({new[0]}); a format ranked higher"
    return f"same facts ({new[0]}) and format: the newest import"


def _same_meeting(conn: sqlite3.Connection, meeting: Meeting) -> _Stored | None:
    """The stored meeting this document is another source of (see the module's docstring).
    None when there is none, or when several fit equally well."""
    rows = conn.execute(
        "SELECT m.id, m.municipality, m.start, s.facts, s.format, s.path FROM meetings m "
        "LEFT JOIN sources s ON s.meeting_id = m.id AND s.kept "
        "WHERE m.date = ? AND m.kind = ? AND m.body = ? COLLATE NOCASE",
        (meeting.date.isoformat(), meeting.kind, meeting.body),
    ).fetchall()
    fits: list[tuple[tuple[bool, bool], _Stored]] = []
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
        fits.append((closeness, _Stored(r[0], r[1], r[3] or 0, r[4] or "text", r[5] or "?")))
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


def _start(conn: sqlite3.Connection, stored_id: str) -> str:
    row = conn.execute("SELECT start FROM meetings WHERE id = ?", (stored_id,)).fetchone()
    return "unknown" if row is None or row[0] is None else str(row[0])


def replace_meeting(
    archive: Archive, meeting_id: str, meeting: Meeting, source: SourceText
) -> None:
    """Replace the stored ``meeting_id`` by ``meeting`` (a re-parse of its kept source), in one
    transaction; its sources stay.  The new version may have another id; it must not be that
    of another stored meeting."""
    with archive.transaction() as conn:
        if meeting.id != meeting_id and _exists(conn, meeting.id):
            raise ArchiveError(
                f"{meeting_id}: re-parsed as {meeting.id!r}, which is already in the archive"
            )
        others = conn.execute("SELECT * FROM sources WHERE meeting_id = ?", (meeting_id,))
        kept_sources = others.fetchall()
        conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
        _write(conn, meeting, archive.stem_terms)
        _readd_sources(conn, meeting.id, kept_sources, keep_old=True, kept_facts=facts(meeting))


def delete_meeting(archive: Archive, meeting_id: str) -> bool:
    with archive.transaction() as conn:
        deleted = conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,)).rowcount > 0
    keep_index_current(archive)
    return deleted


def keep_index_current(archive: Archive, *, create: bool = False) -> None:
    """Bring the search index beside the archive up to what was just written (``create``: build
    it if the archive has none: a new archive).  A failure leaves the queue for the next
    writer or ``referat reindex``; the search meanwhile answers with FTS5."""
    if archive.group is not None:
        return  # the group's writer keeps it current when it is done
    from . import searchindex  # Tantivy only when an archive is written

    with contextlib.suppress(OSError, ValueError, sqlite3.OperationalError):
        searchindex.keep_current(archive.conn, archive.path, create=create)


def _exists(conn: sqlite3.Connection, meeting_id: str) -> bool:
    return conn.execute("SELECT 1 FROM meetings WHERE id = ?", (meeting_id,)).fetchone() is not None


def _add_source(
    conn: sqlite3.Connection,
    meeting_id: str,
    meeting: Meeting,
    source: SourceText,
    count: int,
    *,
    kept: bool,
) -> None:
    if kept:
        conn.execute("UPDATE sources SET kept = 0 WHERE meeting_id = ?", (meeting_id,))
    s = meeting.source
    conn.execute(
        TABLE["sources"].insert_sql(),
        (None, meeting_id, s.path, s.sha256, s.format, s.pages, source.encoding, now(),
         source.text, source.layout, count, int(kept)),
    )  # fmt: skip


def _readd_sources(
    conn: sqlite3.Connection,
    meeting_id: str,
    rows: list[sqlite3.Row],
    *,
    keep_old: bool,
    kept_facts: int | None = None,
) -> None:
    """Put a meeting's sources back after its rows were rewritten (under ``meeting_id``)."""
    for row in rows:
        values = dict(zip(row.keys(), tuple(row), strict=True))
        values["meeting_id"] = meeting_id
        values["kept"] = int(bool(values["kept"]) and keep_old)
        if values["kept"] and kept_facts is not None:
            values["facts"] = kept_facts
        cols = TABLE["sources"].column_names
        conn.execute(TABLE["sources"].insert_sql(), [values[c] for c in cols])


def _write(
    conn: sqlite3.Connection,
    meeting: Meeting,
    terms: KnownTerms,
    prepared: MeetingRows | None = None,
) -> None:
    """A meeting's rows, after those left behind under its id by a meeting deleted by hand.
    ``prepared``: its item rows, when a parse worker built them (:mod:`referat.rows`)."""
    m = meeting
    for table in ("items", "attendees", "sources"):  # items take sections etc. along
        conn.execute(f"DELETE FROM {table} WHERE meeting_id = ?", (m.id,))
    conn.execute(TABLE["meetings"].insert_sql(), _meeting_row(m))
    conn.executemany(
        TABLE["attendees"].insert_sql(),
        [(m.id, i, a.name, int(a.absent), a.party, a.role) for i, a in enumerate(m.attendees)],
    )
    rows = prepared if prepared is not None else meeting_rows(m)
    placed = rows.placed(m.id, _next_id(conn, "items"), _next_id(conn, "sections"))
    for table, table_rows in iter_tables(placed):
        TABLE[table].insert_rows(conn, table_rows)
    save_stem_rows(conn, placed.stems, terms.new(rows.vocabulary))


def _meeting_row(m: Meeting) -> tuple[Any, ...]:
    return (
        m.id,
        m.kind,
        m.body,
        m.date.isoformat(),
        m.start,
        m.end,
        m.location,
        m.title,
        compact_json(m.fields),
        compact_json([t.model_dump(mode="json") for t in m.toc]),
        compact_json(m.notes),
        m.system,
        m.system_evidence,
        m.municipality,
    )


def rebuild_search(archive: Archive) -> int:
    """Rebuild the full-text indexes from the tables (the stems anew, from the sections' text);
    returns the sections index's row count."""
    archive.stem_terms.known.clear()
    with archive.transaction() as conn:
        conn.execute("DELETE FROM section_stems")
        conn.execute("DELETE FROM stem_vocab")
        fill_stems(conn)
        for fts in schema.FTS_INDEXES:
            conn.execute(f"INSERT INTO {fts.name}({fts.name}) VALUES ('rebuild')")
        count = int(conn.execute("SELECT count(*) FROM sections").fetchone()[0])
    from . import searchindex

    if not searchindex.is_memory(archive.path):
        searchindex.rebuild(archive.conn, archive.path)
    return count


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    # Called inside a write transaction, so no other writer can take the same ids.
    return int(conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0])
