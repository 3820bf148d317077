"""Query stage: full-text search over the archive -> ranked items, with the evidence.

A query is searched in up to three tiers, each ranked by BM25 (a title match weighs four times
a text match), one hit per item, every item of a tier ranked above the next tier's:

0. **exact**: the words as written, in ``sections_fts`` (and item titles, ``items_fts``);
1. **stem**: the Danish stems of the words (:mod:`referat.archive.stems`) in ``section_stems_fts``:
   ``flygtning`` finds ``flygtninge``, ``Aarhus`` finds ``Århus``;
2. **compound**: a word also finds the compounds that begin with it (a prefix query on its
   stem: ``sygefravær`` -> ``sygefraværspuljen``) or end with it (stems of the archive's
   vocabulary that end with it, looked up reversed in ``stem_vocab``: ``pulje`` ->
   ``rekrutteringspulje``), and words that share all but its last three letters when it is
   long (``lønadministration`` -> ``lønadministrative``).

In rank order every tier is searched and an item scores its best tier's BM25 times the tier's
weight, except that a query of several words (all must match) searches the compound tier only
when the first two found fewer items than asked for: its intersection of two wide unions is
scored match by match, which at a million items costs more than the rest of the search
(issue 22).  ``exact=True`` searches tier 0 only.  Snippets are the minutes' own words, the
matched ones marked.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from referat.archive import index_search
from referat.archive.fts import parse_query
from referat.archive.query import Filters
from referat.archive.schema import ITEMS_FTS, SECTIONS_FTS, FtsConfig
from referat.archive.snippets import HIGHLIGHT, item_snippets
from referat.archive.store import Archive
from referat.archive.tiers import (
    TIER_WEIGHTS,
    TIERS,
    candidates,
    loose_parts,
    matcher,
    plan_of,
)
from referat.errors import QueryError

Sort = Literal["rank", "date"]


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
    match: str = "exact"  # exact, stem or compound: the tier it was found in

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
            "match": self.match,
        }


# --------------------------------------------------------------------------------------------
# Ranking
# --------------------------------------------------------------------------------------------


def search_text(
    archive: Archive,
    words: str,
    *,
    filters: Filters | None = None,
    section: str | None = None,
    limit: int = 20,
    sort: Sort = "rank",
    exact: bool = False,
    use_index: bool = True,
) -> list[SearchHit]:
    """Ranked items matching ``words`` (see the module's docstring), each with the snippet of
    its best-matching section; ``sort="date"``: newest first instead.  The archive's search
    index ranks when it has one (:mod:`referat.searchindex`); ``use_index=False``: FTS5 alone."""
    plan = plan_of(archive, words, exact)
    found: dict[int, tuple[int, tuple[Any, ...]]] = {}  # item id -> (tier, row)
    scores: dict[int, float] = {}
    run: Callable[[list[int]], list[list[tuple[Any, ...]]]] | None = None
    try:
        if sort == "date":
            for tier, (fts, match) in enumerate(plan.tiers):
                for row in _run(archive, fts, match, filters, section, "date", limit):
                    found.setdefault(row[0], (tier, row))
            ordered = sorted(found.values(), key=lambda tr: (tr[1][2], -tr[1][8]), reverse=True)
            ordered = ordered[:limit]
        else:
            # Each tier's best `limit` items, scored by BM25 times the tier's weight: an item's
            # score is its best tier's.  The best `limit` of these are the best `limit` overall
            # (an item missing from its best tier's list is beaten there by `limit` others).
            # Several words: the compound tier only fills a page the first two leave short
            # (its intersection of two wide unions is scored match by match: see Plan.several).
            run = (
                _index_runner(archive, words, exact, filters, section, limit, len(plan.tiers))
                if use_index
                else None
            )
            first = min(2, len(plan.tiers)) if plan.several else len(plan.tiers)
            for batch in (range(first), range(first, len(plan.tiers))):
                if not batch or (batch.start and len(found) >= limit):
                    continue
                found_rows = (
                    run(list(batch))
                    if run
                    else [
                        _run(archive, *plan.tiers[t], filters, section, "rank", limit)
                        for t in batch
                    ]
                )
                for tier, rows in zip(batch, found_rows, strict=True):
                    for row in rows:
                        score = row[7] * TIER_WEIGHTS[tier]  # BM25: lower is better
                        if row[0] not in found:  # labelled by the first tier that found it
                            scores[row[0]], found[row[0]] = score, (tier, row)
                        elif score < scores[row[0]]:
                            scores[row[0]] = score
            ordered = sorted(found.values(), key=lambda tr: (scores[tr[1][0]], tr[1][2], tr[1][8]))[
                :limit
            ]
        snippets = item_snippets(
            archive,
            plan.tiers,
            matcher(plan),
            ordered,
            section,
            own=run is not None,
            candidates=candidates(plan),
        )
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
            score=scores[r[0]] if sort == "rank" else float(r[7]) * TIER_WEIGHTS[tier],
            match=TIERS[tier],
        )
        for tier, r in ordered
    ]


def count_text(
    archive: Archive,
    words: str,
    *,
    filters: Filters | None = None,
    section: str | None = None,
    exact: bool = False,
    use_index: bool = True,
) -> int:
    """How many items :func:`search_text` finds, without a limit (with the search index:
    Tantivy's cardinality estimate, exact up to a few thousand)."""
    plan = plan_of(archive, words, exact)
    searcher = index_search.open_searcher(archive, filters) if use_index else None
    if searcher is not None:
        tiers = index_search.tier_queries(
            searcher, parse_query(words), exact, lambda t: loose_parts(archive.conn, t)
        )
        if len(tiers) == len(plan.tiers):
            f = index_search.index_filter(filters, section)
            return index_search.count_items(searcher, tiers, f)
    selects, args = [], []
    for fts, match in plan.tiers:
        sql, more = _ranked_items(fts, match, filters, section)
        selects.append(f"SELECT id FROM ({sql})")
        args += more
    try:
        row = archive.conn.execute(f"SELECT count(*) FROM ({' UNION '.join(selects)})", args)
        return int(row.fetchone()[0])
    except sqlite3.OperationalError as exc:
        raise QueryError(f"cannot search for {words!r}: {exc}") from None


def _index_runner(
    archive: Archive,
    words: str,
    exact: bool,
    filters: Filters | None,
    section: str | None,
    limit: int,
    tiers: int,
) -> Callable[[list[int]], list[list[tuple[Any, ...]]]] | None:
    """These tiers' best items from the search index, or None: FTS5 answers."""
    searcher = index_search.open_searcher(archive, filters)
    if searcher is None:
        return None
    queries = index_search.tier_queries(
        searcher, parse_query(words), exact, lambda t: loose_parts(archive.conn, t)
    )
    if len(queries) != tiers:
        return None
    f = index_search.index_filter(filters, section)
    return lambda tiers: index_search.top_items(
        archive, searcher, [queries[t] for t in tiers], f, limit
    )


def _run(
    archive: Archive,
    fts: FtsConfig,
    match: str,
    filters: Filters | None,
    section: str | None,
    sort: Sort,
    limit: int,
) -> list[tuple[Any, ...]]:
    if sort == "rank" and not section and not (filters or Filters()).where("m")[0]:
        top = _top_rows(archive, fts, match, limit)
        if top is not None:
            return top
    sql, args = _ranked_items(fts, match, filters, section)
    order = "b.item_score, m.date, i.position" if sort == "rank" else "m.date DESC, i.position"
    rows = archive.tuple_cursor().execute(f"{sql}\nORDER BY {order}\nLIMIT ?", [*args, limit])
    return rows.fetchall()


ROWS_PER_ITEM = 8  # _top_rows reads this many best rows per item asked for


SQLITE_MAX_INT = 2**63 - 1


def _top_rows(
    archive: Archive, fts: FtsConfig, match: str, limit: int
) -> list[tuple[Any, ...]] | None:
    """The best ``limit`` items from the best ``limit * ROWS_PER_ITEM`` rows of the index
    alone, or None when those rows hold fewer items (then :func:`_ranked_items` ranks all).

    Exact: an item not among those rows has no row better than the last one read, so every
    item that is among them ranks above it.  Joining every matching row to its section and
    item first (as _ranked_items must, to filter) costs ten times as much for a common word."""
    conn = archive.tuple_cursor()
    k = min(limit * ROWS_PER_ITEM, SQLITE_MAX_INT)  # a --limit of "all" must not overflow
    rows = conn.execute(
        f"SELECT rowid, {fts.bm25} FROM {fts.name} WHERE {fts.name} MATCH ? ORDER BY 2 LIMIT ?",
        (match, k),
    ).fetchall()
    full = len(rows) == k
    item_of = dict(
        conn.execute(
            f"SELECT id, item_id FROM sections WHERE id IN ({','.join('?' * len(rows))})",
            [r[0] for r in rows],
        ).fetchall()
    )
    best: dict[int, float] = {}
    best_row: dict[int, int] = {}
    for rowid, score in rows:
        item_id = item_of.get(rowid)
        if item_id is not None and (item_id not in best or score < best[item_id]):
            best[item_id], best_row[item_id] = score, rowid
    if fts is SECTIONS_FTS:  # items without sections, by their title
        for item_id, score in conn.execute(
            f"""SELECT rowid, {ITEMS_FTS.bm25} FROM items_fts WHERE items_fts MATCH ?
  AND NOT EXISTS (SELECT 1 FROM sections s WHERE s.item_id = items_fts.rowid)
ORDER BY 2 LIMIT ?""",
            (match, limit),
        ):
            best.setdefault(item_id, score)
    if full and len(best) < limit:
        return None
    if not best:
        return []
    cutoff = sorted(best.values())[min(limit, len(best)) - 1]
    top = [item_id for item_id, score in best.items() if score <= cutoff]  # ties: by date
    return index_search.ranked_item_rows(conn, best, best_row, top, limit)


def _ranked_items(
    fts: FtsConfig, match: str, filters: Filters | None, section: str | None
) -> tuple[str, list[Any]]:
    """Items matching, each with its best row's score: a section (``fts`` over the item's
    title, the section's heading and text, or their stems) or, in the exact tier, for an item
    without sections, its title (items_fts).  Unordered; the SQL and its arguments."""
    clauses, params = (filters or Filters()).where("m", "i")
    title_rows = (
        ""
        if section or fts is not SECTIONS_FTS
        else f"""
  UNION ALL
  SELECT items_fts.rowid, {ITEMS_FTS.bm25} FROM items_fts
  WHERE items_fts MATCH ?
    AND NOT EXISTS (SELECT 1 FROM sections s WHERE s.item_id = items_fts.rowid)"""
    )
    sql = f"""
WITH hits AS MATERIALIZED (
  SELECT s.item_id AS item_id, {fts.bm25} AS score
  FROM {fts.name} JOIN sections s ON s.id = {fts.name}.rowid
  WHERE {fts.name} MATCH ? {"AND s.kind = ?" if section else ""}{title_rows}
),
best AS (SELECT item_id, min(score) AS item_score FROM hits GROUP BY item_id)
SELECT i.id, m.id, m.date, m.body, i.number, i.title, i.case_number, b.item_score, i.position
FROM best b
JOIN items i ON i.id = b.item_id
JOIN meetings m ON m.id = i.meeting_id
{"WHERE " + " AND ".join(clauses) if clauses else ""}"""
    extra = [section] if section else ([match] if title_rows else [])
    return sql, [match, *extra, *params]
