"""Danish word forms for search: folding, Snowball stems, and the stem index's rows.

Minutes write ``rekrutteringsindsatsen`` and ``lønadministrative``; users type ``rekruttering``
and ``lønadministration``.  Every section is indexed a second time as the Snowball (Danish) stems
of its words, in ``section_stems`` (its own FTS5 index, ``section_stems_fts``), and the query's
words are stemmed the same way (:mod:`referat.archive.search`).  The sections' text and its index
(``sections_fts``) stay as written: snippets show the minutes' own words.

Before stemming, a word is *folded* (:data:`FOLDS`): the Swedish/German letters and the old
double-a spelling become Danish letters (``Aarhus`` and ``Århus`` are one word, ``Malmö`` is
``malmø``), on both sides, so the variants find each other through the stem index.

The stemmer is PyStemmer (Snowball compiled to C): it stems the Greve corpus' 800,000 words in
0.8 s, where the pure-Python ``snowballstemmer`` takes 25 s (bench/RESULTS.md).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import Stemmer

from referat.archive.schema import TABLE

# Spelling variants folded to one Danish form before stemming, in order (as data: a new variant
# is a row).  Applied to the index and to the query alike, so a fold can only add matches.
FOLDS: tuple[tuple[str, str], ...] = (
    ("aa", "å"),  # Aarhus, Aabenraa, Taastrup: the spelling before 1948, kept in names
    ("ö", "ø"),  # Swedish and German letters, as in names (Malmö, Schröder)
    ("ä", "æ"),
    ("é", "e"),  # idé, café, allé
    ("ü", "y"),
)

# What FTS5's unicode61 tokenizer calls a token: letters and digits (and here "_", harmless).
_WORD = re.compile(r"\w+")

_STEMMER = Stemmer.Stemmer("danish")


def nfc(text: str) -> str:
    """The query as stored text is written: composed (a typed ``a`` + combining ring is ``å``)."""
    return unicodedata.normalize("NFC", text)


def fold(word: str) -> str:
    """A lower-case word with its spelling variants folded (:data:`FOLDS`)."""
    for old, new in FOLDS:
        if old in word:
            word = word.replace(old, new)
    return word


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """One word -> its folded Snowball stem (``Rekrutteringspuljen`` -> ``rekrutteringspulj``)."""
    return str(_STEMMER.stemWord(fold(word.lower())))


def words(text: str) -> list[str]:
    """The words FTS5 would index in ``text``, as written."""
    return _WORD.findall(nfc(text))


@lru_cache(maxsize=4096)  # a text met again (a sub-item's title on each of its sections)
def stem_text(text: str | None) -> str:
    """``text`` as the stems of its words, space-separated (what ``section_stems`` holds)."""
    if not text:
        return ""
    return " ".join(stem(w) for w in _WORD.findall(text))


# --------------------------------------------------------------------------------------------
# The stem index's rows
# --------------------------------------------------------------------------------------------

# A section's row (id, heading, text, item_title) -> section_stems (id, title, text).
SectionText = tuple[int, str | None, str, str | None]


def section_stems(heading: str | None, text: str) -> str:
    """A section's ``section_stems.text``: the stems of its heading, then of its text."""
    body = stem_text(text)
    return f"{stem_text(heading)} {body}" if heading else body


def vocabulary(stems: Iterable[tuple[str, str]]) -> set[str]:
    """The terms of stem rows' (title, text), digits left out (no compound ends in one)."""
    terms = {term for pair in stems for text in pair for term in text.split()}
    return {term for term in terms if not term.isdigit()}


def stem_rows(sections: Iterable[SectionText]) -> Iterator[tuple[int, str, str]]:
    for sid, heading, text, title in sections:
        yield sid, stem_text(title), section_stems(heading, text)


def save_stems(conn: sqlite3.Connection, sections: Iterable[SectionText]) -> None:
    """Index these sections' stems and add all their stems to the vocabulary."""
    rows = list(stem_rows(sections))
    save_stem_rows(conn, rows, vocabulary((title, text) for _, title, text in rows))


def save_stem_rows(
    conn: sqlite3.Connection, rows: Sequence[tuple[int, str, str]], terms: Iterable[str]
) -> None:
    """Index sections' stems, rows ``(section id, title stems, text stems)`` (``section_stems``,
    whose triggers fill its FTS index), and add ``terms`` to the vocabulary the compound search
    looks suffixes up in."""
    TABLE["section_stems"].insert_rows(conn, rows, verb="INSERT OR REPLACE")
    conn.executemany(
        "INSERT OR IGNORE INTO stem_vocab (term, reversed) VALUES (?, ?)",
        ((term, term[::-1]) for term in sorted(terms)),  # sorted: the same file every time
    )


def fill_stems(conn: sqlite3.Connection, *, batch: int = 5000) -> int:
    """Stem every section the stem index lacks (an archive written before it, or a section
    written by another program); returns how many."""
    missing = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM sections WHERE id NOT IN (SELECT id FROM section_stems) ORDER BY id"
        )
    ]
    for start in range(0, len(missing), batch):
        ids = missing[start : start + batch]
        rows = conn.execute(
            "SELECT id, heading, text, item_title FROM sections "
            f"WHERE id IN ({','.join('?' * len(ids))})",
            ids,
        ).fetchall()
        save_stems(conn, ((r[0], r[1], r[2], r[3]) for r in rows))
    return len(missing)
