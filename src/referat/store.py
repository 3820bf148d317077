"""Store stage: the SQLite archive.  Open (and upgrade), save / replace, load.

The schema itself is data in :mod:`referat.schema`; :func:`open_archive` applies the numbered
migrations an older archive lacks, in one transaction, and drops nothing.  Settings a real archive
needs are applied on every open: WAL, a busy timeout (a second writer waits), foreign keys on.

A meeting is identified by its model id (kind, body, date).  :func:`save_meeting` writes one
meeting in one transaction: ``inserted``, ``updated`` (its old rows are replaced) or ``unchanged``
(same source bytes).  The full-text rows are written here with the sections, in the same
transaction (bulk, no per-row trigger); deletes and updates reach the index through triggers.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import archive_open, schema, store_outcomes
from .errors import ArchiveError, NotFoundError
from .recognise import case_key
from .schema import FTS, SEARCH_ROWS, TABLE, TABLES, ensure_shape, quote

if TYPE_CHECKING:
    from .models import Item, Meeting, Section

SaveStatus = Literal["inserted", "updated", "unchanged"]

DEFAULT_DB = "referat.db"
BUSY_TIMEOUT_MS = 30_000
# How long a writer waits for another process's write lock, in seconds (default 30).
BUSY_TIMEOUT_ENV = "REFERAT_BUSY_TIMEOUT"


def busy_timeout() -> float:
    """The busy timeout in seconds: $REFERAT_BUSY_TIMEOUT, else 30."""
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not raw:
        return BUSY_TIMEOUT_MS / 1000
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 86_400:
        raise ArchiveError(f"{BUSY_TIMEOUT_ENV}={raw!r}: expected a number of seconds (0-86400)")
    return value


def archive_error(path: str, exc: sqlite3.Error, timeout: float | None = None) -> ArchiveError:
    """A SQLite error that concerns the whole archive (not one document) -> one clear line."""
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and _is_busy(exc):
        waited = busy_timeout() if timeout is None else timeout
        return ArchiveError(
            f"{path}: archive is busy: another process has held its write lock for more than "
            f"{waited:g} s (the busy timeout; set {BUSY_TIMEOUT_ENV} to wait longer)"
        )
    if "readonly" in text or "read-only" in text:
        return ArchiveError(
            f"{path}: archive is read-only (no permission to write it or its folder)"
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return ArchiveError(f"{path}: archive is damaged ({text}); restore it from a backup")
    if "disk is full" in text or "disk I/O" in text:
        return ArchiveError(f"{path}: cannot write the archive ({text})")
    return ArchiveError(f"{path}: {text}")


def is_archive_error(exc: sqlite3.Error) -> bool:
    """True when the error concerns the archive as a whole: stop, rather than fail one file."""
    if isinstance(exc, sqlite3.OperationalError) and _is_busy(exc):
        return True
    text = str(exc)
    return any(
        marker in text
        for marker in ("readonly", "read-only", "malformed", "not a database", "disk", "corrupt")
    )


# --------------------------------------------------------------------------------------------
# Opening an archive
# --------------------------------------------------------------------------------------------


class Archive:
    """An open archive: a sqlite3 connection in autocommit mode with our settings applied."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        self._tuples: sqlite3.Cursor | None = None

    def tuple_cursor(self) -> sqlite3.Cursor:
        """A cursor that returns plain tuples, kept for the hot queries (a new cursor costs
        as much as building a small result).  Use it for one query at a time, to the end."""
        if self._tuples is None:
            self._tuples = self.conn.cursor()
            self._tuples.row_factory = None
        return self._tuples

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction.  IMMEDIATE takes the write lock up front, so a second writer
        waits (busy timeout) instead of failing half-way with SQLITE_BUSY."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()


