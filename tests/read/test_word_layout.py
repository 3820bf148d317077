"""Word files of systems that lay the page out in tables, frames and text boxes (Acadre and the
like): the items, headings, decisions and attendance are found as in a print.  The files are our
own (:mod:`acadre_word`), written by python-docx and by LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from acadre_word import (
    EXPECTED_ITEMS,
    INDSTILLING,
    NAMESPACES,
    SAGSFREMSTILLING,
    W_NS,
    acadre_docx,
    fodt_to_docx,
    text_box,
)
from referat.models import Meeting
from referat.pipeline import parse_file
from referat.read.files import read_file

MARCH_12 = dt.date(2024, 3, 12)
DECISION = ("beslutning", "Beslutning i Økonomiudvalget den 12. marts 2024", "Økonomiudvalget")


def _check_meeting(meeting: Meeting) -> None:
    assert (meeting.kind, meeting.body, meeting.date, meeting.start, meeting.location) == (
        "referat", "Økonomiudvalget", MARCH_12, "16:00", "Byrådssalen, Rådhuset"
    )  # fmt: skip
    # Names set in two columns are four attendees (not two rows); the Afbud line one more.
    assert [(a.name, a.party, a.absent) for a in meeting.attendees] == [
        ("Jesper Mathiesen", "A", False),
        ("Ole Bjerregaard", "V", False),
        ("Hanne Lund", "F", False),
        ("Peter Krog", "A", False),
        ("Karen Dam", "C", True),  # "Afbud: Karen Dam (C)" keeps the party
    ]
    assert [(i.number, i.title, i.case_number) for i in meeting.items] == EXPECTED_ITEMS
    one, two, three = meeting.items
    assert [(s.kind, s.heading, s.body, s.date, s.text) for s in one.sections] == [
        (*DECISION, MARCH_12, "Godkendt.")
    ]
    # Headings in the left column, their text in the right one.
    assert [(s.kind, s.heading) for s in two.sections] == [
        ("sagsfremstilling", "Sagsfremstilling"),
        ("indstilling", "Indstilling"),
        DECISION[:2],
    ]
    assert two.sections[0].text.startswith(SAGSFREMSTILLING)
    assert two.sections[1].text == INDSTILLING
    assert [(d.body, d.date, d.text) for d in two.decisions] == [
        ("Økonomiudvalget", MARCH_12, "Anbefales.")
    ]
    assert [(d.date, d.text) for d in three.decisions] == [(MARCH_12, "Intet.")]


def test_acadre_shaped_word_file_gives_the_meeting(tmp_path: Path) -> None:
    _check_meeting(parse_file(acadre_docx(tmp_path / "acadre.docx")).meeting)


def test_a_text_box_is_read_once_where_it_is_anchored(tmp_path: Path) -> None:
    lines = [ln.text for ln in read_file(acadre_docx(tmp_path / "acadre.docx")).lines]
    # The title page stands in a text box written twice (drawing and VML fallback): read once,
    # first, as it is anchored in the first paragraph.
    assert lines[:4] == [
        "Referat",
        "Økonomiudvalget",
        "Mødedato: 12. marts 2024 kl. 16.00",
        "Mødested: Byrådssalen, Rådhuset",
    ]
    assert lines.count("Referat") == 1
    # Number | title on a table row reads as the item head, set bold.
    assert "1. Godkendelse af dagsorden" in lines and "2. Tilskud til foreningslivet" in lines


def test_figures_in_a_nested_table_stay_a_table(tmp_path: Path) -> None:
    doc = read_file(acadre_docx(tmp_path / "acadre.docx"))
    rows = [ln.cells for ln in doc.lines if ln.cells is not None]
    assert rows == [("2024", "150.000 kr."), ("2025", "300.000 kr.")]
    heads = {ln.text: ln.bold for ln in doc.lines if ln.text[:2] in ("1.", "2 ", "2.", "3.")}
    assert heads == {
        "1. Godkendelse af dagsorden": True,
        "2. Tilskud til foreningslivet": True,
        "3. Eventuelt": True,
    }


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_the_same_shapes_written_by_libreoffice(tmp_path: Path) -> None:
    path = fodt_to_docx(tmp_path)
    meeting = parse_file(path).meeting
    assert meeting.source.format == "docx"
    _check_meeting(meeting)


def _word_file(tmp_path: Path, body_xml: str) -> Path:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("Før")
    document.element.body.insert(1, parse_xml(body_xml))
    document.add_paragraph("Efter")
    path = tmp_path / "boks.docx"
    document.save(str(path))
    return path


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_a_box_in_a_box_and_a_fallback_only_box(tmp_path: Path) -> None:
    inner = f"<w:p>{text_box(_p('Indre boks'))}</w:p>"
    vml_only = (
        "<w:r><w:pict><v:rect><v:textbox><w:txbxContent>"
        f"{_p('Kun VML')}</w:txbxContent></v:textbox></v:rect></w:pict></w:r>"
    )
    body = f"<w:p {NAMESPACES}>{text_box(_p('Ydre boks') + inner)}{vml_only}" + (
        "<w:r><w:t>Ankerets tekst</w:t></w:r></w:p>"
    )
    lines = [ln.text for ln in read_file(_word_file(tmp_path, body)).lines]
    assert lines == ["Før", "Ydre boks", "Indre boks", "Kun VML", "Ankerets tekst", "Efter"]


def test_tables_of_figures_stay_rows_and_label_tables_read_as_fields(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    figures = document.add_table(rows=2, cols=3)
    for r, row in enumerate((("Anlæg", "2024", "1,2 mio. kr."), ("Drift", "2025", "0,4 mio. kr."))):
        for c, text in enumerate(row):
            figures.cell(r, c).text = text
    themes = document.add_table(rows=1, cols=2)  # prose in a cell, no heading beside it
    themes.cell(0, 0).text, themes.cell(0, 1).text = "FÆLLESSKAB", SAGSFREMSTILLING
    fields = document.add_table(rows=2, cols=2)
    fields.cell(0, 0).text, fields.cell(0, 1).text = "Dato:", "6. oktober 2016"
    fields.cell(1, 0).text, fields.cell(1, 1).text = "Deltagere:", "Anna Berg"
    fields.cell(1, 1).add_paragraph("Bo Ek")
    form = document.add_table(rows=1, cols=4)
    for c, text in enumerate(("Sagsnr.:", "24/1234", "Sagsbehandler:", "Kim Lund")):
        form.cell(0, c).text = text
    path = tmp_path / "tabeller.docx"
    document.save(str(path))
    lines = read_file(path).lines
    assert [(ln.text, ln.cells is not None) for ln in lines] == [
        ("Anlæg\t2024\t1,2 mio. kr.", True),
        ("Drift\t2025\t0,4 mio. kr.", True),
        (f"FÆLLESSKAB\t{SAGSFREMSTILLING}", True),
        ("Dato: 6. oktober 2016", False),
        ("Deltagere: Anna Berg", False),
        ("Bo Ek", False),
        ("Sagsnr.: 24/1234", False),
        ("Sagsbehandler: Kim Lund", False),
    ]


@pytest.mark.parametrize(
    ("numbers", "heads"),
    [
        (("1", "2"), ("1. Godkendelse", "2. Budget")),
        (("Punkt 1", "Punkt 2"), ("Punkt 1: Godkendelse", "Punkt 2: Budget")),
    ],
    ids=["number", "punkt"],
)
def test_an_item_head_in_a_table_of_its_own(
    tmp_path: Path, numbers: tuple[str, str], heads: tuple[str, str]
) -> None:
    # A document writes its heads in one form (structure/heads.py); each form in a file of its own.
    import docx

    document = docx.Document()
    document.add_paragraph("Referat").runs[0].bold = True
    document.add_paragraph("Mødedato: 12. marts 2024")
    for number, title, case in zip(
        numbers, ("Godkendelse", "Budget"), ("24/1", "24/2"), strict=True
    ):
        head = document.add_table(rows=1, cols=3)
        for c, text in enumerate((number, title, f"Sagsnr.: {case}")):
            head.cell(0, c).text = text
        document.add_paragraph().add_run("Beslutning").bold = True
        document.add_paragraph("Godkendt.")
    path = tmp_path / "hoveder.docx"
    document.save(str(path))
    lines = [(ln.text, ln.bold) for ln in read_file(path).lines]
    assert all((head, True) in lines for head in heads)
    items = parse_file(path).meeting.items
    assert [(i.number, i.title, i.case_number) for i in items] == [
        (1, "Godkendelse", "24/1"),
        (2, "Budget", "24/2"),
    ]


def test_tables_nested_deep_read_without_error(tmp_path: Path) -> None:
    cell = _p("Inderst")
    for _ in range(60):
        cell = f"<w:tbl><w:tr><w:tc>{cell}{_p('')}</w:tc></w:tr></w:tbl>"
    path = _word_file(
        tmp_path, f'<w:tbl xmlns:w="{W_NS}"><w:tr><w:tc>{cell}<w:p/></w:tc></w:tr></w:tbl>'
    )
    assert [ln.text for ln in read_file(path).lines] == ["Før", "Inderst", "Efter"]
