"""The real SBSYS publication XML (``../shared/corpus/xml``) against golden facts
(``tests/corpus/xml/*.expected.json``), scored by ``tools/facts_score.py``; and the publication's
own items, read here with XPath, against the parsed items.  Skips when the corpus is absent.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from referat.pipeline import parse_file

from facts_score import GOLDENS, SCHEMA, load_expected, score

CORPUS_XML = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "xml"
EXPECTED = sorted((GOLDENS / "xml").glob("*.expected.json"))


def _publication(expected_file: Path) -> Path:
    if not CORPUS_XML.is_dir():
        pytest.skip(f"corpus not present: {CORPUS_XML}")
    return CORPUS_XML / load_expected(expected_file)["document"]


def test_there_is_a_golden_for_the_publication() -> None:
    assert len(EXPECTED) == 1
    for path in EXPECTED:
        jsonschema.validate(load_expected(path), SCHEMA)


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_publication_scores_every_fact(expected_file: Path) -> None:
    parsed = parse_file(_publication(expected_file))
    result = score(parsed.meeting, load_expected(expected_file))
    assert result.accuracy == 1.0, result.report()
    assert parsed.meeting.source.format == "xml"
    assert parsed.warnings == []  # its case numbers are all empty: that is normal there


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_items_are_the_publications_items(expected_file: Path) -> None:
    path = _publication(expected_file)
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    items = tree.xpath("/Publication/Agendas/Agenda/Items/Item")
    numbers = [int(i.xpath("string(Number)")) for i in items]
    titles = [" ".join(i.xpath("string(Caption)").split()) for i in items]
    captions = [
        [" ".join(c.split()) for c in i.xpath("Fields/ItemField/Caption/text()")] for i in items
    ]
    meeting = parse_file(path).meeting
    assert [i.number for i in meeting.items] == numbers == [1, 2, 3, 4, 5]
    assert [i.title for i in meeting.items] == titles
    # Every heading the parser gives is a field caption of that item, in the same order.
    for item, own in zip(meeting.items, captions, strict=True):
        headings = [s.heading for s in item.sections if s.heading]
        assert headings == [c for c in own if c in headings]
    # The attachment numbers nested inside an item are no item numbers.
    nested = tree.xpath("//Item//Enclosure/Number/text()")
    assert nested and all(n.strip() for n in nested)
