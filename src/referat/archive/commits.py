"""How the archive's writes are committed: several documents to a transaction, each in a
savepoint of its own (:class:`GroupCommit`), and the stem terms known to be written
(:class:`KnownTerms`), which a transaction's end settles.  :class:`referat.archive.store.Archive`
holds both; :func:`referat.ingest.batch.import_paths` decides when a group is committed."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol

# How long a group of documents may stay uncommitted (the write lock is held meanwhile).
GROUP_SECONDS = 0.25


class Writer(Protocol):
    """What a group commit needs of the archive (:class:`referat.archive.store.Archive`)."""

    conn: sqlite3.Connection
    stem_terms: KnownTerms


class KnownTerms:
    """The ``stem_vocab`` terms this connection has seen committed, so that a save inserts only
    the terms that are new (most of a meeting's are not: an ``INSERT OR IGNORE`` of each cost a
    third of the save).  Terms written in a transaction count once it commits; a term removed by
    another program is put back by ``referat reindex``."""

    LIMIT = 500_000  # terms remembered; past it, forget them all (memory)

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.pending: set[str] = set()

    def new(self, terms: Iterable[str]) -> set[str]:
        """``terms`` not known yet; they count as written from now on, until a rollback."""
        fresh = set(terms) - self.known - self.pending
        self.pending |= fresh
        return fresh

    def committed(self) -> None:
        if len(self.known) + len(self.pending) > self.LIMIT:
            self.known.clear()
        self.known |= self.pending
        self.pending = set()

    def rolled_back(self) -> None:
        self.pending = set()


class GroupCommit:
    """Several documents' transactions as savepoints of one transaction, committed together.

    Each commit of SQLite writes the pages a document touched, and each of the three full-text
    indexes a segment of its own that later has to be merged; a few documents to a commit
    write them once (measured on 300 meetings: the save a third faster).  A document that fails
    is rolled back to its savepoint alone.  The caller commits (:meth:`commit`) when the group is
    :meth:`due`, before it waits for anything, and at the end; a document is imported once its
    group is committed.
    """

    def __init__(self, archive: Writer, seconds: float) -> None:
        self.archive = archive
        self.seconds = seconds
        self.started: float | None = None  # when the open transaction began
        self.written = 0  # documents in the open transaction
        self.lost: sqlite3.Error | None = None  # SQLite rolled them back on its own

    @property
    def open(self) -> bool:
        return self.started is not None and self.archive.conn.in_transaction

    def due(self) -> bool:
        return self.started is not None and time.monotonic() - self.started >= self.seconds

    @contextmanager
    def savepoint(self) -> Iterator[sqlite3.Connection]:
        conn = self.archive.conn
        if not self.open:
            conn.execute("BEGIN IMMEDIATE")
            self.started, self.written = time.monotonic(), 0
        conn.execute("SAVEPOINT document")
        try:
            yield conn
        except BaseException:
            self.archive.stem_terms.rolled_back()  # forgets the group's new terms: safe
            if conn.in_transaction:
                conn.execute("ROLLBACK TO document")
                conn.execute("RELEASE document")
            else:  # SQLite rolled back the whole transaction (an I/O error, a full disk)
                if self.written:  # and with it the group's other documents
                    self.lost = sqlite3.OperationalError(
                        "the archive rolled back the last documents"
                    )
                self.started = None
            raise
        else:
            conn.execute("RELEASE document")
            self.written += 1

    def commit(self) -> None:
        """Commit the open transaction, if any.  Raises sqlite3.Error when SQLite cannot; the
        group's documents are then rolled back."""
        if self.lost is not None:
            lost, self.lost = self.lost, None
            raise lost
        if not self.open:
            self.started = None
            return
        try:
            self.archive.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise
        self.started = None
        self.archive.stem_terms.committed()

    def rollback(self) -> None:
        self.started, self.lost = None, None
        self.archive.stem_terms.rolled_back()
        if self.archive.conn.in_transaction:
            self.archive.conn.execute("ROLLBACK")
