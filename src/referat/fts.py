"""Our own FTS5 quoting: the words a user types -> a safe ``MATCH`` expression.

sqlite-utils' ``quote_fts`` quotes every word too, but knows no prefix (``rekrutter*``) and no
``OR``; this does both and rejects what FTS5 would choke on with a clear message.
"""

from __future__ import annotations

import re

from .errors import QueryError

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
