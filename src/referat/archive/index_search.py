"""A query's tiers as search-index queries, and their best items (see
:mod:`referat.archive.search`).

The same three tiers as FTS5's (exact, stem, compound), built from the same parsed query and
the same vocabulary look-ups, and answered with the same rows: the best ``limit`` items, each
with its best row's score (negated: lower is better, as FTS5's ``bm25()``) and that row.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import tantivy

from referat.archive import searchindex
from referat.archive.fts import Query, Term
from referat.archive.index_queries import Filter, PairsFirst, Ranked, Searcher
from referat.archive.query import Filters
from referat.archive.searchindex import tokens
from referat.archive.stems import fold, stem, words

ROWS_PER_ITEM = 8  # rows read per item asked for, as FTS5's top rows
PREFIX_TERMS = 64  # a prefix stands for its this many most frequent terms


def open_searcher(archive: Any, filters: Filters | None) -> Searcher | None:
    """The archive's index for this search, or None (no index, one behind the archive that
    cannot catch up, or a filter it cannot apply): then FTS5 answers.  Opened once per open
    archive, and again when the index changed (another process wrote it)."""
    if filters is not None and filters.outcome:
        return None
    path = archive.path
    if not searchindex.has_index(path):
        return None
    conn: sqlite3.Connection = archive.conn
    if not searchindex.is_current(conn, path):
        try:
            if not searchindex.sync(conn, path, trim=False):
                return None
        except (OSError, ValueError, sqlite3.OperationalError):
            return None
    version = searchindex.version(path)
    cached = _OPEN.get(archive)
    if cached is not None and cached[0] == version:
        return cached[1]
    try:
        index = searchindex.open_index(path)
    except (OSError, ValueError):  # on read-only media Tantivy cannot take its lock file
        return None
    if index is None:
        return None
    searcher = Searcher(index)
    _OPEN[archive] = (version, searcher)
    return searcher


# Each open archive's searcher, with the index version it was opened at.
_OPEN: weakref.WeakKeyDictionary[Any, tuple[tuple[int, int], Searcher]] = (
    weakref.WeakKeyDictionary()
)


def status(archive: Any) -> str | None:
    """What to tell a user whose text search FTS5 answered for want of a current index."""
    path = archive.path
    if searchindex.is_memory(path):
        return None
    if not searchindex.has_index(path):
        return (
            "note: this archive has no search index beside it (an older archive, or one copied "
            f"without {searchindex.index_path(path).name}/): searched with SQLite FTS5, slow "
            "on a large archive; 'referat reindex' builds it"
        )
    if open_searcher(archive, None) is None:
        return (
            "note: the search index cannot be opened or brought up to date here (read-only "
            "media?): searched with SQLite FTS5; 'referat reindex' where it can be written "
            "rebuilds it"
        )
    return None


def index_filter(filters: Filters | None, section: str | None) -> Filter:
    f = filters or Filters()
    town = None
    if f.municipality:
        from referat.archive.query import _town

        town = _town(f.municipality)
    return Filter(f.body, town, f.since, f.until, section)


def tier_queries(
    s: Searcher,
    query: Query,
    exact: bool,
    loose: Callable[[Term], tuple[str, list[str], list[str]]],
) -> list[Ranked]:
    """Tier 0, and unless ``exact`` tiers 1 and 2 (2 only when it differs from 1).
    ``loose(term)``: (stem, prefixes, related stems) of a single word for the compound tier."""
    alone = _phrase_alone(query)
    tiers: list[Ranked] = [
        s.ranked_phrase("words", tokens(alone))
        if alone
        else s.all_of(s.any_of(_exact(s, t) for t in group) for group in query)
    ]
    if exact:
        return tiers
    stem_q = s.all_of(s.any_of(_stems(s, t) for t in group) for group in query)
    tiers.append(s.ranked_phrase("stems", [stem(w) for w in words(alone)]) if alone else stem_q)
    if len(query) == 1 and all(_simple(t) for t in query[0]):
        # One word (or words OR words): the compound tier as one flat union of terms, which
        # Tantivy ranks top-k; without the stems themselves (tier 1 has them) and without
        # excluding tier 1's rows, which would make it score every row.
        loosened = [loose(t) for t in query[0]]
        wider_terms: set[str] = set()
        for _, prefixes, related in loosened:
            for p in prefixes:
                wider_terms.update(s.prefixed("stems", p, PREFIX_TERMS))
            wider_terms.update(related)
        wider_terms -= {base for base, _, _ in loosened}
        if any(prefixes or related for _, prefixes, related in loosened):
            tiers.append(s.terms("stems", sorted(wider_terms)))
        return tiers
    wider = False
    groups = []
    for group in query:
        alternatives = []
        for t in group:
            parts = words(t.text)
            if t.prefix or len(parts) != 1 or parts[0].isdigit():
                alternatives.append(_stems(s, t))
                continue
            base, prefixes, related = loose(t)
            terms = {base, *related}  # one flat union of terms: Tantivy's cheapest union
            for p in prefixes:
                terms.update(s.prefixed("stems", p, PREFIX_TERMS))
            wider = wider or bool(prefixes or related)
            alternatives.append(s.terms("stems", sorted(terms)))
        groups.append(s.any_of(alternatives))
    if wider:
        tiers.append(s.but_not(s.all_of(groups), stem_q))
    return tiers


def _phrase_alone(query: Query) -> str | None:
    """The query's text when it is one phrase and nothing else (ranked by its pairs first)."""
    if len(query) == 1 and len(query[0]) == 1 and not query[0][0].prefix:
        return query[0][0].text if len(words(query[0][0].text)) > 1 else None
    return None


