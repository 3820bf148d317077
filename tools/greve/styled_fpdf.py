"""Styled prints drawn with fpdf2 (the family's ``fpdf2`` variants).

Everything is drawn here, so every knob of the style is honoured: fonts, sizes, bold or plain
item heads, spacing, run-in headings, a table of contents with or without leaders and pages
(laid out until its page numbers settle), a running header at the top or a footer, attendees as
a line, a list or a two-column table.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from . import print_fpdf
from .compose import Piece, compose
from .source import Meeting
from .styles import Style

FONT_FILES = {
    "serif": ("liberation2/LiberationSerif-Regular.ttf", "liberation2/LiberationSerif-Bold.ttf"),
    "sans": ("liberation2/LiberationSans-Regular.ttf", "liberation2/LiberationSans-Bold.ttf"),
    "dejavu-sans": ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    "dejavu-serif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
    "condensed": ("dejavu/DejaVuSansCondensed.ttf", "dejavu/DejaVuSansCondensed-Bold.ttf"),
}
FONTS = Path("/usr/share/fonts/truetype")
PT = 0.3528  # mm


def version() -> str | None:
    found = print_fpdf.version()
    return found.split("-")[0] if found else None


def missing() -> str | None:
    reason = print_fpdf.missing()
    if reason:
        return reason
    for regular, bold in FONT_FILES.values():
        for name in (regular, bold):
            if not (FONTS / name).exists():
                return f"font {FONTS / name} not found: apt-get install fonts-liberation2"
    return None


def _render(
    meeting: Meeting, style: Style, pieces: list[Piece], toc_pages: dict[int, int]
) -> tuple[bytes, dict[int, int]]:
    from fpdf import FPDF
    from fpdf.enums import MethodReturnValue, XPos, YPos

    size = style.size
    line = size * PT * (1.55 if style.airy else 1.2)
    gap = line * (0.6 if style.airy else 0.15)
    running = style.running
    body = meeting.body

    class Minutes(FPDF):  # type: ignore[misc]
        def header(self) -> None:
            if running == "top" and self.page_no() > 1:
                self.set_font("Body", "", 8)
                self.cell(self.epw / 2, 4, body)
                self.cell(self.epw / 2, 4, f"Side {self.page_no()}", align="R")
                self.ln(8)

        def footer(self) -> None:
            if running == "bottom":
                self.set_y(-12)
                self.set_font("Body", "", 8)
                self.cell(0, 5, f"Side {self.page_no()} af {{nb}}", align="C")

    pdf = Minutes(format="A4", unit="mm")
    pdf.set_margins(20, 16, 20)
    pdf.set_auto_page_break(True, margin=20)
    regular, bold = FONT_FILES[style.font]
    pdf.add_font("Body", "", str(FONTS / regular))
    pdf.add_font("Body", "B", str(FONTS / bold))
    pdf.add_page()
    width = pdf.epw
    nl: dict[str, Any] = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}

    def text(body: str, weight: str = "", scale: float = 1.0, after: float = gap) -> None:
        pdf.set_font("Body", weight, size * scale)
        pdf.multi_cell(width, line * max(1.0, scale), body, align="L", **nl)
        pdf.ln(after)

    def labelled(label: str, value: str, after: float = gap) -> None:
        """``Label: value`` with the label bold, on one line (value wraps after it)."""
        pdf.set_font("Body", "B", size)
        pdf.write(line, f"{label} ")
        pdf.set_font("Body", "", size)
        pdf.write(line, value)
        pdf.ln(line)
        pdf.ln(after)

    def table(rows: list[list[str]], scale: float, borders: bool) -> None:
        pdf.set_font("Body", "", size * scale)
        with pdf.table(
            text_align="LEFT",
            line_height=line * scale,
            padding=0.8,
            first_row_as_headings=False,
            borders_layout="ALL" if borders else "NONE",
        ) as grid:
            for cells in rows:
                row = grid.row()
                for cell in cells:
                    row.cell(cell)
        pdf.ln(gap)

    pages: dict[int, int] = {}
    dot = 0.0
    for piece in pieces:
        role = piece.role
        if role == "title":
            text(piece.text, "B", 1.8, after=gap)
        elif role == "subtitle":
            text(piece.text, "B", 1.3, after=gap * 2 + 1)
        elif role == "dateline":
            text(piece.text, "", 1.1, after=gap * 2 + 1)
        elif role == "field":
            labelled(f"{piece.label}:", piece.text)
        elif role == "people_head":
            text(piece.label or piece.text, "B", after=gap / 2)
        elif role == "person":
            text(piece.text, after=0)
        elif role == "people_table":
            pdf.ln(gap)
            table(piece.rows, 1.0, borders=False)
        elif role == "break":
            pdf.add_page()
        elif role == "toc_head":
            pdf.ln(line)
            text(piece.text, "B", 1.15, after=gap)
        elif role == "toc":
            pdf.set_font("Body", "", size)
            dot = dot or pdf.get_string_width(".")
            number = 10.0 if style.toc != "plain" else 0.0
            lines = pdf.multi_cell(
                width - number - 4, line, piece.text, dry_run=True,
                output=MethodReturnValue.LINES,
            )  # fmt: skip
            for part in lines[:-1]:
                pdf.cell(width, line, part, **nl)
            last = lines[-1]
            if style.toc == "plain":
                pdf.cell(width, line, last, **nl)
                continue
            used = pdf.get_string_width(last) + 1
            pdf.cell(used, line, last)
            leader = width - number - used
            dots = "." * max(0, int(leader / dot) - 1) if style.toc == "leaders" else ""
            pdf.cell(leader, line, dots)
            pdf.cell(number, line, str(toc_pages.get(piece.item or 0, 0)), align="R", **nl)
        elif role == "item":
            after_toc = style.toc != "none" and not pages
            if (style.page_breaks and (pages or after_toc)) or pdf.get_y() > pdf.h - 45:
                pdf.add_page()
            else:
                pdf.ln(line)
            pages[piece.item or 0] = pdf.page_no()
            text(piece.text, "B" if style.head_bold else "", style.head_scale, after=gap + 0.5)
        elif role == "case":
            text(piece.text, after=gap + 1)
        elif role == "heading":
            pdf.ln(gap)
            weight = "B" if style.heading_bold else ""
            text(piece.text, weight, style.heading_scale, after=gap / 2)
        elif role == "runin":
            pdf.ln(gap)
            labelled(piece.label, piece.text)
        elif role == "para":
            text(piece.text)
        elif role == "numbered":
            text(piece.text, "B")
        elif role == "absent":
            text(piece.text)
        elif role == "list":
            pdf.set_font("Body", "", size)
            counters: dict[int, int] = {}
            for level, entry in piece.entries:
                counters[level] = counters.get(level, 0) + 1
                for deeper in [k for k in counters if k > level]:
                    del counters[deeper]
                indent = 5.0 * (level + 1)
                mark = f"{counters[level]}." if piece.ordered else "•–◦"[min(level, 2)]
                pdf.set_x(pdf.l_margin + indent - 4.5)
                pdf.cell(4.5, line, mark)
                pdf.multi_cell(width - indent, line, entry, align="L", **nl)
            pdf.ln(gap)
        elif role == "table":
            table(piece.rows, 0.8, borders=True)
    return bytes(pdf.output()), pages


def render(meeting: Meeting, style: Style) -> bytes:
    """The PDF, laid out until the table of contents names the pages the items start on."""
    pieces = compose(meeting, style)
    pages: dict[int, int] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for _ in range(5):
            pdf, found = _render(meeting, style, pieces, pages)
            if found == pages or style.toc in ("none", "plain"):
                return pdf
            pages = found
    raise RuntimeError(f"{meeting.document}: table of contents pages do not settle")


def print_many(jobs: list[tuple[Meeting, Style, Path]]) -> None:
    for meeting, style, target in jobs:
        target.write_bytes(render(meeting, style))
