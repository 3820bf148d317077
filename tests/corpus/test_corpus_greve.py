"""Real minutes: Greve's FirstAgenda meetings (``../shared/corpus/firstagenda-json``) printed in
three layouts by three real generators, parsed back, and scored against facts from their JSON
(by ``tools/facts_score.py``, the scorer of the golden files too).

The targets are the issue's ("Real published minutes: structure before prose"): field accuracy
>= 0.98 and text fidelity >= 0.99 on every print.  Prints are cached in ``.cache/corpus/`` (see
``tools/greve/prints.py``); a layout whose generator is missing skips, and everything skips when
the corpus is absent (a fresh clone without ``../shared``).  ``make corpus`` runs all 104.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from facts_score import score
from greve import expected_text, facts, prints

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
JSON_DIR = CORPUS / "firstagenda-json"
ACCURACY = 0.98
FIDELITY = 0.99

# Chosen for variety: committees, years (the HTML's heading levels change: h3 2022, h2 late 2022,
# h4 from 2023), closed items, absentees per meeting and per item, tables, lists.
SAMPLE = (
    "greve_byraad-2022-2025_2022-12-12_c3d666d4",  # Byråd, 51 items, 6 closed, 2 absent, h2
    "greve_beskaeftigelses-og-erhvervsudvalget_2023-01-09_2d6996dc",  # decisions without heading
    "greve_klima-teknik-og-miljoeudvalget_2024-01-15_b57b78a4",  # h4 headings, lists
    "greve_skole-boerne-og-ungeudvalget_2022-08-16_8e03bd28",  # h3 headings, 10-column tables
    "greve_plan-og-tryghedsudvalget_2025-09-09_c01a8d10",  # two members sent regrets
    "greve_social-og-handicapudvalget_2022-11-14_1bdade20",  # an absent member, a closed item
    "greve_kultur-og-fritidsudvalget_2023-08-16_a3506ecc",  # a long address as the place
    "greve_oekonomiudvalget_2025-08-22_195d641c",  # extraordinary, virtual, regrets
    "greve_spoergsmaal-svar-til-byraadet-2022-2025_2024-12-31_4173e720",  # agenda, no attendees
)

pytestmark = pytest.mark.skipif(
    not JSON_DIR.is_dir(), reason=f"real-minutes corpus not present at {JSON_DIR}"
)


def _json(stem: str) -> Path:
    return JSON_DIR / f"{stem}.json"


@pytest.fixture(scope="module")
def printed() -> dict[str, dict[Path, Path]]:
    """The sample printed in every layout that can print here (two processes; cached)."""
    return prints.print_all([_json(s) for s in SAMPLE], jobs=2)


@pytest.mark.parametrize("stem", SAMPLE)
@pytest.mark.parametrize("layout", list(prints.LAYOUTS))
def test_print_parses_back(printed: dict[str, dict[Path, Path]], layout: str, stem: str) -> None:
    if reason := prints.missing(layout):
        pytest.skip(reason)
    from referat.pipeline import parse_file

    source = _json(stem)
    meeting = parse_file(printed[layout][source]).meeting
    result = score(meeting, facts(source), expected_text(source))
    assert result.accuracy >= ACCURACY, f"field accuracy {result.accuracy:.3f}: {result.wrong()}"
    assert result.fidelity is not None
    assert result.fidelity >= FIDELITY, f"text fidelity {result.fidelity:.3f}"


# ---------------------------------------------------------------------------------------------
# The facts themselves, checked by hand against the JSON of one meeting


def test_facts_of_one_meeting() -> None:
    got = facts(_json(SAMPLE[0]))
    meeting = got["meeting"]
    assert got["document"] == f"{SAMPLE[0]}.json"
    assert "system" not in got  # depends on the layout: not a fact of the meeting
    assert (meeting["kind"], meeting["body"], meeting["date"], meeting["start"]) == (
        "referat", "Byråd 2022-2025", "2022-12-12", "17:00",
    )  # fmt: skip
    assert meeting["location"] == "Byrådssalen"
    assert len(meeting["attendees"]) == 21
    assert sum(a["absent"] for a in meeting["attendees"]) == 2
    items = {i["number"]: i for i in got["items"]}
    assert len(got["items"]) == 51 and sorted(items) == list(range(1, 52))
    assert sum(i["closed"] for i in got["items"]) == 6
    assert len(items[1]["absent"]) == 3  # members absent for item 1 only
    assert sum(len(i["absent"]) for i in got["items"]) == 21
    closed = items[6]
    assert (closed["title"], closed["case_number"], closed["closed"]) == (
        "Tilbagekøb af Nældebjerg Børnegaard", "21-013305", True,
    )  # fmt: skip
    assert closed["headings"] == ["Beslutning"]
    assert closed["decisions"] == [
        {"text_start": "Byrådet godkendte Økonomiudvalgets indstilling."}
    ]  # no body or date: a layout may print them in the heading or not
    assert items[7]["case_number"] == "20-001362K"
    assert items[12]["title"] == "Ajourføring af Økonomiregulativet"
    assert items[12]["closed"] is False
    assert items[12]["headings"] == [
        "Sagsprocedure", "Resume", "Indstilling", "Sagsbeskrivelse", "Lovgrundlag",
        "Økonomiske konsekvenser", "Sagens forløb", "Beslutning",
    ]  # fmt: skip
    assert all(i["subitems"] == [] for i in got["items"])


def test_facts_of_an_agenda_without_attendees() -> None:
    got = facts(_json(SAMPLE[-1]))
    assert got["meeting"]["kind"] == "dagsorden"
    assert got["meeting"]["attendees"] == []
    assert [i["decisions"] for i in got["items"]] == [[]]


# ---------------------------------------------------------------------------------------------
# The scorer: a meeting that says exactly the facts scores 1, a damaged one less


def _perfect(expected: dict[str, Any], text: str) -> dict[str, Any]:
    items = []
    for item in expected["items"]:
        decisions = iter(item["decisions"])
        sections = []
        for heading in item["headings"]:
            kind = "beslutning" if heading == "Beslutning" else "other"
            body = next(decisions)["text_start"] + " og mere" if kind == "beslutning" else ""
            sections.append({"kind": kind, "heading": heading, "text": body})
        if item.get("subheadings"):  # lines of their own in the first section
            sections[0]["text"] += "".join(f"\n{sub}\n" for sub in item["subheadings"])
        items.append({**item, "sections": sections})
    meeting = {k: v for k, v in expected["meeting"].items()}
    return {**meeting, "items": items, "notes": [text]}


def test_score_of_the_facts_themselves_is_perfect() -> None:
    source = _json(SAMPLE[0])
    expected, text = facts(source), expected_text(source)
    result = score(_perfect(expected, text), expected, text)
    assert result.accuracy == 1.0, result.wrong()
    assert result.fidelity == 1.0


def test_score_counts_what_is_missing_or_wrong() -> None:
    source = _json(SAMPLE[0])
    expected, text = facts(source), expected_text(source)
    damaged = _perfect(expected, "")
    damaged["items"] = damaged["items"][1:]  # item 1 lost
    damaged["items"][0]["case_number"] = "22-000000"
    damaged["attendees"] = damaged["attendees"][:-1]
    misread = damaged["attendees"][0] = {**damaged["attendees"][0]}
    misread["name"] = misread["name"][:3] + " " + misread["name"][3:]
    damaged["location"] = None
    by_number = {item["number"]: item for item in damaged["items"]}
    sections = by_number[12]["sections"]
    del sections[1]  # "Resume": one heading missing
    sections[-1]["heading"] = "Beslutning i Byråd 2022-2025 den 12-12-2022"  # still "Beslutning"
    by_number[13]["sections"].insert(0, {"kind": "other", "heading": "Ekstra", "text": ""})
    result = score(damaged, expected, text)
    assert result.counts["items"] == [50, 52]  # the count, and item 1
    assert result.counts["case_numbers"] == [49, 51]
    # 21 attendees x (name, absent, party, role) and the count: one lost costs 5, a misread name 1
    assert result.counts["attendees"] == [79, 85]
    assert result.counts["meeting"] == [4, 5]
    perfect = score(_perfect(expected, text), expected, text)
    right, total = perfect.counts["headings"]
    lost_item_1 = len(expected["items"][0]["headings"]) + 1  # its headings and their count
    # item 12: its count and "Resume"; item 13: its count, and "Ekstra" one check more
    assert result.counts["headings"] == [right - lost_item_1 - 2 - 1, total + 1]
    fields = {m.field for m in result.mismatches}
    assert {"items[12].headings[1]", "items[13].headings[+0]", "meeting.location"} <= fields
    assert "meeting.attendees[0].name" in fields
    assert result.accuracy < 1.0
    assert result.fidelity is not None and result.fidelity < 0.05
