from __future__ import annotations

import pytest

from referat.clean import (
    TEXT_CLEANERS,
    clean_lines,
    normalize_bullets,
    normalize_chars,
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


def test_text_cleaners_keep_one_line_per_line() -> None:
    lines = ["x\u00a0", "", "<p>y</p>", "? z"]
    assert len(clean_lines(lines, TEXT_CLEANERS)) == len(lines)
