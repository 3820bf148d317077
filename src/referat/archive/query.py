"""Query stage: case-number timelines and meeting lists -> plain results (full-text search:
:mod:`referat.archive.search`).

Results are small frozen dataclasses built straight from SQL rows (no pydantic), so a search
costs little more than its SQL.  User words never reach FTS5 as syntax: :func:`fts_query`
quotes each word itself, and every value is a bound parameter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from referat.archive.store import Archive
from referat.decide.outcome_rules import OUTCOMES
from referat.errors import QueryError
from referat.structure.recognise import case_key


def outcome_clause(item: str, outcome: str) -> tuple[str, list[Any]]:
    """SQL: the item (alias ``item``) has a decision with this outcome."""
    check_outcome(outcome)
    return (
        f"EXISTS (SELECT 1 FROM sections os JOIN outcomes oo ON oo.section_id = os.id "
        f"WHERE os.item_id = {item}.id AND oo.outcome = ?)",
        [outcome],
    )


def check_outcome(outcome: str) -> None:
    if outcome not in OUTCOMES:
        raise QueryError(f"unknown outcome {outcome!r}: one of {', '.join(OUTCOMES)}")


@dataclass(frozen=True, slots=True)
class Filters:
    """Filters shared by search, list and export."""

    body: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    municipality: str | None = None  # any case, with or without "Kommune"
    outcome: str | None = None  # items with a decision of this outcome (issue 12)

    def where(self, meeting: str = "m", item: str | None = None) -> tuple[list[str], list[Any]]:
        """SQL conditions on the meeting (alias ``meeting``) and, for ``outcome``, the item
        (alias ``item``; without one, the meeting must have such an item)."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.municipality:
            clauses.append(f"{meeting}.municipality = ? COLLATE NOCASE")
            params.append(_town(self.municipality))
        if self.outcome:
            clause, more = outcome_clause(item or "fi", self.outcome)
            if item is None:
                clause = f"{meeting}.id IN (SELECT fi.meeting_id FROM items fi WHERE {clause})"
            clauses.append(clause)
            params += more
        if self.body:
            clauses.append(f"{meeting}.body = ? COLLATE NOCASE")
            params.append(self.body)
        if self.since:
            clauses.append(f"{meeting}.date >= ?")
            params.append(self.since.isoformat())
        if self.until:
            clauses.append(f"{meeting}.date <= ?")
            params.append(self.until.isoformat())
        return clauses, params


def _town(name: str) -> str:
    """A municipality as the user types it -> as stored (``greve kommune`` -> ``Greve``); the
    comparison is then case-insensitive (COLLATE NOCASE folds ASCII only)."""
    from referat.structure.parse_header import town_name

    return town_name(name)


# --------------------------------------------------------------------------------------------
# Case-number timeline
# --------------------------------------------------------------------------------------------


class Decision(NamedTuple):
    date: dt.date
    body: str | None
    text: str
    outcome: str | None = None  # the outcomes stage's class (null in an older archive)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "body": self.body,
            "text": self.text,
            "outcome": self.outcome,
        }


class TimelineEntry(NamedTuple):
    """One item about the case, in one meeting, with the decisions recorded under it."""

    meeting_id: str
    meeting_date: dt.date
    meeting_body: str
    meeting_kind: str
    item_number: int
    item_title: str
    case_number: str | None
    decisions: list[Decision]

    def to_json(self) -> dict[str, Any]:
        return {
            "meeting": self.meeting_id,
            "date": self.meeting_date.isoformat(),
            "body": self.meeting_body,
            "kind": self.meeting_kind,
            "item": self.item_number,
            "title": self.item_title,
            "case_number": self.case_number,
            "decisions": [d.to_json() for d in self.decisions],
        }


def search_case(
    archive: Archive,
    case_number: str,
    *,
    filters: Filters | None = None,
    limit: int | None = None,
) -> list[TimelineEntry]:
    """Every item with this case number across meetings, oldest first, with its decisions
    (``Item.decisions``: its own, not its sub-items', which have no case number).

    With ``limit``, the latest ``limit`` items of the timeline (still oldest first), as
    ``referat search`` shows a page; :func:`count_case` says how many there are in all.  The
    page costs the same at any archive size: one look-up in the covering case index per item
    and its meeting's date, then the page's rows only."""
    where, params = _case_where(case_number, filters)
    cursor = archive.tuple_cursor()  # plain tuples: this is the hot path of the archive
    if limit is not None:
        latest = cursor.execute(_LATEST_SQL.format(where=where), [*params, limit]).fetchall()
        if len(latest) == limit:  # cut: read the page's items only
            where, params = "i.id IN (SELECT value FROM json_each(?))", [_json_ids(latest)]
    # The loop is written for speed (a timeline is a few rows; per-row Python is the overhead
    # over the raw SQL that the benchmark measures): dates parsed once, no helper calls.
    dates: dict[str, dt.date] = {}
    fromiso = dt.date.fromisoformat
    entries: list[TimelineEntry] = []
    last_item: int | None = None
    decisions: list[Decision] = []
    sql = _CASE_BY_KEY if where == _BY_KEY else _CASE_SQL.format(where=where)
    for r in cursor.execute(sql, params).fetchall():
        meeting_date = dates.get(r[1])
        if meeting_date is None:
            meeting_date = dates[r[1]] = fromiso(r[1])
        if r[7] != last_item:
            decisions = []
            entries.append(
                TimelineEntry(r[0], meeting_date, r[2], r[3], r[4], r[5], r[6], decisions)
            )
            last_item = r[7]
        if r[10] is not None:
            decided = meeting_date if not r[8] or r[8] == r[1] else fromiso(r[8])
            decisions.append(Decision(decided, r[9], r[10], r[11]))
    return entries


