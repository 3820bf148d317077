"""A line's bold start (a run-in label ``Økonomi:`` before plain text), as each reader sees it."""

from __future__ import annotations

import io

import pytest

from referat.read.files import read_document
from referat.read.lines import Line, decode_layout, encode_layout, lines_to_text
from referat.read.pdf import PDF_ENGINES

LABEL = "Økonomi:"
REST = "Salget giver 2 mio. kr. i indtægt."


def _pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 11)
    pdf.write(6, "Sagsbeskrivelse")
    pdf.ln(10)
    pdf.write(6, LABEL)
    pdf.set_font("Helvetica", "", 11)
    pdf.write(6, f" {REST}")
    pdf.ln(10)
    pdf.write(6, "En linje uden fed skrift.")
    return bytes(pdf.output())


def _line(lines: list[Line], start: str) -> Line:
    return next(line for line in lines if line.text.startswith(start))


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_a_pdf_line_keeps_the_bold_of_its_label(engine: str) -> None:
    lines = read_document(_pdf(), "made-up.pdf", pdf_engine=engine).lines
    heading, label, plain = (_line(lines, s) for s in ("Sagsbeskrivelse", "Økonomi", "En linje"))
    assert heading.bold and heading.starts_bold(len("Sagsbeskrivelse"))
    assert not label.bold
    assert label.text == f"{LABEL} {REST}"
    assert label.bold_prefix == len(LABEL)
    assert label.starts_bold(len("Økonomi")) and not label.starts_bold(len(LABEL) + 3)
    assert plain.bold_prefix == 0 and not plain.starts_bold(1)


def test_a_web_page_paragraph_keeps_the_bold_of_its_label() -> None:
    html = (
        "<html><body><p><strong>Økonomi:</strong> Salget giver 2 mio. kr.</p>"
        "<p>Ingen <b>fed</b> start.</p></body></html>"
    )
    lines = read_document(html.encode(), "made-up.html").lines
    assert _line(lines, "Økonomi").bold_prefix == len(LABEL)
    assert _line(lines, "Ingen").bold_prefix == 0


def test_a_word_paragraph_keeps_the_bold_of_its_label() -> None:
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run(LABEL).bold = True
    paragraph.add_run(f" {REST}")
    document.add_paragraph("Ingen fed start.")
    out = io.BytesIO()
    document.save(out)
    lines = read_document(out.getvalue(), "made-up.docx").lines
    assert _line(lines, "Økonomi").bold_prefix == len(LABEL)
    assert _line(lines, "Ingen").bold_prefix == 0


def test_the_bold_start_survives_the_archive_and_old_layouts_read_without_it() -> None:
    lines = [Line("Økonomi: Salget.", size=10.0, bold_prefix=8), Line("Tekst.", size=10.0)]
    text, layout = lines_to_text(lines), encode_layout(lines)
    assert [ln.bold_prefix for ln in decode_layout(text, layout)] == [8, 0]
    old = layout.replace(",8]", "]").replace(",0]", "]")  # a layout stored before the field
    assert [ln.bold_prefix for ln in decode_layout(text, old)] == [0, 0]
