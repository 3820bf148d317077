"""Who was absent for an item, against who was absent in its case's history (issue 20)."""

from __future__ import annotations

from referat import parse_text

HEAD = "REFERAT Byrådet d. 06-11-2023\n\n"


def _item(history_end: str, own: str = "") -> str:
    """An item printed decision first (as the web page): its decision, its presentation, then
    the case's history, whose last earlier decision may close with its own absentees."""
    return HEAD + (
        "Punkt 1: Salg af grund\n\n22/1\n\n"
        f"Beslutning\n\nGodkendt.\n\n{own}"
        "Sagsfremstilling\n\nGrunden sælges til højestbydende.\n\n"
        "Sagens forløb\n\n23-10-2023 Økonomiudvalget\n\n"
        f"Anbefales.\n\n{history_end}"
        "Punkt 2: Næste sag\n\n22/2\n\nBeslutning\n\nGodkendt.\n"
    )


def test_absentees_of_an_earlier_decision_in_the_history_are_the_historys() -> None:
    item = parse_text(_item("Afbud: Bo Krag\n\n")).meeting.items[0]
    assert item.absent == []
    history = item.sections[-1]
    assert history.heading == "Sagens forløb"
    assert history.text.endswith("Afbud: Bo Krag")


def test_the_items_own_absentees_under_its_decision_stay_the_items() -> None:
    text = _item("Afbud: Bo Krag\n\n", own="Fraværende: Anna Holm\n\n")
    item = parse_text(text).meeting.items[0]
    assert item.absent == ["Anna Holm"]
    assert item.decisions[0].text == "Godkendt."


def test_absentees_after_a_history_of_udvalg_and_dato_blocks_are_the_historys() -> None:
    text = HEAD + (
        "Punkt 1: Salg af grund\n\n22/1\n\nBeslutning\n\nGodkendt.\n\n"
        "Sagsforløb\n\nUdvalg: Økonomiudvalget\nDato: 23-10-2023\n\n"
        "Anbefales.\n\nFraværende: Bo Krag\n\n"
        "Punkt 2: Næste sag\n\n22/2\n\nBeslutning\n\nGodkendt.\n"
    )
    item = parse_text(text).meeting.items[0]
    assert item.absent == []
    assert item.decisions[-1].body == "Økonomiudvalget"
    assert item.decisions[-1].text.endswith("Fraværende: Bo Krag")


def test_the_items_absentees_after_its_decision_that_follows_the_history() -> None:
    text = HEAD + (
        "Punkt 1: Salg af grund\n\n22/1\n\n"
        "Sagens forløb\n\n23-10-2023 Økonomiudvalget\n\nAnbefales.\n\nAfbud: Bo Krag\n\n"
        "Beslutning\n\nGodkendt.\n\nFraværende: Anna Holm\n\n"
        "Punkt 2: Næste sag\n\n22/2\n\nBeslutning\n\nGodkendt.\n"
    )
    item = parse_text(text).meeting.items[0]
    assert item.absent == ["Anna Holm"]


def test_a_run_in_decision_that_only_names_the_absent() -> None:
    text = HEAD + (
        "Punkt 1: Godkendelse af dagsorden\n\n22/1\n\n"
        "Beslutning: Godkendt.\n\nResume: Dagsordenen.\n\n"
        "Punkt 2: Underskriftsark\n\n22/2\n\n"
        "Beslutning: Afbud: Bo Krag\n\nResume: Elektronisk underskriftsark.\n"
    )
    item = parse_text(text).meeting.items[1]
    assert item.absent == ["Bo Krag"]
    decision = item.sections[0]
    assert (decision.kind, decision.heading, decision.text) == ("beslutning", "Beslutning", "")


def test_a_labelled_absence_line_under_a_decision_before_untitled_text() -> None:
    text = HEAD + (
        "Punkt 1: Program for mødet\n\n22/1\n\n"
        "Beslutning\n\nProgrammet blev godkendt.\n\nFraværende: Bo Krag\n\n"
        "Program for mødet:\n\nKl. 17:30 Lukket møde.\n\n"
        "Punkt 2: Næste sag\n\n22/2\n\nBeslutning\n\nGodkendt.\n"
    )
    item = parse_text(text).meeting.items[0]
    assert item.absent == ["Bo Krag"]
    assert "Fraværende" not in item.decisions[0].text


def test_a_decision_that_opens_with_the_absent_and_goes_on_keeps_its_words() -> None:
    text = HEAD + (
        "Punkt 1: Underskriftsark\n\n22/1\n\n"
        "Beslutning: Fraværende: Bo Krag.\n\nAnna Holm godkendte underskriftsarket.\n\n"
        "Resume: Underskriftsark.\n\nIndstilling: Godkendes.\n\n"
        "Punkt 2: Næste sag\n\n22/2\n\nBeslutning: Godkendt.\n"
    )
    item = parse_text(text).meeting.items[0]
    assert item.absent == []
    assert item.decisions[0].text.startswith("Fraværende: Bo Krag.")
