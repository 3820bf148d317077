"""The evidence of a search hit: the snippet of an item's best section, in the minutes' own words.

Found as written, FTS5's own ``snippet()`` of the row the ranking found best; found by stems or
compounds, ours (:func:`_snippet`: a window of words around the first matched one, each word
judged by the query's matcher), as the stem index holds stems, not the text.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, KeysView
from typing import Any

from referat.archive.schema import SECTIONS_FTS, FtsConfig
from referat.archive.store import Archive

HIGHLIGHT = ("\x02", "\x03")  # snippet markers; render turns them into style, JSON into **
SNIPPET_TOKENS = 16

_TOKEN = re.compile(r"\w+")


def item_snippets(
    archive: Archive,
    tiers: list[tuple[FtsConfig, str]],
    matched: Callable[[str], bool],
    ordered: list[tuple[int, tuple[Any, ...]]],
    section: str | None,
    *,
    own: bool = False,
    candidates: re.Pattern[str] | None = None,
) -> dict[int, tuple[str | None, str]]:
    """For each item: (kind, snippet) of its best row in the tier that found it (by BM25, a row
    whose text matched first); an item without sections: (None, "").  Found as written: FTS5's
    own snippet; found by stems: ours, of that one section (the stem index holds no text).
    ``own`` (the search index ranked): where the best row's text did not match (its title did),
    ours of the item's section with the most matched words, not a second FTS5 search (which
    costs as much as the ranking did on a large archive).  ``candidates``: the words of a
    lower-cased text that may match (:func:`referat.archive.tiers.candidates`), so a text is
    counted without judging its every word."""
    result: dict[int, tuple[str | None, str]] = {row[0]: (None, "") for _, row in ordered}
    judge = _Judge(matched, candidates)  # each distinct word judged once in this search
    by_tier: dict[int, list[int]] = {}
    for tier, row in ordered:
        by_tier.setdefault(tier, []).append(row[0])
    # The ranking read each item's best row: its snippet needs no second search of the index.
    for tier, row in ordered:
        rowid = row[9] if len(row) > 9 else None
        if rowid is None:
            continue
        found = _best_row_snippet(
            archive, tiers, tier, row[0], rowid, judge, section if own else None, own
        )
        if found is not None:
            result[row[0]] = found
            by_tier[tier].remove(row[0])
    for tier, item_ids in by_tier.items():
        if not item_ids:
            continue
        fts, match = tiers[tier]
        rows = []
        if tier:  # a section whose text matched (not only its item's title), else any
            rows = _best_rows(archive, fts, f"text : ({match})", item_ids, section)
            done = {row[0] for row in rows}
            item_ids = [i for i in item_ids if i not in done]
        if item_ids:
            rows += _best_rows(archive, fts, match, item_ids, section)
        for item_id, kind, snippet, text in rows:
            if tier:
                snippet = _first_window(text, judge) or _snippet(text, judge)[1]
            result[item_id] = (kind, snippet)
    return result


def _best_row_snippet(
    archive: Archive,
    tiers: list[tuple[FtsConfig, str]],
    tier: int,
    item_id: int,
    rowid: int,
    judge: _Judge,
    kind: str | None = None,
    own: bool = False,
) -> tuple[str | None, str] | None:
    """(kind, snippet) of the row the ranking found best, if its text matched; else the
    item's section with the most matched words (found by stems); else None."""
    cursor = archive.tuple_cursor()
    if tier == 0:
        start, end = HIGHLIGHT
        fts, match = tiers[0]
        hit = cursor.execute(
            f"""SELECT s.kind, snippet({fts.name}, 2, ?, ?, '…', {SNIPPET_TOKENS})
FROM {fts.name} JOIN sections s ON s.id = {fts.name}.rowid
WHERE {fts.name} MATCH ? AND {fts.name}.rowid = ?""",
            (start, end, match, rowid),
        ).fetchone()
        if hit and start in (hit[1] or ""):
            return hit[0], hit[1]
        if not own:
            return None
    # The best row first, read alone (an item's other sections may be long and are seldom
    # needed), then the others in order.
    sql = "SELECT id, kind, text FROM sections WHERE item_id = ?1 AND (?2 IS NULL OR kind = ?2)"
    first = cursor.execute(sql + " AND id = ?3", (item_id, kind, rowid)).fetchall()
    if first and (window := _first_window(first[0][2], judge)) is not None:
        return first[0][1], window  # the best row's own text matched: take it
    own = bool(first)
    first += cursor.execute(sql + " AND id != ?3 ORDER BY id", (item_id, kind, rowid)).fetchall()
    if not own and first and (window := _first_window(first[0][2], judge)) is not None:
        return first[0][1], window
    best: tuple[_Counted, str | None, str] | None = None
    for _, kind, text in first:
        counted = _count(text, judge)
        if best is None or counted[0] > best[0][0]:
            best = (counted, kind, text)
    return (best[1], _window(best[2], best[0])) if best else None


