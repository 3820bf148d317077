"""SBSYS eDagsorden publication XML of our own (:mod:`sbsys_xml`) mapped to the model: upper-case
headings through the shared vocabulary, several dated decisions in one field, ``Tomt indhold``,
the item's own number among nested ones, empty case numbers without warnings; hostile XML is one
clear error; ``parse``, ``import`` and ``reparse`` all take it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from referat.cli import cli
from referat.errors import NotMinutesError, ReadError
from referat.pipeline import parse_file
from referat.read.files import read_document
from sbsys_xml import MINUTES, Field, Item, publication

SEPT_18, OCT_2 = dt.date(2012, 9, 18), dt.date(2012, 10, 2)


def _write(tmp_path: Path, text: str, name: str = "publication.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_minutes_in_upper_case_map_to_the_model(tmp_path: Path) -> None:
    parsed = parse_file(_write(tmp_path, publication(MINUTES, publication_type=2)))
    meeting = parsed.meeting
    assert parsed.warnings == []  # four empty or missing case numbers: no warning storm
    assert (meeting.kind, meeting.system, meeting.body, meeting.date) == (
        "referat", "sbsys", "Forretningsudvalget", OCT_2
    )  # fmt: skip
    assert (meeting.start, meeting.end, meeting.location) == (
        "15:00", "17:00", "Mødelokale 1, Regionshuset"
    )  # fmt: skip
    assert meeting.id == "referat-forretningsudvalget-2012-10-02"
    assert [(a.name, a.party, a.absent) for a in meeting.attendees] == [
        ("Anne Holm", "A", False),
        ("Bent Ravn", "V", False),
    ]
    # The item's own <Number>, not its case's or its attachments' (which come first).
    assert [(i.number, i.title, i.case_number, i.closed) for i in meeting.items] == [
        (1, "Godkendelse af dagsorden", None, False),
        (2, "Ny busrute til erhvervsområdet", "1-23-456-12", False),
        (3, "Køb af grund", None, True),
        (4, "Eventuelt", None, False),
    ]
    one, two, three, four = meeting.items
    assert [(d.heading, d.body, d.date, d.text) for d in one.decisions] == [
        ("FORRETNINGSUDVALGETS BESLUTNING", "Forretningsudvalget", OCT_2, "Godkendt.")
    ]
    assert [(s.kind, s.heading) for s in two.sections] == [
        ("sagsfremstilling", "SAGSFREMSTILLING"),
        ("okonomi", "ØKONOMI"),  # Tomt indhold: the heading, no text
        ("indstilling", "ADMINISTRATIONENS INDSTILLING"),
        ("beslutning", "FORRETNINGSUDVALGETS BESLUTNING"),
        ("beslutning", None),  # the second dated decision of the same field
        ("other", "REGIONSRÅDETS BESLUTNING"),  # empty: a heading, no decision
    ]
    bus = "Trafikselskabet foreslår en ny rute.\n\n- Halvtimesdrift\n- Weekend"
    assert two.sections[0].text == bus
    assert two.sections[1].text == "" and two.sections[5].text == ""
    assert [(d.body, d.date, d.text) for d in two.decisions] == [
        ("Forretningsudvalget", SEPT_18, "Sagen udsat."),
        ("Forretningsudvalget", OCT_2, "Anbefales.\n\nBent Ravn tog forbehold."),
    ]
    assert two.attachments == ["Køreplan", "Høringssvar"]
    assert three.absent == ["Anne Holm"]
    # A field filled at the meeting (IsFeedback) is a decision under any heading; an empty
    # field is a heading where the publication prints empty fields.
    assert [(s.kind, s.heading, s.text) for s in four.sections] == [
        ("other", "Tidligere behandling", ""),
        ("beslutning", "Referat", "Intet."),
    ]


def test_an_agenda_hides_the_empty_fields_its_print_hides(tmp_path: Path) -> None:
    items = [
        Item("1", "Orientering", [
            Field("Tidligere behandling"), Field("Sagsfremstilling", "<p>Status.</p>"),
            Field("Beslutning", "", feedback=True),
        ]),
    ]  # fmt: skip
    text = publication(items, show_empty_fields=False, members=(("Anne Holm", 2),))
    meeting = parse_file(_write(tmp_path, text)).meeting
    assert meeting.kind == "dagsorden"
    assert [(s.kind, s.heading) for s in meeting.items[0].sections] == [
        ("sagsfremstilling", "Sagsfremstilling"),
        ("other", "Beslutning"),
    ]
    assert [(a.name, a.absent) for a in meeting.attendees] == [("Anne Holm", True)]


def test_recognised_by_its_root_element_whatever_its_name(tmp_path: Path) -> None:
    text = publication(MINUTES)
    doc = read_document(text.encode("utf-8"), "export.txt")
    assert doc.format == "xml" and doc.text == text.lstrip("\ufeff")  # the BOM read as one
    result = CliRunner().invoke(cli, ["parse", "-", "--json"], input=text.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert '"format": "xml"' in result.stdout


def test_a_number_that_is_no_number_is_numbered_by_position(tmp_path: Path) -> None:
    items = [
        Item("1", "Første"),
        Item("", "Anden"),
        Item("3", "Tredje"),
        Item("9" * 5000, "Fjerde"),
    ]
    parsed = parse_file(_write(tmp_path, publication(items, publication_type="9" * 5000)))
    assert [i.number for i in parsed.meeting.items] == [1, 2, 3, 4]
    assert [w.code for w in parsed.warnings] == ["sbsys_publication"] * 2
    assert "item 2: number '' is no number; numbered 2" in str(parsed.warnings[0])
    assert parsed.meeting.kind == "dagsorden"


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE Publication [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Publication>&b;</Publication>'
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE Publication [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    "<Publication><Agendas><Agenda><Name>&x;</Name></Agenda></Agendas></Publication>"
)


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("bomb.xml", BOMB, "document type declaration"),
        ("external.xml", EXTERNAL, "document type declaration"),
        ("broken.xml", "<Publication><Agendas>", "not well-formed XML"),
        ("other.xml", "<?xml version='1.0'?><rss><channel/></rss>", "root element <rss>"),
        ("empty.xml", "<Publication><Published>x</Published></Publication>", "without an agenda"),
    ],
)
def test_bad_xml_is_one_clear_error(name: str, text: str, reason: str) -> None:
    with pytest.raises(ReadError, match=reason) as caught:
        read_document(text.encode("utf-8"), name)
    assert str(caught.value).startswith(f"{name}: ")


def test_a_publication_without_a_date_or_committee(tmp_path: Path) -> None:
    with pytest.raises(NotMinutesError, match="no date"):
        parse_file(_write(tmp_path, publication(MINUTES, when="snart")))
    with pytest.raises(NotMinutesError, match="names no committee"):
        parse_file(_write(tmp_path, publication(MINUTES, committee="")))
    result = CliRunner().invoke(cli, ["parse", str(_write(tmp_path, BOMB, "bomb.xml"))])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "bomb.xml: XML with a document type" in result.stderr


def test_import_and_reparse_take_it(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    path = _write(tmp_path, publication(MINUTES, publication_type=2))
    runner = CliRunner()
    imported = runner.invoke(cli, ["import", "--db", str(db), str(tmp_path)])
    assert imported.exit_code == 0, imported.output
    assert "1 inserted" in imported.stdout + imported.stderr
    reparsed = runner.invoke(cli, ["reparse", "--db", str(db)])
    assert reparsed.exit_code == 0, reparsed.output
    assert "1 unchanged" in reparsed.stdout + reparsed.stderr
    with sqlite3.connect(db) as con:
        formats = con.execute("select format from sources").fetchall()
        decisions = con.execute("select count(*) from sections where kind='beslutning'").fetchone()
    assert formats == [("xml",)] and decisions == (5,)
    assert path.exists()


def test_earlier_decisions_and_a_number_by_attribute(tmp_path: Path) -> None:
    earlier = ("Beslutning", "Trafikudvalget", "2012-09-04T00:00:00", "<p>Oversendes.</p>")
    items = [
        Item("", "Ny busrute", [Field("Beslutning", "<p>Anbefales.</p>", feedback=True)],
             history=(earlier,), attribute="7"),
    ]  # fmt: skip
    meeting = parse_file(_write(tmp_path, publication(items))).meeting
    (item,) = meeting.items
    assert item.number == 7
    assert [(d.heading, d.body, d.date, d.text) for d in item.decisions] == [
        ("Beslutning", "Forretningsudvalget", OCT_2, "Anbefales."),
        ("Beslutning", "Trafikudvalget", dt.date(2012, 9, 4), "Oversendes."),
    ]


def test_an_iso_time_and_a_note_of_regrets(tmp_path: Path) -> None:
    text = publication(MINUTES, when="2012-10-02T15:00:00", until="2012-10-02T17:30:00")
    text = text.replace("<ParticipationNote />", "<ParticipationNote>Afbud</ParticipationNote>", 1)
    meeting = parse_file(_write(tmp_path, text)).meeting
    assert (meeting.date, meeting.start, meeting.end) == (OCT_2, "15:00", "17:30")
    assert [(a.name, a.absent) for a in meeting.attendees] == [
        ("Anne Holm", True),
        ("Bent Ravn", False),
    ]


def test_a_second_agenda_is_named_in_a_warning(tmp_path: Path) -> None:
    text = publication(MINUTES)
    agenda = text[text.index("<Agenda ") : text.index("</Agendas>")]
    parsed = parse_file(_write(tmp_path, text.replace("</Agendas>", agenda + "</Agendas>")))
    assert len(parsed.meeting.items) == len(MINUTES)
    assert [str(w).split(": ", 2)[2] for w in parsed.warnings] == [
        "the publication holds 2 agendas: the first is read [sbsys_publication]"
    ]
