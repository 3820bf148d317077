"""Word files in the shape agenda systems such as Acadre write (invented wording): the title page
in a text box, the attendance as a table of names in two columns, every item a table (``number |
title`` on its first row, the case number under it, headings in the left column or in the cell
with the text, a nested table of figures), an item head in a frame.  Built with python-docx and a
little raw WordprocessingML (text boxes and frames python-docx cannot make); and the same shapes
as a flat OpenDocument file that LibreOffice turns into Word (:func:`fodt`), for a real
generator's XML.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)

TITLE_PAGE = (
    ("Referat", 28, True),
    ("Økonomiudvalget", 16, True),
    ("Mødedato: 12. marts 2024 kl. 16.00", 11, False),
    ("Mødested: Byrådssalen, Rådhuset", 11, False),
)
PEOPLE = (
    ("Jesper Mathiesen (A)", "Ole Bjerregaard (V)"),
    ("Hanne Lund (F)", "Peter Krog (A)"),
)
SAGSFREMSTILLING = (
    "Foreningerne i kommunen har søgt om et fast tilskud til lokaler og instruktører, og "
    "administrationen har udarbejdet en model efter antal medlemmer under 25 år."
)
INDSTILLING = "Direktionen indstiller, at modellen godkendes og træder i kraft 1. juli 2024."

# The meeting these files hold, as the parser must find it.
EXPECTED_ITEMS = [
    (1, "Godkendelse af dagsorden", "24/1234"),
    (2, "Tilskud til foreningslivet", "24/2001"),
    (3, "Eventuelt", None),
]


def _runs(text: str, size: int = 11, bold: bool = False) -> str:
    props = f"<w:rPr>{'<w:b/>' if bold else ''}<w:sz w:val='{size * 2}'/></w:rPr>"
    return f"<w:r>{props}<w:t xml:space='preserve'>{text}</w:t></w:r>"


def _p(text: str, size: int = 11, bold: bool = False) -> str:
    return f"<w:p>{_runs(text, size, bold)}</w:p>"


def text_box(paragraphs: str) -> str:
    """A run holding a text box as Word 2010+ writes it: a drawing, and VML for old readers
    with the same text (which must be read once)."""
    return (
        f"<w:r {NAMESPACES}><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing>"
        "<wp:anchor behindDoc='0' simplePos='0' locked='0' layoutInCell='1' allowOverlap='1' "
        "relativeHeight='2'><wp:simplePos x='0' y='0'/><wp:extent cx='5400000' cy='2000000'/>"
        "<wp:docPr id='1' name='Tekstfelt 1'/><a:graphic><a:graphicData "
        "uri='http://schemas.microsoft.com/office/word/2010/wordprocessingShape'><wps:wsp>"
        f"<wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx><wps:bodyPr/>"
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:rect style='width:425pt;height:157pt'><v:textbox>"
        f"<w:txbxContent>{paragraphs}</w:txbxContent></v:textbox></v:rect></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


def _bold(cell: Any, text: str) -> None:
    cell.paragraphs[0].add_run(text).bold = True


def acadre_docx(path: Path) -> Path:
    """The Word file: title page in a text box, people in two columns, items in tables."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    anchor = document.add_paragraph()
    anchor._p.append(parse_xml(text_box("".join(_p(*line) for line in TITLE_PAGE))))

    document.add_paragraph().add_run("Deltagere:").bold = True
    people = document.add_table(rows=len(PEOPLE), cols=2)
    for r, row in enumerate(PEOPLE):
        for c, name in enumerate(row):
            people.cell(r, c).text = name
    document.add_paragraph("Afbud: Karen Dam (C)")

    # Item 1: number | title, the case number and the decision in the title's cell.
    one = document.add_table(rows=2, cols=2)
    one.cell(0, 0).text = "1."
    _bold(one.cell(0, 1), "Godkendelse af dagsorden")
    one.cell(0, 1).add_paragraph("Sagsnr.: 24/1234")
    _bold(one.cell(1, 1), "Beslutning i Økonomiudvalget den 12. marts 2024")
    one.cell(1, 1).add_paragraph("Godkendt.")

    # Item 2: headings in the left column, their text on the right, figures in a nested table.
    two = document.add_table(rows=5, cols=2)
    two.cell(0, 0).text = "2"
    _bold(two.cell(0, 1), "Tilskud til foreningslivet")
    two.cell(1, 1).text = "Sagsnr.: 24/2001"
    _bold(two.cell(2, 0), "Sagsfremstilling")
    two.cell(2, 1).text = SAGSFREMSTILLING
    figures = two.cell(2, 1).add_table(rows=2, cols=2)
    for r, (year, amount) in enumerate((("2024", "150.000 kr."), ("2025", "300.000 kr."))):
        figures.cell(r, 0).text, figures.cell(r, 1).text = year, amount
    _bold(two.cell(3, 0), "Indstilling")
    two.cell(3, 1).text = INDSTILLING
    _bold(two.cell(4, 0), "Beslutning i Økonomiudvalget den 12. marts 2024")
    two.cell(4, 1).text = "Anbefales."

    # Item 3: the head in a frame of its own (a paragraph with w:framePr), then plain text.
    head = document.add_paragraph()
    head.add_run("3. Eventuelt").bold = True
    head._p.get_or_add_pPr().append(
        parse_xml(f'<w:framePr xmlns:w="{W_NS}" w:w="9000" w:hSpace="180" w:wrap="around" '
                  'w:vAnchor="text" w:hAnchor="margin" w:y="1"/>')
    )  # fmt: skip
    document.add_paragraph().add_run("Beslutning i Økonomiudvalget den 12. marts 2024").bold = True
    document.add_paragraph("Intet.")
    document.save(str(path))
    return path


