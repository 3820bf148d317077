"""Query stage: case-number timelines, full-text search and meeting lists -> plain results.

Results are small frozen dataclasses built straight from SQL rows (no pydantic), so a search
costs little more than its SQL.  User words never reach FTS5 as syntax: :func:`fts_query`
quotes each word itself, and every value is a bound parameter.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from typing import Any, NamedTuple

from .errors import QueryError
from .recognise import case_key
from .schema import FTS
from .store import Archive

HIGHLIGHT = ("\x02", "\x03")  # snippet markers; render turns them into style, JSON into **
SNIPPET_TOKENS = 16


@dataclass(frozen=True, slots=True)
class Filters:
    """Filters shared by search, list and export."""

    body: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    outcome: str | None = None  # items with a decision of this outcome (issue 12)

    def where(self, meeting: str = "m", item: str | None = None) -> tuple[list[str], list[Any]]:
        """SQL conditions on the meeting (alias ``meeting``) and, for ``outcome``, the item
        (alias ``item``; without one, the meeting must have such an item)."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.outcome:
            from .decisions import outcome_clause

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


# --------------------------------------------------------------------------------------------
# Our own FTS5 quoting
# --------------------------------------------------------------------------------------------

_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"(?P<pstar>\*?)|(?P<word>[^\s"]+)|(?P<stray>")')
_OPERATORS = {"AND", "OR"}
_WORDY = re.compile(r"\w")


MAX_QUERY_CHARS = 1000  # a longer query is a paste accident, and every word costs a lookup


def fts_query(text: str) -> str:
    """User words -> a safe FTS5 MATCH expression.

    Every word and every ``"quoted phrase"`` becomes an FTS5 string, so ``Høje-Taastrup``,
    ``23/14607``, ``B&U`` and ``børne- og ungeområdet`` search as written.  A trailing ``*`` is a
    prefix search (``rekrutter*``).  Upper-case ``OR`` between two words means either; ``AND`` is
    what juxtaposition means anyway.  Anything else that FTS5 would reject is a QueryError.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text):,} characters; at most {MAX_QUERY_CHARS:,})")
    terms: list[str] = []
    pending: str | None = None  # an operator waiting for its right-hand word
    for match in _TOKEN.finditer(text):
        if match.group("stray") is not None:
            raise QueryError(
                f"unbalanced quote in {text!r}: put a phrase in a pair of double quotes"
            )
        phrase = match.group("phrase")
        if phrase is not None:
            term = _fts_string(phrase, prefix=bool(match.group("pstar")), original=match.group(0))
        else:
            word = match.group("word")
            if word in _OPERATORS:
                if not terms or pending is not None:
                    raise QueryError(f"{word!r} needs a word on each side (in {text!r})")
                pending = word
                continue
            stars = len(word) - len(word.rstrip("*"))
            core = word.rstrip("*")
            if not core:
                raise QueryError("'*' must end a word for a prefix search, as in 'rekrutter*'")
            if "*" in core:
                raise QueryError(f"'*' may only end a word (prefix search), not {word!r}")
            if not _WORDY.search(core):
                continue  # "&", "-", "/" on their own: nothing to look for
            term = _fts_string(core, prefix=stars > 0, original=word)
        if pending == "OR":
            terms[-1] = f"{terms[-1]} OR {term}"
        else:
            terms.append(term)
        pending = None
    if pending is not None:
        raise QueryError(f"{pending!r} needs a word on each side (in {text!r})")
    if not terms:
        raise QueryError(f"nothing to search for in {text!r}")
    return " AND ".join(f"({t})" if " OR " in t else t for t in terms)


def _fts_string(text: str, *, prefix: bool, original: str) -> str:
    if not _WORDY.search(text):
        raise QueryError(f"nothing to search for in {original!r}")
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


# --------------------------------------------------------------------------------------------
# Full-text search
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchHit:
    meeting_id: str
    meeting_date: dt.date
    meeting_body: str
    item_number: int
    item_title: str
    case_number: str | None
    section: str | None  # kind of the best-matching section; None for a title-only row
    snippet: str  # HIGHLIGHT markers around matched words
    score: float

    def to_json(self) -> dict[str, Any]:
        start, end = HIGHLIGHT
        return {
            "meeting": self.meeting_id,
            "date": self.meeting_date.isoformat(),
            "body": self.meeting_body,
            "item": self.item_number,
            "title": self.item_title,
            "case_number": self.case_number,
            "section": self.section,
            "snippet": self.snippet.replace(start, "**").replace(end, "**"),
            "score": round(self.score, 4),
        }


def search_text(
    archive: Archive,
    words: str,
    *,
    filters: Filters | None = None,
    section: str | None = None,
    limit: int = 20,
) -> list[SearchHit]:
    """Ranked items matching ``words``: the best-matching section of each item, best first."""
    match = fts_query(words)
    clauses, params = (filters or Filters()).where("m", "i")
    weights = ", ".join(str(w) for w in FTS.weights)
    # Two steps, so that only the items shown pay for a snippet (a common word matches tens of
    # thousands of rows, and a snippet costs far more than a score).  Neither step reads
    # search.item_id or search.kind: they sit behind the text in the FTS content table, so
    # reading them costs a walk through the text's overflow pages for every matching row.  A
    # row's item and kind come from `sections` (rowid = sections.id; -items.id for a title row).
    # 1. Rank items by their best row.
    rank_sql = f"""
WITH hits AS MATERIALIZED (
  SELECT search.rowid AS rid, bm25(search, {weights}) AS score
  FROM search WHERE search MATCH ?
),
best AS (
  SELECT COALESCE(s.item_id, -h.rid) AS item_id, min(h.score) AS item_score
  FROM hits h LEFT JOIN sections s ON s.id = h.rid
  {"WHERE s.kind = ?" if section else ""}
  GROUP BY 1
)
SELECT i.id, m.id, m.date, m.body, i.number, i.title, i.case_number, b.item_score
FROM best b
JOIN items i ON i.id = b.item_id
JOIN meetings m ON m.id = i.meeting_id
{"WHERE " + " AND ".join(clauses) if clauses else ""}
ORDER BY b.item_score, m.date, i.position
LIMIT ?"""
    args = [match, *([section] if section else []), *params, limit]
    try:
        ranked = archive.conn.execute(rank_sql, args).fetchall()
        snippets = _snippets(archive, match, [r[0] for r in ranked], section)
    except sqlite3.OperationalError as exc:  # our quoting should make this unreachable
        raise QueryError(f"cannot search for {words!r}: {exc}") from None
    return [
        SearchHit(
            meeting_id=r[1],
            meeting_date=dt.date.fromisoformat(r[2]),
            meeting_body=r[3],
            item_number=r[4],
            item_title=r[5],
            case_number=r[6],
            section=snippets[r[0]][0],
            snippet=snippets[r[0]][1],
            score=float(r[7]),
        )
        for r in ranked
    ]


def _snippets(
    archive: Archive, match: str, item_ids: list[int], section: str | None
) -> dict[int, tuple[str | None, str]]:
    """2. For each ranked item: (kind, snippet) of its best row whose text matched (else of its
    best row, matched by the title alone)."""
    if not item_ids:
        return {}
    # The items' rows: rowid -> (item, kind).  An item's sections have consecutive ids, so its
    # rows are one rowid range, which FTS5 tests on the rowid alone (an `IN` list of rowids is
    # a lookup per rowid, and each lookup expands a prefix query anew).
    rows: dict[int, tuple[int, str | None]] = {}
    marks = ",".join("?" * len(item_ids))
    for rid, item_id, kind in archive.conn.execute(
        f"SELECT id, item_id, kind FROM sections WHERE item_id IN ({marks})", item_ids
    ):
        rows[rid] = (item_id, kind)
    with_sections = {item_id for item_id, _ in rows.values()}
    rows.update({-i: (i, None) for i in item_ids if i not in with_sections})  # title rows
    spans: dict[int, list[int]] = {}
    for rid, (item_id, _) in rows.items():
        span = spans.setdefault(item_id, [rid, rid])
        span[0], span[1] = min(span[0], rid), max(span[1], rid)
    start, end = HIGHLIGHT
    weights = ", ".join(str(w) for w in FTS.weights)
    where = " OR ".join(["(search.rowid BETWEEN ? AND ?)"] * len(spans))
    sql = f"""
SELECT search.rowid, snippet(search, 2, ?, ?, '…', {SNIPPET_TOKENS}), bm25(search, {weights})
FROM search WHERE search MATCH ? AND ({where})"""
    args = [start, end, match, *(x for span in spans.values() for x in span)]
    best: dict[int, tuple[bool, float, str | None, str]] = {}
    for rid, snippet, score in archive.conn.execute(sql, args):
        found_row = rows.get(rid)
        if found_row is None:
            continue  # another item's row inside a span
        item_id, kind = found_row
        if section and kind != section:
            continue
        snippet = snippet or ""
        key = (start not in snippet, score)
        found = best.get(item_id)
        if found is None or key < found[:2]:
            best[item_id] = (*key, kind, snippet)
    return {item_id: (kind, snippet) for item_id, (_, _, kind, snippet) in best.items()}


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
    archive: Archive, case_number: str, *, filters: Filters | None = None
) -> list[TimelineEntry]:
    """Every item with this case number across meetings, oldest first, with its decisions
    (``Item.decisions``: its own, not its sub-items', which have no case number)."""
    key = case_key(case_number)
    if not key:
        raise QueryError(f"not a case number: {case_number!r}")
    sql = _CASE_SQL
    params: list[Any] = [key]
    if filters is not None:
        clauses, more = filters.where("m", "i")
        if clauses:
            sql = sql.replace(
                "WHERE i.case_key = ?", "WHERE i.case_key = ? AND " + " AND ".join(clauses)
            )
            params += more
    cursor = archive.tuple_cursor()  # plain tuples: this is the hot path of the archive
    # The loop is written for speed (a timeline is a few rows; per-row Python is the overhead
    # over the raw SQL that the benchmark measures): dates parsed once, no helper calls.
    dates: dict[str, dt.date] = {}
    fromiso = dt.date.fromisoformat
    entries: list[TimelineEntry] = []
    last_item: int | None = None
    decisions: list[Decision] = []
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


_CASE_SQL = """
SELECT m.id, m.date, m.body, m.kind, i.number, i.title, i.case_number, i.id,
       s.date, s.body, s.text, o.outcome
FROM items i
JOIN meetings m ON m.id = i.meeting_id
LEFT JOIN sections s ON s.item_id = i.id AND s.kind = 'beslutning' AND s.subitem IS NULL
LEFT JOIN outcomes o ON o.section_id = s.id
WHERE i.case_key = ?
ORDER BY m.date, m.id, i.position, COALESCE(s.date, m.date), s.position"""


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

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
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
SELECT m.id, m.date, m.body, m.kind, m.items, m.decisions FROM meeting_summary m
{"WHERE " + " AND ".join(clauses) if clauses else ""}
ORDER BY m.date, m.id"""
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [
        MeetingRow(r[0], dt.date.fromisoformat(r[1]), r[2], r[3], r[4], r[5])
        for r in archive.conn.execute(sql, params)
    ]


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
