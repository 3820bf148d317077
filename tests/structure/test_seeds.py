"""The two real Høje-Taastrup minutes, field by field (the issue's 'done when')."""

from __future__ import annotations

import datetime as dt

from referat.pipeline import Parsed


def test_seed_2023_header(seed_2023: Parsed) -> None:
    m = seed_2023.meeting
    assert (m.id, m.kind, m.body, m.date) == (
        "referat-direktionen-2023-01-16", "referat", "Direktionen", dt.date(2023, 1, 16),
    )  # fmt: skip
    assert (m.start, m.location) == ("09:30", "Mødelokale B105")
    assert [(a.name, a.absent) for a in m.attendees] == [
        ("Lars Holte", False),
        ("Jørgen Lerhard", False),
        ("Charlotte Markussen", False),
        ("Anya Krogh Manghezi", True),  # wrapped over two lines, "(Afbud)"
    ]
    assert seed_2023.warnings == []


def test_seed_2023_items(seed_2023: Parsed) -> None:
    items = seed_2023.meeting.items
    assert [(i.number, i.case_number, i.page) for i in items] == [
        (1, "22/23184", 3), (2, "23/910", 4), (3, "22/21670", 7),
        (4, "22/21089", 10), (5, "22/13568", 12), (6, "22/11606", 17),
    ]  # fmt: skip
    assert items[4].title == (
        "Opsamling på Byrådets temadrøftelse og videre proces for revision af udviklingsstrategien"
    )
    assert all(i.absent == ["Anya Krogh Manghezi"] for i in items)
    assert not any(i.closed for i in items)


def test_seed_2023_decisions_keep_every_date_in_order(seed_2023: Parsed) -> None:
    decisions = {i.number: [(d.body, d.date) for d in i.decisions] for i in seed_2023.meeting.items}
    jan16, jan23 = dt.date(2023, 1, 16), dt.date(2023, 1, 23)
    assert decisions == {
        1: [("Direktionen", jan16)],
        2: [("Direktionen", jan16)],
        3: [("Direktionen", jan16), ("Direktionen", jan23)],
        4: [("Direktionen", jan16), ("Direktionen", jan23)],
        5: [("Direktionen", jan16)],
        6: [("Direktionen", jan16)],
    }
    item3 = seed_2023.meeting.items[2]
    assert item3.decisions[0].text.startswith("Sagen blev ikke behandlet")
    assert "- Attraktiv arbejdsplads blev godkendt" in item3.decisions[1].text


def test_seed_2023_attachments(seed_2023: Parsed) -> None:
    assert [i.attachments for i in seed_2023.meeting.items] == [
        [],
        [
            "Bilag 1- Digitaliseringsstrategi 2023-2026.pptx",
            "Bilag 2 - Implementeringsplan for digitaliseringsstrategi 2023-2026.pptx",
        ],
        ["Inspirationskatalog til kompetenceudvikling"],
        [],
        [],
        [],
    ]


def test_seed_2023_section_text_details(seed_2023: Parsed) -> None:
    items = seed_2023.meeting.items
    indstilling = items[2].sections[1].text
    # Nested bullets under a numbered point keep one level of indentation.
    assert "indsatsområder:\n  - Kompetenceudvikling\n  - Attraktiv arbejdsplads\n" in indstilling
    # "- ? Træthed" (a lost bullet glyph) becomes a plain bullet.
    sagsfremstilling = items[3].sections[4].text
    assert "\n- Træthed efter Corona-situationen\n" in sagsfremstilling
    assert "?" not in sagsfremstilling
    # The HTML-ish table: tags gone, words and the tab column kept.
    table = items[4].sections[3].text
    assert "<p>" not in table and "</p>" not in table and "<u>" not in table
    assert "\nBØRN OG UNGE\tForm/type af involvering og målgruppe: Idébanc afholdt" in table
    assert "Politisk involvering: Sker via udvalgte medlemmer i §17 stk. 4 udvalget\n" in table
    # A sentence broken by a stray blank line is one paragraph again.
    assert "Nedenfor fremgår forslag til rammen for involvering" in table


def test_seed_2024(seed_2024: Parsed) -> None:
    m = seed_2024.meeting
    assert (m.id, m.start, m.location) == (
        "referat-direktionen-2024-11-04",
        "10:00",
        "Mødelokale 1.14",
    )
    assert [(a.name, a.absent) for a in m.attendees][-1] == ("Anya Krogh Manghezi", False)
    assert [(i.number, i.case_number, i.page) for i in m.items] == [
        (1, "23/22369", 3), (2, "23/21400", 4), (3, "24/14457", 6), (4, "23/14607", 9),
    ]  # fmt: skip
    assert [[(d.body, d.date) for d in i.decisions] for i in m.items] == [
        [],
        *[[("Direktionen", dt.date(2024, 11, 4))]] * 3,
    ]
    assert all(i.absent == [] for i in m.items)
    assert m.items[2].attachments == [
        "Byrådets fælles fremtidsbillede - Opsamling af Byrådets temadrøftelse april 2024",
        "Opsamling af byrådets besøgsproces ifm 'fælles om fremtiden' - 01112024.pptx",
    ]
    assert m.items[3].attachments == [
        "Bilag 1 - Beskrivelser af opgavesnit i spor 1",
        "Bilag 2 - uddybende opgavebeskrivelser",
    ]
    assert seed_2024.warnings == []


def test_seed_2024_sections(seed_2024: Parsed) -> None:
    item2, item4 = seed_2024.meeting.items[1], seed_2024.meeting.items[3]
    assert [s.kind for s in item2.sections] == [
        "baggrund", "indstilling", "beslutning", "sagsfremstilling", "okonomi",
    ]  # fmt: skip
    # "Tryghedsundersøgelse" is a sub-heading inside Sagsfremstilling, not a section.
    assert item2.sections[3].text.startswith("Tryghedsundersøgelse\n\nI samarbejde med")
    # The Økonomi table keeps its tab-separated rows, empty cells included.
    assert item2.sections[4].text.endswith(
        "\t2023\t2024 og 2025\n"
        "Udarbejdelse og udførsel af en tryghedsmåling\t111.248 kr.\t\n"
        "Evt. borgerrettede tiltag\t\t100.000 kr."
    )
    # Ressourcer and Tidsplan are real sections outside the core vocabulary.
    assert [(s.kind, s.heading) for s in item4.sections[4:6]] == [
        ("other", "Ressourcer"), ("other", "Tidsplan"),
    ]  # fmt: skip
    assert "- 26. november – Frist for kommentering fra Ad hoc MED." in item4.sections[5].text
