"""Join prose, and only prose: wrapped visual lines -> paragraphs.

Runs after the recogniser (:mod:`referat.classify`), on the lines of one section that no rule
claimed (prose), plus bullets and table rows, which keep their own lines.  A paragraph ends at a
gap above the next line, at a line that stops short of the margin when the next one starts a new
sentence, at a page break unless the sentence runs on, and before a list item or a table row.
Wrapped lines are joined with Danish hyphenation undone (:func:`join_wrapped`).

The section text keeps the shape of a text minute: paragraphs separated by one blank line, list
items and table rows on consecutive lines, a nested bullet as ``  - ``.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable

from .lines import Line

# Words after which a line-end hyphen is a Danish "suspended" hyphen: "børne- og ungeområdet".
SUSPENDED_HYPHEN_NEXT = frozenset({"og", "eller", "samt", "el.", "&", "til", "hhv."})
_HYPHENS = "-\u2010"
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
        cut, piece = _join(end, right, self._last_word(), self.vocabulary)
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


def _join(end: str, right: str, head: str, vocabulary: Container[str]) -> tuple[int, str]:
    """How to join ``right`` (stripped, not empty) to a text that ends in ``end`` (its last two
    characters, no trailing space) and whose last word is ``head``: (characters to cut from the
    end, text to append)."""
    if end.endswith("\u00ad"):
        return 1, right
    if end[-1] not in _HYPHENS or len(end) < 2 or not end[-2].isalnum():
        return 0, f" {right}"
    tail = right.split(maxsplit=1)[0]
    if tail.lower() in SUSPENDED_HYPHEN_NEXT:
        return 0, f" {right}"
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
        if tokens and tokens[-1][-1] in _HYPHENS:
            tokens.pop()
        words.update(_word_key(t) for t in tokens)
    return frozenset(words)


# List items: a dash bullet (the clean stage writes every bullet as "- ") always starts an item;
# a number ("1. ", "2) ", "a) ") only where a list is going on or the line is indented.
_WEAK_ITEM = re.compile(r"^(?:\d{1,2}|[a-zA-Z])[.)]\s")
_SENTENCE_END = re.compile(r"[.!?:;)\"”']$")
NESTED = "  - "


def _starts_item(line: Line) -> bool:
    return line.text.startswith("- ") or line.cells is not None


def _runs_on(before: Joined, after: Line) -> bool:
    """Does a sentence run on from ``before`` into the line ``after`` (over a page break or a
    stray gap)?"""
    if before.has_tab or _starts_item(after):
        return False
    end = before.end(2)
    if len(end) > 1 and end[-1] in _HYPHENS and end[-2].isalpha():
        return True
    return after.text[:1].islower() and not _SENTENCE_END.search(end)


def section_text(lines: list[Line], vocabulary: Container[str] = frozenset()) -> str:
    """A section's prose, bullet and table lines -> its text (see the module docstring)."""
    paragraphs: list[list[Joined]] = []
    current: list[Joined] | None = None  # the paragraph being built (its logical lines)
    previous: Line | None = None
    list_indent: float | None = None
    for line in lines:
        text = line.text
        is_item = _starts_item(line) or (list_indent is not None and bool(_WEAK_ITEM.match(text)))
        new_paragraph = current is None or _breaks(previous, line)
        if (
            new_paragraph
            and current
            and previous is not None
            and not previous.cells
            and _runs_on(current[-1], line)
        ):
            current[-1].add(text)
            previous = line
            continue
        if new_paragraph and is_item and line.size is not None and current:
            # Consecutive list items stay one list (one line each), whatever the spacing.
            last = current[-1].start(8).lstrip()
            new_paragraph = not (last.startswith("- ") or _WEAK_ITEM.match(last))
        if new_paragraph:
            current = []
            paragraphs.append(current)
            list_indent = None
        assert current is not None
        if is_item or line.size is None or not current:
            # A new logical line: a list item, a table row, or any line of a text file.
            if line.text.startswith("- "):
                list_indent = line.indent if list_indent is None else list_indent
                if line.indent > (list_indent + 1 if line.size is not None else 0):
                    text = NESTED + text[2:]
            elif _WEAK_ITEM.match(text) and list_indent is None and line.size is not None:
                list_indent = line.indent
            current.append(Joined(text, vocabulary))
        elif (
            list_indent is not None
            and line.indent <= list_indent
            and not is_item
            and (previous is None or previous.short or _SENTENCE_END.search(previous.text))
        ):
            # Back at the list's margin without a marker: the list is over.
            current = [Joined(text, vocabulary)]
            paragraphs.append(current)
            list_indent = None
        else:
            current[-1].add(text)
        previous = line
    return "\n\n".join("\n".join(j.text() for j in p) for p in paragraphs if p)


def _breaks(previous: Line | None, line: Line) -> bool:
    """Does a new paragraph start at ``line``?"""
    if previous is None:
        return True
    if line.cells is not None or previous.cells is not None:
        # A table's rows stay together; a table is a paragraph of its own.
        return line.cells is None or previous.cells is None or line.page != previous.page
    if line.breaks_paragraph or line.page != previous.page:
        return True
    if line.size is None:
        return False  # a text file: only blank lines break paragraphs
    if previous.bold != line.bold or (previous.bold and previous.short):
        return True  # a bold sub-heading is a paragraph of its own
    ends = previous.short or _SENTENCE_END.search(previous.text) is not None
    if _starts_item(line) or (_WEAK_ITEM.match(line.text) and ends):
        return not (
            _starts_item(previous)
            or _WEAK_ITEM.match(previous.text)
            or previous.indent > line.indent
        )
    # Styled: a line that stops well short of the margin, then a capital (tight spacing).
    capital = line.text[:1].isupper() or line.text[:1].isdigit()
    return previous.short and capital


class Vocabulary(Container[str]):
    """A document's words (:func:`document_vocabulary`), gathered on the first question: only a
    line ending in a hyphen asks, and most documents have few or none."""

    def __init__(self, lines: Iterable[Line]) -> None:
        self._lines = list(lines)
        self._words: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            self._words = document_vocabulary([line.text for line in self._lines])
            self._lines = []
        return word in self._words


def vocabulary_of(lines: Iterable[Line]) -> Vocabulary:
    return Vocabulary(lines)
