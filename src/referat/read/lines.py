"""The read stage's product: styled lines, never paragraphs.

Every reader (text, PDF) hands on a :class:`Document` of :class:`Line` values: one visual line
each, with where it stands (page, line on the page) and how it is set (indent, font size, bold,
italic, the gap above it, whether it stops short of the right margin, table cells).  Structure is
recognised on these lines (:mod:`referat.structure.classify`) before any prose is joined
(:mod:`referat.structure.paragraphs`).

A text file has no style: its lines have ``size=None`` and ``bold=False``, their ``gap`` counts
the blank lines above them, and a form feed starts a new page.

Lines survive a trip through the archive: :func:`lines_to_text` gives the readable text kept in
``sources.text`` and :func:`encode_layout` / :func:`decode_layout` the style beside it, so a
re-parse sees exactly what the first parse saw.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Literal

PAGE_BREAK = "\f"

# A gap above a line of at least this many body line pitches (beyond the normal one) separates
# paragraphs; a text file's blank line counts as 1.
PARAGRAPH_GAP = 0.3

Format = Literal["text", "pdf", "html", "docx", "json", "xml"]


@dataclass(frozen=True, slots=True)
class Line:
    """One visual line and how it is set."""

    text: str
    page: int = 1  # 1-based page
    number: int = 1  # 1-based line on its page (a text file: line in the file)
    indent: float = 0.0  # points right of the page's text margin (text: leading spaces x 4.5)
    size: float | None = None  # font size (pt); None when unknown (text files)
    bold: bool = False
    italic: bool = False
    gap: float = 0.0  # extra space above, in body line pitches; text: blank lines above
    short: bool = False  # ends well short of the right margin (a heading, a paragraph's end)
    cells: tuple[str, ...] | None = None  # a table row's cells (``text`` is them tab-joined)
    y: float | None = None  # baseline, points from the top of the page; None for text files
    bold_prefix: int = 0  # characters of ``text`` set bold from its start (a run-in label)

    @property
    def where(self) -> str:
        """Where a person finds this line: ``page 3, line 12`` (text: ``line 12``)."""
        return f"line {self.number}" if self.page == 1 else f"page {self.page}, line {self.number}"

    def starts_bold(self, chars: int) -> bool:
        """Are the first ``chars`` characters set bold (``Økonomi`` of ``Økonomi: Der …``)?"""
        return chars > 0 and (self.bold or self.bold_prefix >= chars)

    @property
    def breaks_paragraph(self) -> bool:
        return self.gap >= PARAGRAPH_GAP

    def with_text(self, text: str) -> Line:
        return replace(self, text=text)


@dataclass(frozen=True, slots=True)
class Document:
    """What the read stage hands on: styled lines and provenance."""

    path: str
    sha256: str
    format: Format
    lines: list[Line] = field(default_factory=list)
    pages: int | None = None
    encoding: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)  # PDF Title, Author, Creator, ...
    styled: bool = False  # lines carry font size and weight (PDF)
    text: str | None = None  # a text file's decoded text, as read
    ocr: bool = False  # the text layer was made by OCR (a scanned PDF read with --ocr)

    def layout(self) -> str | None:
        """The lines' style, kept beside the source text (None for a text file)."""
        return encode_layout(self.lines) if self.styled else None

    def source_text(self) -> str:
        """The text the archive keeps to re-parse this document without the file."""
        return self.text if self.text is not None else lines_to_text(self.lines)


# ---------------------------------------------------------------------------------------------
# Text form: what `sources.text` keeps (readable; blank line for a paragraph gap, form feed
# between pages, a table row's cells separated by tabs) and the style beside it.


def lines_to_text(lines: list[Line]) -> str:
    out: list[str] = []
    page = lines[0].page if lines else 1
    for line in lines:
        while page < line.page:
            out.append(PAGE_BREAK)
            page += 1
        if out and out[-1] != PAGE_BREAK:
            out.extend([""] * min(9, round(line.gap)) if line.gap >= PARAGRAPH_GAP else [])
        out.append(line.text)
    return "\n".join(out)


def encode_layout(lines: list[Line]) -> str:
    """The style of each line as compact JSON (one row per line, in order)."""
    rows = [
        [ln.page, ln.number, round(ln.indent, 1), ln.size and round(ln.size, 1), int(ln.bold),
         int(ln.italic), round(ln.gap, 2), int(ln.short), int(ln.cells is not None), ln.y,
         ln.bold_prefix]
        for ln in lines
    ]  # fmt: skip
    return json.dumps(rows, separators=(",", ":"))


def decode_layout(text: str, layout: str) -> list[Line]:
    """Inverse of :func:`lines_to_text` + :func:`encode_layout`."""
    rows = json.loads(layout)
    texts = [t for t in text.split("\n") if t.strip() and t != PAGE_BREAK]
    if len(texts) != len(rows):
        raise ValueError(f"layout has {len(rows)} lines, text has {len(texts)}")
    lines = []
    for t, row in zip(texts, rows, strict=True):
        page, number, indent, size, bold, italic, gap, short, is_row, y = row[:10]
        bold_prefix = row[10] if len(row) > 10 else 0  # not kept by archives before it
        lines.append(
            Line(
                t,
                page,
                number,
                indent,
                size,
                bool(bold),
                bool(italic),
                gap,
                bool(short),
                tuple(t.split("\t")) if is_row else None,
                y,
                bold_prefix,
            )
        )
    return lines
