"""The layout step as it was before issue 22 part 3's last round (a list of segment lists per
visual line, a column list per line, every ``Line`` through keyword arguments), kept as the
reference the faster :mod:`referat.read.layout` is checked against (tests/read/test_layout_fast.py):
every raw line of every page, and every finished line, must be the same."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise
from statistics import median
from typing import NamedTuple

from referat.read.layout import (
    COLUMN_GAP,
    INVISIBLE_SIZE,
    PITCH_MAX,
    SAME_LINE,
    SHORT_LINE,
    WORD_GAP,
    RawLine,
    Rule,
    Segment,
)
from referat.read.lines import Line

_MARK = re.compile(r"^(?:[•◦▪■\-–\uf0b7]|\d{1,3}[.)]|[A-Za-zæøå][.)])$")


class _Table(NamedTuple):
    x0: float
    top: float
    x1: float
    bottom: float
    rows: list[float]  # horizontal rule positions (top-down)
    verticals: list[Rule]

    def holds(self, seg: Segment) -> bool:
        return self.x0 - 1 <= seg.x <= self.x1 + 1 and self.top <= seg.y <= self.bottom


def _merge_close(values: Iterable[float], tolerance: float = 2.0) -> list[float]:
    merged: list[float] = []
    for value in sorted(values):
        if not merged or value - merged[-1] > tolerance:
            merged.append(value)
    return merged


def _find_tables(rules: list[Rule]) -> list[_Table]:
    """Ruled tables: groups of vertical rules whose heights overlap, cut into rows by the
    horizontal rules that span the table."""
    verticals = sorted((r for r in rules if r.vertical), key=lambda r: r.top)
    groups: list[list[Rule]] = []
    for rule in verticals:
        if groups and rule.top <= max(r.bottom for r in groups[-1]) + 2:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    tables = []
    for group in groups:
        if len(_merge_close(r.x0 for r in group)) < 2:
            continue
        x0, x1 = min(r.x0 for r in group), max(r.x1 for r in group)
        top, bottom = min(r.top for r in group), max(r.bottom for r in group)
        rows = _merge_close(
            (r.top + r.bottom) / 2
            for r in rules
            if r.horizontal and top - 2 <= r.top <= bottom + 2 and r.x1 - r.x0 >= 0.9 * (x1 - x0)
        )
        tables.append(_Table(x0, top, x1, bottom, [top, *rows, bottom], group))
    return tables


def _visual_lines(segments: list[Segment]) -> list[list[Segment]]:
    lines: list[list[Segment]] = []
    for seg in sorted(segments, key=lambda s: (s.y, s.x)):
        if lines and seg.y - lines[-1][0].y <= SAME_LINE * max(seg.size, lines[-1][0].size):
            lines[-1].append(seg)
        else:
            lines.append([seg])
    return [sorted(line, key=lambda s: s.x) for line in lines]


def _line_text(line: list[Segment]) -> str:
    """The segments of one visual line, left to right; a word space only where there is a gap
    (an engine may cut a word into one segment per glyph), a tab where the gap is a column's
    (an unruled table: two names side by side, a label and its value, a title and its page)."""
    columns: list[list[str]] = [[]]
    previous: Segment | None = None
    for seg in line:
        gap = seg.x - previous.x1 if previous is not None else 0.0
        if previous is not None and gap >= COLUMN_GAP * seg.size and columns[-1]:
            columns.append([])
        elif columns[-1] and gap > WORD_GAP * seg.size:
            columns[-1].append(" ")
        columns[-1].append(seg.text)
        previous = seg
    text = ""
    for parts in columns:
        column = " ".join("".join(parts).split())
        if not column:
            continue
        # A list's mark set apart from its text ("•", "1.", "a)") is no column of its own.
        text += (" " if not text or _MARK.match(text) else "\t") + column if text else column
    return text


def _raw(page: int, line: list[Segment], cells: tuple[str, ...] | None = None) -> RawLine:
    # The line's size is that of most of its characters; it is bold (italic) when all of it is.
    if len(line) == 1:
        size = round(line[0].size, 1)
    else:
        sizes: dict[float, int] = {}
        for seg in line:
            key = round(seg.size, 1)
            sizes[key] = sizes.get(key, 0) + len(seg.text)
        size = max(sizes, key=sizes.__getitem__)
    text = _line_text(line) if cells is None else "\t".join(cells)
    bold = all(s.bold for s in line)
    return RawLine(
        page,
        line[0].y,
        line[0].x,
        max(s.x1 for s in line),
        size,
        bold,
        all(s.italic for s in line),
        text,
        cells,
        len(text) if bold else 0 if cells is not None else _bold_prefix(line),
    )


def _bold_prefix(line: list[Segment]) -> int:
    """How many characters of the line's text (as :func:`_line_text` writes it) are set bold
    from its start: the bold segments first, then the bold start of the next one."""
    parts: list[Segment] = []
    for seg in line:
        if seg.bold:
            parts.append(seg)
            continue
        if seg.bold_prefix:
            parts.append(seg._replace(text=seg.text[: seg.bold_prefix]))
        break
    if not parts:
        return 0
    # The words stop at the first column; their spacing is the line's own.
    return len(_line_text(parts).split("\t", 1)[0])


def _table_rows(page: int, table: _Table, segments: list[Segment]) -> list[RawLine]:
    from referat.read.joining import Joined

    rows: list[RawLine] = []
    for top, bottom in zip(table.rows, table.rows[1:], strict=False):
        inside = [s for s in segments if top <= s.y < bottom]
        if not inside:
            continue
        middle = (top + bottom) / 2
        edges = _merge_close(r.x0 for r in table.verticals if r.top - 1 <= middle <= r.bottom + 1)
        cells: list[list[Segment]] = [[] for _ in range(max(1, len(edges) - 1))]
        for seg in inside:
            cells[sum(1 for edge in edges[1:-1] if seg.x >= edge)].append(seg)
        texts = []
        for cell in cells:
            joined = Joined()
            for line in _visual_lines(cell):
                joined.add(_line_text(line))
            texts.append(joined.text())
        ordered = sorted(inside, key=lambda s: (s.y, s.x))
        row = _raw(page, ordered, tuple(texts))
        rows.append(row._replace(x=table.x0, x1=table.x1))
    return rows


def page_lines(page: int, segments: list[Segment], rules: list[Rule]) -> list[RawLine]:
    """One page's visual lines, top to bottom; a ruled table row is one line of cells.  Text
    too small to read (hidden text) is left out."""
    segments = [s for s in segments if s.size >= INVISIBLE_SIZE]
    tables = _find_tables(rules)
    in_table: list[list[Segment]] = [[] for _ in tables]
    free: list[Segment] = []
    for seg in segments:
        for i, table in enumerate(tables):
            if table.holds(seg):
                in_table[i].append(seg)
                break
        else:
            free.append(seg)
    lines = [_raw(page, line) for line in _visual_lines(free)]
    for i, table in enumerate(tables):
        lines.extend(_table_rows(page, table, in_table[i]))
    lines.sort(key=lambda line: (line.y, line.x))
    return lines


def body_size(lines: list[RawLine]) -> float:
    """The font size most of the text is set in."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def finish_lines(lines: list[RawLine]) -> list[Line]:
    """Measure the document (body size, line pitch, margins) and give each line its style."""
    if not lines:
        return []
    size = body_size(lines)
    samples = [
        b.y - a.y
        for a, b in pairwise(lines)
        if a.page == b.page
        and a.size == size == b.size
        and a.cells is None
        and 0 < b.y - a.y <= PITCH_MAX * size
    ]
    pitch = median(samples) if samples else 1.2 * size
    left = min(line.x for line in lines)
    body = [line for line in lines if line.size == size and line.cells is None]
    right = max((line.x1 for line in body), default=max(line.x1 for line in lines))
    short_at = right - SHORT_LINE * max(right - left, 1.0)
    out: list[Line] = []
    previous: RawLine | None = None
    number = 0
    for index, line in enumerate(lines):
        if previous is None or previous.page != line.page:
            number, gap = 0, 0.0
        else:
            # The space beyond what the two lines' own type needs, in body line pitches: a
            # bigger font's taller line is not a gap, and does not raise the bar either.
            natural = pitch * max(line.size, previous.size) / size
            gap = max(0.0, (line.y - previous.y - natural) / pitch)
        number += 1
        out.append(
            Line(
                line.text,
                page=line.page,
                number=number,
                indent=round(line.x - left, 1),
                size=line.size,
                bold=line.bold,
                italic=line.italic,
                gap=round(gap, 2),
                short=line.x1 < short_at and _room_for_next_word(line, lines, index, right),
                cells=line.cells,
                y=round(line.y, 1),
                bold_prefix=line.bold_prefix,
            )
        )
        previous = line
    return out


def _room_for_next_word(line: RawLine, lines: list[RawLine], index: int, right: float) -> bool:
    """Would the next line's first word have fitted after ``line``?  If the text goes on in lower
    case and the word would not have fitted, the line stopped short only because that word is
    long ("… samt øget" / "borgerinddragelse"): it wrapped, it is not short."""
    if index + 1 == len(lines) or line.cells is not None:
        return True
    after = lines[index + 1]
    if after.cells is not None or after.size != line.size or not after.text:
        return True
    word = after.text.split(" ", 1)[0]
    if not word[:1].islower():
        return True  # a new sentence or paragraph, not the same one going on
    width = (after.x1 - after.x) / len(after.text) * (len(word) + 1)
    return right - line.x1 >= width
