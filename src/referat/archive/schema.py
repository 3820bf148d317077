"""The archive's schema, as data: tables, indexes, full-text indexes (triggers and views in
:mod:`referat.archive.views`).

Everything the database looks like is declared once and applied idempotently by
:func:`ensure_shape`.  Changes to tables that already hold data are numbered migrations
(:mod:`referat.archive.migrations`), recorded in ``_migrations`` and in ``PRAGMA user_version``
(see :func:`referat.archive.store.open_archive`); opening an older archive upgrades it in place
and drops nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from referat.archive.views import TRIGGERS, VIEWS


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (column, type and constraints)
    constraints: tuple[str, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def create_sql(self) -> str:
        parts = [f"{quote(name)} {decl}" for name, decl in self.columns]
        parts.extend(self.constraints)
        return f"CREATE TABLE IF NOT EXISTS {quote(self.name)} (\n  " + ",\n  ".join(parts) + "\n)"

    def insert_sql(self, rows: int = 1, verb: str = "INSERT") -> str:
        cols = ", ".join(quote(c) for c in self.column_names)
        marks = "(" + ", ".join("?" for _ in self.columns) + ")"
        return f"{verb} INTO {quote(self.name)} ({cols}) VALUES " + ", ".join([marks] * rows)

    def insert_rows(
        self, conn: sqlite3.Connection, rows: Sequence[Sequence[Any]], verb: str = "INSERT"
    ) -> None:
        """Insert ``rows`` (values in column order) several to a statement, as sqlite-utils'
        ``insert_all`` does.  A table with a full-text index pays for every statement (its
        triggers' FTS5 writes are settled statement by statement), so ``executemany``, one
        statement a row, is slow: measured on 300 meetings, the sections and their stems went
        in twice as fast this way.  Statements hold a power of two of rows, so that a few
        shapes (cached, compiled once) serve every count."""
        most = _rows_per_statement(len(self.columns))
        start = 0
        while start < len(rows):
            size = min(most, 1 << ((len(rows) - start).bit_length() - 1))
            values = [v for row in rows[start : start + size] for v in row]
            conn.execute(_insert_sql(self, size, verb), values)
            start += size


def _rows_per_statement(columns: int) -> int:
    """The largest power of two of rows whose values fit SQLite's oldest limit (999)."""
    return 1 << ((999 // columns).bit_length() - 1)


@lru_cache(maxsize=256)
def _insert_sql(table: Table, rows: int, verb: str) -> str:
    return table.insert_sql(rows, verb)


@dataclass(frozen=True, slots=True)
class FtsConfig:
    """A full-text index over a table, built the way sqlite-utils' ``enable_fts(columns,
    create_triggers=True)`` builds it: an FTS5 table ``<table>_fts`` with external content
    (``content=[<table>]``, no copy of the text) kept up to date by the triggers ``<table>_ai``,
    ``<table>_ad`` and ``<table>_au``.  Datasette (``?_search=``) and ``sqlite-utils search``
    find it with no configuration."""

    table: str  # the content table
    columns: tuple[str, ...]  # indexed, in bm25 weight order
    weights: tuple[float, ...]
    tokenize: str = "unicode61 remove_diacritics 0"

    @property
    def name(self) -> str:
        return f"{self.table}_fts"

    @property
    def bm25(self) -> str:
        return f"bm25({quote(self.name)}, {', '.join(str(w) for w in self.weights)})"


_FK_MEETING = "TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE"
_FK_ITEM = "INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE"

TABLES: tuple[Table, ...] = (
    Table(
        "meetings",
        (
            ("id", "TEXT PRIMARY KEY"),
            ("kind", "TEXT NOT NULL"),
            ("body", "TEXT NOT NULL"),
            ("date", "TEXT NOT NULL"),  # ISO date
            ("start", "TEXT"),
            ("end", "TEXT"),
            ("location", "TEXT"),
            ("title", "TEXT"),
            ("fields", "TEXT NOT NULL DEFAULT '{}'"),  # JSON object, order kept
            ("toc", "TEXT NOT NULL DEFAULT '[]'"),  # JSON list of {title, page}
            ("notes", "TEXT NOT NULL DEFAULT '[]'"),  # JSON list of strings
            ("system", "TEXT"),  # agenda system profile (version 2)
            ("system_evidence", "TEXT"),  # version 2
            ("municipality", "TEXT"),  # version 3; null: not known
        ),
    ),
    Table(
        "sources",
        (
            ("id", "INTEGER PRIMARY KEY"),  # version 3: a meeting may have several sources
            ("meeting_id", _FK_MEETING),
            ("path", "TEXT NOT NULL"),
            ("sha256", "TEXT NOT NULL"),
            ("format", "TEXT NOT NULL"),
            ("pages", "INTEGER"),
            ("encoding", "TEXT"),
            ("imported_at", "TEXT NOT NULL"),
            ("text", "TEXT"),  # the read stage's lines, joined: enough to re-parse
            ("layout", "TEXT"),  # their style (lines.encode_layout); null for text
            # version 3: how much its parse holds (identity.facts) and whether it is the parse the
            # meeting's rows come from (exactly one source of a meeting is kept).
            ("facts", "INTEGER NOT NULL DEFAULT 0"),
            ("kept", "INTEGER NOT NULL DEFAULT 0"),
            # version 6, a fetched source's provenance (models.Fetched; null for a file): the URL,
            # the meeting's id on the site, its ReleasedDate, when it was fetched, the page a
            # person opens and each item's page (JSON object: number -> URL).
            ("url", "TEXT"),
            ("site_id", "TEXT"),
            ("released", "TEXT"),
            ("fetched_at", "TEXT"),
            ("link", "TEXT"),
            ("item_links", "TEXT"),
        ),
        ("UNIQUE (meeting_id, sha256)",),
    ),
    Table(
        "attendees",
        (
            ("meeting_id", _FK_MEETING),
            ("position", "INTEGER NOT NULL"),
            ("name", "TEXT NOT NULL"),
            ("absent", "INTEGER NOT NULL DEFAULT 0"),
            ("party", "TEXT"),  # version 2
            ("role", "TEXT"),  # version 2
        ),
        ("PRIMARY KEY (meeting_id, position)",),
    ),
    Table(
        "items",
        (
            ("id", "INTEGER PRIMARY KEY"),
            ("meeting_id", _FK_MEETING),
            ("position", "INTEGER NOT NULL"),
            ("number", "INTEGER NOT NULL"),
            ("title", "TEXT NOT NULL"),
            ("case_number", "TEXT"),  # as written
            ("case_key", "TEXT"),  # normalised: see case_key()
            ("page", "INTEGER"),
            ("closed", "INTEGER NOT NULL DEFAULT 0"),
            ("absent", "TEXT NOT NULL DEFAULT '[]'"),  # JSON list of names
        ),
        ("UNIQUE (meeting_id, position)",),
    ),
    Table(
        "sections",
        (
            ("id", "INTEGER PRIMARY KEY"),
            ("item_id", _FK_ITEM),
            ("position", "INTEGER NOT NULL"),
            ("kind", "TEXT NOT NULL"),
            ("heading", "TEXT"),
            ("text", "TEXT NOT NULL"),
            ("body", "TEXT"),
            ("date", "TEXT"),
            # Null: a section of the item; else the position of its sub-item (version 2).
            # ``position`` runs over all of an item's sections: its own, then its sub-items'.
            ("subitem", "INTEGER"),
            # The item's title (and its sub-item's: search_title) for the full-text index, so a
            # query may match title and text together (version 3).
            ("item_title", "TEXT"),
        ),
        ("UNIQUE (item_id, position)",),
    ),
    Table(
        "subitems",
        (
            ("item_id", _FK_ITEM),
            ("position", "INTEGER NOT NULL"),
            ("label", "TEXT NOT NULL"),
            ("title", "TEXT NOT NULL"),
            ("attachments", "TEXT NOT NULL DEFAULT '[]'"),  # JSON list of names
        ),
        ("PRIMARY KEY (item_id, position)",),
    ),
    # Version 4 (referat.archive.stems): each section's words as Danish stems, for the stem index
    # (section_stems_fts); rows are written by referat (a stemmer is Python), and removed with
    # their section by the trigger sections_stems_ad.
    Table(
        "section_stems",
        (
            ("id", "INTEGER PRIMARY KEY"),  # = sections.id
            ("title", "TEXT NOT NULL"),  # stems of sections.item_title
            ("text", "TEXT NOT NULL"),  # stems of heading and text
        ),
    ),
    # Every stem indexed, and reversed: compounds ending in a word are a prefix range here.
    Table(
        "stem_vocab",
        (("term", "TEXT PRIMARY KEY"), ("reversed", "TEXT NOT NULL")),
        ("UNIQUE (reversed, term)",),
    ),
    Table(
        "attachments",
        (
            ("item_id", _FK_ITEM),
            ("position", "INTEGER NOT NULL"),
            ("name", "TEXT NOT NULL"),
        ),
        ("PRIMARY KEY (item_id, position)",),
    ),
    # What a decision decided (version 3): one row per decision section; the first vote's counts
    # as columns for listing, all votes, points and positions as JSON (see models.Outcome).
    Table(
        "outcomes",
        (
            ("section_id", "INTEGER PRIMARY KEY REFERENCES sections(id) ON DELETE CASCADE"),
            ("outcome", "TEXT NOT NULL"),
            ("evidence", "TEXT"),
            ("confidence", "REAL NOT NULL"),
            ("votes_for", "INTEGER"),
            ("votes_against", "INTEGER"),
            ("votes_abstain", "INTEGER"),
            ("points", "TEXT NOT NULL DEFAULT '[]'"),
            ("votes", "TEXT NOT NULL DEFAULT '[]'"),
            ("positions", "TEXT NOT NULL DEFAULT '[]'"),
        ),
    ),
    # Money amounts in decisions and Økonomi sections (version 3).
    Table(
        "amounts",
        (
            ("section_id", "INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE"),
            ("position", "INTEGER NOT NULL"),
            ("kroner", "INTEGER NOT NULL"),
            ("kroner_to", "INTEGER"),
            ("text", "TEXT NOT NULL"),
            ("sentence", "TEXT NOT NULL"),
            ("years", "TEXT NOT NULL DEFAULT '[]'"),  # JSON list of years
        ),
        ("PRIMARY KEY (section_id, position)",),
    ),
    # Version 7 (referat.archive.searchindex): every item whose searchable rows changed, in
    # order, for the search index beside the archive to catch up with (filled by the
    # search_queue_* triggers, whatever program writes; emptied as the index applies it).
    Table(
        "search_queue",
        (("seq", "INTEGER PRIMARY KEY AUTOINCREMENT"), ("item_id", "INTEGER NOT NULL")),
    ),
)
TABLE = {t.name: t for t in TABLES}

# items(meeting_id, position) and sections(item_id, position) are indexed by their UNIQUE
# constraints.  No index on sections.kind: with only a few kinds, the planner would pick it for
# "kind = 'beslutning'" joins and scan every decision instead of the item's own sections.
INDEXES: dict[str, str] = {
    "idx_meetings_date": "meetings(date)",
    "idx_meetings_body": "meetings(body COLLATE NOCASE, date)",
    "idx_sources_sha256": "sources(sha256)",
    "idx_sources_meeting": "sources(meeting_id)",
    "idx_sources_site_id": "sources(site_id)",
    "idx_meetings_identity": "meetings(date, kind, body COLLATE NOCASE)",
    # Covering a case's timeline order (with each meeting's date): a page of the latest items
    # reads this index and the meetings, never the items themselves (version 8).
    "idx_items_case_key": "items(case_key, meeting_id, position)",
    "idx_outcomes_outcome": "outcomes(outcome)",
    "idx_amounts_kroner": "amounts(kroner)",
}

# Full-text search, as sqlite-utils builds it (FtsConfig): ``sections_fts`` indexes each
# section's item title (sections.item_title: the item's, then its sub-item's), heading and text,
# so a query may match title and text together; ``items_fts`` indexes item titles, which finds
# an item without sections.  Both have external content: the text is stored once, in the
# tables.  ``remove_diacritics 0`` keeps å, æ, ø as letters ("år" is not "ar").
SECTIONS_FTS = FtsConfig("sections", ("item_title", "heading", "text"), (4.0, 1.0, 1.0))
ITEMS_FTS = FtsConfig("items", ("title",), (4.0,))
# Version 4: the stems of the same text (referat.archive.stems), searched by referat.archive.search.
STEMS_FTS = FtsConfig("section_stems", ("title", "text"), (4.0, 1.0))
FTS_INDEXES = (SECTIONS_FTS, ITEMS_FTS, STEMS_FTS)


def search_title(item_title: str, subitem_title: str | None) -> str:
    """A section's ``item_title``: the item's title, then its sub-item's.  SEARCH_TITLE_SQL is the
    same in SQL."""
    return item_title if subitem_title is None else f"{item_title} {subitem_title}"


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def schema_sql() -> list[str]:
    """Every statement that creates the current shape (for docs and tests), as built in an
    in-memory database; without the tables FTS5 creates for itself."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    shadow = tuple(f"{fts.name}_" for fts in FTS_INDEXES)
    try:
        ensure_shape(conn)
        return [
            str(sql)
            for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
            )
            if not name.startswith(shadow) and not name.startswith("sqlite_")  # AUTOINCREMENT's
        ]
    finally:
        conn.close()


def ensure_shape(conn: sqlite3.Connection) -> None:
    """Create what is missing and refresh views and triggers (they hold no data).  The
    full-text indexes are sqlite-utils' own (``enable_fts``: created and filled when missing or
    not as declared, left alone when they are)."""
    for table in TABLES:
        conn.execute(table.create_sql())
    for name, on in INDEXES.items():
        conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {on}")
    conn.execute("PRAGMA recursive_triggers=on")  # as sqlite_utils.Database(conn) sets it
    for fts in FTS_INDEXES:
        _enable_fts(conn, fts)
    for name, body in TRIGGERS.items():
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        conn.execute(f"CREATE TRIGGER {name} {body}")
    for name, body in VIEWS.items():
        conn.execute(f"DROP VIEW IF EXISTS {name}")
        conn.execute(f"CREATE VIEW {name} AS {body}")


def _enable_fts(conn: sqlite3.Connection, fts: FtsConfig) -> None:
    """sqlite-utils' ``enable_fts(columns, create_triggers=True, replace=True)``: its SQL, byte
    for byte (tests/archive/test_schema_sql.py compares).  An index as declared is left alone
    and a missing one created here; anything else (an older archive's index) sqlite-utils
    replaces itself (imported only then: 50 ms of a new archive's start)."""
    table, name = quote(fts.table), quote(fts.name)
    columns = ", ".join(map(quote, fts.columns))
    tokenize = conn.execute("SELECT quote(?)", (fts.tokenize,)).fetchone()[0]
    create = (
        f"CREATE VIRTUAL TABLE {name} USING FTS5 (\n    {columns},\n    tokenize={tokenize},\n"
        f"    content={table}\n)"
    )
    triggers = {f"{fts.table}_{event}" for event in ("ai", "ad", "au")}
    found = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (fts.name,)).fetchone()
    have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    if found is not None and found[0] == create and triggers <= have:
        return  # as declared
    if found is not None or triggers & have:
        import sqlite_utils

        sqlite_utils.Database(conn).table(fts.table).enable_fts(
            fts.columns, create_triggers=True, tokenize=fts.tokenize, replace=True
        )
        return
    old = ", ".join(f"old.{quote(c)}" for c in fts.columns)
    new = ", ".join(f"new.{quote(c)}" for c in fts.columns)
    add = f"INSERT INTO {name} (rowid, {columns}) VALUES (new.rowid, {new});"
    drop = f"INSERT INTO {name} ({name}, rowid, {columns}) VALUES('delete', old.rowid, {old});"
    conn.execute(create)
    conn.execute(
        f"INSERT INTO {name} (rowid, {columns})\n    SELECT rowid, {columns} FROM {table};"
    )
    conn.execute(
        f"CREATE TRIGGER {quote(fts.table + '_ai')} AFTER INSERT ON {table} BEGIN\n  {add}\nEND"
    )
    conn.execute(
        f"CREATE TRIGGER {quote(fts.table + '_ad')} AFTER DELETE ON {table} BEGIN\n  {drop}\nEND"
    )
    update = f"AFTER UPDATE ON {table} BEGIN\n  {drop}\n  {add}\nEND"
    conn.execute(f"CREATE TRIGGER {quote(fts.table + '_au')} {update}")
