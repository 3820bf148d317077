"""The archive's schema, as data: tables, indexes, full-text index, triggers, views, migrations.

Everything the database looks like is declared here once and applied idempotently by
:func:`ensure_shape`.  Changes to tables that already hold data are numbered :data:`MIGRATIONS`,
recorded in ``_migrations`` and in ``PRAGMA user_version`` (see :func:`referat.store.open_archive`);
opening an older archive upgrades it in place and drops nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass


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

    def insert_sql(self) -> str:
        cols = ", ".join(quote(c) for c in self.column_names)
        marks = ", ".join("?" for _ in self.columns)
        return f"INSERT INTO {quote(self.name)} ({cols}) VALUES ({marks})"


@dataclass(frozen=True, slots=True)
class FtsConfig:
    table: str
    columns: tuple[str, ...]  # indexed, in bm25 weight order
    weights: tuple[float, ...]
    unindexed: tuple[str, ...]
    tokenize: str

    def insert_sql(self) -> str:
        cols = ", ".join(("rowid", *self.columns, *self.unindexed))
        marks = ", ".join("?" * (1 + len(self.columns) + len(self.unindexed)))
        return f"INSERT INTO {quote(self.table)} ({cols}) VALUES ({marks})"

    def create_sql(self) -> str:
        cols = [*self.columns, *(f"{c} UNINDEXED" for c in self.unindexed)]
        return (
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {quote(self.table)} USING fts5(\n  "
            + ",\n  ".join(cols)
            + f",\n  tokenize = '{self.tokenize}'\n)"
        )


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
        ),
    ),
    Table(
        "sources",
        (
            ("meeting_id", "TEXT PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE"),
            ("path", "TEXT NOT NULL"),
            ("sha256", "TEXT NOT NULL"),
            ("format", "TEXT NOT NULL"),
            ("pages", "INTEGER"),
            ("encoding", "TEXT"),
            ("imported_at", "TEXT NOT NULL"),
            ("text", "TEXT"),  # the read stage's lines, joined: enough to re-parse
            ("layout", "TEXT"),  # their style (lines.encode_layout); null for text (version 2)
        ),
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
)
TABLE = {t.name: t for t in TABLES}

# items(meeting_id, position) and sections(item_id, position) are indexed by their UNIQUE
# constraints.  No index on sections.kind: with only a few kinds, the planner would pick it for
# "kind = 'beslutning'" joins and scan every decision instead of the item's own sections.
INDEXES: dict[str, str] = {
    "idx_meetings_date": "meetings(date)",
    "idx_meetings_body": "meetings(body COLLATE NOCASE, date)",
    "idx_sources_sha256": "sources(sha256)",
    "idx_items_case_key": "items(case_key)",
    "idx_outcomes_outcome": "outcomes(outcome)",
    "idx_amounts_kroner": "amounts(kroner)",
}

# Full-text search: one row per section (rowid = sections.id) carrying its item's title, so a
# query may match title and text together; an item without sections gets one title-only row
# (rowid = -items.id).  A sub-item's sections are sections of its item (``sections.subitem``)
# whose rows carry the item's title and the sub-item's (search_title), so a hit shows the item.
# ``remove_diacritics 0`` keeps å, æ, ø as letters ("år" is not "ar").
# Rows are written in bulk by store.save_meeting with the sections (a per-row insert trigger
# costs as much again); deletes and updates reach the index through TRIGGERS, and
# SEARCH_ROWS rebuilds it from the tables.
FTS = FtsConfig(
    table="search",
    columns=("title", "heading", "text"),
    weights=(4.0, 1.0, 1.0),
    unindexed=("item_id", "kind"),
    tokenize="unicode61 remove_diacritics 0",
)


def search_title(item_title: str, subitem_title: str | None) -> str:
    """The full-text ``title`` of a section's row: the item's title, then its sub-item's.
    _SEARCH_TITLE is the same in SQL."""
    return item_title if subitem_title is None else f"{item_title} {subitem_title}"


_SUBITEM_OF_SECTION = "subitems.item_id = sections.item_id AND subitems.position = sections.subitem"
_SEARCH_TITLE = "items.title || COALESCE(' ' || subitems.title, '')"

SEARCH_ROWS = f"""
SELECT sections.id, {_SEARCH_TITLE}, sections.heading, sections.text, items.id, sections.kind
FROM sections JOIN items ON items.id = sections.item_id
LEFT JOIN subitems ON {_SUBITEM_OF_SECTION}
UNION ALL
SELECT -items.id, items.title, NULL, '', items.id, NULL
FROM items WHERE NOT EXISTS (SELECT 1 FROM sections WHERE sections.item_id = items.id)"""

TRIGGERS: dict[str, str] = {
    "items_ad": """AFTER DELETE ON items BEGIN
  DELETE FROM search WHERE rowid = -old.id;
END""",
    "items_au": f"""AFTER UPDATE OF title ON items BEGIN
  UPDATE search SET title = new.title
  WHERE rowid = -new.id
    OR rowid IN (SELECT id FROM sections WHERE item_id = new.id AND subitem IS NULL);
  UPDATE search SET title = (
    SELECT {_SEARCH_TITLE} FROM sections JOIN items ON items.id = sections.item_id
    LEFT JOIN subitems ON {_SUBITEM_OF_SECTION} WHERE sections.id = search.rowid)
  WHERE rowid IN (SELECT id FROM sections WHERE item_id = new.id AND subitem IS NOT NULL);