def count_case(archive: Archive, case_number: str, *, filters: Filters | None = None) -> int:
    """How many items :func:`search_case` finds in all (the case index alone when unfiltered)."""
    where, params = _case_where(case_number, filters)
    if where == _BY_KEY:
        sql = "SELECT count(*) FROM items i WHERE i.case_key = ?"
    else:
        sql = f"SELECT count(*) FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE {where}"
    return int(archive.conn.execute(sql, params).fetchone()[0])


def _case_where(case_number: str, filters: Filters | None) -> tuple[str, list[Any]]:
    key = case_key(case_number)
    if not key:
        raise QueryError(f"not a case number: {case_number!r}")
    clauses, params = filters.where("m", "i") if filters is not None else ([], [])
    return " AND ".join([_BY_KEY, *clauses]), [key, *params]


def _json_ids(rows: list[tuple[Any, ...]]) -> str:
    return "[" + ",".join(str(int(r[0])) for r in rows) + "]"


# The timeline's order; _LATEST_SQL is its end, read backwards from the covering case index
# (case_key, meeting_id, position) and each meeting's date.
_CASE_SQL = """
SELECT m.id, m.date, m.body, m.kind, i.number, i.title, i.case_number, i.id,
       s.date, s.body, s.text, o.outcome
FROM items i
JOIN meetings m ON m.id = i.meeting_id
LEFT JOIN sections s ON s.item_id = i.id AND s.kind = 'beslutning' AND s.subitem IS NULL
LEFT JOIN outcomes o ON o.section_id = s.id
WHERE {where}
ORDER BY m.date, m.id, i.position, COALESCE(s.date, m.date), s.position"""

_BY_KEY = "i.case_key = ?"
_CASE_BY_KEY = _CASE_SQL.format(where=_BY_KEY)  # the whole timeline, unfiltered (formatted once)

_LATEST_SQL = """
SELECT i.id FROM items i JOIN meetings m ON m.id = i.meeting_id
WHERE {where}
ORDER BY m.date DESC, m.id DESC, i.position DESC LIMIT ?"""


# --------------------------------------------------------------------------------------------
# Meeting lists
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeetingRow:
    id: str
    date: dt.date
    body: str
    kind: str
    items: int
    decisions: int
    municipality: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "municipality": self.municipality,
            "date": self.date.isoformat(),
            "body": self.body,
            "kind": self.kind,
            "items": self.items,
            "decisions": self.decisions,
        }


def list_meetings(
    archive: Archive, *, filters: Filters | None = None, limit: int | None = None
) -> list[MeetingRow]:
    """Meetings, oldest first, with item and decision counts."""
    clauses, params = (filters or Filters()).where("m")
    sql = f"""
SELECT m.id, m.date, m.body, m.kind, m.items, m.decisions, m.municipality
FROM meeting_summary m
{"WHERE " + " AND ".join(clauses) if clauses else ""}
ORDER BY m.date, m.id"""
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [
        MeetingRow(r[0], dt.date.fromisoformat(r[1]), r[2], r[3], r[4], r[5], r[6])
        for r in archive.conn.execute(sql, params)
    ]


def count_meetings(archive: Archive, *, filters: Filters | None = None) -> int:
    """How many meetings :func:`list_meetings` would list without a limit."""
    clauses, params = (filters or Filters()).where("m")
    where = "WHERE " + " AND ".join(clauses) if clauses else ""
    return int(
        archive.conn.execute(f"SELECT count(*) FROM meetings m {where}", params).fetchone()[0]
    )


def meeting_ids(
    archive: Archive,
    *,
    filters: Filters | None = None,
    case_number: str | None = None,
    meetings: tuple[str, ...] = (),
) -> list[str]:
    """Ids of the meetings an export selects, oldest first."""
    clauses, params = (filters or Filters()).where("m")
    if case_number:
        clauses.append("m.id IN (SELECT meeting_id FROM items WHERE case_key = ?)")
        params.append(case_key(case_number))
    if meetings:
        clauses.append(f"m.id IN ({','.join('?' * len(meetings))})")
        params.extend(meetings)
    sql = "SELECT m.id FROM meetings m"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY m.date, m.id"
    return [r[0] for r in archive.conn.execute(sql, params)]
