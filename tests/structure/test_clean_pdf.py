"""PDF cleaning and prose joining, one step at a time, on made-up lines shaped like
referat.read.pdf's output (styled lines with a page and a height)."""

from __future__ import annotations

import pytest

from referat.pipeline import parse_document
from referat.read.joining import document_vocabulary, join_wrapped
from referat.read.lines import Document, Line
from referat.structure.clean import CLEANERS, clean_lines, furniture_key, remove_page_furniture
from referat.structure.paragraphs import section_text

HEADER = "Høje-Taastrup Kommune Referat Direktionen 16-01-2023"
BODY = 11.0
PITCH = 14.5


def styled(
    text: str,
    *,
    page: int = 1,
    number: int = 1,
    y: float | None = None,
    indent: float = 0.0,
    gap: float = 0.0,
    short: bool = False,
    bold: bool = False,
    cells: tuple[str, ...] | None = None,
) -> Line:
    return Line(text, page, number, indent, BODY, bold, False, gap, short, cells, y)


def pages(*bodies: list[tuple[float, str]]) -> list[Line]:
    """Pages of (height, text), in the order given (PDFium gives content-stream order)."""
    return [
        styled(text, page=page, number=number, y=y)
        for page, body in enumerate(bodies, start=1)
        for number, (y, text) in enumerate(body, start=1)
    ]


def texts(lines: list[Line]) -> list[tuple[int, str]]:
    return [(line.page, line.text) for line in lines]


def test_furniture_key_masks_numbers() -> None:
    assert furniture_key("  Side 3 af 14 ") == "Side # af #"
    assert furniture_key("Dato: 04.12.2012 / Side 2") == "Dato: #.#.# / Side #"


def test_furniture_found_by_repetition_wherever_it_stands() -> None:
    # The header at the same height on every page, wherever it comes in the content stream.
    lines = pages(
        [(42, HEADER), (80, "Punkt 1: Øvrige sager"), (806, "Side 1 af 3")],
        [(80, "Baggrund"), (806, "Side 2 af 3"), (95, "Tekst om sagen."), (42, HEADER)],
        [(80, "Punkt 2: Andet"), (42, HEADER), (95, "Tekst."), (110, "3"), (806, "Side 3 af 3")],
    )
    assert texts(remove_page_furniture(lines)) == [
        (1, "Punkt 1: Øvrige sager"),
        (2, "Baggrund"),
        (2, "Tekst om sagen."),
        (3, "Punkt 2: Andet"),
        (3, "Tekst."),
        (3, "3"),  # a number mid-page is no page number
    ]


def test_furniture_needs_most_pages_and_spares_punkt_lines() -> None:
    def page(n: int, *rest: str) -> list[tuple[float, str]]:
        return [
            (42, str(n)),
            (80, f"Punkt {n}: Sag"),
            *((95 + 15 * i, t) for i, t in enumerate(rest)),
        ]

    lines = pages(
        page(1, "Baggrund", "Tekst."),
        page(2, "Baggrund", "Tekst."),
        page(3, "Baggrund", "Tekst."),
        page(4, "Beslutning"),
        page(5, "Beslutning"),
    )
    cleaned = [line.text for line in remove_page_furniture(lines)]
    assert [line for line in cleaned if line.isdigit()] == []  # bare page numbers: 5 of 5 pages
    assert cleaned.count("Punkt 1: Sag") == 1  # a Punkt line is never furniture
    assert cleaned.count("Baggrund") == 3  # 3 of 5 pages: below FURNITURE_SHARE, kept


def test_furniture_single_page_untouched() -> None:
    lines = [styled("a", number=1, y=100), styled("a", number=2, y=115)]
    assert remove_page_furniture(lines) == lines


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


def prose(*rows: tuple[str, float, float] | str) -> list[Line]:
    """Lines of one page: a row is text, or (text, indent, gap); a line is short when it is
    well under the 90 characters of a full line."""
    out = []
    for number, row in enumerate(rows, start=1):
        text, indent, gap = (row, 0.0, 0.0) if isinstance(row, str) else row
        out.append(
            styled(text, number=number, y=100 + number * PITCH, indent=indent, gap=gap,
                   short=len(text) < 70)
        )  # fmt: skip
    return out


def test_paragraphs_rejoined_one_line_each() -> None:
    lines = prose(
        "Direktionen drøftede kort den netop afholdte nytårskur med stor ros til plan-",
        "lægningen heraf.",
        ("Næste afsnit begynder her.", 0.0, 0.8),
    )
    assert section_text(lines) == (
        "Direktionen drøftede kort den netop afholdte nytårskur med stor ros til planlægningen "
        "heraf.\n\nNæste afsnit begynder her."
    )


def _parse(lines: list[Line]) -> Document:
    head = [
        Line("REFERAT Direktionen d. 16-01-2023", 1, 1, 0.0, 16.0, True, y=76.0, short=True),
        styled("Mødedato Mandag d. 16. januar 2023 kl. 09:30", number=2, y=107, gap=1.0,
               short=True),
    ]  # fmt: skip
    return Document("x.pdf", "0" * 64, "pdf", head + lines, pages=2, styled=True)


