"""PDF minutes: both engines, against the text seeds they were made from, and the error PDFs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from referat.errors import (
    CorruptPdfError,
    EncryptedPdfError,
    NoTextLayerError,
    NotMinutesError,
    ReadError,
)
from referat.parse import Parsed, parse_file
from referat.pdf import PDF_ENGINES, Rule, Segment, layout_page, read_pdf_pages, resolve_engine

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
ERRORS = FIXTURES / "pdf-errors"
SEEDS = ["htk-direktionen-2023-01-16", "htk-direktionen-2024-11-04"]


@pytest.fixture(scope="module", params=[(s, e) for s in SEEDS for e in PDF_ENGINES], ids=str)
def pair(request: pytest.FixtureRequest) -> tuple[Parsed, Parsed, str]:
    seed, engine = request.param
    text = parse_file(FIXTURES / f"{seed}.txt")
    pdf = parse_file(FIXTURES / f"{seed}.pdf", pdf_engine=engine)
    return text, pdf, engine


def _squash(value: str | None) -> str | None:
    return None if value is None else " ".join(value.split())


def _comparable(parsed: Parsed) -> dict[str, Any]:
    """The meeting without what must differ: source, item pages, TOC pages; texts squashed."""
    data = parsed.meeting.model_dump(mode="json", exclude={"source"})
    for entry in data["toc"]:
        del entry["page"]
    for item in data["items"]:
        del item["page"]
        for section in item["sections"]:
            section["text"] = _squash(section["text"])
    return data


def test_pdf_parses_to_the_text_seed(pair: tuple[Parsed, Parsed, str]) -> None:
    text, pdf, _ = pair
    assert _comparable(pdf) == _comparable(text)
    assert pdf.warnings == text.warnings == []


def test_section_texts_equal_after_whitespace_normalisation(
    pair: tuple[Parsed, Parsed, str],
) -> None:
    text, pdf, _ = pair
    for a, b in zip(text.meeting.items, pdf.meeting.items, strict=True):
        assert [_squash(s.text) for s in b.sections] == [_squash(s.text) for s in a.sections]


def test_item_page_is_where_its_heading_stands_and_toc_agrees(
    pair: tuple[Parsed, Parsed, str],
) -> None:
    _, pdf, _ = pair
    meeting = pdf.meeting
    assert meeting.source.format == "pdf"
    pages = [i.page for i in meeting.items]
    assert pages == [e.page for e in meeting.toc]  # the generator printed the real pages
    assert pages == sorted(pages) and len(set(pages)) == len(pages)  # each Punkt on a new page
    assert meeting.source.pages is not None and pages[-1] is not None
    assert pages[0] == 2 and pages[-1] <= meeting.source.pages


def test_page_numbers_seen_in_the_pdf() -> None:
    """Item pages checked against the page text itself, not against our own TOC."""
    pages = read_pdf_pages((FIXTURES / f"{SEEDS[1]}.pdf").read_bytes(), "x.pdf")
    heading_pages = [n for n, page in enumerate(pages, 1) if "\nPunkt " in page]
    meeting = parse_file(FIXTURES / f"{SEEDS[1]}.pdf").meeting
    assert [i.page for i in meeting.items] == heading_pages
    assert meeting.source.pages == len(pages) == 9


@pytest.mark.parametrize("seed", SEEDS)
def test_both_engines_give_the_same_pages_and_meeting(seed: str) -> None:
    data = (FIXTURES / f"{seed}.pdf").read_bytes()
    fast = read_pdf_pages(data, seed, engine="pypdfium2")
    slow = read_pdf_pages(data, seed, engine="pdfplumber")
    assert fast == slow
    path = FIXTURES / f"{seed}.pdf"
    assert parse_file(path).meeting == parse_file(path, pdf_engine="pdfplumber").meeting


def test_page_text_shape() -> None:
    """What the read stage hands the cleaners: furniture still there, tables as tab rows."""
    pages = read_pdf_pages((FIXTURES / f"{SEEDS[1]}.pdf").read_bytes(), "x.pdf")
    page3 = pages[2].split("\n")
    assert page3[0] == "Høje-Taastrup Kommune Referat Direktionen 04-11-2024"
    assert page3[-1].strip() == "Side 3 af 9"
    table = [line for page in pages for line in page.split("\n") if "\t" in line]
    assert table == [
        "\t2023\t2024 og 2025",
        "Udarbejdelse og udførsel af en tryghedsmåling\t111.248 kr.\t",
        "Evt. borgerrettede tiltag\t\t100.000 kr.",
    ]
    hyphenated = [line for page in pages for line in page.split("\n") if line.endswith("-")]
    assert len(hyphenated) > 20  # the fixture really is hyphenated


@pytest.mark.parametrize("engine", PDF_ENGINES)
@pytest.mark.parametrize(
    ("name", "error", "words"),
    [
        ("encrypted.pdf", EncryptedPdfError, "encrypted"),
        ("truncated.pdf", CorruptPdfError, "truncated"),
        ("corrupt.pdf", CorruptPdfError, "not a readable PDF"),
        ("scanned.pdf", NoTextLayerError, "OCR is not supported"),
    ],
)
def test_error_pdfs(engine: str, name: str, error: type[ReadError], words: str) -> None:
    path = ERRORS / name
    with pytest.raises(error) as caught:
        parse_file(path, pdf_engine=engine)
    assert str(caught.value).startswith(f"{path}: ")
    assert words in str(caught.value)
    assert isinstance(caught.value, ReadError)


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_a_pdf_that_is_not_minutes(engine: str) -> None:
    with pytest.raises(NotMinutesError, match=r"not-minutes\.pdf"):
        parse_file(ERRORS / "not-minutes.pdf", pdf_engine=engine)


def test_engine_names() -> None:
    assert resolve_engine(None) == "pypdfium2"
    assert resolve_engine("pdfium") == "pypdfium2"
    assert resolve_engine("PDFPlumber") == "pdfplumber"
    with pytest.raises(ValueError, match="unknown PDF engine 'poppler'"):
        resolve_engine("poppler")


def test_pdf_libraries_are_imported_lazily() -> None:
    code = (
        "import sys, referat.cli, referat.parse\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pdfplumber', 'pypdfium2', 'pdfminer', 'referat.pdf')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert "referat.pdf" not in out.stdout


# The layout step alone, on made-up geometry.


def _seg(x: float, y: float, text: str, size: float = 11.0) -> Segment:
    return Segment(x, y, size, text)


def test_layout_paragraph_gap_indent_and_order() -> None:
    segments = [
        _seg(57, 100, "second line"),  # content-stream order need not be reading order
        _seg(57, 85.5, "First line of a"),
        _seg(57, 120, "New paragraph"),
        _seg(75, 140, "•"),
        _seg(93, 140, "an item"),
    ]
    assert layout_page(segments, []) == (
        "First line of a\nsecond line\n\nNew paragraph\n\n  • an item"
    )


def test_layout_ruled_table_row_with_wrapped_cell() -> None:
    rules = [Rule(56, 100, 57, 160), Rule(216, 100, 217, 160), Rule(400, 100, 401, 160)]
    rules += [Rule(56, 100, 401, 101), Rule(56, 130, 401, 131), Rule(56, 160, 401, 161)]
    segments = [
        _seg(60, 112, "Udarbejdelse og udførsel"),
        _seg(60, 124, "af en tryghedsmå-"),
        _seg(220, 112, "111.248 kr."),
        _seg(60, 142, "Evt. tiltag"),
        _seg(220, 142, "100.000 kr."),
        _seg(57, 60, "Økonomi"),
    ]
    assert layout_page(segments, rules) == (
        "Økonomi\n\nUdarbejdelse og udførsel af en tryghedsmå-\t111.248 kr.\n"
        "Evt. tiltag\t100.000 kr."
    )
