"""A query's tiers as FTS5 MATCH expressions: the words as written, their Danish stems, and
the compounds and derived forms each word finds (:mod:`referat.archive.search` ranks them).

The compound tier's rules are data (the constants below); the archive's own vocabulary
(``stem_vocab``) says which compounds exist.  A plan also says which words of a snippet are
matched (:func:`matcher`).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from referat.archive.fts import Term, exact_term, fts_string, match_expression, parse_query
from referat.archive.schema import SECTIONS_FTS, STEMS_FTS, FtsConfig
from referat.archive.stems import FOLDS, fold, stem, words
from referat.archive.store import Archive

# Compound and derivation rules (tier 2), as data.
PREFIX_MIN = 4  # a stem this long also finds the words it begins (sygefravær -> ...spulje)
SUFFIX_MIN = 4  # ... and those it ends (pulje -> rekrutteringspulje)
SUFFIX_HEAD = 3  # ... after at least this many letters
SUFFIX_TERMS = 64  # at most this many vocabulary stems per word
TRIM_MIN = 10  # a stem this long finds words sharing all but its last TRIM letters
TRIM = 3
SHORTER_MIN = 5  # stems of the vocabulary the stem begins with, this long at least ...
SHORTER_MAX = 5  # ... and at most this many letters shorter (tegningsberettiget: ...beret)


TIERS = ("exact", "stem", "compound")
# What a tier's match is worth against the words as written: its BM25 score times this.  A
# compound in an item's title (weight 4) still outranks the word once in another item's text.
TIER_WEIGHTS = (1.0, 0.8, 0.5)


@dataclass
class Plan:
    """A query's MATCH expression per tier, and what marks a word as matched in a snippet."""

    tiers: list[tuple[FtsConfig, str]]
    stems: set[str] = field(default_factory=set)  # a word whose stem is one of these matched
    prefixes: set[str] = field(default_factory=set)  # ... or whose stem begins with one
    typed: set[str] = field(default_factory=set)  # ... or that is one of these, as written
    # Words that must all match: the compound tier is an intersection of two wide unions, which
    # an engine scores match by match (no top-k pruning), so it only fills a page (in rank
    # order) that the words as written and their stems leave short (issue 22).
    several: bool = False


def plan_of(archive: Archive, text: str, exact: bool) -> Plan:
    query = parse_query(text)
    plan = Plan([(SECTIONS_FTS, match_expression(query, exact_term))])
    plan.typed = {w.casefold() for group in query for t in group for w in words(t.text)}
    plan.several = len(query) > 1
    if exact:
        return plan
    stem_match = match_expression(query, stem_term)
    plan.tiers.append((STEMS_FTS, stem_match))
    loose = match_expression(query, lambda t: _loose_term(archive.conn, t, plan))
    if loose != stem_match:
        # Rows the stem tier scores are not scored again (bm25 over many terms is the cost).
        plan.tiers.append((STEMS_FTS, f"({loose}) NOT ({stem_match})"))
    for group in query:
        for t in group:
            if t.prefix:
                plan.prefixes.add(fold(t.text.casefold()))
            else:
                plan.stems.update(stem(w) for w in words(t.text))
    return plan


def stem_term(term: Term) -> str:
    if term.prefix:  # as typed: a stem of a word's beginning means little
        return fts_string(fold(term.text.casefold()), prefix=True)
    return fts_string(" ".join(stem(w) for w in words(term.text)))


def _loose_term(conn: sqlite3.Connection, term: Term, plan: Plan) -> str:
    parts = words(term.text)
    if term.prefix or len(parts) != 1 or parts[0].isdigit():
        return stem_term(term)
    s, prefixes, related = loose_parts(conn, term)
    plan.prefixes.update(prefixes)
    plan.stems.update(related)
    alternatives = [fts_string(s)]
    alternatives.extend(fts_string(p, prefix=True) for p in prefixes)
    alternatives.extend(fts_string(t) for t in related)
    return alternatives[0] if len(alternatives) == 1 else f"({' OR '.join(alternatives)})"


def loose_parts(conn: sqlite3.Connection, term: Term) -> tuple[str, list[str], list[str]]:
    """A single word's compound tier: (its stem, the heads it finds as prefixes, the stems of
    the vocabulary it finds too)."""
    s = stem(words(term.text)[0])
    prefixes = []
    if len(s) >= PREFIX_MIN:
        prefixes.append(s)
    if len(s) >= TRIM_MIN:
        prefixes.append(s[:-TRIM])
    return s, prefixes, _compounds_ending(conn, s) + _shorter_stems(conn, s)


def _compounds_ending(conn: sqlite3.Connection, s: str) -> list[str]:
    """Stems in the archive that end with ``s`` after a head of SUFFIX_HEAD letters or more."""
    if len(s) < SUFFIX_MIN:
        return []
    rev = s[::-1]
    rows = conn.execute(
        "SELECT term FROM stem_vocab WHERE reversed > ? AND reversed < ? AND length(term) >= ? "
        "ORDER BY reversed LIMIT ?",
        (rev, rev + "\U0010ffff", len(s) + SUFFIX_HEAD, SUFFIX_TERMS),
    )
    return [r[0] for r in rows]


def _shorter_stems(conn: sqlite3.Connection, s: str) -> list[str]:
    """Stems in the archive that ``s`` begins with, a few letters shorter (Snowball cuts some
    forms of a word shorter than others: tegningsberettigede / tegningsberettiget)."""
    heads = [s[:n] for n in range(max(SHORTER_MIN, len(s) - SHORTER_MAX), len(s))]
    if not heads:
        return []
    marks = ",".join("?" * len(heads))
    return [
        r[0] for r in conn.execute(f"SELECT term FROM stem_vocab WHERE term IN ({marks})", heads)
    ]


def matcher(plan: Plan) -> Callable[[str], bool]:
    prefixes = tuple(plan.prefixes)
    seen: dict[str, bool] = {}  # a text repeats its words: each is judged once

    def matched(word: str) -> bool:
        found = seen.get(word)
        if found is None:
            s = stem(word)
            found = seen[word] = (
                word.casefold() in plan.typed
                or s in plan.stems
                or (bool(prefixes) and s.startswith(prefixes))
            )
        return found

    return matched


# A folded letter and what it folds (FOLDS): a word's beginning as written, from a folded one.
_UNFOLDED = {new: f"(?:{new}|{old})" for old, new in FOLDS}


def candidates(plan: Plan) -> re.Pattern[str]:
    """The words of a lower-cased text that :func:`matcher` may match, found by one regular
    expression instead of judging every word: a Snowball stem begins the folded lower-case word
    it stems (it only takes endings off), so such a word begins with one of the plan's stems or
    prefixes as folded, or as written before folding (``å`` from ``aa``); a word matched as
    typed is one of the typed words (lower-cased: the texts counted so are those whose
    lower-casing is their case-folding)."""
    heads = sorted(plan.stems | plan.prefixes | plan.typed, key=len, reverse=True)
    alternatives = ["".join(_UNFOLDED.get(c, re.escape(c)) for c in h) for h in heads]
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives) or '(?!)'})\w*")