END""",
    "subitems_ad": """AFTER DELETE ON subitems BEGIN
  DELETE FROM sections WHERE item_id = old.item_id AND subitem = old.position;
END""",
    "subitems_au": """AFTER UPDATE OF title ON subitems BEGIN
  UPDATE search SET title = (SELECT title FROM items WHERE id = new.item_id) || ' ' || new.title
  WHERE rowid IN (
    SELECT id FROM sections WHERE item_id = new.item_id AND subitem = new.position);
END""",
    "sections_ad": """AFTER DELETE ON sections BEGIN
  DELETE FROM search WHERE rowid = old.id;
END""",
    "sections_au": f"""AFTER UPDATE ON sections BEGIN
  UPDATE search SET heading = new.heading, text = new.text, kind = new.kind, title = (
    SELECT {_SEARCH_TITLE} FROM sections JOIN items ON items.id = sections.item_id
    LEFT JOIN subitems ON {_SUBITEM_OF_SECTION} WHERE sections.id = new.id)
  WHERE rowid = new.id;
END""",
}

VIEWS: dict[str, str] = {
    # Every decision, a sub-item's too (subitem_label/_title; null for the item's own).
    "decisions": f"""SELECT
  items.case_number AS case_number,
  items.case_key AS case_key,
  items.number AS item_number,
  items.title AS item_title,
  subitems.label AS subitem_label,
  subitems.title AS subitem_title,
  meetings.id AS meeting_id,
  meetings.date AS meeting_date,
  meetings.body AS meeting_body,
  sections.body AS decision_body,
  COALESCE(sections.date, meetings.date) AS decision_date,
  sections.text AS decision_text,
  outcomes.outcome AS outcome,
  outcomes.votes_for AS votes_for,
  outcomes.votes_against AS votes_against,
  outcomes.votes_abstain AS votes_abstain
FROM sections
JOIN items ON items.id = sections.item_id
JOIN meetings ON meetings.id = items.meeting_id
LEFT JOIN subitems ON {_SUBITEM_OF_SECTION}
LEFT JOIN outcomes ON outcomes.section_id = sections.id
WHERE sections.kind = 'beslutning'""",
    "meeting_summary": """SELECT
  meetings.id AS id,
  meetings.date AS date,
  meetings.body AS body,
  meetings.kind AS kind,
  (SELECT count(*) FROM items WHERE items.meeting_id = meetings.id) AS items,
  (SELECT count(*) FROM sections JOIN items ON items.id = sections.item_id
    WHERE items.meeting_id = meetings.id AND sections.kind = 'beslutning') AS decisions
FROM meetings""",
}


# Numbered migrations for archives written by an older referat.  A change to a table that holds
# data (a new column, say) is appended here as ``(3, "add items.foo", fn)`` and the declaration
# above is updated to match; new columns go last, where ALTER TABLE puts them.  Migration 1
# creates the shape declared above, so a new archive runs every later migration on tables that
# already have their columns: each must be idempotent (add_missing_columns is).  ensure_shape()
# then (re)creates indexes, views, triggers and new tables idempotently.
Migration = Callable[[sqlite3.Connection], None]


def _m001_initial(conn: sqlite3.Connection) -> None:
    for table in TABLES:
        conn.execute(table.create_sql())
    conn.execute(FTS.create_sql())


def _m002_system_party_subitems_layout(conn: sqlite3.Connection) -> None:
    for name in ("meetings", "sources", "attendees", "sections"):
        add_missing_columns(conn, TABLE[name])
    conn.execute(TABLE["subitems"].create_sql())


def _m003_outcomes_amounts(conn: sqlite3.Connection) -> None:
    # New tables only: an older archive's decisions get theirs from `referat reparse --write`.
    for name in ("outcomes", "amounts"):
        conn.execute(TABLE[name].create_sql())


def add_missing_columns(conn: sqlite3.Connection, table: Table) -> None:
    """Add the declared columns the table lacks (each must be nullable or have a default)."""
    have = {row[1] for row in conn.execute(f"PRAGMA table_info({quote(table.name)})")}
    for name, decl in table.columns:
        if name not in have:
            conn.execute(f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(name)} {decl}")


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "initial tables and full-text index", _m001_initial),
    (2, "system, party and role, sub-items, source layout", _m002_system_party_subitems_layout),
    (3, "decision outcomes and money amounts", _m003_outcomes_amounts),
]


def schema_version() -> int:
    return max(number for number, _, _ in MIGRATIONS)


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def schema_sql() -> list[str]:
    """Every statement that creates the current shape (for docs and tests)."""
    statements = [t.create_sql() for t in TABLES]
    statements.append(FTS.create_sql())
    statements += [f"CREATE INDEX IF NOT EXISTS {n} ON {on}" for n, on in INDEXES.items()]
    statements += [f"CREATE TRIGGER IF NOT EXISTS {n} {body}" for n, body in TRIGGERS.items()]
    statements += [f"CREATE VIEW IF NOT EXISTS {n} AS {body}" for n, body in VIEWS.items()]
    return statements


def ensure_shape(conn: sqlite3.Connection) -> None:
    """Create what is missing and refresh views and triggers (they hold no data)."""
    for table in TABLES:
        conn.execute(table.create_sql())
    conn.execute(FTS.create_sql())
    for name, on in INDEXES.items():
        conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {on}")
    for name, body in TRIGGERS.items():
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        conn.execute(f"CREATE TRIGGER {name} {body}")
    for name, body in VIEWS.items():
        conn.execute(f"DROP VIEW IF EXISTS {name}")
        conn.execute(f"CREATE VIEW {name} AS {body}")
