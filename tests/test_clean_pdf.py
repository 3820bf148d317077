"""PDF cleaners, one at a time, on made-up page text shaped like referat.pdf's output."""

from __future__ import annotations

import pytest

from referat.clean import (
    PDF_CLEANERS,
    clean_lines,
    document_vocabulary,
    furniture_key,
    join_paragraphs,
    join_wrapped,
    remove_page_furniture,
)
from referat.read import PAGE_BREAK

HEADER = "Høje-Taastrup Kommune Referat Direktionen 16-01-2023"


def pages(*bodies: list[str]) -> list[str]:
    out: list[str] = []
    for i, body in enumerate(bodies):
        if i:
            out.append(PAGE_BREAK)
        out.extend(body)
    return out


def test_furniture_key_masks_numbers() -> None:
    assert furniture_key("  Side 3 af 14 ") == "Side # af #"
    assert furniture_key("Dato: 04.12.2012 / Side 2") == "Dato: #.#.# / Side #"


def test_furniture_found_by_repetition_wherever_it_stands() -> None:
    # PDFium gives content-stream order: the header may come out mid-page or last.
    lines = pages(
        [HEADER, "Punkt 1: Øvrige sager", "Side 1 af 3"],
        ["Baggrund", "Side 2 af 3", "Tekst om sagen.", HEADER],
        ["Punkt 2: Andet", HEADER, "Tekst.", "3", "Side 3 af 3"],
    )
    assert remove_page_furniture(lines) == pages(
        ["Punkt 1: Øvrige sager"],
        ["Baggrund", "Tekst om sagen."],
        ["Punkt 2: Andet", "Tekst.", "3"],
    )


def test_furniture_needs_most_pages_and_spares_punkt_lines() -> None:
    item = ["Baggrund", "Tekst."]
    lines = pages(
        ["1", "Punkt 1: Sag", *item],
        ["2", "Punkt 2: Sag", *item],
        ["3", "Punkt 3: Sag", *item],
        ["4", "Punkt 4: Sag", "Beslutning"],
        ["5", "Punkt 5: Sag", "Beslutning"],
    )
    cleaned = remove_page_furniture(lines)
    assert [line for line in cleaned if line.isdigit()] == []  # bare page numbers: 5 of 5 pages
    assert cleaned.count("Punkt 1: Sag") == 1  # a Punkt line is never furniture
    assert cleaned.count("Baggrund") == 3  # 3 of 5 pages: below FURNITURE_SHARE, kept


def test_furniture_single_page_untouched() -> None:
    assert remove_page_furniture(["a", "a"]) == ["a", "a"]


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("til planlæg-", "ningen heraf", "til planlægningen heraf"),
        ("en tilgang til IT-", "udstyr og", "en tilgang til IT-udstyr og"),
        ("strategi 2023-", "2026 for", "strategi 2023-2026 for"),
        ("i Høje-", "Taastrup Kommune", "i Høje-Taastrup Kommune"),
        ("på børne-", "og ungeområdet", "på børne- og ungeområdet"),
        ("afprøvnings-", "eller foregangskommune", "afprøvnings- eller foregangskommune"),
        ("IT-udstyr og", "-systemer, så", "IT-udstyr og -systemer, så"),
        ("perioden maj –", "november 2022", "perioden maj – november 2022"),
        ("soft\u00ad", "hyphen", "softhyphen"),
        ("", "alone", "alone"),
    ],
)
def test_join_wrapped(left: str, right: str, joined: str) -> None:
    assert join_wrapped(left, right) == joined


def test_join_wrapped_asks_the_document_for_real_hyphens() -> None:
    vocabulary = document_vocabulary(["et kick-off arrangement", "afholde et kick-"])
    assert "kick-off" in vocabulary and "kick-" not in vocabulary
    assert join_wrapped("et kick-", "off arrangement", vocabulary) == "et kick-off arrangement"
    assert join_wrapped("et kick-", "off arrangement") == "et kickoff arrangement"
    assert join_wrapped("HR-", "Centret", document_vocabulary(["HRCentret"])) == "HRCentret"


def test_paragraphs_rejoined_one_line_each() -> None:
    lines = [
        "Baggrund",
        "",
        "Direktionen drøftede kort den netop afholdte nytårskur med stor ros til plan-",
        "lægningen heraf.",
        "",
        "Punkt 5: Opsamling på Byrådets temadrøftelse og videre proces for revision af",
        "udviklingsstrategien",
    ]
    assert join_paragraphs(lines) == [
        "Baggrund",
        "",
        "Direktionen drøftede kort den netop afholdte nytårskur med stor ros til planlægningen "
        "heraf.",
        "",
        "Punkt 5: Opsamling på Byrådets temadrøftelse og videre proces for revision af "
        "udviklingsstrategien",
    ]


