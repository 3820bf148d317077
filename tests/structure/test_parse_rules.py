"""Rules the seeds do not show: other agenda systems, other case-number formats, odd layouts."""

from __future__ import annotations

import datetime as dt

import pytest

from referat import parse_text
from referat.errors import NotMinutesError, StrictError
from referat.structure.classify import case_number

from lossless import lossless_diff

MINUTES = """\
{header}

Mødedato Tirsdag d. 21. marts 2023 kl. 16:00-18.30

Mødested Byrådssalen

Mødedeltagere Anne Hansen, Bo Jensen (Afbud), Carl Nielsen

Punkt 1: Godkendelse af dagsorden

{case}

Beslutninger

Godkendt.
"""


def minutes(header: str = "REFERAT Byrådet d. 21-03-2023", case: str = "23/1234") -> str:
    return MINUTES.format(header=header, case=case)


def test_dagsorden_header_and_time_range() -> None:
    parsed = parse_text(minutes(header="DAGSORDEN Økonomiudvalget d. 21-03-2023"))
    m = parsed.meeting
    assert (m.id, m.kind, m.body, m.date) == (
        "dagsorden-oekonomiudvalget-2023-03-21", "dagsorden", "Økonomiudvalget",
        dt.date(2023, 3, 21),
    )  # fmt: skip
    assert (m.start, m.end, m.location) == ("16:00", "18:30", "Byrådssalen")
    assert m.absent == ["Bo Jensen"]


MARCH_21 = dt.date(2023, 3, 21)


@pytest.mark.parametrize(
    ("header", "body", "date"),
    [
        ("Referat fra Byrådets møde den 21. marts 2023", "Byrådet", dt.date(2023, 3, 21)),
        ("REFERAT Aarhus Byråd d. 21.03.2023", "Aarhus Byråd", dt.date(2023, 3, 21)),
        (
            "Dagsorden for Økonomiudvalgets møde 21. mar. 2023",
            "Økonomiudvalget",
            dt.date(2023, 3, 21),
        ),
        ("REFERAT Direktionen", "Direktionen", dt.date(2023, 3, 21)),  # date from Mødedato
    ],
)
def test_header_variants(header: str, body: str, date: dt.date) -> None:
    m = parse_text(minutes(header=header)).meeting
    assert (m.body, m.date) == (body, date)


def test_decisions_plural_heading_has_no_body_or_date() -> None:
    item = parse_text(minutes()).meeting.items[0]
    assert [(s.kind, s.heading, s.body, s.date, s.text) for s in item.sections] == [
        ("beslutning", "Beslutninger", None, None, "Godkendt.")
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("22/23184", "22/23184"),
        ("EMN-2025-003928", "EMN-2025-003928"),
        ("00.01.00-A00-1-23", "00.01.00-A00-1-23"),
        ("Sagsnr.: 22/21670", "22/21670"),
        ("Sagsnr. 82.02.00-P20-3-19", "82.02.00-P20-3-19"),
        ("J.nr.: 2023-0042", "2023-0042"),  # labelled, unknown format: kept verbatim
    ],
)
def test_case_number_formats(line: str, expected: str) -> None:
    parsed = parse_text(minutes(case=line))
    assert parsed.meeting.items[0].case_number == expected
    assert parsed.warnings == []
    assert case_number(line) == expected  # the recogniser alone, on the bare line


@pytest.mark.parametrize(
    "line", ["Godkendt.", "Side 3 af 14", "16-01-2023", "Punkt 1: Øvrige sager", "Sagsnr.:"]
)
def test_not_case_numbers(line: str) -> None:
    assert case_number(line) is None


def test_missing_case_number_is_a_warning_with_a_line() -> None:
    text = minutes().replace("23/1234\n\n", "")
    parsed = parse_text(text)
    assert parsed.meeting.items[0].case_number is None
    [warning] = parsed.warnings
    assert (warning.code, warning.line) == ("missing_case_number", 9)
    with pytest.raises(StrictError, match="has no case number"):
        parsed.check_strict()


BYRAAD = """\
REFERAT Byrådet d. 21-03-2023

Punkt 7: Lukket: Køb af ejendom til
daginstitution i Taastrup

EMN-2023-000123

Beslutning i Byrådet den 21. marts 2023

Godkendt.

Byrådets beslutning den 28. marts 2023

Genoptaget og godkendt.

Økonomiske konsekvenser

Ingen.

Lovgrundlag

Planloven § 5.

Punkt 8: Orientering om høring

Sagsnr.: 00.01.00-A00-1-23

Punkt 9: Eventuelt

23/99

Afbud: Anne Hansen og Bo Jensen
"""


