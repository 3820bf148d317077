"""Synthetic minutes as published-style PDFs, for benchmarks (needs fpdf2: the ``bench`` extra).

Each meeting from :mod:`corpus` is printed the way an agenda system prints it: A4, a running
header with municipality and meeting, a ``Side N af M`` footer, justified paragraphs, each
``Punkt`` on a new page, bold headings, a dotted table of contents and the header fields in two
columns.  fpdf2 (pure Python) rather than LibreOffice, so ``make bench`` installs from PyPI only;
the committed fixtures (``tools/make_pdf_fixtures.py``) are the realistic, hyphenated ones.

    python bench/pdfs.py OUT_DIR --meetings 20 [--seed 1] [--big PAGES]
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

from corpus import generate

MUNICIPALITY = "Høje-Taastrup Kommune"
HEADINGS = re.compile(
    r"^(Baggrund|Indstilling|Sagsfremstilling|Økonomi|Bilag|Indholdsfortegnelse|Beslutning .*)$"
)
FIELD = re.compile(r"^(Mødedato|Mødested|Mødedeltagere) (.*)$")
TOC = re.compile(r"^(?P<title>.*?)\.{3,}\t(?P<page>\d+)$")
PUNKT = re.compile(r"^Punkt \d+: ")
# Helvetica is a core PDF font (WinAnsi): these stand in for what it cannot show.
_LATIN = str.maketrans({"–": "-", "”": '"', "“": '"', "’": "'", "•": "-", "…": "..."})


def meeting_pdf(text: str) -> bytes:
    """One meeting's text (in the seeds' structure) -> PDF bytes, the TOC's pages made right."""
    first, pages = _layout(text, None)
    return first if pages is None else _layout(text, pages)[0]


def _layout(text: str, toc_pages: list[int] | None) -> tuple[bytes, list[int] | None]:
    from fpdf import FPDF

    lines = text.translate(_LATIN).split("\n")
    title = next(line for line in lines if line.strip())
    running = title.replace("REFERAT ", "Referat ").replace(" d. ", " ")

    class Minutes(FPDF):  # type: ignore[misc]
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(85, 5, MUNICIPALITY)
            self.cell(85, 5, running, align="R", new_x="LMARGIN", new_y="NEXT")
            self.ln(6)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, f"Side {self.page_no()} af {{nb}}", align="R")

    pdf = Minutes(format="A4")
    pdf.set_margins(20, 15, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    item_pages: list[int] = []
    toc_entries = 0
    for line in lines:
        if not line.strip():
            continue
        if line == title:
            pdf.set_font("Helvetica", "B", 14)
            pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        elif PUNKT.match(line):
            pdf.add_page()
            item_pages.append(pdf.page_no())
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        elif found := FIELD.match(line):
            pdf.set_font("Helvetica", size=10)
            pdf.cell(40, 5, found[1])
            pdf.multi_cell(0, 5, found[2], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        elif found := TOC.match(line):
            pdf.set_font("Helvetica", size=10)
            page = toc_pages[toc_entries] if toc_pages else int(found["page"])
            toc_entries += 1
            width = pdf.get_string_width(found["title"])
            dots = "." * max(3, int((160 - width) / pdf.get_string_width(".")))
            pdf.multi_cell(0, 5, f"{found['title']}{dots}{page}", new_x="LMARGIN", new_y="NEXT")
        elif HEADINGS.match(line):
            pdf.ln(3)
            pdf.set_font("Helvetica", "B", 11)
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        elif "\t" in line:
            pdf.set_font("Helvetica", size=9)
            cells = line.split("\t")
            for cell in cells:
                pdf.cell(170 / len(cells), 5, cell)
            pdf.ln(5)
        else:
            pdf.set_font("Helvetica", size=10)
            indent = 6 if line.startswith("- ") else 0
            pdf.set_x(20 + indent)
            pdf.multi_cell(0, 5, line, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2.5)
    return bytes(pdf.output()), item_pages if toc_entries == len(item_pages) else None


def generate_pdfs(
    n_meetings: int, *, seed: int = 1, items: tuple[int, int] = (3, 9)
) -> Iterator[tuple[str, bytes]]:
    """Yield (file name, PDF bytes): the corpus meetings, printed."""
    for name, text in generate(n_meetings, seed=seed, items=items):
        yield name.removesuffix(".txt") + ".pdf", meeting_pdf(text)


def big_pdf(pages: int, *, seed: int = 7) -> bytes:
    """One meeting of about ``pages`` pages (a city council's long minutes)."""
    n_items = max(1, round(pages / 1.54))  # an item takes 1-2 pages
    _, text = next(generate(1, seed=seed, items=(n_items, n_items)))
    return meeting_pdf(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--meetings", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--big", type=int, metavar="PAGES", help="also write big.pdf")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in generate_pdfs(args.meetings, seed=args.seed):
        (args.out / name).write_bytes(data)
    if args.big:
        (args.out / "big.pdf").write_bytes(big_pdf(args.big))
    print(f"wrote {args.meetings} PDFs to {args.out}")


if __name__ == "__main__":
    main()
