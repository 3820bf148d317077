"""Layout ``libreoffice``: a Flat ODT converted by ``soffice --headless --convert-to pdf``.

Serif (Liberation Serif), justified, Danish hyphenation (``hyphen-da``, ``fo:language="da"``),
airy spacing, big bold headings, each item on a new page, a running header with the body name and
``Side N``.  Item heads ``Punkt N: Title`` (closed: ``Punkt N: Lukket: Title``), the bare case
number on its own line, decisions headed ``Beslutning i <body> den DD-MM-YYYY``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from . import wording
from .programs import program_version
from .source import Block, Item, Meeting

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
)


def _bullets(name: str, numbered: bool) -> str:
    levels = []
    for level in range(1, 4):
        indent = 0.7 * level
        geometry = (
            "<style:list-level-properties text:list-level-position-and-space-mode="
            '"label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" '
            f'text:list-tab-stop-position="{indent:.2f}cm" fo:text-indent="-0.6cm" '
            f'fo:margin-left="{indent:.2f}cm"/></style:list-level-properties>'
        )
        if numbered:
            levels.append(
                f'<text:list-level-style-number text:level="{level}" style:num-format="1" '
                f'style:num-suffix=".">{geometry}</text:list-level-style-number>'
            )
        else:
            char = "•–◦"[level - 1]
            levels.append(
                f'<text:list-level-style-bullet text:level="{level}" text:bullet-char="{char}">'
                f"{geometry}</text:list-level-style-bullet>"
            )
    return f'<text:list-style style:name="{name}">{"".join(levels)}</text:list-style>'


TABLE_WIDTH = 16.0  # cm: the text width


def _columns() -> str:
    """Column styles ``Col<n>``: equal columns for a table of n columns."""
    return "".join(
        f'<style:style style:name="Col{n}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{TABLE_WIDTH / n:.3f}cm"/>'
        "</style:style>"
        for n in range(1, 21)
    )


STYLES = f"""
<office:font-face-decls>
<style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"
 style:font-family-generic="roman"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph">
<style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
<style:text-properties style:font-name="Liberation Serif" fo:font-size="11.5pt" fo:language="da"
 fo:country="DK" fo:hyphenate="true" fo:hyphenation-remain-char-count="2"
 fo:hyphenation-push-char-count="2"/>
</style:default-style>
<style:style style:name="Standard" style:family="paragraph">
<style:paragraph-properties fo:text-align="justify" fo:margin-top="0cm" fo:margin-bottom="0.3cm"
 fo:line-height="140%" fo:orphans="2" fo:widows="2"/>
</style:style>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="start" fo:margin-bottom="0.2cm"/>
<style:text-properties fo:font-size="24pt" fo:font-weight="bold" fo:hyphenate="false"/>
</style:style>
<style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="start" fo:margin-bottom="0.8cm"/>
<style:text-properties fo:font-size="17pt" fo:font-weight="bold" fo:hyphenate="false"/>
</style:style>
<style:style style:name="Field" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="start" fo:margin-bottom="0.2cm"/>
<style:text-properties fo:hyphenate="false"/>
</style:style>
<style:style style:name="Punkt" style:family="paragraph" style:parent-style-name="Standard"
 style:default-outline-level="1">
<style:paragraph-properties fo:text-align="start" fo:break-before="page" fo:margin-bottom="0.25cm"
 fo:keep-with-next="always"/>
<style:text-properties fo:font-size="15pt" fo:font-weight="bold" fo:hyphenate="false"/>
</style:style>
<style:style style:name="Case" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="start" fo:margin-bottom="0.6cm"
 fo:keep-with-next="always"/>
<style:text-properties fo:hyphenate="false"/>
</style:style>
<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="start" fo:margin-top="0.45cm" fo:margin-bottom="0.2cm"
 fo:keep-with-next="always"/>
<style:text-properties fo:font-size="13pt" fo:font-weight="bold" fo:hyphenate="false"/>
</style:style>
<style:style style:name="Cell" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="start" fo:margin-bottom="0cm" fo:line-height="115%"/>
<style:text-properties fo:font-size="9.5pt" fo:hyphenate="false"/>
</style:style>
<style:style style:name="Li" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:margin-bottom="0.12cm"/>
</style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="A4">
<style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.3cm"
 fo:margin-bottom="2cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>
<style:header-style><style:header-footer-properties fo:min-height="0.8cm"
 fo:margin-bottom="0.8cm"/></style:header-style>
</style:page-layout>
<style:style style:name="HeaderP" style:family="paragraph">
<style:paragraph-properties fo:border-bottom="0.5pt solid #808080" fo:padding-bottom="0.1cm">
<style:tab-stops><style:tab-stop style:position="16cm" style:type="right"/></style:tab-stops>
</style:paragraph-properties>
<style:text-properties style:font-name="Liberation Serif" fo:font-size="9pt"
 fo:font-style="italic"/>