def test_byraad_layout() -> None:
    parsed = parse_text(BYRAAD)
    items = parsed.meeting.items
    assert [(i.number, i.title, i.closed, i.case_number) for i in items] == [
        (7, "Køb af ejendom til daginstitution i Taastrup", True, "EMN-2023-000123"),
        (8, "Orientering om høring", False, "00.01.00-A00-1-23"),
        (9, "Eventuelt", False, "23/99"),
    ]
    assert [(s.kind, s.heading, s.body, s.date) for s in items[0].sections] == [
        ("beslutning", "Beslutning i Byrådet den 21. marts 2023", "Byrådet", dt.date(2023, 3, 21)),
        ("beslutning", "Byrådets beslutning den 28. marts 2023", "Byrådet", dt.date(2023, 3, 28)),
        ("okonomi", "Økonomiske konsekvenser", None, None),
        ("other", "Lovgrundlag", None, None),
    ]
    assert items[1].sections == []  # an item with no sections
    assert items[2].absent == ["Anne Hansen", "Bo Jensen"]
    assert parsed.meeting.attendees == []  # no attendee line: not an error
    assert parsed.warnings == []
    lost, invented = lossless_diff(BYRAAD, parsed.meeting)
    assert not lost and not invented


def test_impossible_decision_date_is_a_warning_and_null() -> None:
    text = minutes().replace("Beslutninger", "Beslutning Byrådet den 31-02-2023")
    parsed = parse_text(text)
    decision = parsed.meeting.items[0].sections[0]
    assert (decision.kind, decision.body, decision.date) == ("beslutning", "Byrådet", None)
    assert [(w.code, w.line) for w in parsed.warnings] == [("bad_date", 13)]
    assert "31-02-2023" in parsed.warnings[0].message


def test_unknown_first_heading_becomes_other_with_a_warning() -> None:
    text = minutes().replace("Beslutninger\n", "Tilskudsmodel\n\nTekst.\n\nBeslutninger\n")
    parsed = parse_text(text)
    sections = parsed.meeting.items[0].sections
    assert [(s.kind, s.heading) for s in sections] == [
        ("other", "Tilskudsmodel"), ("beslutning", "Beslutninger"),
    ]  # fmt: skip
    assert [w.code for w in parsed.warnings] == ["unknown_heading"]


def test_toc_wrapped_and_cut_off_titles_and_a_mismatch() -> None:
    text = """\
REFERAT Direktionen d. 16-01-2023

Indholdsfortegnelse

Opsamling på Byrådets temadrøftelse og videre
proces for revis.....\t12
Et punkt der ikke findes.....\t14

Punkt 1: Opsamling på Byrådets temadrøftelse og videre proces for revision af strategien

22/13568
"""
    parsed = parse_text(text)
    m = parsed.meeting
    assert [(t.title, t.page) for t in m.toc] == [
        ("Opsamling på Byrådets temadrøftelse og videre proces for revis", 12),
        ("Et punkt der ikke findes", 14),
    ]
    assert m.items[0].page == 12
    assert [(w.code, w.line) for w in parsed.warnings] == [("toc_mismatch", 7)]


def test_toc_entries_of_closed_items_fit_them() -> None:
    """A TOC that marks closed items (``Lukket: Title``, ``Title (Lukket)``) lists the same items
    as the body, whose titles are without the mark."""
    text = """\
REFERAT Direktionen d. 16-01-2023

Indholdsfortegnelse

1. Godkendelse af dagsorden.....\t2
2. Lukket: Køb af ejendom.....\t3
3. Salg af grund (Lukket).....\t4

Punkt 1: Godkendelse af dagsorden

Punkt 2: Lukket: Køb af ejendom

Punkt 3: Salg af grund (Lukket)
"""
    parsed = parse_text(text)
    items = parsed.meeting.items
    assert [(i.title, i.closed, i.page) for i in items] == [
        ("Godkendelse af dagsorden", False, 2),
        ("Køb af ejendom", True, 3),
        ("Salg af grund", True, 4),
    ]
    assert "toc_mismatch" not in [w.code for w in parsed.warnings]


def test_duplicate_item_numbers_warn() -> None:
    text = minutes() + "\nPunkt 1: Igen\n\n23/1\n"
    parsed = parse_text(text)
    assert [i.number for i in parsed.meeting.items] == [1, 1]
    assert [w.code for w in parsed.warnings] == ["duplicate_item"]


def test_attendees_one_per_line_and_meeting_level_afbud() -> None:
    text = """\
REFERAT Teknik- og Miljøudvalget d. 02-05-2024

Deltagere:
Anne Hansen (formand)
Bo Jensen

Afbud: Carl Nielsen
"""
    m = parse_text(text).meeting
    assert [(a.name, a.absent) for a in m.attendees] == [
        ("Anne Hansen (formand)", False), ("Bo Jensen", False), ("Carl Nielsen", True),
    ]  # fmt: skip
    assert m.items == []


def test_text_without_structure_is_an_error() -> None:
    with pytest.raises(NotMinutesError, match="no minutes structure"):
        parse_text("Dette er bare en almindelig tekst.\nMed to linjer.\n", path="prosa.txt")


