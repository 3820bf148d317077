"""Layout ``fpdf2``: drawn directly with fpdf2.

Condensed sans (DejaVu Sans Condensed from ``fonts-dejavu-extra``, else DejaVu Sans), tight
spacing, headings set bold at body size, the header fields as a label/value grid, a table of
contents with dotted leaders (laid out twice so its page numbers are right), item heads
``N. Title`` (closed: ``N. Lukket: Title``), ``Sagsnr.: ...`` lines, decisions headed
``Beslutning``, and a ``Side N af M`` footer.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from . import wording
from .source import Block, Item, Meeting

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = (
    ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
)
SIZE = 9.5  # pt
LINE = 4.1  # mm: tight
LABEL_WIDTH = 30.0  # mm


def font_files() -> tuple[Path, Path] | None:
    for regular, bold in FONTS:
        if (FONT_DIR / regular).exists() and (FONT_DIR / bold).exists():
            return FONT_DIR / regular, FONT_DIR / bold
    return None


def version() -> str | None:
    """``2.8.9-DejaVuSansCondensed``, or None when fpdf2 or the font is missing."""
    try:
        import fpdf
    except ImportError:
        return None
    files = font_files()
    return f"{fpdf.__version__}-{files[0].stem}" if files else None


def missing() -> str | None:
    try:
        import fpdf  # noqa: F401
    except ImportError:
        return "fpdf2 not installed: pip install fpdf2"
    if not font_files():
        return "no DejaVu TTF for æøå: apt-get install fonts-dejavu-core fonts-dejavu-extra"
    return None


def _document(meeting: Meeting, toc_pages: dict[int, int]) -> tuple[bytes, dict[int, int]]:
    from fpdf import FPDF
    from fpdf.enums import MethodReturnValue, XPos, YPos

    files = font_files()
    assert files, missing()

    class Minutes(FPDF):  # type: ignore[misc]
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Body", "", 8)
            self.cell(0, 5, f"Side {self.page_no()} af {{nb}}", align="C")

    pdf = Minutes(format="A4", unit="mm")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("Body", "", str(files[0]))
    pdf.add_font("Body", "B", str(files[1]))
    pdf.add_page()
    width = pdf.epw
    next_line: dict[str, Any] = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}

    def text(body: str, style: str = "", size: float = SIZE, gap: float = 1.2) -> None:
        pdf.set_font("Body", style, size)
        pdf.multi_cell(width, LINE, body, align="L", **next_line)
        pdf.ln(gap)

    def field(label: str, value: str) -> None:
        pdf.set_font("Body", "B", SIZE)
        pdf.cell(LABEL_WIDTH, LINE, f"{label}:")
        pdf.set_font("Body", "", SIZE)
        pdf.multi_cell(width - LABEL_WIDTH, LINE, value, align="L", **next_line)
        pdf.ln(0.6)

    text(meeting.title, "B", 14, gap=0.5)
    text(meeting.body, "B", 11, gap=3)
    field("Mødedato", wording.when(meeting))
    if meeting.location:
        field("Mødested", meeting.location)
    field("Mødedeltagere", ", ".join(wording.present(meeting)))
    for label, names in wording.absence_lines(meeting):
        field(label, ", ".join(names))
    pdf.ln(3)

    text("Indholdsfortegnelse", "B", gap=0.8)
    pdf.set_font("Body", "", SIZE)
    number_width = 10.0
    dot = pdf.get_string_width(".")
    for item in meeting.items:
        head = _head(item)
        lines = pdf.multi_cell(
            width - number_width - 4, LINE, head, dry_run=True, output=MethodReturnValue.LINES
        )
        for line in lines[:-1]:
            pdf.cell(width, LINE, line, **next_line)
        last = lines[-1]
        used = pdf.get_string_width(last) + 1
        pdf.cell(used, LINE, last)
        leader = width - number_width - used
        pdf.cell(leader, LINE, "." * max(0, int(leader / dot) - 1))
        page = str(toc_pages.get(item.number, 0))
        pdf.cell(number_width, LINE, page, align="R", **next_line)
    pdf.ln(4)

    pages: dict[int, int] = {}
    for item in meeting.items:
        if pdf.get_y() > pdf.h - 45:
            pdf.add_page()
        pages[item.number] = pdf.page_no()
        pdf.ln(2)
        text(_head(item), "B", 10.5, gap=0.3)
        if item.case_number:
            text(f"Sagsnr.: {item.case_number}", gap=1.5)
        for section in item.sections:
            if section.decision:
                text("Beslutning", "B", gap=0.4)
            elif section.heading:
                text(section.heading, "B", gap=0.4)
            for block in section.blocks:
                _block(pdf, block, width, next_line)
        if item.absent:
            text(f"Fraværende: {', '.join(item.absent)}")
    return bytes(pdf.output()), pages


def _head(item: Item) -> str:
    return f"{item.number}. {wording.closed_prefix(item)}{item.title}"


def _block(pdf: Any, block: Block, width: float, next_line: dict[str, Any]) -> None:
    pdf.set_font("Body", "", SIZE)
    if block.kind == "para":
        pdf.multi_cell(width, LINE, block.text, align="L", **next_line)
    elif block.kind == "list":
        counters: dict[int, int] = {}
        for level, item_text in block.items:
            counters[level] = counters.get(level, 0) + 1
            for deeper in [k for k in counters if k > level]:
                del counters[deeper]
            indent = 5.0 * (level + 1)
            mark = f"{counters[level]}." if block.ordered else "•–◦"[min(level, 2)]
            pdf.set_x(pdf.l_margin + indent - 4.5)
            pdf.cell(4.5, LINE, mark)
            pdf.multi_cell(width - indent, LINE, item_text, align="L", **next_line)
    elif block.kind == "table":
        pdf.set_font("Body", "", 7.5)
        with pdf.table(
            text_align="LEFT", line_height=3.3, padding=0.8, first_row_as_headings=False
        ) as table:
            for cells in block.rows:
                row = table.row()
                for cell in cells:
                    row.cell(cell)
        pdf.set_font("Body", "", SIZE)
    pdf.ln(1.2)


def render(meeting: Meeting) -> bytes:
    """The PDF, laid out until the table of contents names the pages the items start on."""
    pages: dict[int, int] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for _ in range(4):
            pdf, found = _document(meeting, pages)
            if found == pages:
                return pdf
            pages = found
    raise RuntimeError(f"{meeting.document}: table of contents pages do not settle")


def print_many(jobs: list[tuple[Meeting, Path]]) -> None:
    for meeting, target in jobs:
        target.write_bytes(render(meeting))