</style:style>
<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/>
</style:style>
{_bullets("Bullets", numbered=False)}
{_bullets("Numbers", numbered=True)}
<style:style style:name="Table" style:family="table">
<style:table-properties style:width="16cm" table:align="left" fo:margin-bottom="0.4cm"/>
</style:style>
{_columns()}
<style:style style:name="TCell" style:family="table-cell">
<style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #000000"/>
</style:style>
</office:automatic-styles>
"""


def _p(style: str, text: str) -> str:
    return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'


def _field(label: str, value: str) -> str:
    return (
        f'<text:p text:style-name="Field"><text:span text:style-name="B">{escape(label)}:'
        f"</text:span> {escape(value)}</text:p>"
    )


def _list(block: Block) -> str:
    return list_xml(block.items, block.ordered)


def list_xml(items: list[tuple[int, str]], ordered: bool) -> str:
    """A (possibly nested, up to three levels) numbered or bulleted list as ODF text lists."""
    style = "Numbers" if ordered else "Bullets"
    out: list[str] = []
    depth = -1
    for level, text in items:
        level = min(level, 2)
        if level > depth:
            for _ in range(level - depth):
                out.append(f'<text:list text:style-name="{style}"><text:list-item>')
            depth = level
        else:
            while depth > level:
                out.append("</text:list-item></text:list>")
                depth -= 1
            out.append("</text:list-item><text:list-item>")
        out.append(_p("Li", text))
    while depth >= 0:
        out.append("</text:list-item></text:list>")
        depth -= 1
    return "".join(out)


def _table(block: Block) -> str:
    width = len(block.rows[0])
    rows = []
    for row in block.rows:
        cells = "".join(
            f'<table:table-cell table:style-name="TCell">{_p("Cell", cell)}</table:table-cell>'
            for cell in row
        )
        rows.append(f"<table:table-row>{cells}</table:table-row>")
    columns = (
        f'<table:table-column table:style-name="Col{min(width, 20)}" '
        f'table:number-columns-repeated="{width}"/>'
    )
    return f'<table:table table:style-name="Table">{columns}{"".join(rows)}</table:table>'


def _block(block: Block) -> str:
    if block.kind == "list":
        return _list(block)
    if block.kind == "table":
        return _table(block)
    return _p("Standard", block.text)


def _item(meeting: Meeting, item: Item) -> list[str]:
    out = [
        f'<text:h text:style-name="Punkt" text:outline-level="1">'
        f"{escape(f'Punkt {item.number}: {wording.closed_prefix(item)}{item.title}')}</text:h>"
    ]
    if item.case_number:
        out.append(_p("Case", item.case_number))
    for section in item.sections:
        if section.decision:
            heading = f"Beslutning i {meeting.body} den {wording.dmy(meeting.date)}"
            out.append(_p("Heading", heading))
        elif section.heading:
            out.append(_p("Heading", section.heading))
        out.extend(_block(b) for b in section.blocks)
    if item.absent:
        out.append(_field("Fraværende", ", ".join(item.absent)))
    return out


def document(meeting: Meeting) -> str:
    body = [
        _p("Title", meeting.title),
        _p("Body", meeting.body),
        _field("Mødedato", wording.when(meeting)),
    ]
    if meeting.location:
        body.append(_field("Mødested", meeting.location))
    body.append(_field("Mødedeltagere", ", ".join(wording.present(meeting))))
    body.extend(_field(label, ", ".join(names)) for label, names in wording.absence_lines(meeting))
    for item in meeting.items:
        body.extend(_item(meeting, item))
    header = (
        f'<text:p text:style-name="HeaderP">{escape(meeting.body)}<text:tab/>Side '
        '<text:page-number text:select-page="current"/></text:p>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:version="1.3" '
        f'office:mimetype="application/vnd.oasis.opendocument.text">{STYLES}'
        '<office:master-styles><style:master-page style:name="Standard" '
        f'style:page-layout-name="A4"><style:header>{header}</style:header></style:master-page>'
        f"</office:master-styles><office:body><office:text>{''.join(body)}"
        "</office:text></office:body></office:document>"
    )


def executable() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def version() -> str | None:
    """``7.4.7.2``, or None when LibreOffice is missing."""
    return program_version(executable())


def missing() -> str | None:
    if not executable():
        return "LibreOffice (soffice) not found: apt-get install libreoffice-writer-nogui"
    if not Path("/usr/share/hyphen/hyph_da_DK.dic").exists():
        return "Danish hyphenation patterns not found: apt-get install hyphen-da"
    return None


def print_many(jobs: list[tuple[Meeting, Path]]) -> None:
    """Print meetings to their PDF paths in one soffice run (its start-up is the cost)."""
    exe = executable()
    assert exe, missing()
    with tempfile.TemporaryDirectory(prefix="greve-lo-") as tmp:
        work = Path(tmp)
        sources = []
        for meeting, target in jobs:
            src = work / f"{target.stem}.fodt"
            src.write_text(document(meeting), encoding="utf-8")
            sources.append(str(src))
        profile = (work / "profile").as_uri()
        subprocess.run(
            [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(work / "out"), *sources],
            check=True, capture_output=True, timeout=1800,
        )  # fmt: skip
        for _, target in jobs:
            produced = work / "out" / f"{target.stem}.pdf"
            if not produced.exists():
                raise RuntimeError(f"soffice made no PDF for {target.stem}")
            shutil.move(produced, target)
