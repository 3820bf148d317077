"""Numbered migrations for archives written by an older referat (the shape they lead to is
declared in :mod:`referat.archive.schema`).  :func:`referat.archive.store.open_archive` runs those
an archive has not had, in order, all in one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from referat.archive.schema import TABLE, TABLES, Table, quote
from referat.archive.views import SEARCH_TITLE_SQL, SUBITEM_OF_SECTION

# Triggers of version 2 (its own index, "search"), dropped by migration 3.
_V2_TRIGGERS = ("items_ad", "items_au", "subitems_au", "sections_ad", "sections_au")

# A change to a table that holds data (a new column, say) is appended to MIGRATIONS as
# ``(6, "add items.foo", fn)`` and the declaration in referat.archive.schema is updated to
# match; new columns go last, where ALTER TABLE puts them.  Migration 1 creates the declared
# shape, so a new archive runs every later migration on tables that already have their columns:
# each must be idempotent (add_missing_columns is).  ensure_shape() then (re)creates indexes,
# views, triggers and new tables idempotently.
Migration = Callable[[sqlite3.Connection], None]


def _m001_initial(conn: sqlite3.Connection) -> None:
    for table in TABLES:
        if table.name != "sources":  # created in its version-3 shape by migration 3
            conn.execute(table.create_sql())


def _m002_system_party_subitems_layout(conn: sqlite3.Connection) -> None:
    for name in ("meetings", "attendees", "sections"):
        add_missing_columns(conn, TABLE[name])
    conn.execute(TABLE["subitems"].create_sql())


# A source's facts: what its parse holds (identity.facts computes the same from a model).
FACTS_OF_MEETING = """(
  (SELECT count(*) FROM items WHERE items.meeting_id = {m})
  + (SELECT count(*) FROM sections JOIN items ON items.id = sections.item_id
     WHERE items.meeting_id = {m})
  + (SELECT count(*) FROM subitems JOIN items ON items.id = subitems.item_id
     WHERE items.meeting_id = {m})
  + (SELECT count(*) FROM attachments JOIN items ON items.id = attachments.item_id
     WHERE items.meeting_id = {m})
  + (SELECT count(*) FROM attendees WHERE attendees.meeting_id = {m}))"""


def _m003_municipality_sources_fts(conn: sqlite3.Connection) -> None:
    """Municipality; several sources per meeting; the full-text index as sqlite-utils builds
    it, over the tables (the old ``search`` table kept a third copy of the text)."""
    add_missing_columns(conn, TABLE["meetings"])
    add_missing_columns(conn, TABLE["sections"])
    conn.execute(
        f"UPDATE sections SET item_title = (SELECT {SEARCH_TITLE_SQL} FROM items "
        f"LEFT JOIN subitems ON {SUBITEM_OF_SECTION} WHERE items.id = sections.item_id)"
    )
    for name in _V2_TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")
    conn.execute("DROP TABLE IF EXISTS search")
    sources = TABLE["sources"]
    old = _table_columns(conn, "sources")
    if old and "kept" not in old:
        conn.execute("ALTER TABLE sources RENAME TO _sources_v2")
        conn.execute(sources.create_sql())
        keep = [c for c in sources.column_names if c in old and c != "id"]
        cols = ", ".join(quote(c) for c in keep)
        facts = FACTS_OF_MEETING.format(m="_sources_v2.meeting_id")
        conn.execute(
            f"INSERT INTO sources ({cols}, facts, kept) "
            f"SELECT {cols}, {facts}, 1 FROM _sources_v2 ORDER BY rowid"
        )
        conn.execute("DROP TABLE _sources_v2")
    else:
        conn.execute(sources.create_sql())


def _m004_outcomes_amounts(conn: sqlite3.Connection) -> None:
    # New tables only: an older archive's decisions get theirs from `referat reparse --write`.
    for name in ("outcomes", "amounts"):
        conn.execute(TABLE[name].create_sql())


def _m005_danish_stems(conn: sqlite3.Connection) -> None:
    """Danish stems of every section (referat.archive.stems); ensure_shape then builds their
    index."""
    from referat.archive.stems import fill_stems

    for name in ("section_stems", "stem_vocab"):
        conn.execute(TABLE[name].create_sql())
    fill_stems(conn)


def _m006_fetched_provenance(conn: sqlite3.Connection) -> None:
    """Where a fetched source came from (referat fetch): new columns of sources, null for the
    files imported before."""
    add_missing_columns(conn, TABLE["sources"])


def _m007_search_queue(conn: sqlite3.Connection) -> None:
    """The queue of changed items for the search index (ensure_shape adds its triggers); the
    index itself is built by `referat reindex`."""
    conn.execute(TABLE["search_queue"].create_sql())


def _m008_case_index_covers_timeline(conn: sqlite3.Connection) -> None:
    """The case index covers a timeline's order (case_key, meeting_id, position): dropped here,
    ensure_shape builds it again with its new columns."""
    conn.execute("DROP INDEX IF EXISTS idx_items_case_key")


def add_missing_columns(conn: sqlite3.Connection, table: Table) -> None:
    """Add the declared columns the table lacks (each must be nullable or have a default)."""
    have = _table_columns(conn, table.name)
    for name, decl in table.columns:
        if name not in have:
            conn.execute(f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(name)} {decl}")


def _table_columns(conn: sqlite3.Connection, name: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({quote(name)})")}


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "initial tables and full-text index", _m001_initial),
    (2, "system, party and role, sub-items, source layout", _m002_system_party_subitems_layout),
    (
        3,
        "municipality, several sources, sqlite-utils full-text index",
        _m003_municipality_sources_fts,
    ),
    (4, "decision outcomes and money amounts", _m004_outcomes_amounts),
    (5, "Danish stems of sections for search", _m005_danish_stems),
    (6, "provenance of fetched sources", _m006_fetched_provenance),
    (7, "queue of changed items for the search index", _m007_search_queue),
    (8, "case index covers the timeline's order", _m008_case_index_covers_timeline),
]


def schema_version() -> int:
    return max(number for number, _, _ in MIGRATIONS)