def test_toc_entries_wrapped_or_not() -> None:
    lines = [
        "Øvrige sager...................................2",
        "",
        "Opsamling på Byrådets temadrøftelse og videre proces for revision af",
        "udviklingsstrategien",
        "...............................................12",
        "Ansøgning til Egmontfonden . . . . . . . . . 15",
    ]
    assert join_paragraphs(lines) == [
        "Øvrige sager.....\t2",
        "",
        "Opsamling på Byrådets temadrøftelse og videre proces for revision af "
        "udviklingsstrategien.....\t12",
        "",
        "Ansøgning til Egmontfonden.....\t15",
    ]


def test_lists_strong_pua_bare_nested_and_numbered() -> None:
    lines = [
        "Det indstilles at direktionen,",
        "",
        "  • godkender ny digitaliseringsstrategi 2023-2026 for Høje-Taastrup Kommune og implemen-",
        "    teringsplan for digitaliseringsstrategien",
        "",
        "  • drøfter afholdelse",
        "",
        "  1. Godkender at de 4 millioner kroner udmøntes:",
        "",
        "    ◦ Kompetenceudvikling",
        "",
        "  2. Forholder sig til sagen",
        "",
        "  \uf0b7 Træthed efter Corona-situationen",
        "",
        "  Flere borgere med udfordringer",  # the bullet glyph extracted as nothing
        "",
        "  Mere virus-sygdom, også",
        "    – når de kommer tilbage",  # a dash starting a wrapped line is no bullet
        "",
        "Næste afsnit.",
    ]
    assert clean_lines(lines, PDF_CLEANERS) == [
        "Det indstilles at direktionen,",
        "",
        "- godkender ny digitaliseringsstrategi 2023-2026 for Høje-Taastrup Kommune og "
        "implementeringsplan for digitaliseringsstrategien",
        "- drøfter afholdelse",
        "1. Godkender at de 4 millioner kroner udmøntes:",
        "  - Kompetenceudvikling",
        "2. Forholder sig til sagen",
        "- Træthed efter Corona-situationen",
        "- Flere borgere med udfordringer",
        "- Mere virus-sygdom, også – når de kommer tilbage",
        "",
        "Næste afsnit.",
    ]


def test_wrapped_numbered_date_is_no_list_item() -> None:
    lines = ["I forlængelse af beslutningen på møde den", "4. november, skal materialet sendes."]
    assert join_paragraphs(lines) == [
        "I forlængelse af beslutningen på møde den 4. november, skal materialet sendes."
    ]


def test_table_rows_stay_rows() -> None:
    lines = [
        "Økonomi",
        "",
        "\t2023\t2024 og 2025",
        "Udarbejdelse og udførsel af en tryghedsmåling\t111.248 kr.\t",
        "",
        "Efter tabellen.",
    ]
    assert join_paragraphs(lines) == [
        "Økonomi",
        "",
        "\t2023\t2024 og 2025",
        "Udarbejdelse og udførsel af en tryghedsmåling\t111.248 kr.\t",
        "",
        "Efter tabellen.",
    ]


def test_paragraph_runs_on_over_a_page_break_and_page_count_is_kept() -> None:
    lines = [
        "Punkt 1: Sag",
        "",
        "Det er vigtigt at arbejde med tek-",
        PAGE_BREAK,
        "nologianvendelse de kommende år. Og",
        "mere.",
        "",
        "Slut.",
        PAGE_BREAK,
        PAGE_BREAK,
        "Punkt 2: Næste",
    ]
    out = join_paragraphs(lines)
    assert out == [
        "Punkt 1: Sag",
        "",
        "Det er vigtigt at arbejde med teknologianvendelse de kommende år. Og mere.",
        PAGE_BREAK,
        "Slut.",
        PAGE_BREAK,
        PAGE_BREAK,
        "Punkt 2: Næste",
    ]


def test_new_paragraph_after_page_break_is_not_joined() -> None:
    lines = ["Første afsnit slutter her.", PAGE_BREAK, "Andet afsnit."]
    assert join_paragraphs(lines) == ["Første afsnit slutter her.", PAGE_BREAK, "Andet afsnit."]
