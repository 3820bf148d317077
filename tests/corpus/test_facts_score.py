"""The scorer's own rules on made-up facts (no corpus needed): sub-headings checked as lines,
decision starts compared as printed or without a layout's list markers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from referat.models import Item, Meeting, Section, Source

from facts_score import score


def _meeting(sections: list[Section]) -> Meeting:
    source = Source(path="x.pdf", sha256="0" * 64, format="pdf")
    item = Item(number=1, title="Lokalplan", sections=sections)
    day = dt.date(2025, 8, 27)
    return Meeting(id="m", kind="referat", body="Byrådet", date=day, source=source, items=[item])


def _facts(**item: Any) -> dict[str, Any]:
    base = {"number": 1, "title": "Lokalplan", "case_number": None, "closed": False,
            "headings": [], "decisions": [], "absent": [], "subitems": []}  # fmt: skip
    meeting = {"kind": "referat", "body": "Byrådet", "location": None, "date": "2025-08-27",
               "start": None, "attendees": []}  # fmt: skip
    return {"meeting": meeting, "items": [base | item]}


def test_subheading_must_stand_as_a_line_of_its_own() -> None:
    facts = _facts(headings=["Sagsbeskrivelse"], subheadings=["Om projektet"])
    own_line = Section(kind="sagsfremstilling", heading="Sagsbeskrivelse",
                       text="Indledning.\n\nOm projektet\n\nPotentialet er stort.")  # fmt: skip
    assert score(_meeting([own_line]), facts).accuracy == 1.0
    run_in = own_line.model_copy(update={"text": "Indledning. Om projektet Potentialet er stort."})
    result = score(_meeting([run_in]), facts)
    assert [m.field for m in result.mismatches] == ["items[1].subheadings[0]"]


def test_decision_start_as_printed_or_without_list_markers() -> None:
    facts = _facts(
        headings=["Beslutning"],
        decisions=[{"text_start": "1.Orienteringen blev taget til efterretning 2."}],
    )
    text = "1.Orienteringen blev taget til efterretning\n\n2. a - c godkendt."
    decision = Section(kind="beslutning", heading="Beslutning", text=text)
    assert score(_meeting([decision]), facts).accuracy == 1.0
    marked = _facts(headings=["Beslutning"], decisions=[{"text_start": "Godkendt. Sagen sendes"}])
    listed = decision.model_copy(update={"text": "1. Godkendt.\n- Sagen sendes videre."})
    assert score(_meeting([listed]), marked).accuracy == 1.0
    wrong = decision.model_copy(update={"text": "Udsat."})
    assert score(_meeting([wrong]), marked).accuracy < 1.0
