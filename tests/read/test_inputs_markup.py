"""Web pages and Word files of our own, made from the seed minutes at test time
(:mod:`seed_markup`), read into the same meeting as the seed's text: the same recogniser and
profiles serve every input.  Also: chrome and field codes stay out of the model.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from referat.errors import ReadError
from referat.models import Meeting
from referat.pipeline import parse_file
from referat.read.files import read_document, read_file
from seed_markup import seed_blocks, to_docx, to_docx_by_libreoffice, to_html

from conftest import FIXTURES

SEEDS = sorted(FIXTURES.glob("htk-*.txt"))


def _facts(meeting: Meeting) -> dict[str, Any]:
    """What must not depend on the input format."""
    return {
        "id": meeting.id,
        "start": meeting.start,
        "location": meeting.location,
        "attendees": [(a.name, a.absent) for a in meeting.attendees],
        "items": [
            (
                i.number, i.title, i.case_number, i.closed, i.absent,
                [(s.kind, s.heading, s.body, s.date) for s in i.sections],
            )
            for i in meeting.items
        ],
    }  # fmt: skip


def _words(meeting: Meeting) -> list[str]:
    return [
        w.lstrip("-")
        for i in meeting.items
        for s in i.sections
        for w in s.text.split()
        if w.lstrip("-")
    ]


def _made(seed: Path, suffix: str, tmp_path: Path) -> Path:
    blocks = seed_blocks(seed.read_text(encoding="utf-8"))
    path = tmp_path / f"{seed.stem}{suffix}"
    if suffix == ".html":
        path.write_text(to_html(blocks), encoding="utf-8")
    else:
        to_docx(blocks, path)
    return path


@pytest.mark.parametrize("suffix", [".html", ".docx"])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_markup_of_a_seed_is_the_same_meeting(seed: Path, suffix: str, tmp_path: Path) -> None:
    want = parse_file(seed).meeting
    parsed = parse_file(_made(seed, suffix, tmp_path))
    got = parsed.meeting
    assert got.source.format == suffix[1:]
    assert _facts(got) == _facts(want)
    assert _words(got) == _words(want)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_word_numbered_items_read_as_printed(seed: Path, tmp_path: Path) -> None:
    path = tmp_path / "numbered.docx"
    to_docx(seed_blocks(seed.read_text(encoding="utf-8")), path, numbered_items=True)
    heads = [ln.text for ln in read_file(path).lines if ln.text.startswith("Punkt ")]
    want = parse_file(seed).meeting
    assert heads == [f"Punkt {i.number}: {i.title}" for i in want.items]
    assert _facts(parse_file(path).meeting) == _facts(want)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
def test_a_word_file_libreoffice_writes_is_the_same_meeting(tmp_path: Path) -> None:
    seed = SEEDS[0]
    path = to_docx_by_libreoffice(seed_blocks(seed.read_text(encoding="utf-8")), tmp_path)
    want, got = parse_file(seed).meeting, parse_file(path).meeting
    assert got.source.format == "docx"
    assert _facts(got) == _facts(want)
    assert _words(got) == _words(want)


def test_a_portal_page_in_one_form_without_main(tmp_path: Path) -> None:
    seed = SEEDS[0]
    page = to_html(seed_blocks(seed.read_text(encoding="utf-8")))
    page = page.replace("<main>", "<form id='aspnetForm'><div id='indhold'>").replace(
        "</main>", "<input type='submit' value='Send'></div></form>"
    )
    path = tmp_path / "portal.htm"
    path.write_text(page, encoding="utf-8")
    got = parse_file(path).meeting
    assert _facts(got) == _facts(parse_file(seed).meeting)
    assert "Forside" not in got.model_dump_json() and "Send" not in got.model_dump_json()


def test_page_chrome_and_scripts_stay_out(tmp_path: Path) -> None:
    got = parse_file(_made(SEEDS[0], ".html", tmp_path)).meeting
    text = got.model_dump_json()
    for chrome in ("Forside", "Alle møder", "Søg", "Cookies", "not text", "Kommunens dagsordener"):
        assert chrome not in text


def test_field_codes_stay_out(tmp_path: Path) -> None:
    path = _made(SEEDS[0], ".docx", tmp_path)
    doc = read_file(path)
    text = "\n".join(line.text for line in doc.lines)
    assert "TOC" not in text and "PAGEREF" not in text and "_Toc" not in text
    assert doc.format == "docx" and doc.styled


def test_html_lines_carry_structure() -> None:
    page = (
        "<html><body><h2>Punkt 1: Budget</h2><p>Første linje<br>anden&nbsp;linje &amp; mere</p>"
        "<ul><li>Et</li><li>To<ul><li>Under</li></ul></li></ul>"
        "<table><tr><th>År</th><th>Beløb</th></tr><tr><td>2025</td><td>5</td></tr></table>"
        "<p><strong>Fed linje</strong></p></body></html>"
    )
    doc = read_document(page.encode(), "side.html")
    rows = [(ln.text, ln.bold, ln.size, ln.cells, ln.indent) for ln in doc.lines]
    assert rows == [
        ("Punkt 1: Budget", True, 14.0, None, 0.0),
        ("Første linje", False, 10.0, None, 0.0),
        ("anden linje & mere", False, 10.0, None, 0.0),
        ("- Et", False, 10.0, None, 0.0),
        ("- To", False, 10.0, None, 0.0),
        ("- Under", False, 10.0, None, 18.0),
        ("År\tBeløb", False, 10.0, ("År", "Beløb"), 0.0),
        ("2025\t5", False, 10.0, ("2025", "5"), 0.0),
        ("Fed linje", True, 10.0, None, 0.0),
    ]
    assert doc.lines[2].gap == 0.0 and doc.lines[1].gap == 1.0  # <br>: same paragraph


def test_xhtml_with_an_encoding_declaration() -> None:
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html><html xmlns="http://www.w3.org/1999/'
        'xhtml"><body><h1>Referat</h1><p>Mødested: Rådhuset</p></body></html>'
    )
    doc = read_document(page.encode(), "side.xhtml")
    assert [ln.text for ln in doc.lines] == ["Referat", "Mødested: Rådhuset"]


def test_word_content_controls_are_read(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    document.add_heading("REFERAT Direktionen d. 16-01-2023", level=1)
    control = parse_xml(
        f"<w:sdt {w}><w:sdtPr><w:alias w:val='Sted'/></w:sdtPr><w:sdtContent><w:p><w:r>"
        "<w:t>Mødested Mødelokale B105</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    document.element.body.insert(1, control)
    document.add_paragraph("Efter feltet")
    path = tmp_path / "felter.docx"
    document.save(str(path))
    texts = [ln.text for ln in read_file(path).lines]
    assert texts == [
        "REFERAT Direktionen d. 16-01-2023",
        "Mødested Mødelokale B105",
        "Efter feltet",
    ]


def test_not_a_word_file_is_a_clear_error() -> None:
    with pytest.raises(ReadError, match=r"x\.docx: not a readable Word file"):
        read_document(b"PK\x03\x04" + b"\x00" * 100, "x.docx")


def test_an_empty_page_is_a_clear_error() -> None:
    with pytest.raises(ReadError, match=r"blank\.html: the HTML page has no text"):
        read_document(b"<html><body><nav>Menu</nav></body></html>", "blank.html")


def test_word_number_formats() -> None:
    from referat.read.word_numbers import FORMATS

    assert [FORMATS["lowerLetter"](n) for n in (1, 5, 26, 27)] == ["a", "e", "z", "aa"]
    assert [FORMATS["upperRoman"](n) for n in (1, 4, 9, 14, 2024)] == [
        "I", "IV", "IX", "XIV", "MMXXIV",
    ]  # fmt: skip
    assert FORMATS["decimalZero"](7) == "07"


def test_pages_and_word_files_reparse_unchanged_from_the_archive(tmp_path: Path) -> None:
    from referat.archive.store import archive_session
    from referat.ingest.batch import import_paths
    from referat.ingest.reparse import reparse_archive

    paths = [str(_made(seed, suffix, tmp_path)) for seed in SEEDS for suffix in (".html", ".docx")]
    with archive_session(str(tmp_path / "a.db")) as archive:
        report = import_paths(archive, paths[::2])  # the pages
        assert [r.status for r in report.results] == ["inserted"] * len(SEEDS)
        again = reparse_archive(archive)
        assert [r.status for r in again.results] == ["unchanged"] * len(SEEDS)
        report = import_paths(archive, paths[1::2])  # the Word files: the same meetings
        assert [r.status for r in report.results] == ["updated"] * len(SEEDS)
        again = reparse_archive(archive)
        assert [r.status for r in again.results] == ["unchanged"] * len(SEEDS)