def test_wrapped_item_title_and_toc_entries_wrapped_or_not() -> None:
    def line(number: int, text: str, *, gap: float = 0.0, bold: bool = False) -> Line:
        page = 1 if number < 20 else 2
        y = 120 + number * PITCH
        return styled(text, page=page, number=number, y=y, gap=gap, bold=bold, short=len(text) < 70)

    lines = [
        line(3, "Indholdsfortegnelse", gap=0.8, bold=True),
        line(4, "Øvrige sager...................................2", gap=0.4),
        line(5, "Opsamling på Byrådets temadrøftelse og videre proces for revision af", gap=0.4),
        line(6, "udviklingsstrategien"),
        line(7, "...............................................2"),
        line(8, "Ansøgning til Egmontfonden . . . . . . . . . 2", gap=0.4),
        line(20, "Punkt 1: Øvrige sager", bold=True),
        line(
            21,
            "Punkt 2: Opsamling på Byrådets temadrøftelse og videre proces for revision af",
            gap=0.8,
            bold=True,
        ),
        line(22, "udviklingsstrategien", bold=True),
        line(23, "Punkt 3: Ansøgning til Egmontfonden", gap=0.8, bold=True),
    ]
    meeting = parse_document(_parse(lines)).meeting
    long_title = (
        "Opsamling på Byrådets temadrøftelse og videre proces for revision af udviklingsstrategien"
    )
    assert [(e.title, e.page) for e in meeting.toc] == [
        ("Øvrige sager", 2),
        (long_title, 2),
        ("Ansøgning til Egmontfonden", 2),
    ]
    assert [i.title for i in meeting.items] == [
        "Øvrige sager",
        long_title,
        "Ansøgning til Egmontfonden",
    ]


