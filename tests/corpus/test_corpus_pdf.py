"""Real minutes (``../shared/corpus/pdf``) against golden facts (``tests/corpus/*.expected.json``),
scored by ``tools/facts_score.py`` (the scorer ``make corpus`` uses too).

The corpus is third-party material kept outside the repository; these tests skip when it is
absent (a fresh clone) and run in CI.  See tests/corpus/README.md for the conventions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from referat.models import Attendee, Item, Meeting, Section, Source, SubItem

from facts_score import GOLDENS, SCHEMA, goldens, load_expected, score

CORPUS_PDF = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "pdf"
EXPECTED = goldens()
MIN_ACCURACY = 0.98


def _ids(paths: list[Path]) -> list[str]:
    return [p.name.removesuffix(".expected.json") for p in paths]


def _document(expected_file: Path) -> Path:
    if not CORPUS_PDF.is_dir():
        pytest.skip(f"corpus not present: {CORPUS_PDF}")
    return CORPUS_PDF / load_expected(expected_file)["document"]


def _meeting_from(expected: dict[str, Any]) -> Meeting:
    """The meeting a perfect parser would return, as far as the facts say."""

    def decision(d: dict[str, Any], heading: str) -> Section:
        date = dt.date.fromisoformat(d["date"]) if d["date"] else None
        text = d["text_start"] + " ..."
        return Section(kind="beslutning", heading=heading, text=text, body=d["body"], date=date)

    items = []
    for it in expected["items"]:
        # Decision headings come last in these goldens; an item without headings of its own
        # (Word template) has its decisions in its first subitem, under "Referat:".
        headings, decisions = it["headings"], it["decisions"]
        subitems = [SubItem(label=s["label"], title=s["title"]) for s in it["subitems"]]
        own = len(headings) >= len(decisions)
        plain = headings[: len(headings) - len(decisions)] if own else headings
        sections = [Section(kind="other", heading=h, text="") for h in plain]
        if own:
            sections += [
                decision(d, h) for d, h in zip(decisions, headings[len(plain) :], strict=True)
            ]
        else:
            subitems[0].sections = [decision(d, "Referat:") for d in decisions]
        items.append(
            Item(
                number=it["number"],
                title=it["title"],
                case_number=it["case_number"],
                closed=it["closed"],
                absent=it["absent"],
                sections=sections,
                subitems=subitems,
            )
        )
    m = expected["meeting"]
    return Meeting(
        id="referat-x-2000-01-01",
        kind=m["kind"],
        system=expected["system"],
        body=m["body"],
        date=dt.date.fromisoformat(m["date"]),
        start=m["start"],
        location=m["location"],
        attendees=[Attendee(**a) for a in m["attendees"]],
        source=Source(path="x.pdf", sha256="0" * 64, format="pdf"),
        items=items,
    )


def test_there_are_expected_files() -> None:
    assert EXPECTED, f"no *.expected.json in {GOLDENS}"


@pytest.mark.parametrize("expected_file", EXPECTED, ids=_ids(EXPECTED))
def test_expected_file_is_valid(expected_file: Path) -> None:
    data = load_expected(expected_file)
    jsonschema.validate(data, SCHEMA)
    assert expected_file.name == data["document"].removesuffix(".pdf") + ".expected.json"
    numbers = [item["number"] for item in data["items"]]
    assert len(numbers) == len(set(numbers)), f"duplicate item numbers: {numbers}"
    for item in data["items"]:
        labels = [sub["label"] for sub in item["subitems"]]
        assert len(labels) == len(set(labels)), f"item {item['number']}: duplicate labels"
    names = [a["name"] for a in data["meeting"]["attendees"]]
    assert len(names) == len(set(names)), f"duplicate attendees: {names}"
    pdf = _document(expected_file)
    assert pdf.is_file(), f"{expected_file.name} names a document that does not exist: {pdf}"


@pytest.mark.parametrize("expected_file", EXPECTED, ids=_ids(EXPECTED))
def test_scorer_on_a_perfect_and_a_flawed_parse(expected_file: Path) -> None:
    expected = load_expected(expected_file)
    perfect = _meeting_from(expected)
    result = score(perfect, expected)
    assert result.mismatches == [], result.report()
    assert result.accuracy == 1.0
    assert result.total == result.right > 0

    flawed = perfect.model_copy(deep=True)
    first = flawed.items[0]
    first.title += " X"
    lost = first.sections[-1] if first.sections else None
    first.sections = first.sections[:-1] if lost else [Section(kind="other", heading="Y", text="")]
    flawed.items.append(Item(number=999, title="extra"))
    flawed.attendees = flawed.attendees[1:]
    result = score(flawed, expected)
    fields = [m.field for m in result.mismatches]
    assert f"items[{first.number}].title" in fields
    assert "items[len]" in fields
    assert "items[+" + str(len(perfect.items)) + "]" in fields  # the spurious item
    # Exactly the right points lost: each list's length check, plus each missing leaf / each
    # spurious element.  A missing heading (or a spurious "Y") is one; a missing decision its
    # body, date and text_start; a missing attendee its name, absent, party and role.
    want = {"titles": 1, "items": 1 + 1, "headings": 1 + 1}
    if lost is not None and lost.kind == "beslutning":
        want["decisions"] = 1 + 3
    if perfect.attendees:
        want["attendees"] = 1 + 4
    assert {c: t - r for c, (r, t) in result.counts.items() if r != t} == want, result.report()
    assert len(result.mismatches) == result.total - result.right


@pytest.mark.parametrize("expected_file", EXPECTED, ids=_ids(EXPECTED))
def test_parse_matches_expected(expected_file: Path) -> None:
    from referat.errors import ReferatError
    from referat.pipeline import parse_file

    expected = load_expected(expected_file)
    pdf = _document(expected_file)
    if not pdf.is_file():
        pytest.skip(f"document not present: {pdf}")
    try:
        meeting = parse_file(pdf).meeting
    except ReferatError as exc:
        error = f"{pdf.name}: {type(exc).__name__}: {exc}"
    else:
        error = None
    if error is not None:
        pytest.fail(error, pytrace=False)
    result = score(meeting, expected)
    assert result.accuracy >= MIN_ACCURACY, f"{pdf.name}: {result.report()}"
