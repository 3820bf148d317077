"""Our own FTS5 quoting: the words a user types -> a safe ``MATCH`` expression.

sqlite-utils' ``quote_fts`` quotes every word too, but knows no prefix (``rekrutter*``) and no
``OR``; this does both and rejects what FTS5 would choke on with a clear message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from referat.errors import QueryError

# --------------------------------------------------------------------------------------------

_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"(?P<pstar>\*?)|(?P<word>[^\s"]+)|(?P<stray>")')
_OPERATORS = {"AND", "OR"}
_WORDY = re.compile(r"\w")


MAX_QUERY_CHARS = 1000  # a longer query is a paste accident, and every word costs a lookup


@dataclass(frozen=True, slots=True)
class Term:
    """One word or ``"quoted phrase"`` of a query, as typed (NFC)."""

    text: str
    phrase: bool = False
    prefix: bool = False  # typed with a trailing *


# A query: terms that must all match (AND), each a group of alternatives (OR).
Query = list[list[Term]]


def parse_query(text: str) -> Query:
    """User words -> terms: every word and every ``"quoted phrase"`` is a term; a trailing ``*``
    makes a prefix (``rekrutter*``); upper-case ``OR`` between two terms means either, ``AND``
    what juxtaposition means anyway.  Anything FTS5 would reject is a QueryError.  The text is
    NFC-normalised first (a typed ``a`` + combining ring is the ``å`` the archive stores)."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text):,} characters; at most {MAX_QUERY_CHARS:,})")
    text = unicodedata.normalize("NFC", text)
    groups: Query = []
    pending: str | None = None  # an operator waiting for its right-hand word
    for match in _TOKEN.finditer(text):
        if match.group("stray") is not None:
            raise QueryError(
                f"unbalanced quote in {text!r}: put a phrase in a pair of double quotes"
            )
        phrase = match.group("phrase")
        if phrase is not None:
            if not _WORDY.search(phrase):
                raise QueryError(f"nothing to search for in {match.group(0)!r}")
            term = Term(phrase, phrase=True, prefix=bool(match.group("pstar")))
        else:
            word = match.group("word")
            if word in _OPERATORS:
                if not groups or pending is not None:
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
            term = Term(core, prefix=stars > 0)
        if pending == "OR":
            groups[-1].append(term)
        else:
            groups.append([term])
        pending = None
    if pending is not None:
        raise QueryError(f"{pending!r} needs a word on each side (in {text!r})")
    if not groups:
        raise QueryError(f"nothing to search for in {text!r}")
    return groups


def match_expression(query: Query, render: Callable[[Term], str]) -> str:
    """A query as an FTS5 MATCH expression, each term rendered by ``render``."""
    parts = []
    for group in query:
        alternatives = [render(t) for t in group]
        parts.append(
            alternatives[0] if len(alternatives) == 1 else f"({' OR '.join(alternatives)})"
        )
    return " AND ".join(parts)


def fts_query(text: str) -> str:
    """User words -> a safe FTS5 MATCH expression that finds them as written.

    Every word and every ``"quoted phrase"`` becomes an FTS5 string, so ``Høje-Taastrup``,
    ``23/14607``, ``B&U`` and ``børne- og ungeområdet`` search as written.  A trailing ``*`` is a
    prefix search (``rekrutter*``).  Upper-case ``OR`` between two words means either; ``AND`` is
    what juxtaposition means anyway.  Anything else that FTS5 would reject is a QueryError.
    """
    return match_expression(parse_query(text), exact_term)


def exact_term(term: Term) -> str:
    return fts_string(term.text, prefix=term.prefix)


def fts_string(text: str, *, prefix: bool = False) -> str:
    """``text`` as one FTS5 string (a phrase of its words), ``*`` after it for a prefix."""
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")
