"""Saved publication web pages (``../shared/corpus/html``) against golden facts
(``tests/corpus/html/*.expected.json``), scored by ``tools/facts_score.py``; and the page's own
item list, read here with XPath, against the parsed items.  Skips when the corpus is absent.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
from lxml import html as lxml_html

from referat.pipeline import parse_file

from facts_score import GOLDENS, SCHEMA, load_expected, score

CORPUS_HTML = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "html"
EXPECTED = sorted((GOLDENS / "html").glob("*.expected.json"))


def _page(expected_file: Path) -> Path:
    if not CORPUS_HTML.is_dir():
        pytest.skip(f"corpus not present: {CORPUS_HTML}")
    return CORPUS_HTML / load_expected(expected_file)["document"]


def test_there_are_goldens_for_both_pages() -> None:
    assert len(EXPECTED) == 2
    for path in EXPECTED:
        jsonschema.validate(load_expected(path), SCHEMA)


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_page_scores_every_fact(expected_file: Path) -> None:
    page = _page(expected_file)
    parsed = parse_file(page)
    result = score(parsed.meeting, load_expected(expected_file))
    assert result.accuracy == 1.0, result.wrong()
    assert parsed.meeting.source.format == "html"


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_items_are_the_pages_items(expected_file: Path) -> None:
    page = _page(expected_file)
    tree = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    rows = tree.xpath("//tr[contains(@class,'punktrow')]")
    numbers = [int(r.xpath("string(.//td[1])").strip()) for r in rows]
    titles = [" ".join(r.xpath("string(.//h2)").split()) for r in rows]
    cases = [" ".join(r.xpath("string(.//*[@class='sagsnummer'])").split()) or None for r in rows]
    meeting = parse_file(page).meeting
    assert [i.number for i in meeting.items] == numbers
    assert [i.title for i in meeting.items] == titles
    assert [i.case_number for i in meeting.items] == cases
    # The chrome stays out: no menu entry or button label reaches the model.
    text = meeting.model_dump_json()
    assert "Hent som PDF" not in text and "Kopier link" not in text
    assert "Tilbage til forsiden" not in text


def test_attendees_in_a_publication_page_header() -> None:
    page = (
        "<html><body><table id='dagsordenDetaljer'></table><div class='title'><h1>Referat 3. "
        "marts 2025 kl. 16.00</h1></div><table class='dagsordeninfo'><tr><td>Udvalg:</td><td>"
        "<span>Teknisk Udvalg</span></td></tr><tr><td>Mødedeltagere:</td><td class='deltagere'>"
        "<div>Anna Berg</div><div>Bo Holm (afbud)</div><br></td></tr><tr hidden><td>Information:"
        "</td><td></td></tr></table><table><tr class='punktrow'><td><span class='label'>1</span>"
        "</td><td><h2 class='overskrift'>Godkendelse</h2><span class='sagsnummer'>EMN-2025-1"
        "</span><div class='punkt'><div><h3>Beslutninger</h3><div>Godkendt.</div></div></div>"
        "</td></tr></table></body></html>"
    )
    from referat.pipeline import parse_document
    from referat.read.files import read_document

    meeting = parse_document(read_document(page.encode(), "side.html")).meeting
    assert [(a.name, a.absent) for a in meeting.attendees] == [
        ("Anna Berg", False), ("Bo Holm", True),
    ]  # fmt: skip
    assert meeting.id == "referat-teknisk-udvalg-2025-03-03"
    assert [(i.number, i.title, i.case_number) for i in meeting.items] == [
        (1, "Godkendelse", "EMN-2025-1"),
    ]
    assert meeting.items[0].decisions[0].text == "Godkendt."


def test_referat_page_by_hand() -> None:
    page = _page(GOLDENS / "html" / "aarhus_teknisk-udvalg_2025-10-01_referat.expected.json")
    meeting = parse_file(page).meeting
    assert meeting.id == "referat-teknisk-udvalg-2025-10-01"
    assert (meeting.start, meeting.location) == ("15:45", "Udvalgsværelse 398")
    item = meeting.items[1]
    assert item.attachments[:2] == [
        "Indstilling",
        "Bilag 1: Udviklingsplan for Pier 3 med omgivelser med bilag og strategier",
    ]
    earlier = [(d.body, str(d.date)) for d in item.decisions[1:]]
    assert earlier[0] == ("Magistraten", "2025-09-02")
