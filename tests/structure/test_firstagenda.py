"""FirstAgenda Publication API JSON: mapped straight to the model.

Every one of the 104 Greve meetings of ``../shared/corpus/firstagenda-json`` is imported and
every fact of its JSON is looked for in the model: read straight from the JSON (meeting, body,
date, start, place, attendees with absence; per item number, title, case number, closed flag,
attachments, absentees) and from the facts ``tools/greve`` computes with an HTML reader of its
own (section headings, decisions' first words, absentees named in a decision, every word).
Skips when the corpus is absent.  The unit tests below use a meeting of our own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from referat.errors import ReadError
from referat.models import Meeting, meeting_id
from referat.pipeline import parse_file
from referat.read.files import read_document
from referat.structure.firstagenda import ABSENT as ABSENT_KEY
from referat.structure.firstagenda import (
    ATTACHMENT_NAME,
    ATTACHMENTS,
    ATTENDEES,
    BODY,
    CASE,
    DATE,
    FIELD_HTML,
    FIELDS,
    ITEM_ABSENT,
    ITEM_NAME,
    ITEMS,
    NAME,
    NUMBER,
    PLACE,
    REGRETS,
    pick,
)

from facts_score import fidelity, meeting_text
from greve import expected_text, facts

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "firstagenda-json"
JSON_FILES = sorted(CORPUS.glob("*.json")) if CORPUS.is_dir() else []
corpus = pytest.mark.skipif(not JSON_FILES, reason=f"FirstAgenda corpus not present at {CORPUS}")


def _words(text: str) -> list[str]:
    return text.split()


def _unbulleted(text: str) -> str:
    """Words without list markers (the model writes ``- `` before a list item, some source
    paragraphs begin with a typed one), whitespace collapsed."""
    return " ".join(w for w in text.split() if w not in ("-", "•"))


def _subsequence(want: list[Any], got: list[Any], same: Any = lambda a, b: a == b) -> bool:
    it = iter(got)
    return all(any(same(w, g) for g in it) for w in want)


@corpus
def test_the_corpus_is_all_there() -> None:
    assert len(JSON_FILES) == 104


@corpus
@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.stem)
def test_every_fact_of_the_json_is_in_the_model(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    meeting = parse_file(path).meeting
    # The meeting, straight from the JSON.
    assert meeting.source.format == "json" and meeting.system == "firstagenda"
    assert meeting.body == " ".join(pick(data, BODY).split())
    assert meeting.date.isoformat() == pick(data, DATE)[:10]
    assert meeting.start == pick(data, DATE)[11:16]
    assert meeting.location == (" ".join(pick(data, PLACE, "").split()) or None)
    # The municipality is the publication site's (the links go to dagsordener.greve.dk).
    assert meeting.municipality == "Greve"
    assert meeting.id == meeting_id(meeting.kind, meeting.body, meeting.date, "Greve")
    people = [p for p in pick(data, ATTENDEES, []) if pick(p, NAME, "").strip()]
    assert [(a.name, a.absent) for a in meeting.attendees] == [
        (" ".join(pick(p, NAME).split()), bool(pick(p, ABSENT_KEY) or pick(p, REGRETS)))
        for p in people
    ]
    raw_items = pick(data, ITEMS, [])
    assert len(meeting.items) == len(raw_items)
    for raw, item in zip(raw_items, meeting.items, strict=True):
        name = " ".join(pick(raw, ITEM_NAME).split())
        assert item.number == int(pick(raw, NUMBER))
        assert item.closed == name.startswith("Lukket:")
        assert name.endswith(item.title) and item.title
        assert item.case_number == (pick(raw, CASE) or None)
        assert item.attachments == [
            " ".join(pick(b, ATTACHMENT_NAME).split()) for b in pick(raw, ATTACHMENTS, [])
        ]
        for person in pick(raw, ITEM_ABSENT, []):
            assert pick(person, NAME) in item.absent
        html = "".join(pick(f, FIELD_HTML, "") for f in pick(raw, FIELDS, []))
        has_words = bool(html.strip()) and bool(lxml_html.fromstring(html).text_content().split())
        assert bool(item.sections) == has_words
    # The facts tools/greve reads from the item HTML with a parser of its own.
    expected = facts(path)
    assert meeting.kind == expected["meeting"]["kind"]
    for want, item in zip(expected["items"], meeting.items, strict=True):
        where = f"item {item.number}"
        headings = [s.heading for s in item.sections if s.heading is not None]
        assert _subsequence(want["headings"], headings), (where, want["headings"], headings)
        starts = [_unbulleted(s.text) for s in item.decisions]
        wanted = [_unbulleted(d["text_start"]) for d in want["decisions"]]
        assert _subsequence(wanted, starts, lambda w, g: g.startswith(w)), (where, wanted, starts)
        assert set(want["absent"]) <= set(item.absent), (where, want["absent"], item.absent)
    assert fidelity(expected_text(path), meeting_text(meeting.model_dump(mode="json"))) == 1.0


@corpus
def test_one_meeting_by_hand() -> None:
    meeting = parse_file(CORPUS / "greve_byraad-2022-2025_2022-12-12_c3d666d4.json").meeting
    assert meeting.id == "referat-greve-byraad-2022-2025-2022-12-12"
    assert (meeting.start, meeting.location) == ("17:00", "Byrådssalen")
    items = {i.number: i for i in meeting.items}
    assert items[6].closed and items[6].title == "Tilbagekøb af Nældebjerg Børnegaard"
    assert [s.kind for s in items[6].sections] == ["beslutning"]
    assert items[6].decisions[0].text.startswith("Byrådet godkendte Økonomiudvalgets indstilling.")
    assert (items[6].decisions[0].body, str(items[6].decisions[0].date)) == (
        "Byråd 2022-2025", "2022-12-12",
    )  # fmt: skip
    kinds = [(s.heading, s.kind) for s in items[12].sections]
    assert kinds[:5] == [
        ("Fremstilling", "other"), ("Sagsprocedure", "other"), ("Resume", "baggrund"),
        ("Indstilling", "indstilling"), ("Sagsbeskrivelse", "sagsfremstilling"),
    ]  # fmt: skip
    assert kinds[-1] == ("Beslutning", "beslutning")


# ---------------------------------------------------------------------------------------------
# A meeting of our own (no corpus needed)


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    """``{"Moede/Dato": x}`` -> ``{"Moede": {"Dato": x}}`` (paths as the importer names them)."""
    out: dict[str, Any] = {}
    for path, value in flat.items():
        keys = [k for k in path.split("/") if k]
        node = out
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = value
    return out


def _person(name: str, absent: bool = False) -> dict[str, Any]:
    return _nest({NAME: name, ABSENT_KEY: absent, REGRETS: False})


OWN_HTML = (
    "<div><div id='sagsfremstillingContainer'><div><h3>Beslutning</h3><span><p>Godkendt &amp; "
    "sendt videre.</p><p>Afbud: Ib Holm</p></span></div><h3>Fremstilling</h3><span><div>"
    "<h4>Resume</h4><p>Kort om&nbsp;sagen.<br>Anden linje.</p><h4>Indstilling</h4><ul>"
    "<li>At planen godkendes</li><li>At den sendes i høring</li></ul><p>Økonomiske konsekvenser"
    "</p><table><tr><td>År</td><td>Beløb</td></tr><tr><td>2025</td><td>1,2 mio. kr.</td></tr>"
    "</table></div></span></div></div>"
)


def _own_meeting() -> dict[str, Any]:
    item = _nest({
        NUMBER: "3", ITEM_NAME: "Plan for stier", CASE: "24-000123",
        FIELDS: [_nest({FIELD_HTML: OWN_HTML})], ATTACHMENTS: [_nest({ATTACHMENT_NAME: "Kort"})],
        ITEM_ABSENT: [],
    })  # fmt: skip
    closed = _nest({
        NUMBER: "4", ITEM_NAME: "Lukket: Køb af grund", CASE: "24-000124",
        FIELDS: [_nest({FIELD_HTML: "<div><p>Godkendt.</p></div>"})], ATTACHMENTS: [],
    })  # fmt: skip
    return _nest({
        DATE: "2025-03-04T16:30:00+01:00", PLACE: "Mødelokale 2", BODY: "Teknisk Udvalg",
        ATTENDEES: [_person("Ib Holm", absent=True), _person("Eva Berg")], ITEMS: [item, closed],
    })  # fmt: skip


def _parse(data: dict[str, Any], name: str = "own.json") -> Meeting:
    from referat.pipeline import parse_document

    return parse_document(read_document(json.dumps(data).encode(), name)).meeting


def test_own_meeting_is_mapped_straight() -> None:
    meeting = _parse(_own_meeting())
    assert meeting.id == "referat-teknisk-udvalg-2025-03-04"
    assert (meeting.kind, meeting.body, str(meeting.date), meeting.start) == (
        "referat", "Teknisk Udvalg", "2025-03-04", "16:30",
    )  # fmt: skip
    assert meeting.location == "Mødelokale 2"
    assert meeting.title == "Referat Teknisk Udvalg"
    assert [(a.name, a.absent) for a in meeting.attendees] == [
        ("Ib Holm", True),
        ("Eva Berg", False),
    ]
    item, closed = meeting.items
    assert (item.number, item.title, item.case_number, item.closed) == (
        3, "Plan for stier", "24-000123", False,
    )  # fmt: skip
    assert [(s.heading, s.kind) for s in item.sections] == [
        ("Fremstilling", "other"), ("Resume", "baggrund"), ("Indstilling", "indstilling"),
        ("Økonomiske konsekvenser", "okonomi"), ("Beslutning", "beslutning"),
    ]  # fmt: skip
    presentation, resume, indstilling, okonomi, decision = item.sections
    assert presentation.text == ""  # the tab label is printed as a heading with nothing under it
    assert resume.text == "Kort om sagen.\nAnden linje."
    assert indstilling.text == "- At planen godkendes\n- At den sendes i høring"
    assert okonomi.text == "År\tBeløb\n2025\t1,2 mio. kr."
    assert decision.text == "Godkendt & sendt videre."
    assert item.absent == ["Ib Holm"]  # the decision's closing line, taken out of its text
    assert item.attachments == ["Kort"]
    assert (closed.title, closed.closed) == ("Køb af grund", True)
    assert [(s.kind, s.text) for s in closed.sections] == [("beslutning", "Godkendt.")]


@pytest.mark.parametrize(
    ("written", "date", "start"),
    [
        ("2025-03-04T16:30:00+01:00", "2025-03-04", "16:30"),  # as written, with its offset
        ("2025-03-04T16:30:00", "2025-03-04", "16:30"),
        ("2025-06-10T15:00:00Z", "2025-06-10", "17:00"),  # UTC: Danish summer time
        ("2025-01-07T23:30:00Z", "2025-01-08", "00:30"),  # UTC: the next day in Denmark
        ("2025-03-04T00:00:00", "2025-03-04", None),  # a date without a time
    ],
)
def test_meeting_time(written: str, date: str, start: str | None) -> None:
    data = _own_meeting()
    data[DATE.split("/")[0]][DATE.split("/")[1]] = written
    meeting = _parse(data)
    assert (str(meeting.date), meeting.start) == (date, start)


def test_a_meeting_without_decisions_is_an_agenda() -> None:
    data = _own_meeting()
    for item in pick(data, ITEMS):
        for field in pick(item, FIELDS):
            field[FIELD_HTML.strip("/")] = "<h4>Resume</h4><p>Endnu ikke behandlet.</p>"
    meeting = _parse(data)
    assert meeting.kind == "dagsorden" and meeting.id == "dagsorden-teknisk-udvalg-2025-03-04"


def test_other_json_is_a_clear_error() -> None:
    with pytest.raises(ReadError, match=r"other\.json: JSON, but not a FirstAgenda"):
        read_document(b'{"meetings": []}', "other.json")
    with pytest.raises(ReadError, match=r"bad\.json: not valid JSON"):
        read_document(b'{"a": ', "bad.json")


def test_text_starting_with_a_brace_stays_text() -> None:
    doc = read_document(b"{udkast}\nREFERAT Direktionen\n", "<stdin>")
    assert doc.format == "text"


def test_json_reaches_the_archive_and_reparses_unchanged(tmp_path: Path) -> None:
    from referat.archive.load import load_meeting
    from referat.archive.store import archive_session
    from referat.ingest.batch import expand_paths, import_paths
    from referat.ingest.reparse import reparse_archive

    path = tmp_path / "own.json"
    path.write_text(json.dumps(_own_meeting()), encoding="utf-8")
    with archive_session(str(tmp_path / "a.db")) as archive:
        report = import_paths(archive, list(expand_paths([str(tmp_path)])))
        assert [r.status for r in report.results] == ["inserted"]
        stored = load_meeting(archive, "referat-teknisk-udvalg-2025-03-04")
        assert stored.items[0].attachments == ["Kort"]
        again = reparse_archive(archive)
        assert [r.status for r in again.results] == ["unchanged"]


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ('{"Link": "https://dagsordener.greve.dk/Vis/Pdf/bilag/1"}', "Greve"),
        ('{"Link": "https://dagsordener.hoeje-taastrup.dk/Vis/Pdf/bilag/1"}', "Høje-Taastrup"),
        ('{"Link": "https://dagsordener.lejre.dk/x"}', "Lejre"),
        ('{"Link": "https://example.com/dagsordener/x"}', None),
    ],
)
def test_municipality_from_the_publication_site(text: str, town: str | None) -> None:
    from referat.structure.firstagenda import publisher

    assert publisher(text) == town
