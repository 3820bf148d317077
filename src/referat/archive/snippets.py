"""The evidence of a search hit: the snippet of an item's best section, in the minutes' own words.

Found as written, FTS5's own ``snippet()`` of the row the ranking found best; found by stems or
compounds, ours (:func:`_snippet`: a window of words around the first matched one, each word
judged by the query's matcher), as the stem index holds stems, not the text.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
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
) -> dict[int, tuple[str | None, str]]:
    """For each item: (kind, snippet) of its best row in the tier that found it (by BM25, a row
    whose text matched first); an item without sections: (None, "").  Found as written: FTS5's
    own snippet; found by stems: ours, of that one section (the stem index holds no text).
    ``own`` (the search index ranked): where the best row's text did not match (its title did),
    ours of the item's section with the most matched words, not a second FTS5 search (which
    costs as much as the ranking did on a large archive)."""
    result: dict[int, tuple[str | None, str]] = {row[0]: (None, "") for _, row in ordered}
    by_tier: dict[int, list[int]] = {}
    for tier, row in ordered:
        by_tier.setdefault(tier, []).append(row[0])
    # The ranking read each item's best row: its snippet needs no second search of the index.
    for tier, row in ordered:
        rowid = row[9] if len(row) > 9 else None
        if rowid is None:
            continue
        found = _best_row_snippet(
            archive, tiers, tier, row[0], rowid, matched, section if own else None, own
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
                snippet = _snippet(text, matched)[1]
            result[item_id] = (kind, snippet)
    return result


def _best_row_snippet(
    archive: Archive,
    tiers: list[tuple[FtsConfig, str]],
    tier: int,
    item_id: int,
    rowid: int,
    matched: Callable[[str], bool],
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
    sections = cursor.execute(
        "SELECT id, kind, text FROM sections WHERE item_id = ?1 AND (?2 IS NULL OR kind = ?2) "
        "ORDER BY id",
        (item_id, kind),
    ).fetchall()
    first = [r for r in sections if r[0] == rowid] + [r for r in sections if r[0] != rowid]
    best: tuple[int, str | None, str] | None = None
    for n, (_, kind, text) in enumerate(first):
        count, snippet = _snippet(text, matched)
        if n == 0 and count:  # the best row's own text matched: take it
            return kind, snippet
        if best is None or count > best[0]:
            best = (count, kind, snippet)
    return (best[1], best[2]) if best else None


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


def _snippet(text: str, matched: Callable[[str], bool]) -> tuple[int, str]:
    """(how many words matched, a window of SNIPPET_TOKENS words from the first of them).

    Each distinct word is judged once and counted in C (a budget's text has thousands of
    words); only the window's words are found again with their places in the text."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return 0, ""
    counts = Counter(tokens)
    hit_words = {w for w in counts if matched(w)}
    count = sum(counts[w] for w in hit_words)
    first = 0
    if count:  # from two words before the first match, but a whole window where it allows
        first_hit = next(n for n, w in enumerate(tokens) if w in hit_words)
        first = max(0, min(first_hit - 2, len(tokens) - SNIPPET_TOKENS))
    window = list(itertools.islice(_TOKEN.finditer(text), first, first + SNIPPET_TOKENS))
    hits = {n for n in range(first, first + len(window)) if tokens[n] in hit_words}
    return count, _mark(text, window, hits, first, len(tokens))


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
