"""The layout step's fast path (issue 22 part 3) gives exactly what the layout it replaced gave
(kept as ``layout_reference``): every raw line of every page (``page_lines``: text, position,
size, weight, cells, bold start) and every finished line (``finish_lines``: indent, gap, short),
on the fixture PDFs (both engines), the corpus PDFs when ``../shared`` is present, fpdf2 prints
(the bench's minutes; bold, italic, ruled tables, hidden text) and random pages of segments."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import layout_reference as reference
import pytest
from test_pdf_fast_path import _printed

from referat.read import layout
from referat.read import pdf as reader
from referat.read.layout import Rule, Segment

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"


def _bench_pdfs() -> list[tuple[str, bytes]]:
    pytest.importorskip("fpdf")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from pdfs import big_pdf, generate_pdfs
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return [*generate_pdfs(4, seed=5), ("big.pdf", big_pdf(12))]


def _pdfs() -> list[tuple[str, bytes]]:
    found = [(p.name, p.read_bytes()) for p in sorted((ROOT / "fixtures").glob("*.pdf"))]
    found += [(p.name, p.read_bytes()) for p in sorted(CORPUS.glob("*.pdf"))]
    return [*found, ("printed.pdf", _printed())]


def _same(pages: list[tuple[list[Segment], list[Rule]]], name: str) -> int:
    fast, old = [], []
    for number, (segments, rules) in enumerate(pages, start=1):
        new_lines = layout.page_lines(number, segments, rules)
        old_lines = reference.page_lines(number, segments, rules)
        assert new_lines == old_lines, f"{name}: page {number}"
        assert [type(line) for line in new_lines] == [type(line) for line in old_lines]
        fast += new_lines
        old += old_lines
    assert layout.finish_lines(fast) == reference.finish_lines(old), name
    return len(old)


@pytest.mark.parametrize("engine", ["pypdfium2", "pdfplumber"])
@pytest.mark.parametrize("pdf", _pdfs(), ids=lambda p: p[0])
def test_lines_are_those_of_the_old_layout(pdf: tuple[str, bytes], engine: str) -> None:
    name, data = pdf
    ours = {p.name for p in (ROOT / "fixtures").glob("*")} | {"printed.pdf"}
    if engine == "pdfplumber" and name not in ours:
        pytest.skip("pdfminer on the corpus is slow; PDFium covers it")
    pages = reader._pdfium_pages if engine == "pypdfium2" else reader._plumber_pages
    assert _same(list(pages(data, name)), name) > 0


def test_lines_of_the_bench_minutes_are_those_of_the_old_layout() -> None:
    for name, data in _bench_pdfs():
        assert _same(list(reader._pdfium_pages(data, name)), name) > 0


def _random_page(rng: random.Random) -> tuple[list[Segment], list[Rule]]:
    """Segments on a few baselines, some close (one line), some apart (columns, words split
    into pieces, marks, bold runs), hidden text, and sometimes a ruled table around some."""
    words = ["Punkt", "1.", "a)", "•", "-", "Økonomi:", "kr.", "22/1234", " ", "  x ", "Beslutning"]
    segments = []
    y = 50.0
    for _ in range(rng.randint(0, 25)):
        y += rng.choice([0.0, 0.5, 2.0, 6.0, 12.0, 14.0, 30.0])
        x = rng.uniform(50, 120)
        for _ in range(rng.randint(1, 4)):
            size = rng.choice([3.0, 9.0, 10.0, 10.0, 12.0, 14.05])
            text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 5)))
            x1 = x + len(text) * size * 0.5
            bold = rng.random() < 0.3
            prefix = len(text) if bold else rng.choice([0, 0, 1, 5, len(text)])
            baseline = y + rng.choice([0.0, 0.4, 1.5])
            italic = rng.random() < 0.2
            segments.append(Segment(x, baseline, size, text, x1, bold, italic, prefix))
            x = x1 + rng.choice([0.5, 1.0, 3.0, 20.0, -5.0])
    rng.shuffle(segments)
    rules: list[Rule] = []
    if segments and rng.random() < 0.4:
        top, bottom = 60.0, 60.0 + rng.choice([20.0, 80.0, 200.0])
        for edge in (45.0, 150.0, 300.0):
            rules.append(Rule(edge, top, edge + 0.5, bottom))
        for row in (top, (top + bottom) / 2, bottom):
            rules.append(Rule(45.0, row, 300.5, row + 0.5))
    return segments, rules


def test_random_pages_give_the_lines_of_the_old_layout() -> None:
    rng = random.Random(22)
    lines = 0
    for doc in range(200):
        pages = [_random_page(rng) for _ in range(rng.randint(1, 3))]
        lines += _same(pages, f"random document {doc}")
    assert lines > 1000
