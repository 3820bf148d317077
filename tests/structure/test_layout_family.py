"""The layout family (issue 20 part 6): seeded print styles of the Greve meetings, parsed back.

A sample for CI: one variant of every family prints one meeting (under a minute cold, seconds
with the cache warm); ``make corpus`` prints every variant's share of the 104 meetings.  Skips
when ``../shared/corpus`` or a variant's generator is missing.  A held-out family's failure names
its accuracy only, not the fields it missed (it is judged, not tuned on).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from facts_score import score
from greve import facts, read_meeting
from greve.inject import styled_meeting
from greve.styles import FAMILIES, HELD_OUT, VARIANTS, Style
from greve.variants import default_plan, missing, print_all, styled_facts, styled_text

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
JSON_DIR = CORPUS / "firstagenda-json"
MEETING = "greve_sundheds-og-omsorgsudvalget_2023-01-09_566d62fc"  # 10 items, 2 closed
ACCURACY = 0.95  # the floor for every print; a family's mean is held to 0.98 by make corpus

# The families the parser does not read yet (the "before" of bench/LAYOUTS.md); emptied as the
# document-level structure decisions (issue 20 parts 1-3) land.
NOT_YET: frozenset[str] = frozenset()

pytestmark = pytest.mark.skipif(
    not JSON_DIR.is_dir(), reason=f"real-minutes corpus not present at {JSON_DIR}"
)
SAMPLE = [f"{family.name}-{1 + n % 3}" for n, family in enumerate(FAMILIES)]


@pytest.fixture(scope="module")
def printed() -> dict[str, dict[Path, Path]]:
    source = JSON_DIR / f"{MEETING}.json"
    return print_all({name: [source] for name in SAMPLE}, jobs=2)


@pytest.mark.parametrize("name", SAMPLE)
def test_styled_print_parses_back(printed: dict[str, dict[Path, Path]], name: str) -> None:
    variant = VARIANTS[name]
    if reason := missing(variant):
        pytest.skip(reason)
    if variant.family.name in NOT_YET:
        pytest.xfail("document-level structure decisions not there yet")
    from referat import parse_file

    source = JSON_DIR / f"{MEETING}.json"
    meeting = parse_file(printed[name][source]).meeting
    result = score(meeting, styled_facts(variant, source), styled_text(variant, source))
    detail = "held out" if variant.held_out else str(result.wrong())
    assert result.accuracy >= ACCURACY, f"{name}: field accuracy {result.accuracy:.3f} ({detail})"


# ---------------------------------------------------------------------------------------------
# The family itself (no generator needed)


def test_at_least_30_variants_and_a_third_of_the_families_held_out() -> None:
    assert len(VARIANTS) >= 30
    assert len(HELD_OUT) * 3 == len(FAMILIES)
    assert HELD_OUT.issubset(f.name for f in FAMILIES)
    for generator in ("libreoffice", "chromium", "fpdf2"):
        assert sum(f.generator == generator for f in FAMILIES) >= 3


def test_styles_are_seeded() -> None:
    again = {name: v.style for name, v in VARIANTS.items()}
    assert again == {name: v.style for name, v in VARIANTS.items()}
    assert len(set(again.values())) == len(again)  # no two variants print alike
    assert all(isinstance(s, Style) for s in again.values())


def test_each_family_prints_every_meeting_once() -> None:
    paths = sorted(JSON_DIR.glob("*.json"))
    plan = default_plan(paths)
    for family in FAMILIES:
        shares = [plan[v.name] for v in family.variants()]
        assert sorted(p for share in shares for p in share) == paths


def test_injected_points_and_lists_are_text_of_their_items() -> None:
    source = JSON_DIR / f"{MEETING}.json"
    plain = facts(source)
    for name, variant in VARIANTS.items():
        style = variant.style
        if style.points == "none" and not style.numbered_lists:
            continue
        got = styled_facts(variant, source)
        assert [i["number"] for i in got["items"]] == [i["number"] for i in plain["items"]]
        assert [i["title"] for i in got["items"]] == [i["title"] for i in plain["items"]]
        styled = styled_meeting(read_meeting(source), style, name)
        text = styled_text(variant, source)
        lines = [b.text for i in styled.items for s in i.sections for b in s.blocks]
        injected = [t for t in lines if t.startswith(("Punkt ", "Ad ", "pkt. ", "1.-", "1. "))]
        assert all(t in text for t in injected)


def test_the_empty_presentation_heading_is_a_fact() -> None:
    source = JSON_DIR / f"{MEETING}.json"
    web = next(v for v in VARIANTS.values() if v.style.fremstilling)
    items = styled_facts(web, source)["items"]
    opened = [i for i in items if not i["closed"]]
    assert all("Fremstilling" in i["headings"] for i in opened if len(i["headings"]) > 1)


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(x == y for y in it) for x in short)


def test_a_print_and_the_api_json_give_the_same_headings() -> None:
    """Issue 20 part 2, on all 104 meetings: the API JSON (read by referat) and a FirstAgenda
    print of the same meeting (the generator's structure, with the presentation's tab label
    printed as FirstAgenda prints it, empty or not) have the same headings, item by item.

    The one difference left is the two HTML readers': a template field name set in bold inside a
    paragraph (``<p><strong>Baggrund</strong><br>…``) is a heading to referat's JSON importer
    and a line of text in the generator's print (it drops the bold).  Those items may only add
    such names, and they stay few."""
    from referat.pipeline import parse_file

    from greve.source import TEMPLATE_SECTIONS

    style = Style(fremstilling=True)
    differ = 0
    for source in sorted(JSON_DIR.glob("*.json")):
        parsed = parse_file(source).meeting
        printed = styled_meeting(read_meeting(source), style, "json")
        assert len(parsed.items) == len(printed.items)
        for got, want in zip(parsed.items, printed.items, strict=True):
            json_headings = [s.heading for s in got.sections if s.heading]
            print_headings = [s.heading for s in want.sections if s.heading]
            if json_headings == print_headings:
                continue
            differ += 1
            extra = list(json_headings)
            for heading in print_headings:
                extra.remove(heading)
            where = f"{source.stem} item {got.number}"
            assert _is_subsequence(print_headings, json_headings), where
            assert set(extra) <= TEMPLATE_SECTIONS, (where, extra)
    assert differ <= 20