# ---------------------------------------------------------------------------------------------
# The same shapes written by LibreOffice (a flat OpenDocument file converted to .docx).

_FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles>
 <style:style style:name="Big" style:family="paragraph">
  <style:text-properties fo:font-size="26pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="Body" style:family="paragraph">
  <style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="Bold" style:family="paragraph">
  <style:text-properties fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:body><office:text>
"""


def _op(text: str, style: str = "Standard") -> str:
    return f'<text:p text:style-name="{style}">{text}</text:p>'


def _row(*cells: str) -> str:
    return "<table:table-row>" + "".join(
        f"<table:table-cell>{c or _op('')}</table:table-cell>" for c in cells
    ) + "</table:table-row>"  # fmt: skip


def _table(name: str, columns: int, *rows: str) -> str:
    return (
        f'<table:table table:name="{name}">'
        f'<table:table-column table:number-columns-repeated="{columns}"/>{"".join(rows)}'
        "</table:table>"
    )


def fodt() -> str:
    """The Acadre-shaped meeting as a flat OpenDocument text (title page in a text frame)."""
    styles = ("Big", "Body", "Standard", "Standard")
    lines = zip(TITLE_PAGE, styles, strict=True)
    title = "".join(_op(text, style) for (text, _, _), style in lines)
    frame = (
        '<text:p text:style-name="Standard"><draw:frame draw:name="Forside" '
        'text:anchor-type="paragraph" svg:width="15cm" svg:height="6cm">'
        f"<draw:text-box>{title}</draw:text-box></draw:frame></text:p>"
    )
    people = _table("Deltagere", 2, *(_row(_op(a), _op(b)) for a, b in PEOPLE))
    one = _table(
        "Punkt1", 2,
        _row(_op("1."), _op("Godkendelse af dagsorden", "Bold") + _op("Sagsnr.: 24/1234")),
        _row("", _op("Beslutning i Økonomiudvalget den 12. marts 2024", "Bold")
             + _op("Godkendt.")),
    )  # fmt: skip
    two = _table(
        "Punkt2", 2,
        _row(_op("2"), _op("Tilskud til foreningslivet", "Bold")),
        _row("", _op("Sagsnr.: 24/2001")),
        _row(_op("Sagsfremstilling", "Bold"), _op(SAGSFREMSTILLING)),
        _row(_op("Indstilling", "Bold"), _op(INDSTILLING)),
        _row(_op("Beslutning i Økonomiudvalget den 12. marts 2024", "Bold"), _op("Anbefales.")),
    )  # fmt: skip
    three = _table(
        "Punkt3", 2,
        _row(_op("3."), _op("Eventuelt", "Bold")),
        _row("", _op("Beslutning i Økonomiudvalget den 12. marts 2024", "Bold") + _op("Intet.")),
    )  # fmt: skip
    body = [frame, _op("Deltagere:", "Bold"), people, _op("Afbud: Karen Dam (C)"), one, two, three]
    return _FODT_HEAD + "\n".join(body) + "\n</office:text></office:body></office:document>\n"


def fodt_to_docx(folder: Path) -> Path:
    """The flat OpenDocument file converted to Word by LibreOffice.  Needs ``soffice``."""
    source = folder / "acadre.fodt"
    source.write_text(fodt(), encoding="utf-8")
    profile = (folder / "lo-profile").as_uri()  # a profile of its own: no clash with others
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return folder / "acadre.docx"
