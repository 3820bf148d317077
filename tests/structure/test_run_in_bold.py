"""Run-in headings where a document sets their labels bold (issue 20), on made-up lines."""

from __future__ import annotations

from referat.pipeline import parse_document
from referat.read.lines import Document, Line

BODY = 10.0


def _doc(bold_labels: bool) -> Document:
    """Two items whose template runs its headings in (``Indstilling: …``), the label bold when
    ``bold_labels``; item 1's Sagsbeskrivelse holds the author's own plain ``Økonomi: …``."""
    texts: list[tuple[str, str]] = [
        ("head", "Referat"),
        ("body", "Mødedato: 06-11-2023"),
        ("item", "1 Salg af grund"),
        ("run", "Beslutning: Godkendt."),
        ("run", "Indstilling: Administrationen indstiller, at grunden sælges."),
        ("run", "Sagsbeskrivelse: Grunden ligger ved stationen."),
        ("body", "Økonomi: Salget giver 2 mio. kr. i indtægt."),
        ("body", "Lovgrundlag: Kommunestyrelsesloven gælder."),
        ("run", "Økonomiske konsekvenser: Ingen."),
        ("item", "2 Nye cykelstier"),
        ("run", "Beslutning: Udsat."),
        ("run", "Indstilling: Administrationen indstiller, at stierne anlægges."),
        ("run", "Sagsbeskrivelse: Stierne forbinder skolerne."),
        ("body", "Økonomi"),  # the author's sub-heading on a line of its own, in body type
        ("body", "Udgiften afholdes af puljen."),
        ("run", "Indstilling: En ny indstilling under sagsbeskrivelsen, sat som en rubrik."),
    ]
    lines = []
    for n, (kind, text) in enumerate(texts, start=1):
        label = text.partition(":")[0]
        prefix = len(label) + 1 if kind == "run" and bold_labels else 0
        size = 14.0 if kind in ("head", "item") else BODY
        bold = kind in ("head", "item")
        lines.append(
            Line(text, 1, n, size=size, bold=bold, gap=0.5, short=True, bold_prefix=prefix)
        )
    return Document("made-up.pdf", "0" * 64, "pdf", lines, pages=1, styled=True)


def _sections(bold_labels: bool) -> list[list[tuple[str, str]]]:
    meeting = parse_document(_doc(bold_labels), system="firstagenda").meeting
    return [[(s.heading or "", s.text) for s in item.sections] for item in meeting.items]


def test_a_plain_label_in_a_document_of_bold_run_in_labels_is_text() -> None:
    first, second = _sections(bold_labels=True)
    assert [h for h, _ in first] == [
        "Beslutning", "Indstilling", "Sagsbeskrivelse", "Økonomiske konsekvenser",
    ]  # fmt: skip
    description = dict(first)["Sagsbeskrivelse"]
    assert "Økonomi: Salget giver 2 mio. kr. i indtægt." in description
    assert "Lovgrundlag: Kommunestyrelsesloven gælder." in description
    # A bold label is a heading, even a second Indstilling in the item; a heading word on a line
    # of its own in body type is text.
    assert [h for h, _ in second] == ["Beslutning", "Indstilling", "Sagsbeskrivelse", "Indstilling"]
    assert "Økonomi\n\nUdgiften afholdes af puljen." in dict(second)["Sagsbeskrivelse"]


def test_without_bold_labels_the_run_in_labels_read_as_before() -> None:
    first, second = _sections(bold_labels=False)
    assert "Økonomi" in [h for h, _ in first]  # no style to tell the author's from the template's
    assert [h for h, _ in second] == ["Beslutning", "Indstilling", "Sagsbeskrivelse", "Økonomi"]
