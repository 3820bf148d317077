"""The search index's queries (:mod:`referat.archive.index_search` builds a search's from
them): what the index filters on, and one opened index with its query shapes.

A phrase of three words or more alone is ranked by its word pairs first (:class:`PairsFirst`):
Tantivy reads the positions of every row a phrase query's words share (30-60 ms for
``"børn og unge"`` at a million items), the pairs (one term each, adjacent words) only rank.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import tantivy

from referat.archive.searchindex import PAIRS

CHECKED_PER_ROW = 64  # a phrase's candidates' items: this many rows per candidate checked


@dataclass(frozen=True, slots=True)
class PairsFirst:
    """A phrase of three words or more, alone in a query: its rows ranked by its word pairs
    (all required, each scored: an intersection of two terms, no positions), and the phrase
    checked by positions for the candidates' items only.  The same rows as ``whole``, ranked
    by the pairs' BM25 instead of the phrase's."""

    pairs: tantivy.Query
    phrase: tantivy.Query
    whole: tantivy.Query  # the phrase narrowed by its pairs, scored as the phrase (counting)


Ranked = tantivy.Query | PairsFirst


@dataclass(frozen=True, slots=True)
class Filter:
    """What the index can filter on (others are searched with FTS5)."""

    body: str | None = None
    town: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    kind: str | None = None


def _filtered(schema: tantivy.Schema, query: tantivy.Query, f: Filter) -> tantivy.Query:
    must = [query]
    if f.body:
        must.append(tantivy.Query.term_query(schema, "body", f.body.lower()))
    if f.town:
        must.append(tantivy.Query.term_query(schema, "town", f.town.lower()))
    if f.kind:
        must.append(tantivy.Query.term_query(schema, "kind", f.kind))
    if f.since or f.until:
        must.append(
            tantivy.Query.range_query(
                schema,
                "date",
                tantivy.FieldType.Integer,
                _day(f.since) if f.since else None,
                _day(f.until) if f.until else None,
            )
        )
    if len(must) == 1:
        return query
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in must])


def _day(date: dt.date) -> int:
    return date.year * 10_000 + date.month * 100 + date.day


class Searcher:
    """One archive's index, opened for searching."""

    def __init__(self, index: tantivy.Index) -> None:
        self.index = index
        self.schema = index.schema
        self.searcher = index.searcher()

    def best_rows(
        self, query: Ranked, f: Filter, k: int
    ) -> tuple[list[tuple[int, int, float]], bool]:
        """The best ``k`` documents as (item, section, score) and whether there were ``k``."""
        if isinstance(query, PairsFirst):
            return self._pairs_first(query, f, k)
        hits = self.searcher.search(_filtered(self.schema, query, f), limit=k, count=False).hits
        return self._rows(hits), len(hits) == k

    def _rows(self, hits: list[tuple[Any, tantivy.DocAddress]]) -> list[tuple[int, int, float]]:
        addresses = [address for _, address in hits]
        items = self.searcher.fast_field_values("item", addresses)
        sections = self.searcher.fast_field_values("section", addresses)
        return [
            (int(i or 0), int(s or 0), float(h[0]))
            for i, s, h in zip(items, sections, hits, strict=True)
        ]

    def _pairs_first(
        self, query: PairsFirst, f: Filter, k: int
    ) -> tuple[list[tuple[int, int, float]], bool]:
        """The best ``k`` documents by the phrase's pairs, less those that have the pairs but
        not the phrase: their positions read for the candidates' items only."""
        hits = self.searcher.search(_filtered(self.schema, query.pairs, f), limit=k, count=False)
        candidates = hits.hits
        if not candidates:
            return [], False
        items = self.searcher.fast_field_values("item", [a for _, a in candidates])
        theirs = tantivy.Query.term_set_query(
            self.schema, "item", sorted({int(i or 0) for i in items})
        )
        check = Searcher.all_of([tantivy.Query.const_score_query(query.phrase, 0.0), theirs])
        cap = max(1, CHECKED_PER_ROW * k)
        checked = self.searcher.search(check, limit=cap, count=False).hits
        if len(checked) == cap:  # items of very many rows: positions read the plain way
            whole = self.searcher.search(
                _filtered(self.schema, query.whole, f), limit=k, count=False
            )
            return self._rows(whole.hits), len(whole.hits) == k
        found = {(a.segment_ord, a.doc) for _, a in checked}
        kept = [h for h in candidates if (h[1].segment_ord, h[1].doc) in found]
        return self._rows(kept), len(candidates) == k

    def items_matching(self, query: tantivy.Query, f: Filter) -> int:
        """How many items ``query`` matches (Tantivy's cardinality estimate above a few
        thousand)."""
        return int(self.searcher.cardinality(_filtered(self.schema, query, f), "item"))

    def ranked_phrase(self, field: str, terms: list[str]) -> Ranked:
        """:meth:`phrase` for a query that is this phrase alone: three words or more are
        ranked by their pairs first (:class:`PairsFirst`)."""
        if len(terms) < 3:
            return self.phrase(field, terms)
        pairs = [
            tantivy.Query.term_query(self.schema, PAIRS[field], f"{a}_{b}")
            for a, b in itertools.pairwise(terms)
        ]
        words: list[str | tuple[int, str]] = list(terms)
        return PairsFirst(
            self.all_of(pairs),
            tantivy.Query.phrase_query(self.schema, field, words),
            self.phrase(field, terms),
        )

    # Queries --------------------------------------------------------------------------------

    def phrase(self, field: str, terms: list[str]) -> tantivy.Query:
        """``terms`` in a row in ``field`` (words or stems).  Two terms are one term of the pairs
        field (ranked top-k like a word); more are a phrase whose candidates the pairs narrow
        (scored as the phrase alone)."""
        if len(terms) == 1:
            return tantivy.Query.term_query(self.schema, field, terms[0])
        pair_field = PAIRS[field]
        joined = [f"{a}_{b}" for a, b in itertools.pairwise(terms)]
        if len(terms) == 2:
            return tantivy.Query.term_query(self.schema, pair_field, joined[0])
        words: list[str | tuple[int, str]] = list(terms)
        narrowing = [
            tantivy.Query.const_score_query(
                tantivy.Query.term_query(self.schema, pair_field, p), 0.0
            )
            for p in joined
        ]
        return self.all_of([tantivy.Query.phrase_query(self.schema, field, words), *narrowing])

    def terms(self, field: str, values: Iterable[str]) -> tantivy.Query:
        """Any of these terms, each scored: one flat union, ranked top-k (block-max WAND)."""
        return self.any_of(tantivy.Query.term_query(self.schema, field, v) for v in values)

    def prefixed(self, field: str, head: str, limit: int) -> list[str]:
        """The ``limit`` most frequent terms of ``field`` beginning with ``head``."""
        return [t for t, _ in self.searcher.terms_with_prefix(field, head, limit=limit)]

    def prefix(self, field: str, head: str, limit: int) -> tantivy.Query:
        """The ``limit`` most frequent terms beginning with ``head``, each scored (BM25)."""
        found = self.searcher.terms_with_prefix(field, head, limit=limit)
        return self.any_of([tantivy.Query.term_query(self.schema, field, t) for t, _ in found])

    @staticmethod
    def any_of(queries: Iterable[tantivy.Query]) -> tantivy.Query:
        qs = list(queries)
        if not qs:
            return tantivy.Query.empty_query()
        if len(qs) == 1:
            return qs[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in qs])

    @staticmethod
    def all_of(queries: Iterable[tantivy.Query]) -> tantivy.Query:
        qs = list(queries)
        if len(qs) == 1:
            return qs[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in qs])

    @staticmethod
    def but_not(query: tantivy.Query, excluded: tantivy.Query) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query), (tantivy.Occur.MustNot, excluded)]
        )