def _best_rows(
    archive: Archive, fts: FtsConfig, match: str, item_ids: list[int], section: str | None
) -> list[tuple[int, str | None, str, str]]:
    """(item, kind, FTS5 snippet or "", text) of each item's best row for ``match``.

    An item's sections have consecutive ids (save._ItemRows), so its rows are one rowid range,
    which FTS5 tests on the rowid alone (an ``IN`` list of rowids is a lookup per rowid, and
    each lookup expands a prefix query anew)."""
    marks = ",".join("?" * len(item_ids))
    spans = archive.conn.execute(
        f"SELECT item_id, min(id), max(id) FROM sections WHERE item_id IN ({marks}) "
        "GROUP BY item_id",
        item_ids,
    ).fetchall()
    if not spans:
        return []
    start, end = HIGHLIGHT
    snippet = (
        f"snippet({fts.name}, 2, ?, ?, '…', {SNIPPET_TOKENS})" if fts is SECTIONS_FTS else "''"
    )
    where = " OR ".join([f"({fts.name}.rowid BETWEEN ? AND ?)"] * len(spans))
    sql = f"""
SELECT s.item_id, s.kind, {snippet}, s.text, {fts.bm25}
FROM {fts.name} JOIN sections s ON s.id = {fts.name}.rowid
WHERE {fts.name} MATCH ? AND ({where}) {"AND s.kind = ?" if section else ""}"""
    args: list[Any] = [start, end] if fts is SECTIONS_FTS else []
    args += [match, *(x for span in spans for x in span[1:])]
    if section:
        args.append(section)
    best: dict[int, tuple[tuple[bool, float], tuple[int, str | None, str, str]]] = {}
    for item_id, kind, snip, text, score in archive.conn.execute(sql, args):
        key = (bool(snip) and start not in snip, score)
        if item_id not in best or key < best[item_id][0]:
            best[item_id] = (key, (item_id, kind, snip or "", text))
    return [row for _, row in best.values()]


class _Judge:
    """The query's matcher over a text's distinct words: each word judged once a search, the
    rest set operations (in C)."""

    def __init__(
        self, matched: Callable[[str], bool], candidates: re.Pattern[str] | None = None
    ) -> None:
        self.matched = matched
        self.candidates = candidates  # the words that may match (None: judge every word)
        self.seen: set[str] = set()
        self.hits: set[str] = set()

    def judged(self, word: str) -> bool:
        """Whether one word matched (judged once a search)."""
        if word not in self.seen:
            self.seen.add(word)
            if self.matched(word):
                self.hits.add(word)
        return word in self.hits

    def hits_among(self, words: KeysView[str]) -> set[str]:
        new = words - self.seen
        if new:
            self.hits.update(w for w in new if self.matched(w))
            self.seen |= new
        return words & self.hits


# A text counted: (how many of its words matched, its words (None when only the candidates of
# its lower-cased text were counted), the distinct ones that matched (then lower-cased)).
_Counted = tuple[int, list[str] | None, set[str]]


def _snippet(text: str, matched: Callable[[str], bool] | _Judge) -> tuple[int, str]:
    """(how many words matched, a window of SNIPPET_TOKENS words from the first of them)."""
    judge = matched if isinstance(matched, _Judge) else _Judge(matched)
    counted = _count(text, judge)
    return counted[0], _window(text, counted)


