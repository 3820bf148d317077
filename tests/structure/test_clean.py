from __future__ import annotations

import pytest

from referat.read.lines import Line
from referat.structure.clean import (
    CLEANERS,
    clean_lines,
    normalize_bullets,
    normalize_chars,
    on_text,
    strip_html,
    strip_trailing_spaces,
)


def test_normalize_chars() -> None:
    assert normalize_chars(["a\u00a0b", "plan\u00adlægning", "ﬁlm ﬂyt", "zero\u200bwidth"]) == [
        "a b", "planlægning", "film flyt", "zerowidth",
    ]  # fmt: skip
    # Decomposed å (a + combining ring) is composed, so it matches "å" in searches.
    assert normalize_chars(["Byra\u030adet"]) == ["Byrådet"]


def test_strip_html_keeps_words() -> None:
    line = "FÆLLESSKAB\t<p>Form: <u>Idébanc</u> via møder.</p> <p>Politisk: Ja.</p>"
    assert strip_html([line]) == ["FÆLLESSKAB\tForm: Idébanc via møder. Politisk: Ja."]
    assert strip_html(["B&U og 3 < 4 &amp; mere"]) == ["B&U og 3 < 4 & mere"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- godkender", "- godkender"),
        ("- ? Træthed efter Corona", "- Træthed efter Corona"),
        ("? Træthed efter Corona", "- Træthed efter Corona"),
        ("• Punkt", "- Punkt"),
        ("\uf0b7 Punkt", "- Punkt"),
        ("\uf0b7Punkt", "- Punkt"),
        ("– Punkt", "- Punkt"),
        (" - Kompetenceudvikling", "  - Kompetenceudvikling"),
        ("\t• Indrykket", "  - Indrykket"),
        ("-5.000 kr.", "-5.000 kr."),
        ("IT-udstyr - og mere", "IT-udstyr - og mere"),
        ("18.30 – Velkommen", "18.30 – Velkommen"),
        ("-", "-"),
    ],
)
def test_normalize_bullets(line: str, expected: str) -> None:
    assert normalize_bullets([line]) == [expected]


def test_trailing_spaces_go_but_tabs_stay() -> None:
    assert strip_trailing_spaces(["a  ", "b\t", "\tc\t "]) == ["a", "b\t", "\tc\t"]


def test_cleaners_keep_each_line_and_where_it_stands() -> None:
    # Character cleaners change a line's text, never join or split lines: every line keeps its
    # page and line number (warnings point at the source); only a line left empty goes.
    lines = [
        Line("x\u00a0", 1, 1),
        Line("\u200b", 1, 2),
        Line("<p>y</p>", 1, 3),
        Line("? z", 2, 4),
    ]
    cleaned = clean_lines(lines, CLEANERS)
    assert [(ln.text, ln.page, ln.number) for ln in cleaned] == [
        ("x", 1, 1),
        ("y", 1, 3),
        ("- z", 2, 4),
    ]


def test_on_text_applies_a_text_cleaner_to_lines() -> None:
    line = Line("a\u00a0b  ", 3, 7, indent=18.0, size=10.0, bold=True, gap=1.0)
    (out,) = on_text(normalize_chars)([line])
    assert out.text == "a b  " and out == line.with_text("a b  ")  # style kept
    assert on_text(strip_trailing_spaces)([line])[0].text == "a\u00a0b"
    assert on_text(normalize_chars)([Line("ok")])[0] == Line("ok")