def test_lists_strong_pua_bare_nested_and_numbered() -> None:
    lines = prose(
        "Det indstilles at direktionen,",
        ("• godkender ny digitaliseringsstrategi 2023-2026 for Høje-Taastrup Kommune og implemen-",
         18.0, 0.4),
        ("teringsplan for digitaliseringsstrategien", 36.0, 0.0),
        ("• drøfter afholdelse", 18.0, 0.4),
        ("1. Godkender at de 4 millioner kroner udmøntes:", 18.0, 0.4),
        ("◦ Kompetenceudvikling", 36.0, 0.4),
        ("2. Forholder sig til sagen", 18.0, 0.4),
        ("\uf0b7 Træthed efter Corona-situationen", 18.0, 0.4),
        ("\uf0b7 Flere borgere med udfordringer", 18.0, 0.4),
        ("\uf0b7 Mere virus-sygdom, også", 18.0, 0.4),
        ("– når de kommer tilbage", 36.0, 0.0),  # a dash starting a wrapped line is no bullet
        ("Næste afsnit.", 0.0, 0.8),
    )  # fmt: skip
    assert section_text(clean_lines(lines, CLEANERS)) == "\n".join(
        [
            "Det indstilles at direktionen,",
            "",  # the list stands a paragraph gap below, as in the text seed
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
    )


def test_wrapped_numbered_date_is_no_list_item() -> None:
    lines = prose(
        "I forlængelse af beslutningen på møde den som blev holdt i direktionen den",
        "4. november, skal materialet sendes.",
    )
    assert section_text(lines) == (
        "I forlængelse af beslutningen på møde den som blev holdt i direktionen den "
        "4. november, skal materialet sendes."
    )


def test_table_rows_stay_rows() -> None:
    rows = [
        ("", "2023", "2024 og 2025"),
        ("Udarbejdelse og udførsel af en tryghedsmåling", "111.248 kr.", ""),
    ]
    lines = [
        styled("Økonomi", number=1, y=100, bold=True, short=True),
        *(
            styled("\t".join(cells), number=n, y=100 + n * PITCH, gap=0.4 if n == 2 else 0.0,
                   cells=cells)
            for n, cells in enumerate(rows, start=2)
        ),
        styled("Efter tabellen.", number=4, y=160, gap=0.8, short=True),
    ]  # fmt: skip
    assert section_text(lines[1:]) == "\n".join(
        [
            "\t2023\t2024 og 2025",
            "Udarbejdelse og udførsel af en tryghedsmåling\t111.248 kr.\t",
            "",
            "Efter tabellen.",
        ]
    )


def test_paragraph_runs_on_over_a_page_break() -> None:
    lines = [
        styled("Det er vigtigt at arbejde med tek-", page=1, number=30, y=780),
        styled("nologianvendelse de kommende år. Og", page=2, number=2, y=80),
        styled("mere.", page=2, number=3, y=94.5, short=True),
        styled("Slut.", page=2, number=4, y=120, gap=0.8, short=True),
    ]
    assert section_text(lines) == (
        "Det er vigtigt at arbejde med teknologianvendelse de kommende år. Og mere.\n\nSlut."
    )


def test_new_paragraph_after_page_break_is_not_joined() -> None:
    lines = [
        styled("Første afsnit slutter her.", page=1, number=30, y=780, short=True),
        styled("Andet afsnit.", page=2, number=2, y=80, short=True),
    ]
    assert section_text(lines) == "Første afsnit slutter her.\n\nAndet afsnit."


def _items_with_quote(decision_bold: bool) -> list[Line]:
    """Three items whose decision headings are bold or in body type; the first one's
    supplementary presentation quotes an earlier body's decision in body type."""
    rows = [
        ("Punkt 1: Lokalplan for Strandvejen", True),
        ("Sagsfremstilling", True),
        ("Sagen blev behandlet i udvalget.", False),
        ("Supplerende sagsfremstilling", True),
        ("Beslutning i Plan- og Tryghedsudvalget den 12. august 2025:", False),
        ("1.-2. Godkendt.", False),
    ]
    for n, title in enumerate(("Lokalplan for Strandvejen", "Budget", "Sygefravær"), start=1):
        if n > 1:
            rows += [(f"Punkt {n}: {title}", True), ("Sagsfremstilling", True), ("Tekst.", False)]
        rows += [("Beslutning i Direktionen den 16-01-2023", decision_bold), ("Anbefales.", False)]
    return [
        styled(text, number=n, y=120 + n * PITCH, gap=0.8, bold=bold, short=True)
        for n, (text, bold) in enumerate(rows, start=3)
    ]


def test_quoted_decision_in_body_type_is_text_where_decision_headings_are_bold() -> None:
    item = parse_document(_parse(_items_with_quote(decision_bold=True))).meeting.items[0]
    decisions = [s for s in item.sections if s.kind == "beslutning"]
    assert [(d.body, d.text) for d in decisions] == [("Direktionen", "Anbefales.")]
    supplement = next(s for s in item.sections if s.heading == "Supplerende sagsfremstilling")
    assert "Beslutning i Plan- og Tryghedsudvalget den 12. august 2025:" in supplement.text


def test_decision_headings_in_body_type_are_decisions_where_the_system_sets_them_so() -> None:
    item = parse_document(_parse(_items_with_quote(decision_bold=False))).meeting.items[0]
    decisions = [s for s in item.sections if s.kind == "beslutning"]
    assert [d.body for d in decisions] == ["Plan- og Tryghedsudvalget", "Direktionen"]


def test_a_running_header_missing_from_the_first_page_is_furniture() -> None:
    # A title page without the header (Word's "different first page"), then the header at one
    # height on every other page: it goes; lines of the other pages at other heights stay.
    title = [(300, "Referat"), (320, "For Økonomiudvalget"), (340, "Afbud: Bo Krag (V)")]
    rest = [
        [(42, "Referat for Økonomiudvalget"), (80, word), (95 + n, "Godkendt.")]
        for n, word in ((2, "Baggrund"), (3, "Indstilling"), (4, "Økonomi"))
    ]
    cleaned = texts(remove_page_furniture(pages(title, *rest)))
    assert [t for _, t in cleaned] == [
        "Referat", "For Økonomiudvalget", "Afbud: Bo Krag (V)",
        "Baggrund", "Godkendt.", "Indstilling", "Godkendt.", "Økonomi", "Godkendt.",
    ]  # fmt: skip
    # Three pages are too few to tell a header from a line that happens to repeat.
    short = texts(remove_page_furniture(pages(title, *rest[:2])))
    assert [t for _, t in short].count("Referat for Økonomiudvalget") == 2


def test_a_header_with_its_page_number_in_a_cell_is_furniture_however_few_pages() -> None:
    # Two pages: too few for repetition to tell, but "Side 2" in a cell of its own at the top of
    # the page says what the line is.  A row ending in a bare number stays (a table's count).
    lines = [
        styled("Afbud: Marc Genning (B)", page=1, number=1, y=300),
        styled(
            "Økonomiudvalget\tSide 2", page=2, number=1, y=42, cells=("Økonomiudvalget", "Side 2")
        ),
        styled("Antal pladser\t3", page=2, number=2, y=80, cells=("Antal pladser", "3")),
        styled("Tekst.", page=2, number=3, y=95),
    ]
    assert [line.text for line in remove_page_furniture(lines)] == [
        "Afbud: Marc Genning (B)", "Antal pladser\t3", "Tekst.",
    ]  # fmt: skip


def test_a_run_in_heading_at_the_same_height_on_every_page_is_not_furniture() -> None:
    # One item a page, each opening with the same run-in "Sagsprocedure: …" at the same height.
    lines = pages(*[[(80, f"{n} Sag nummer {n}"), (120, "Sagsprocedure: Økonomiudvalget.")]
                    for n in range(1, 6)])  # fmt: skip
    cleaned = [line.text for line in remove_page_furniture(lines)]
    assert cleaned.count("Sagsprocedure: Økonomiudvalget.") == 5