def test_items_without_any_date_is_an_error() -> None:
    with pytest.raises(NotMinutesError, match="no meeting date"):
        parse_text("Punkt 1: Noget\n\n23/1\n")


def test_crlf_and_cr_line_endings_parse_like_lf() -> None:
    lf = parse_text(minutes()).meeting
    for newline in ("\r\n", "\r"):
        other = parse_text(minutes().replace("\n", newline)).meeting
        assert other.model_dump(exclude={"source"}) == lf.model_dump(exclude={"source"})


def test_a_sentence_starting_with_punkt_does_not_start_an_item() -> None:
    text = minutes() + "\nPunkt 2 i indstillingen blev udsat.\n"
    items = parse_text(text).meeting.items
    assert len(items) == 1
    assert items[0].sections[0].text == "Godkendt.\n\nPunkt 2 i indstillingen blev udsat."


def test_pdf_page_breaks_are_blank_lines_and_count_pages() -> None:
    text = minutes().replace("Punkt 1:", "\fPunkt 1:")
    parsed = parse_text(text)
    assert parsed.meeting.items[0].sections[0].text == "Godkendt."


def test_a_closed_items_lone_paragraph_is_its_decision() -> None:
    text = (
        minutes()
        .replace("Punkt 1: Godkendelse", "Punkt 1: Lukket: Godkendelse")
        .split("Beslutninger")[0]
        + "Godkendt som indstillet.\n"
    )
    item = parse_text(text).meeting.items[0]
    assert item.closed
    assert [(s.kind, s.heading, s.text) for s in item.sections] == [
        ("beslutning", None, "Godkendt som indstillet.")
    ]


def test_sagsforloeb_blocks_are_earlier_decisions_with_body_and_date() -> None:
    text = minutes().replace(
        "Beslutninger\n",
        "Sagsforløb\n\nUdvalg: Magistraten\nDato: 02-09-2025\nPunktnummer: 3\n\n"
        "Fremsendes til byrådet.\n\nUdvalg: Aarhus Byråd\nDato: 10-09-2025\n\n"
        "Sendt tilbage.\n\nBeslutninger\n",
    )
    item = parse_text(text).meeting.items[0]
    assert [(d.heading, d.body, d.date, d.text) for d in item.decisions] == [
        ("Udvalg: Magistraten, Dato: 02-09-2025, Punktnummer: 3", "Magistraten",
         dt.date(2025, 9, 2), "Fremsendes til byrådet."),
        ("Udvalg: Aarhus Byråd, Dato: 10-09-2025", "Aarhus Byråd", dt.date(2025, 9, 10),
         "Sendt tilbage."),
        ("Beslutninger", None, None, "Godkendt."),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "sentence",
    [
        "Kommunens beslutning den 11. december 2023 (pkt. 22) gælder fortsat.",
        "kraft efter Byrådets beslutning den 11. december 2023",
    ],
)
def test_a_sentence_about_a_decision_is_no_decision_heading(sentence: str) -> None:
    text = minutes().replace("Beslutninger\n\nGodkendt.\n", f"Sagsfremstilling\n\n{sentence}\n")
    sections = parse_text(text).meeting.items[0].sections
    assert [(s.kind, s.heading, s.text) for s in sections] == [
        ("sagsfremstilling", "Sagsfremstilling", sentence)
    ]


def test_edoc_decision_heading_with_punkt_after_the_date() -> None:
    heading = "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2"
    text = minutes().replace("Beslutninger\n", f"{heading}\n")
    decision = parse_text(text).meeting.items[0].decisions[0]
    assert (decision.body, decision.date) == (
        "Sundheds- og Forebyggelsesudvalget",
        dt.date(2012, 12, 4),
    )


def test_a_hyphenated_name_wrapped_in_the_attendee_field_is_one_name() -> None:
    text = minutes().replace(
        "Mødedeltagere Anne Hansen, Bo Jensen (Afbud), Carl Nielsen",
        "Mødedeltagere Anne Hansen, Bo Jensen (Afbud), Hans-\nJørgen Kirstein",
    )
    names = [a.name for a in parse_text(text).meeting.attendees]
    assert names == ["Anne Hansen", "Bo Jensen", "Hans-Jørgen Kirstein"]


@pytest.mark.parametrize(
    ("wrapped", "title"),
    [
        ("Fokusområder 2025-\n2026 - status", "Fokusområder 2025-2026 - status"),
        ("Udbud af plan-\nlægningen", "Udbud af planlægningen"),
        ("Tilskud til børne-\nog ungeområdet", "Tilskud til børne- og ungeområdet"),
    ],
)
def test_wrapped_item_titles_join_like_prose(wrapped: str, title: str) -> None:
    text = minutes().replace("Punkt 1: Godkendelse af dagsorden", f"Punkt 1: {wrapped}")
    assert parse_text(text).meeting.items[0].title == title