def open_archive(path: str | Path = ":memory:", *, create: bool = True) -> Archive:
    """Open (and if needed create or upgrade) an archive.

    ``create=False`` refuses to create a new file: reading commands should say "no archive here"
    rather than leave an empty database behind.
    """
    name = str(path)
    memory = name in archive_open.MEMORY
    archive_open.check_path(name, create=create)  # before SQLite opens it (see archive_open)
    timeout = busy_timeout()
    try:
        conn = archive_open.connect(name, create=create, timeout=timeout)
    except sqlite3.DatabaseError as exc:
        if archive_open.on_read_only_media(name):
            raise archive_error(name, sqlite3.OperationalError("readonly")) from None
        if isinstance(exc, sqlite3.OperationalError) and not _is_busy(exc):
            raise ArchiveError(f"{name}: cannot open archive ({exc})") from None
        if isinstance(exc, sqlite3.OperationalError):
            raise archive_error(name, exc, timeout) from None
        raise ArchiveError(f"{name}: not a referat archive ({exc})") from None
    conn.row_factory = sqlite3.Row
    archive = Archive(conn, name)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        archive_open.check_ours(conn, name, create=create, ours=schema_names())
        conn.execute("PRAGMA foreign_keys = ON")
        if not memory and create:  # a reading command changes nothing
            _enable_wal(conn, timeout)
            conn.execute("PRAGMA synchronous = NORMAL")
        _upgrade(archive)
    except sqlite3.OperationalError as exc:
        conn.close()
        if _is_busy(exc) or "readonly" in str(exc):
            raise archive_error(name, exc, timeout) from None
        raise ArchiveError(f"{name}: cannot open archive ({exc})") from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ArchiveError(f"{name}: not a referat archive ({exc})") from None
    except BaseException:
        conn.close()
        raise
    return archive


