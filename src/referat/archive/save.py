"""Save stage: meetings into the archive, each whole or not at all (one transaction, or a
savepoint of a group: :class:`referat.archive.store.GroupCommit`).

**Identity**, **several sources** and **ids**: :mod:`referat.archive.identity`.

**Unchanged** is decided from the archive's content: a document whose bytes are a source of a
stored meeting.  Rows left behind by a meeting deleted by hand (without foreign keys) are removed
when the meeting is written again, so re-importing its file restores it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from referat.archive import schema
from referat.archive.commits import KnownTerms
from referat.archive.identity import facts, free_id, ranking, same_meeting, start_of, why
from referat.archive.load import SourceText, read_meeting
from referat.archive.rows import MeetingRows, iter_tables, meeting_rows
from referat.archive.schema import TABLE
from referat.archive.stems import fill_stems, save_stem_rows
from referat.archive.store import Archive, now
from referat.archive.store_outcomes import compact_json
from referat.errors import ArchiveError
from referat.models import meeting_id

if TYPE_CHECKING:
    from referat.models import Fetched, Meeting

SaveStatus = Literal["inserted", "updated", "unchanged"]


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
    ``prepared``: the meeting's rows (:func:`referat.archive.rows.meeting_rows`), when already
    built."""
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
    stored = same_meeting(conn, meeting)
    if stored is None:
        new_id = free_id(conn, meeting)
        _write(conn, meeting.model_copy(update={"id": new_id}), terms, prepared)
        _add_source(conn, new_id, meeting, source, new_facts, kept=True)
        note = None
        if new_id != meeting.id:
            note = (
                f"stored as {new_id}: {meeting.id} is another meeting of {meeting.body} "
                f"that day (start {start_of(conn, meeting.id)})"
            )
        return Saved("inserted", new_id, note)

    new_rank = ranking(new_facts, meeting.source.format)
    old_rank = ranking(stored.facts, stored.format)
    new_wins = new_rank >= old_rank
    reason = why(new_rank, old_rank)
    winner = meeting if new_wins else read_meeting(conn, stored.id)
    municipality = winner.municipality or meeting.municipality or stored.municipality
    if municipality != winner.municipality:
        w = winner
        new = meeting_id(w.kind, w.body, w.date, municipality)
        winner = w.model_copy(update={"municipality": municipality, "id": new})
    new_id = free_id(conn, winner, exclude=stored.id)
    if not new_wins and new_id == stored.id and municipality == stored.municipality:
        _add_source(conn, stored.id, meeting, source, new_facts, kept=False)
        note = f"another source of {stored.id}; its parse of {stored.path} is kept ({reason})"
        return Saved("updated", stored.id, note)
    others = conn.execute("SELECT * FROM sources WHERE meeting_id = ?", (stored.id,)).fetchall()
    conn.execute("DELETE FROM meetings WHERE id = ?", (stored.id,))
    _write(conn, winner.model_copy(update={"id": new_id}), terms, prepared if new_wins else None)
    _readd_sources(conn, new_id, others, keep_old=not new_wins)
    _add_source(conn, new_id, meeting, source, new_facts, kept=new_wins)
    if new_wins:
        note = f"replaces the parse of {stored.path} in {stored.id} ({reason})"
    else:
        note = f"another source of {stored.id}, which takes its municipality {municipality}"
    if new_id != stored.id:
        note += f"; the meeting's id is now {new_id}"
    return Saved("updated", new_id, note)


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
    from referat.archive import searchindex  # Tantivy only when an archive is written

    with contextlib.suppress(OSError, ValueError, sqlite3.OperationalError):
        searchindex.keep_current(archive.conn, archive.path, create=create)


class NewIndex:
    """The search index of a new archive, built while it is imported
    (:class:`referat.archive.searchindex.Builder`): :meth:`add` after each committed group,
    :meth:`finish` at the end.  A build that fails is dropped, and :meth:`finish` then brings
    the index current as :func:`keep_index_current` does (the import never fails for it)."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.builder: Any = None
        self.off = False  # not built here: the archive has an index, or the build failed

    def add(self) -> None:
        if self.off:
            return
        from referat.archive import searchindex

        try:
            if self.builder is None:
                path = self.archive.path
                if searchindex.is_memory(path) or searchindex.has_index(path):
                    self.off = True
                    return
                self.builder = searchindex.Builder(self.archive.conn, path)
            self.builder.add()
        except (OSError, ValueError, sqlite3.OperationalError):
            self._drop()

    def finish(self) -> None:
        if not self.off and self.builder is not None:
            try:
                self.builder.finish()
                return
            except (OSError, ValueError, sqlite3.OperationalError):
                self._drop()
        keep_index_current(self.archive, create=True)

    def _drop(self) -> None:
        self.off = True
        if self.builder is not None:
            self.builder.close()


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
         source.text, source.layout, count, int(kept), *fetched_values(s.fetched)),
    )  # fmt: skip


def fetched_values(fetched: Fetched | None) -> tuple[str | None, ...]:
    """A fetched source's provenance as the ``sources`` columns ``url`` … ``item_links``
    (:func:`referat.load.fetched_of` reads them back)."""
    if fetched is None:
        return (None,) * 6
    f = fetched
    links = compact_json({str(number): url for number, url in f.item_links.items()})
    return (f.url, f.site_id, f.released, f.fetched_at, f.link, links)


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
    ``prepared``: its item rows, when a parse worker built them (:mod:`referat.archive.rows`)."""
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
    from referat.archive import searchindex

    if not searchindex.is_memory(archive.path):
        searchindex.rebuild(archive.conn, archive.path)
    return count


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    # Called inside a write transaction, so no other writer can take the same ids.
    return int(conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0])