def _simple(term: Term) -> bool:
    parts = words(term.text)
    return not term.prefix and len(parts) == 1 and not parts[0].isdigit()


def _exact(s: Searcher, term: Term) -> tantivy.Query:
    parts = tokens(term.text)
    if term.prefix:
        if len(parts) == 1:
            return s.prefix("words", parts[0], PREFIX_TERMS)
        return tantivy.Query.phrase_prefix_query(
            s.schema, "words", list[str | tuple[int, str]](parts)
        )
    return s.phrase("words", parts)


def _stems(s: Searcher, term: Term) -> tantivy.Query:
    if term.prefix:
        return s.prefix("stems", fold(term.text.casefold()), PREFIX_TERMS)
    return s.phrase("stems", [stem(w) for w in words(term.text)])


def top_items(
    archive: Any,
    s: Searcher,
    queries: list[Ranked],
    f: Filter,
    limit: int,
) -> list[list[tuple[Any, ...]]]:
    """Each query's best ``limit`` items: rows as :func:`referat.archive.search._top_rows`
    gives (item, meeting, date, body, number, title, case, score, position, best section).
    Tantivy searches the queries at once, on threads of its own (it lets go of the GIL while it
    searches); SQLite reads the items' rows afterwards, on this thread (its connection's)."""
    if len(queries) == 1:
        found = [_best_items(s, queries[0], f, limit)]
    else:
        found = list(_POOL.map(lambda q: _best_items(s, q, f, limit), queries))
    return [_item_rows(archive, best, best_row, limit) for best, best_row in found]


# Threads for Tantivy's searches of a query's tiers (made on first use).
_POOL = ThreadPoolExecutor(max_workers=3, thread_name_prefix="referat-search")


def _best_items(
    s: Searcher, query: Ranked, f: Filter, limit: int
) -> tuple[dict[int, float], dict[int, int | None]]:
    """The items of the best rows, at least ``limit`` of them where there are: each item's
    best score (negated) and best row."""
    k = max(1, min(limit * ROWS_PER_ITEM, s.searcher.num_docs))  # a --limit of "all" too
    while True:
        rows, full = s.best_rows(query, f, k)
        best: dict[int, float] = {}
        best_row: dict[int, int | None] = {}
        for item_id, section, score in rows:
            if item_id not in best:  # rows come best first
                best[item_id], best_row[item_id] = -score, section or None
        if not full or len(best) >= limit:
            return best, best_row
        k *= 4


def _item_rows(
    archive: Any, best: dict[int, float], best_row: dict[int, int | None], limit: int
) -> list[tuple[Any, ...]]:
    if not best:
        return []
    top = sorted(best, key=best.__getitem__)[: limit + _ties(best, limit)]
    return ranked_item_rows(archive.tuple_cursor(), best, best_row, top, limit)


def _ties(best: dict[int, float], limit: int) -> int:
    """How many items beyond ``limit`` share the score of the last one (ordered by date)."""
    if len(best) <= limit:
        return 0
    scores = sorted(best.values())
    cutoff = scores[limit - 1]
    return sum(1 for v in scores[limit:] if v == cutoff)


def count_items(s: Searcher, tiers: list[Ranked], f: Filter) -> int:
    plain = [q.whole if isinstance(q, PairsFirst) else q for q in tiers]
    return s.items_matching(s.any_of(plain), f)


def ranked_item_rows(
    conn: sqlite3.Connection | sqlite3.Cursor,
    best: dict[int, float],
    best_row: Mapping[int, int | None],
    top: list[int],
    limit: int,
) -> list[tuple[Any, ...]]:
    """The ``top`` items' rows, best score first, then date and position (ties), at most
    ``limit``: (item, meeting, date, body, number, title, case, score, position, best section).
    Both engines' ranking ends here (FTS5's in :mod:`referat.archive.search`)."""
    details = conn.execute(
        f"""SELECT i.id, m.id, m.date, m.body, i.number, i.title, i.case_number, i.position
FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id IN ({",".join("?" * len(top))})""",
        top,
    ).fetchall()
    ranked = sorted(details, key=lambda d: (best[d[0]], d[2], d[7]))[:limit]
    return [(*d[:7], best[d[0]], d[7], best_row.get(d[0])) for d in ranked]
