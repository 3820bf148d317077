"""Store stage: the SQLite archive.  Open it (create, upgrade, settings); errors about it.

The schema itself is data in :mod:`referat.archive.schema`; :func:`open_archive` applies the
numbered
migrations an older archive lacks, in one transaction, and drops nothing.  Settings a real archive
needs are applied on every open: WAL, a busy timeout (a second writer waits), foreign keys on.

Writing meetings is :mod:`referat.archive.save`, reading them back :mod:`referat.archive.load`.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from referat.archive import migrations
from referat.archive import opening as archive_open
from referat.archive.commits import GROUP_SECONDS, GroupCommit, KnownTerms
from referat.archive.schema import TABLES, ensure_shape
from referat.errors import ArchiveError

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
        self.stem_terms = KnownTerms()
        self.group: GroupCommit | None = None

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
        waits (busy timeout) instead of failing half-way with SQLITE_BUSY.  Within
        :meth:`grouped`, a savepoint of the group's transaction instead."""
        if self.group is not None:
            with self.group.savepoint() as conn:
                yield conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.stem_terms.rolled_back()
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
            self.stem_terms.committed()

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    @contextmanager
    def grouped(self, seconds: float = GROUP_SECONDS) -> Iterator[GroupCommit]:
        """Group the transactions made meanwhile (see :class:`GroupCommit`); what the caller
        did not commit is rolled back at the end."""
        group = GroupCommit(self, seconds)
        self.group = group
        try:
            yield group
        finally:
            self.group = None
            group.rollback()


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
    current = migrations.schema_version()
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
        applied = now()
        for number, name, migrate in migrations.MIGRATIONS:
            if number > version:
                migrate(conn)
                conn.execute("INSERT INTO _migrations VALUES (?, ?, ?)", (number, name, applied))
        ensure_shape(conn)
        conn.execute(f"PRAGMA user_version = {current}")


def schema_names() -> set[str]:
    """The names of everything referat creates in an archive (tables, the full-text indexes and
    their shadow tables, indexes, triggers, views)."""
    from referat.archive.schema import FTS_INDEXES, INDEXES
    from referat.archive.views import TRIGGERS, VIEWS

    fts = {f.name for f in FTS_INDEXES}
    shadows = {f"{name}_{suffix}" for name in fts for suffix in _SHADOW_SUFFIXES}
    fts_triggers = {f"{f.table}_{event}" for f in FTS_INDEXES for event in ("ai", "ad", "au")}
    return (
        {t.name for t in TABLES}
        | fts
        | {"_migrations"}
        | shadows
        | fts_triggers
        | set(INDEXES)
        | set(TRIGGERS)
        | set(VIEWS)
    )


_SHADOW_SUFFIXES = ("data", "idx", "content", "docsize", "config")


def _has_foreign_tables(conn: sqlite3.Connection) -> bool:
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    ours = {t.name for t in TABLES} | {"_migrations"}
    return any(n not in ours and not n.endswith(_FTS_SHADOW) for n in names)


# The tables of a full-text index: sections_fts, sections_fts_data, ... (schema.FTS_INDEXES).
_FTS_SHADOW = ("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")


def now() -> str:
    """The time of a write, as stored (UTC, seconds)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
