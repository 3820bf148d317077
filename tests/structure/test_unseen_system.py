"""An agenda system nobody described degrades to "items found, with a warning", never silence.

The document is built as styled lines (what the PDF read stage gives), in the shape of systems the
profiles do not name (Acadre, Cicero, …): items numbered through the year and set in bold, a
labelled case number, bold headings the vocabulary does not know, a dated decision line.
"""

from __future__ import annotations

from referat.pipeline import parse_document
from referat.read.lines import Document, Line

BODY, HEAD = 10.0, 12.0


def _doc(*rows: tuple[str, float, bool, float]) -> Document:
    lines = [
        Line(text, page=1, number=n, size=size, bold=bold, gap=gap, short=True, y=20.0 * n)
        for n, (text, size, bold, gap) in enumerate(rows, start=1)
    ]
    return Document("unseen.pdf", "0" * 64, "pdf", lines, pages=1, styled=True)


UNSEEN = _doc(
    ("Beslutningsprotokol", 16.0, True, 0.0),
    ("Økonomiudvalget", HEAD, True, 0.5),
    ("Mødedato: 12. marts 2024, kl. 16.00", BODY, False, 1.0),
    ("715. Godkendelse af dagsorden", HEAD, True, 1.5),
    ("Sag nr.: 24/1234", BODY, False, 0.0),
    ("Beslutning i Økonomiudvalget den 12. marts 2024", BODY, True, 0.5),
    ("Godkendt.", BODY, False, 0.0),
    ("716. Tilskud til foreningslivet", HEAD, True, 1.5),
    ("Sag nr.: 24/2001", BODY, False, 0.0),
    ("Tilskudsmodel", BODY, True, 0.5),
    ("Foreningerne får tilskud efter antal medlemmer under 25 år.", BODY, False, 0.0),
    ("Beslutning i Økonomiudvalget den 12. marts 2024", BODY, True, 0.5),
    ("Anbefales.", BODY, False, 0.0),
)


def test_unseen_system_gives_items_titles_cases_and_decisions() -> None:
    parsed = parse_document(UNSEEN)
    meeting = parsed.meeting
    assert meeting.system == "generic"
    assert (meeting.body, meeting.date.isoformat(), meeting.start) == (
        "Økonomiudvalget", "2024-03-12", "16:00"
    )  # fmt: skip
    assert [(i.number, i.title, i.case_number) for i in meeting.items] == [
        (715, "Godkendelse af dagsorden", "24/1234"),
        (716, "Tilskud til foreningslivet", "24/2001"),
    ]
    decisions = [
        (d.body, d.date and d.date.isoformat(), d.text) for d in meeting.items[1].decisions
    ]
    assert decisions == [("Økonomiudvalget", "2024-03-12", "Anbefales.")]
    # A bold heading the vocabulary does not know is still a section, with its heading.
    first = meeting.items[1].sections[0]
    assert (first.kind, first.heading) == ("other", "Tilskudsmodel")


def test_unseen_system_says_what_it_did_not_understand() -> None:
    codes = [w.code for w in parse_document(UNSEEN).warnings]
    assert "unknown_system" in codes
    assert "unknown_heading" in codes


def test_a_known_profile_can_be_forced() -> None:
    forced = parse_document(UNSEEN, system="edoc").meeting
    assert forced.system == "edoc"
    assert forced.system_evidence == "given with --system"
    assert [i.number for i in forced.items] == [715, 716]


def test_point_by_point_decision_lines_are_not_items() -> None:
    # "Pkt. 1: …" in body type inside a decision, where the items are set as headings.
    doc = _doc(
        ("Referat", 16.0, True, 0.0),
        ("Mødedato: 7. februar 2022 kl. 16.00", BODY, False, 1.0),
        ("Punkt 1: Introduktion til erhvervsområdet", HEAD, True, 1.5),
        ("22-001227", BODY, False, 0.0),
        ("Beslutning", BODY, True, 0.5),
        ("Pkt. 1: Orienteringen blev taget til efterretning.", BODY, False, 0.0),
        ("Pkt. 2: Godkendt.", BODY, False, 0.0),
        ("Punkt 2: Mødekalender 2022", HEAD, True, 1.5),
        ("22-001228", BODY, False, 0.0),
    )
    items = parse_document(doc).meeting.items
    assert [i.number for i in items] == [1, 2]
    assert items[0].decisions[0].text == (
        "Pkt. 1: Orienteringen blev taget til efterretning.\n\nPkt. 2: Godkendt."
    )
