"""The PDF reader's fast path gives exactly what the reader it replaced gave (issue 22 part 3):
every segment (text, origin, size, right edge, bold, italic) of every page, and so every line's
characters, position, size, weight and gap, on the fixture PDFs, PDFs printed here with fpdf2
(bold, italic, tables, hyphens, columns) and the corpus PDFs when ``../shared`` is present."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfium_reference import reference_segments

from referat.read import pdf as reader
from referat.read.layout import finish_lines, page_lines

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"


def _printed() -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    NEXT = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
    doc = FPDF(format="A4")
    doc.set_auto_page_break(True, margin=20)
    for page in range(3):
        doc.add_page()
        doc.set_font("Helvetica", "B", 14)
        doc.cell(0, 8, f"Punkt {page + 1}: Budgetopfølgning for børne- og ungeområdet", **NEXT)
        doc.set_font("Helvetica", "I", 9)
        doc.cell(60, 6, "Sagsnr.: 24/12345")
        doc.cell(60, 6, "Åben sag", **NEXT)
        doc.set_font("Helvetica", "", 11)
        doc.multi_cell(0, 5, "Økonomiudvalget godkendte indstillingen. " * 12, align="J")
        doc.set_font("Helvetica", "BI", 10)
        doc.cell(0, 6, "Beslutning  -  vedtaget med 7 stemmer mod 2", **NEXT)
        doc.set_font("Helvetica", "", 10)
        for row in range(4):
            for col in range(3):
                doc.cell(50, 7, f"celle {row}.{col} kr. 1.250.000", border=1)
            doc.ln()
        doc.set_font("Helvetica", "", 3)
        doc.cell(0, 4, "skjult tekst", **NEXT)
    return bytes(doc.output())


def _pdfs() -> list[tuple[str, bytes]]:
    found = [(p.name, p.read_bytes()) for p in sorted((ROOT / "fixtures").glob("*.pdf"))]
    found += [(p.name, p.read_bytes()) for p in sorted(CORPUS.glob("*.pdf"))]
    return [*found, ("printed.pdf", _printed())]


@pytest.fixture(scope="module", params=_pdfs(), ids=lambda p: p[0])
def pdf(request: pytest.FixtureRequest) -> tuple[str, bytes]:
    return request.param  # type: ignore[no-any-return]


def test_segments_and_lines_are_those_of_the_old_reader(
    pdf: tuple[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    name, data = pdf
    fast = list(reader._pdfium_pages(data, name))
    monkeypatch.setattr(reader, "_pdfium_segments", reference_segments)
    old = list(reader._pdfium_pages(data, name))
    assert len(fast) == len(old) > 0
    segments = 0
    for page, ((fast_segments, fast_rules), (old_segments, old_rules)) in enumerate(
        zip(fast, old, strict=True), start=1
    ):
        assert fast_segments == old_segments, f"{name}: page {page}"
        assert fast_rules == old_rules
        segments += len(old_segments)
    assert segments > 0
    monkeypatch.undo()
    fast_lines, _ = reader.read_pdf_lines(data, name)
    monkeypatch.setattr(reader, "_pdfium_segments", reference_segments)
    old_lines = [line for page, (s, r) in enumerate(old, 1) for line in page_lines(page, s, r)]
    assert fast_lines == old_lines
    assert finish_lines(fast_lines) == finish_lines(old_lines)
