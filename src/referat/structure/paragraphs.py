"""Join prose, and only prose: wrapped visual lines -> paragraphs.

Runs after the recogniser (:mod:`referat.structure.classify`), on the lines of one section that no
rule
claimed (prose), plus bullets and table rows, which keep their own lines.  A paragraph ends at a
gap above the next line, at a line that stops short of the margin when the next one starts a new
sentence, at a page break unless the sentence runs on, and before a list item or a table row.
Wrapped lines are joined with Danish hyphenation undone (:func:`referat.read.joining.join_wrapped`).

The section text keeps the shape of a text minute: paragraphs separated by one blank line, list
items and table rows on consecutive lines, a nested bullet as ``  - ``.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable

from referat.read.joining import HYPHENS, Joined, document_vocabulary
from referat.read.lines import Line

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
    if len(end) > 1 and end[-1] in HYPHENS and end[-2].isalpha():
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