def _enable_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch to WAL.  The switch needs an exclusive lock and SQLite does not wait for it (no
    busy handler), so two processes opening a new archive at once retry here."""
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc)
    return "locked" in text or "busy" in text


@contextmanager
def archive_session(path: str | Path, *, create: bool = True) -> Iterator[Archive]:
    """Open, use and close an archive; SQLite errors on the way become ArchiveError."""
    archive = open_archive(path, create=create)
    try:
        yield archive
    except sqlite3.Error as exc:
        raise archive_error(archive.path, exc) from None
    finally:
        archive.close()


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _upgrade(archive: Archive) -> None:
    conn = archive.conn
    current = schema.schema_version()
    version = _user_version(conn)
    if version == current:
        return
    if version > current:
        raise ArchiveError(
            f"{archive.path}: archive has schema version {version}; this referat knows "
            f"{current} (upgrade referat)"
        )
    with archive.transaction():
        version = _user_version(conn)  # another process may have upgraded meanwhile
        if version == 0 and _has_foreign_tables(conn):
            raise ArchiveError(f"{archive.path}: not a referat archive (it has other tables)")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS _migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        now = _now()
        for number, name, migrate in schema.MIGRATIONS:
            if number > version:
                migrate(conn)
                conn.execute("INSERT INTO _migrations VALUES (?, ?, ?)", (number, name, now))
        ensure_shape(conn)
        conn.execute(f"PRAGMA user_version = {current}")


def schema_names() -> set[str]:
    """The names of everything referat creates in an archive (tables, the FTS table and its
    shadow tables, indexes, triggers, views)."""
    from .schema import FTS, INDEXES, TRIGGERS, VIEWS

    fts = FTS.table
    shadows = {f"{fts}_{suffix}" for suffix in ("data", "idx", "content", "docsize", "config")}
    return (
        {t.name for t in TABLES}
        | {fts, "_migrations"}
        | shadows
        | set(INDEXES)
        | set(TRIGGERS)
        | set(VIEWS)
    )


def _has_foreign_tables(conn: sqlite3.Connection) -> bool:
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return bool(names - {t.name for t in TABLES} - {"_migrations"})


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


# --------------------------------------------------------------------------------------------
# Case numbers
# --------------------------------------------------------------------------------------------

# Case numbers are recognised where every other line role is: referat.classify.


# --------------------------------------------------------------------------------------------
# Save, replace, delete
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceText:
    """What the read stage saw, kept so an archive can be re-parsed without the files: the
    text (:func:`referat.lines.lines_to_text`) and, for styled lines, their layout
    (:func:`referat.lines.encode_layout`; None for a text file)."""

    text: str | None = None
    encoding: str | None = None
    layout: str | None = None


def has_source(archive: Archive, sha256: str) -> str | None:
    """The id of the meeting imported from exactly these bytes, if any."""
    row = archive.conn.execute(
        "SELECT meeting_id FROM sources WHERE sha256 = ? LIMIT 1", (sha256,)
    ).fetchone()
    return None if row is None else str(row[0])


def save_meeting(
    archive: Archive, meeting: Meeting, source: SourceText | None = None
) -> SaveStatus:
    """Write one meeting in one transaction, replacing an older version of it."""
    with archive.transaction() as conn:
        return _save(conn, meeting, source or SourceText())


def save_meetings(
    archive: Archive, meetings: Iterable[tuple[Meeting, SourceText | None]]
) -> list[SaveStatus]:
    """Bulk loading: write many meetings in one transaction (each as :func:`save_meeting` would).

    For building large archives from a library; ``referat import`` keeps one transaction per
    document so a failing file cannot take others with it.
    """
    with archive.transaction() as conn:
        return [_save(conn, meeting, source or SourceText()) for meeting, source in meetings]


def _save(conn: sqlite3.Connection, meeting: Meeting, source: SourceText) -> SaveStatus:
    row = conn.execute("SELECT sha256 FROM sources WHERE meeting_id = ?", (meeting.id,)).fetchone()
    exists = row is not None or _meeting_exists(conn, meeting.id)
    if row is not None and row[0] == meeting.source.sha256:
        return "unchanged"
    if exists:
        conn.execute("DELETE FROM meetings WHERE id = ?", (meeting.id,))
    _insert(conn, meeting, source)
    return "updated" if exists else "inserted"


def replace_meeting(
    archive: Archive, meeting_id: str, meeting: Meeting, source: SourceText
) -> None:
    """Replace the stored ``meeting_id`` by ``meeting`` (a re-parse), in one transaction.  The
    new version may have another id; it must not be that of another stored meeting."""
    with archive.transaction() as conn:
        if meeting.id != meeting_id and _meeting_exists(conn, meeting.id):
            raise ArchiveError(
                f"{meeting_id}: re-parsed as {meeting.id!r}, which is already in the archive"
            )
        conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
        _insert(conn, meeting, source)


def delete_meeting(archive: Archive, meeting_id: str) -> bool:
    with archive.transaction() as conn:
        return conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,)).rowcount > 0


def _meeting_exists(conn: sqlite3.Connection, meeting_id: str) -> bool:
    return conn.execute("SELECT 1 FROM meetings WHERE id = ?", (meeting_id,)).fetchone() is not None


def _insert(conn: sqlite3.Connection, meeting: Meeting, source: SourceText) -> None:
    m = meeting
    conn.execute(TABLE["meetings"].insert_sql(), _meeting_row(m))
    s = m.source
    conn.execute(
        TABLE["sources"].insert_sql(),
        (m.id, s.path, s.sha256, s.format, s.pages, source.encoding, _now(), source.text,
         source.layout),
    )  # fmt: skip
    conn.executemany(
        TABLE["attendees"].insert_sql(),
        [(m.id, i, a.name, int(a.absent), a.party, a.role) for i, a in enumerate(m.attendees)],
    )
    rows = _ItemRows(_next_id(conn, "items"), _next_id(conn, "sections"))
    for position, item in enumerate(m.items):
        rows.add(m.id, position, item)
    rows.write(conn)


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
        _json(m.fields),
        _json([t.model_dump(mode="json") for t in m.toc]),
        _json(m.notes),
        m.system,
        m.system_evidence,
    )


@dataclass
class _ItemRows:
    """The rows of a meeting's items, collected for one executemany per table.  Ids are handed
    out in order, so an item's sections (its own, then its sub-items') have consecutive ids:
    query._snippets reads an item's full-text rows as one rowid range."""

    item_id: int
    section_id: int
    items: list[tuple[Any, ...]] = field(default_factory=list)
    sections: list[tuple[Any, ...]] = field(default_factory=list)
    subitems: list[tuple[Any, ...]] = field(default_factory=list)
    attachments: list[tuple[Any, ...]] = field(default_factory=list)
    search: list[tuple[Any, ...]] = field(default_factory=list)  # full-text rows: schema.FTS
    outcomes: list[tuple[Any, ...]] = field(default_factory=list)  # store_outcomes (v3)
    amounts: list[tuple[Any, ...]] = field(default_factory=list)

    def add(self, meeting_id: str, position: int, item: Item) -> None:
        i = self.item_id
        self.items.append(
            (i, meeting_id, position, item.number, item.title, item.case_number,
             case_key(item.case_number), item.page, int(item.closed), _json(item.absent))
        )  # fmt: skip
        count = self._add_sections(item.sections, item.title, None, 0)
        for n, sub in enumerate(item.subitems):
            self.subitems.append((i, n, sub.label, sub.title, _json(sub.attachments)))
            title = schema.search_title(item.title, sub.title)
            count += self._add_sections(sub.sections, title, n, count)
        if not count:
            self.search.append((-i, item.title, None, "", i, None))
        self.attachments.extend((i, n, name) for n, name in enumerate(item.attachments))
        self.item_id += 1

    def _add_sections(
        self, sections: list[Section], search_title: str, subitem: int | None, first: int
    ) -> int:
        """Rows for the item's own sections (``subitem`` None) or a sub-item's, at positions
        ``first``, ``first + 1``, ...; returns how many."""
        i = self.item_id
        for n, sec in enumerate(sections, start=first):
            date = sec.date.isoformat() if sec.date else None
            self.sections.append(
                (self.section_id, i, n, sec.kind, sec.heading, sec.text, sec.body, date, subitem)
            )
            self.search.append((self.section_id, search_title, sec.heading, sec.text, i, sec.kind))
            outcomes, amounts = store_outcomes.section_rows(self.section_id, sec)
            self.outcomes += outcomes
            self.amounts += amounts
            self.section_id += 1
        return len(sections)

    def write(self, conn: sqlite3.Connection) -> None:
        conn.executemany(TABLE["items"].insert_sql(), self.items)
        conn.executemany(TABLE["sections"].insert_sql(), self.sections)
        conn.executemany(TABLE["subitems"].insert_sql(), self.subitems)
        conn.executemany(TABLE["attachments"].insert_sql(), self.attachments)
        conn.executemany(FTS.insert_sql(), self.search)
        store_outcomes.write_rows(conn, self.outcomes, self.amounts)


