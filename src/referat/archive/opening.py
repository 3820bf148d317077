"""Opening an archive safely: look before changing anything, never touch what is not ours.

:func:`referat.archive.store.open_archive` calls these three steps before it applies any setting or
migration:

1. :func:`check_path`: the path names a regular file (or nothing yet, for ``import``): never a
   folder, a device (``/dev/null`` would get a ``/dev/null-journal`` beside it) or a FIFO.
2. :func:`connect`: reading commands never create a file, and read an archive on read-only
   media (a DVD, a read-only mount) without writing anything: read-only, and immutable when
   SQLite cannot even create its shared-memory file there.  Writing to it is "read-only".
3. :func:`check_ours`: a database that referat did not create is refused as it is, before WAL is
   switched on or a table written: one with tables, views, indexes or triggers of its own (a
   user's view named ``decisions`` is not ours to drop).  A reading command never creates the
   schema: an empty database is "not a referat archive" for it.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import urllib.parse

from referat.errors import ArchiveError

MEMORY = (":memory:", "")


def check_path(name: str, *, create: bool) -> None:
    """Refuse a path that cannot be an archive file, before SQLite opens it."""
    if name in MEMORY:
        return
    try:
        mode = os.stat(name).st_mode
    except FileNotFoundError:
        if not create:
            raise ArchiveError(
                f"{name}: no archive here (create one with 'referat import')"
            ) from None
        return
    except OSError as exc:
        raise ArchiveError(f"{name}: cannot open archive ({exc.strerror or exc})") from None
    if stat.S_ISDIR(mode):
        raise ArchiveError(f"{name}: is a folder, not an archive file")
    if not stat.S_ISREG(mode):
        raise ArchiveError(
            f"{name}: not a regular file (a device, a FIFO or a socket), so it cannot be an "
            "archive; give a file name"
        )


def connect(name: str, *, create: bool, timeout: float) -> sqlite3.Connection:
    """A connection that has read the archive's header.  ``create=False`` never creates the
    file; where the file cannot be opened for writing (read-only media) it is opened read-only,
    and immutable when SQLite cannot create its ``-shm`` file there."""
    if name in MEMORY or create:
        conn = sqlite3.connect(name, timeout=timeout, isolation_level=None)
        try:
            _touch(conn)
        except BaseException:
            conn.close()
            raise
        return conn
    path = urllib.parse.quote(os.path.abspath(name))
    last: sqlite3.Error | None = None
    for mode in ("mode=rw", "mode=ro", "mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(
                f"file:{path}?{mode}", timeout=timeout, isolation_level=None, uri=True
            )
        except sqlite3.Error as exc:
            last = exc
            continue
        try:
            _touch(conn)
        except sqlite3.OperationalError as exc:
            conn.close()
            if not _cannot_write(exc):
                raise
            last = exc
            continue
        return conn
    assert last is not None
    raise last


def on_read_only_media(name: str) -> bool:
    """Is the archive's file system mounted read-only (nobody can write it there)?"""
    if name in MEMORY:
        return False
    try:
        flags = os.statvfs(os.path.dirname(os.path.abspath(name))).f_flag
    except (OSError, AttributeError):
        return False
    return bool(flags & getattr(os, "ST_RDONLY", 1))


def _touch(conn: sqlite3.Connection) -> None:
    """Read the header and schema (raises for what is not a database, or cannot be read)."""
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def _cannot_write(exc: sqlite3.OperationalError) -> bool:
    text = str(exc)
    return "readonly" in text or "read-only" in text or "unable to open" in text


def check_ours(conn: sqlite3.Connection, name: str, *, create: bool, ours: set[str]) -> None:
    """Refuse a database referat did not create, before anything is changed in it.

    ``ours``: the names of the tables, views, indexes and triggers referat creates.  A database
    without ``user_version`` is new to referat: anything in it is someone else's."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > 0:
        return  # ours (a newer schema is refused by the upgrade step, also before any change)
    found = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master ORDER BY rowid")
        if not str(row[0]).startswith("sqlite_")
    ]
    if found:
        named = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
        like = ", named like referat's" if set(found) <= ours else ""
        raise ArchiveError(
            f"{name}: not a referat archive (it has other tables or views{like}: {named}); "
            "nothing was changed"
        )
    if not create:
        raise ArchiveError(
            f"{name}: not a referat archive (an empty database; 'referat import' fills it)"
        )
