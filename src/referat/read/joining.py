"""Joining wrapped text: two visual lines -> one, with Danish hyphenation undone.

The word-level half of paragraph making, used wherever lines are joined: a table cell's lines
(:mod:`referat.read.layout`), a section's prose (:mod:`referat.structure.paragraphs`).  A line-end
hyphen is kept where it is a Danish suspended hyphen (``børne- og ungeområdet``) or where the
document's own vocabulary spells the word with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable

# Words after which a line-end hyphen is a Danish "suspended" hyphen: "børne- og ungeområdet".
SUSPENDED_HYPHEN_NEXT = frozenset({"og", "eller", "samt", "el.", "&", "til", "hhv."})
HYPHENS = "-\u2010"
_WORD_EDGE = ".,;:!?()[]\"'”“»«"


def _word_key(word: str) -> str:
    return word.strip(_WORD_EDGE).lower()


def join_wrapped(left: str, right: str, vocabulary: Container[str] = frozenset()) -> str:
    """Join a wrapped line to the next one, undoing line-end hyphenation.

    ``plan-`` + ``lægningen`` -> ``planlægningen``; real hyphens stay: ``IT-`` + ``udstyr``,
    ``2023-`` + ``2026``, ``Høje-`` + ``Taastrup``, ``børne-`` + ``og`` (-> ``børne- og``) and
    ``kick-`` + ``off`` when ``kick-off`` occurs elsewhere in ``vocabulary`` (the document's words).
    To join many lines use :class:`Joined`, which takes time linear in their length.
    """
    joined = Joined(left, vocabulary)
    joined.add(right)
    return joined.text()


def join_all(lines: Iterable[str], vocabulary: Container[str] = frozenset()) -> str:
    """Wrapped lines -> one line, as :func:`join_wrapped` in turn, in linear time."""
    joined = Joined("", vocabulary)
    for line in lines:
        joined.add(line)
    return joined.text()


class Joined:
    """A logical line built from wrapped visual lines in time linear in its length.

    Joining only ever looks at the end of the text so far (its last characters and last word),
    so the pieces are kept as they come and joined once, at the end: a paragraph of 10,000 lines
    costs 10,000 joins of a line each, not 10,000 copies and scans of a growing paragraph."""

    __slots__ = ("pieces", "tabs", "vocabulary")

    def __init__(self, first: str = "", vocabulary: Container[str] = frozenset()) -> None:
        self.pieces: list[str] = [first] if first else []
        self.tabs = first.count("\t")
        self.vocabulary = vocabulary

    def add(self, right: str) -> None:
        """Join the next visual line (see :func:`join_wrapped`)."""
        right = right.lstrip()
        self._rstrip()
        if not self.pieces or not right:
            if right:
                self._append(right)
            return
        end = self.end(2)
        cut, piece = _join(end, right, self._last_word, self.vocabulary)
        if cut:
            last = self.pieces[-1]
            self.tabs -= last[-cut:].count("\t")
            self.pieces[-1] = last[:-cut]
        self._append(piece)

    def append(self, text: str, separator: str) -> None:
        """Add ``text`` after ``separator`` as it is (no hyphenation undone); the first text
        comes without it."""
        text = text.strip()
        self._rstrip()
        if text:
            self._append(f"{separator}{text}" if self.pieces else text)

    def end(self, count: int) -> str:
        """The last ``count`` characters (fewer if the text is shorter)."""
        out = ""
        for piece in reversed(self.pieces):
            out = piece[-count:] + out
            if len(out) >= count:
                return out[-count:]
        return out

    def start(self, count: int) -> str:
        """The first ``count`` characters (fewer if the text is shorter)."""
        out = ""
        for piece in self.pieces:
            out += piece[: count - len(out)]
            if len(out) >= count:
                break
        return out

    @property
    def has_tab(self) -> bool:
        return self.tabs > 0

    def text(self) -> str:
        if len(self.pieces) > 1:
            self.pieces = ["".join(self.pieces)]
        return self.pieces[0] if self.pieces else ""

    def _append(self, piece: str) -> None:
        self.pieces.append(piece)
        self.tabs += piece.count("\t")

    def _rstrip(self) -> None:
        while self.pieces:
            last = self.pieces[-1]
            kept = last.rstrip()
            self.tabs -= last[len(kept) :].count("\t")
            if kept:
                self.pieces[-1] = kept
                return
            self.pieces.pop()

    def _last_word(self) -> str:
        """``text().split()[-1]``, from the last pieces only (at most _LONGEST_WORD long)."""
        word = ""
        for piece in reversed(self.pieces):
            found = _TRAILING_WORD.search(piece[-_LONGEST_WORD - 1 :])
            assert found is not None  # the pattern matches the empty string at the end
            word = found[0] + word
            if found.start() > 0 or len(word) > _LONGEST_WORD:  # a space, or too long a word
                break
        return word


_TRAILING_WORD = re.compile(r"\S*\Z")
_LONGEST_WORD = 200  # a longer "word" is no word to look up: the joins stay linear


def _join(
    end: str, right: str, last_word: Callable[[], str], vocabulary: Container[str]
) -> tuple[int, str]:
    """How to join ``right`` (stripped, not empty) to a text that ends in ``end`` (its last two
    characters, no trailing space) and whose last word ``last_word()`` gives (asked only at a
    line-end hyphen): (characters to cut from the end, text to append)."""
    if end.endswith("\u00ad"):
        return 1, right
    if end[-1] not in HYPHENS or len(end) < 2 or not end[-2].isalnum():
        return 0, f" {right}"
    tail = right.split(maxsplit=1)[0]
    if tail.lower() in SUSPENDED_HYPHEN_NEXT:
        return 0, f" {right}"
    head = last_word()
    hyphenated, joined = _word_key(head + tail), _word_key(head[:-1] + tail)
    if hyphenated in vocabulary and joined not in vocabulary:
        return 0, right
    if joined in vocabulary:
        return 1, right
    if end[-2].isupper() or end[-2].isdigit() or right[0].isupper() or right[0].isdigit():
        return 0, right
    return 1, right


def document_vocabulary(lines: list[str]) -> frozenset[str]:
    """Every word of the text, except a line's last word when it ends in a hyphen."""
    words: set[str] = set()
    for line in lines:
        tokens = line.split()
        if tokens and tokens[-1][-1] in HYPHENS:
            tokens.pop()
        words.update(_word_key(t) for t in tokens)
    return frozenset(words)