def rebuild_search(archive: Archive) -> int:
    """Rebuild the full-text index from the tables; returns its row count."""
    with archive.transaction() as conn:
        conn.execute(f"DELETE FROM {quote(FTS.table)}")
        conn.execute(
            f"INSERT INTO {quote(FTS.table)} (rowid, {', '.join(FTS.columns + FTS.unindexed)}) "
            + SEARCH_ROWS
        )
        return int(conn.execute(f"SELECT count(*) FROM {quote(FTS.table)}").fetchone()[0])


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    # Called inside a write transaction, so no other writer can take the same ids.
    return int(conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {quote(table)}").fetchone()[0])


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------------------------
# Load
# --------------------------------------------------------------------------------------------


def load_meeting(archive: Archive, meeting_id: str) -> Meeting:
    """The stored meeting, exactly as it was saved.  NotFoundError if there is none."""
    row = archive.conn.execute(
        "SELECT m.*, s.path AS s_path, s.sha256 AS s_sha256, s.format AS s_format, "
        "s.pages AS s_pages FROM meetings m LEFT JOIN sources s ON s.meeting_id = m.id "
        "WHERE m.id = ?",
        (meeting_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no meeting {meeting_id!r} in {archive.path}")
    return _build_meeting(archive.conn, row)


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
    from .models import Meeting

    meeting_id = row["id"]
    data = {
        "id": meeting_id,
        "kind": row["kind"],
        "system": row["system"],
        "system_evidence": row["system_evidence"],
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
        },
        "items": _load_items(conn, meeting_id),
    }
    try:
        return Meeting.model_validate(data)
    except ValueError as exc:
        raise ArchiveError(f"meeting {meeting_id!r} in the archive is not valid: {exc}") from None


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
    """What the read stage saw for this meeting (text, encoding, layout)."""
    row = archive.conn.execute(
        "SELECT text, encoding, layout FROM sources WHERE meeting_id = ?", (meeting_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no meeting {meeting_id!r} in {archive.path}")
    return SourceText(row["text"], row["encoding"], row["layout"])