def _first_window(text: str, judge: _Judge) -> str | None:
    """The window :func:`_snippet` makes of a text when a word of it matched, else None.
    Where the candidates may be used (:func:`_count`), the text is read only as far as the
    window: the first matched candidate found in C and the words around it, not every word of
    a long section counted; a window that would run past the text's last word (and so be moved
    back) is made as :func:`_snippet` makes it."""
    low = text.lower()
    if judge.candidates is None or len(low) != len(text) or low != text.casefold():
        counted = _count(text, judge)
        return _window(text, counted) if counted[0] else None
    for found in judge.candidates.finditer(low):
        if judge.judged(found.group()):
            break
    else:
        return None
    before = _words_before(low, found.start(), 2)
    start = before[0].start() if before else found.start()
    window = list(itertools.islice(_TOKEN.finditer(text, start), SNIPPET_TOKENS))
    if len(window) < SNIPPET_TOKENS:
        return _window(text, _count(text, judge))  # near the end: moved back
    ahead = 1 if len(before) == 2 and _TOKEN.search(low, 0, start) else 0
    more = 1 if _TOKEN.search(low, window[-1].end()) else 0
    marked = {ahead + k for k, m in enumerate(window) if judge.judged(low[m.start() : m.end()])}
    return _mark(text, window, marked, ahead, ahead + len(window) + more)


def _words_before(low: str, end: int, count: int) -> list[re.Match[str]]:
    """The last ``count`` words before ``end`` (fewer at the text's start), found in a stretch
    that grows until it holds them."""
    span = 64
    while True:
        begin = max(0, end - span)
        while begin and (low[begin - 1].isalnum() or low[begin - 1] == "_"):
            begin -= 1  # not inside a word (\w): its tail would be taken for a word
        words = list(_TOKEN.finditer(low, begin, end))[-count:]
        if len(words) == count or begin == 0:
            return words
        span *= 4


def _count(text: str, judge: _Judge) -> _Counted:
    """Each distinct word judged once and the matched ones counted in C (a budget's text has
    thousands of words), or only the candidates (:attr:`_Judge.candidates`) where lower-casing
    keeps the text's length and is its case-folding (else a candidate could be missed); the
    window is made only for the section shown (:func:`_window`)."""
    if judge.candidates is not None:
        low = text.lower()
        if len(low) == len(text) and low == text.casefold():
            counts = Counter(judge.candidates.findall(low))
            hit_words = judge.hits_among(counts.keys())
            return sum(counts[w] for w in hit_words), None, hit_words
    tokens = _TOKEN.findall(text)
    counts = Counter(tokens)
    hit_words = judge.hits_among(counts.keys())
    return sum(counts[w] for w in hit_words), tokens, hit_words


def _window(text: str, counted: _Counted) -> str:
    """The words from two before the first matched one, but a whole window where the text
    allows, the matched ones marked; only these words are found again with their places."""
    count, tokens, hit_words = counted
    if tokens is None:  # only the candidates were counted: the words, lower-cased as they were
        tokens = _TOKEN.findall(text.lower())
    if not tokens:
        return ""
    first = 0
    if count:
        first_hit = next(n for n, w in enumerate(tokens) if w in hit_words)
        first = max(0, min(first_hit - 2, len(tokens) - SNIPPET_TOKENS))
    window = list(itertools.islice(_TOKEN.finditer(text), first, first + SNIPPET_TOKENS))
    hits = {n for n in range(first, first + len(window)) if tokens[n] in hit_words}
    return _mark(text, window, hits, first, len(tokens))


def _mark(text: str, window: Iterable[re.Match[str]], hits: set[int], first: int, n: int) -> str:
    start, end = HIGHLIGHT
    out: list[str] = ["…" if first else ""]
    spans = list(window)
    pos = spans[0].start()
    for k, token in enumerate(spans, start=first):
        out.append(text[pos : token.start()])
        out.append(f"{start}{token.group()}{end}" if k in hits else token.group())
        pos = token.end()
    last = first + len(spans)
    out.append("…" if last < n else text[pos:])
    return " ".join("".join(out).split())
