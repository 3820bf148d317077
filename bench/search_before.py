"""The search index's search as issue 22 first merged it, for the scale bench to run turn about
with today's (issue 22, two words and phrases): every tier searched, one after the other, a
phrase of three words ranked by positions, and snippets judged word by word.  Swapped in for a
call only (:func:`previous_search`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from referat.archive import index_search, search, snippets
from referat.archive.tiers import Plan

_plan_of = search.plan_of
_top_items = index_search.top_items


def _every_tier(*args: Any, **kwargs: Any) -> Plan:
    plan = _plan_of(*args, **kwargs)
    plan.several = False
    return plan


def _one_at_a_time(archive: Any, s: Any, queries: list[Any], f: Any, limit: int) -> list[Any]:
    return [_top_items(archive, s, [q], f, limit)[0] for q in queries]


def _no_phrase_alone(query: Any) -> str | None:
    return None


_TOKEN = re.compile(r"\w+")


def _count_word_by_word(text: str, judge: Any) -> tuple[int, list[str], set[str]]:
    """As each section was: its snippet made with its count (:func:`_made_already` hands it on)."""
    count, snippet = _snippet_word_by_word(text, judge.matched)
    return count, [snippet], set()


def _made_already(text: str, counted: tuple[int, list[str], set[str]]) -> str:
    return counted[1][0]


def _snippet_word_by_word(text: str, matched: Any) -> tuple[int, str]:
    matched = getattr(matched, "matched", matched)  # a snippets._Judge: its matcher
    tokens = list(_TOKEN.finditer(text))
    hits = [n for n, t in enumerate(tokens) if matched(t.group())]
    if not tokens:
        return 0, ""
    first = max(0, min(hits[0] - 2, len(tokens) - snippets.SNIPPET_TOKENS)) if hits else 0
    window = tokens[first : first + snippets.SNIPPET_TOKENS]
    return len(hits), snippets._mark(text, window, set(hits), first, len(tokens))


def _first_window_word_by_word(text: str, judge: Any) -> str | None:
    count, snippet = _snippet_word_by_word(text, judge)
    return snippet if count else None


# What previous_search swaps in: (module, name, the first merge's version).
_SWAPS: tuple[tuple[Any, str, Any], ...] = (
    (search, "plan_of", _every_tier),
    (index_search, "top_items", _one_at_a_time),
    (index_search, "_phrase_alone", _no_phrase_alone),
    (snippets, "_snippet", _snippet_word_by_word),
    (snippets, "_count", _count_word_by_word),
    (snippets, "_window", _made_already),
    (snippets, "_first_window", _first_window_word_by_word),
)


@contextmanager
def previous_search() -> Iterator[None]:
    saved = [(module, name, getattr(module, name)) for module, name, _ in _SWAPS]
    for module, name, first in _SWAPS:
        setattr(module, name, first)
    try:
        yield
    finally:
        for module, name, now in saved:
            setattr(module, name, now)
