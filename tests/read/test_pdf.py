"""PDF minutes: both engines, against the text seeds they were made from, and the error PDFs."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from referat import pipeline
from referat.errors import (
    CorruptPdfError,
    EncryptedPdfError,
    NoTextLayerError,
    NotMinutesError,
    ReadError,
)
from referat.pipeline import Parsed, parse_file
from referat.read.layout import Rule, Segment, finish_lines, page_lines
from referat.read.lines import Document, Line
from referat.read.pdf import PDF_ENGINES, read_pdf_pages, resolve_engine

ROOT = Path(__file__).resolve().parents[2]
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
    """The meeting without what must differ: source, item pages, TOC pages, the municipality
    (only the PDF prints its running header) and so the id; texts squashed."""
    data = parsed.meeting.model_dump(mode="json", exclude={"source", "municipality", "id"})
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
    assert (pdf.meeting.municipality, text.meeting.municipality) == ("Høje-Taastrup", None)


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
    heading_pages = [
        n for n, page in enumerate(pages, 1) if any(ln.text.startswith("Punkt ") for ln in page)
    ]
    meeting = parse_file(FIXTURES / f"{SEEDS[1]}.pdf").meeting
    assert [i.page for i in meeting.items] == heading_pages
    assert meeting.source.pages == len(pages) == 9


@pytest.mark.parametrize("seed", SEEDS)
def test_both_engines_give_the_same_pages_and_meeting(seed: str) -> None:
    data = (FIXTURES / f"{seed}.pdf").read_bytes()
    fast = read_pdf_pages(data, seed, engine="pypdfium2")
    slow = read_pdf_pages(data, seed, engine="pdfplumber")
    # The same lines, text and style; the engines place a glyph's left edge up to half a point
    # apart (side bearing), so the indent is compared to within a point.
    assert [len(page) for page in fast] == [len(page) for page in slow]
    for a, b in zip((ln for p in fast for ln in p), (ln for p in slow for ln in p), strict=True):
        assert abs(a.indent - b.indent) < 1.0, (a, b)
        assert replace(a, indent=0.0) == replace(b, indent=0.0)
    path = FIXTURES / f"{seed}.pdf"
    assert parse_file(path).meeting == parse_file(path, pdf_engine="pdfplumber").meeting


def test_page_text_shape() -> None:
    """What the read stage hands the cleaners: furniture still there, tables as tab rows."""
    pages = read_pdf_pages((FIXTURES / f"{SEEDS[1]}.pdf").read_bytes(), "x.pdf")
    page3 = [line.text for line in pages[2]]
    # The running header's two parts stand at the left and right margins: columns, a tab.
    assert page3[0] == "Høje-Taastrup Kommune\tReferat Direktionen 04-11-2024"
    assert page3[-1].strip() == "Side 3 af 9"
    assert all(line.page == 3 for line in pages[2])
    table = [line for page in pages for line in page if line.cells is not None]
    assert [line.text for line in table] == [
        "\t2023\t2024 og 2025",
        "Udarbejdelse og udførsel af en tryghedsmåling\t111.248 kr.\t",
        "Evt. borgerrettede tiltag\t\t100.000 kr.",
    ]
    assert all(line.text == "\t".join(line.cells or ()) for line in table)
    hyphenated = [line for page in pages for line in page if line.text.endswith("-")]
    assert len(hyphenated) > 20  # the fixture really is hyphenated


@pytest.mark.parametrize("engine", PDF_ENGINES)
@pytest.mark.parametrize(
    ("name", "error", "words"),
    [
        ("encrypted.pdf", EncryptedPdfError, "encrypted"),
        ("truncated.pdf", CorruptPdfError, "truncated"),
        ("corrupt.pdf", CorruptPdfError, "not a readable PDF"),
        ("scanned.pdf", NoTextLayerError, "import it with --ocr"),
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
        "import sys, referat.cli, referat.pipeline\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pdfplumber', 'pypdfium2', 'pdfminer') or m == 'referat.read.pdf'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert "referat.read.pdf" not in out.stdout


# The layout step alone, on made-up geometry.


def _seg(x: float, y: float, text: str, size: float = 11.0, *, bold: bool = False) -> Segment:
    # Right edge: about half an em per character, as Helvetica sets Danish prose.
    return Segment(x, y, size, text, x + 0.5 * size * len(text), bold)


def _layout(segments: list[Segment], rules: list[Rule] | None = None) -> list[Line]:
    return finish_lines(page_lines(1, segments, rules or []))


def test_layout_paragraph_gap_indent_and_order() -> None:
    segments = [
        _seg(57, 100, "second line of it"),  # content-stream order need not be reading order
        _seg(57, 85.5, "First line of a paragraph"),
        _seg(57, 114.5, "and a third line."),
        _seg(57, 140, "New paragraph"),
        _seg(93, 154.5, "an item"),
        _seg(75, 154.5, "•"),
    ]
    lines = _layout(segments)
    assert [line.text for line in lines] == [
        "First line of a paragraph",
        "second line of it",
        "and a third line.",
        "New paragraph",
        "• an item",
    ]
    assert [line.number for line in lines] == [1, 2, 3, 4, 5]
    assert [line.breaks_paragraph for line in lines] == [False, False, False, True, False]
    assert [line.indent for line in lines] == [0, 0, 0, 0, 18]
    assert [line.y for line in lines] == [85.5, 100, 114.5, 140, 154.5]


def test_layout_hidden_text_left_out_and_mixed_weight_is_not_bold() -> None:
    segments = [
        _seg(57, 85.5, "Beslutning", bold=True),
        _seg(57, 100, "Godkendt", bold=True),
        _seg(110, 100, "med bemærkninger."),
        _seg(57, 114.5, "hidden", size=1.0),
    ]
    lines = _layout(segments)
    assert [(line.text, line.bold) for line in lines] == [
        ("Beslutning", True),
        ("Godkendt med bemærkninger.", False),
    ]


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
    lines = _layout(segments, rules)
    assert [(line.text, line.cells) for line in lines] == [
        ("Økonomi", None),
        (
            "Udarbejdelse og udførsel af en tryghedsmå-\t111.248 kr.",
            ("Udarbejdelse og udførsel af en tryghedsmå-", "111.248 kr."),
        ),
        ("Evt. tiltag\t100.000 kr.", ("Evt. tiltag", "100.000 kr.")),
    ]
    assert lines[1].breaks_paragraph  # the table stands apart from the heading above it


# Tight spacing: headings set at the body's own line pitch, no extra space above or below.
PITCH = 14.5
TIGHT = [
    ("REFERAT Direktionen d. 16-01-2023", 16.0, True),
    None,
    ("Mødedato Mandag d. 16. januar 2023 kl. 09:30", 11.0, False),
    None,
    ("Punkt 1: Øvrige sager", 11.0, True),
    ("22/23184", 11.0, False),
    ("Sagsfremstilling", 11.0, True),
    ("Direktionen drøftede kort den netop afholdte nytårskur for Byrådet med", 11.0, False),
    ("stor ros til planlægningen heraf.", 11.0, False),
    ("Beslutninger", 11.0, True),
    ("Godkendt.", 11.0, False),
]


def _tight_lines() -> list[Line]:
    segments = []
    for row, line in enumerate(TIGHT):
        if line is not None:
            text, size, bold = line
            segments.append(_seg(57, 75 + row * PITCH, text, size, bold=bold))
    return _layout(segments)


def test_tight_spacing_keeps_lines_and_weights_apart() -> None:
    lines = _tight_lines()
    assert [(line.text, line.bold) for line in lines] == [
        (text, bold) for text, _, bold in filter(None, TIGHT)
    ]
    at_pitch = lines[3:]  # "22/23184" .. "Godkendt.": no extra space between any of them
    assert all(line.gap == 0 and not line.breaks_paragraph for line in at_pitch)


def test_tight_spacing_parses_item_case_number_and_decision() -> None:
    doc = Document("tight.pdf", "0" * 64, "pdf", _tight_lines(), pages=1, styled=True)
    parsed = pipeline.parse_document(doc)
    (item,) = parsed.meeting.items
    assert (item.number, item.title, item.case_number) == (1, "Øvrige sager", "22/23184")
    assert [(s.kind, s.heading) for s in item.sections] == [
        ("sagsfremstilling", "Sagsfremstilling"),
        ("beslutning", "Beslutninger"),
    ]
    assert item.sections[0].text == (
        "Direktionen drøftede kort den netop afholdte nytårskur for Byrådet med stor ros til "
        "planlægningen heraf."
    )
    assert [d.text for d in item.decisions] == ["Godkendt."]


def test_a_word_cut_into_one_segment_per_glyph_is_one_word() -> None:
    # PDFium cuts some printers' text (Chromium, letter by letter) at every glyph: the gap
    # between the segments, not the segment boundary, decides where a word space goes.
    glyphs = [
        Segment(10.0 + 6.0 * i, 50.0, 10.0, ch, 15.5 + 6.0 * i) for i, ch in enumerate("Sags")
    ]
    after_gap = Segment(40.0, 50.0, 10.0, "procedure", 80.0)
    (line,) = page_lines(1, [*glyphs, after_gap], [])
    assert line.text == "Sags procedure"


def test_a_line_is_short_only_if_the_next_word_would_have_fitted() -> None:
    # The body's right margin is set by the long lines (57 + 5.5 * 80 = 497).
    body = "X" + "x" * 79
    segments = [
        _seg(57, 100, body),
        _seg(57, 114.5, body),
        # Wrapped because the next word is long: 497 - 403.5 = 93.5 < 18 * 5.5 = 99.
        _seg(57, 129, "p" * 63, bold=True),
        _seg(57, 143.5, "borgerinddragelse", bold=True),
        # Stops short although "og" would have fitted: a real short line.
        _seg(57, 158, "p" * 50),
        _seg(57, 172.5, "og mere"),
        _seg(57, 187, body),
    ]
    assert [(len(line.text), line.short) for line in _layout(segments)] == [
        (80, False),
        (80, False),
        (63, False),  # wrapped: the long word going on after it did not fit
        (17, True),
        (50, True),  # short: "og" would have fitted
        (7, True),  # a new paragraph's first word, however long, is no wrap
        (80, False),
    ]
