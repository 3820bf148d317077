"""Styled prints by LibreOffice: the styled pieces as a Flat ODT, converted headless to PDF.

Danish hyphenation when justified text is asked for (serif fonts are set justified here); the
table of contents' page numbers are page references to a bookmark on each item head, which
LibreOffice fills in when it lays the document out; leaders are a dotted tab stop.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from . import print_office
from .compose import Piece, compose
from .source import Meeting
from .styles import FONTS, Style

NS = print_office.NS + (' xmlns:xlink="http://www.w3.org/1999/xlink"')


def version() -> str | None:
    return print_office.version()


def missing() -> str | None:
    return print_office.missing()


def _para_style(
    name: str, style: Style, scale: float = 1.0, bold: bool = False, before: float = 0.0,
    after: float | None = None, extra: str = "", text_extra: str = "",
) -> str:  # fmt: skip
    pitch = "150%" if style.airy else "115%"
    gap = (0.25 if style.airy else 0.05) if after is None else after
    weight = ' fo:font-weight="bold"' if bold else ""
    return (
        f'<style:style style:name="{name}" style:family="paragraph">'
        f'<style:paragraph-properties fo:margin-top="{before:.2f}cm" '
        f'fo:margin-bottom="{gap:.2f}cm" fo:line-height="{pitch}" {extra}/>'
        f'<style:text-properties style:font-name="Body" fo:font-size="{style.size * scale:.1f}pt"'
        f'{weight} fo:language="da" fo:country="DK" {text_extra}/></style:style>'
    )


def styles(meeting: Meeting, style: Style) -> str:
    justify = style.font in ("serif", "dejavu-serif")
    align = 'fo:text-align="justify"' if justify else 'fo:text-align="start"'
    hyphen = (
        'fo:hyphenate="true" fo:hyphenation-remain-char-count="2" '
        'fo:hyphenation-push-char-count="2"'
        if justify
        else 'fo:hyphenate="false"'
    )
    gap = 0.25 if style.airy else 0.05
    page_break = 'fo:break-before="page"' if style.page_breaks else ""
    keep = 'fo:keep-with-next="always"'
    leader = 'style:leader-style="dotted" style:leader-text="."' if style.toc == "leaders" else ""
    tabs = (
        f'<style:tab-stops><style:tab-stop style:position="16cm" style:type="right" {leader}/>'
        "</style:tab-stops>"
    )
    parts = [
        _para_style("Standard", style, extra=align, text_extra=hyphen),
        _para_style("Title", style, 2.0, True, after=0.2),
        _para_style("Subtitle", style, 1.4, True, after=0.6),
        _para_style("Dateline", style, 1.15, after=0.6),
        _para_style("Field", style, after=0.1),
        _para_style("PeopleHead", style, bold=True, before=gap, after=0.05),
        _para_style("Person", style, after=0.0),
        _para_style("TocHead", style, 1.2, True, before=0.6, after=0.2),
        _para_style("Toc", style, after=0.05).replace("/><style:text", f">{tabs}"
            "</style:paragraph-properties><style:text"),
        _para_style("Item", style, style.head_scale, style.head_bold, before=0.5, after=0.2,
                    extra=f"{page_break} {keep}"),
        _para_style("ItemFirst", style, style.head_scale, style.head_bold, before=0.5, after=0.2,
                    extra=keep),
        _para_style("Case", style, after=0.35, extra=keep),
        _para_style("Heading", style, style.heading_scale, style.heading_bold, before=gap + 0.1,
                    after=0.05, extra=keep),
        _para_style("Numbered", style, bold=True, extra=keep),
        _para_style("Cell", style, 0.85, after=0.0),
        _para_style("Li", style, after=0.05),
        _para_style("Break", style, after=0.0, extra='fo:break-after="page"'),
    ]  # fmt: skip
    columns = "".join(
        f'<style:style style:name="Col{n}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{16.0 / n:.3f}cm"/></style:style>'
        for n in range(1, 21)
    )
    running = ""
    if style.running != "none":
        running = (
            '<style:style style:name="Running" style:family="paragraph">'
            '<style:paragraph-properties><style:tab-stops><style:tab-stop style:position="16cm" '
            'style:type="right"/></style:tab-stops></style:paragraph-properties>'
            '<style:text-properties style:font-name="Body" fo:font-size="8pt"/></style:style>'
        )
    return f"""
<office:font-face-decls><style:font-face style:name="Body"
 svg:font-family="'{FONTS[style.font]}'"/></office:font-face-decls>
<office:styles>{"".join(parts)}{running}
<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/>
</style:style>
{print_office._bullets("Bullets", numbered=False)}
{print_office._bullets("Numbers", numbered=True)}
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="A4">
<style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.5cm"
 fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>
<style:header-style><style:header-footer-properties fo:min-height="0.6cm"
 fo:margin-bottom="0.6cm"/></style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0.6cm"
 fo:margin-top="0.6cm"/></style:footer-style>
</style:page-layout>
<style:style style:name="Grid" style:family="table">
<style:table-properties style:width="16cm" table:align="left" fo:margin-bottom="0.3cm"/>
</style:style>
{columns}
<style:style style:name="TCell" style:family="table-cell">
<style:table-cell-properties fo:padding="0.06cm" fo:border="0.5pt solid #000000"/>
</style:style>
<style:style style:name="PCell" style:family="table-cell">
<style:table-cell-properties fo:padding="0.02cm" fo:border="none"/>
</style:style>
</office:automatic-styles>
"""


def _p(style: str, text: str) -> str:
    return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'


def _table(rows: list[list[str]], cell: str) -> str:
    width = max(len(r) for r in rows)
    body = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell table:style-name="{cell}">{_p("Cell", c)}</table:table-cell>'
            for c in row
        )
        + "</table:table-row>"
        for row in rows
    )
    return (
        f'<table:table table:style-name="Grid"><table:table-column table:style-name='
        f'"Col{min(width, 20)}" table:number-columns-repeated="{width}"/>{body}</table:table>'
    )


def _list(piece: Piece) -> str:
    return print_office.list_xml(piece.entries, piece.ordered)


def _piece(piece: Piece, style: Style, first_item: bool) -> str:
    role, text = piece.role, escape(piece.text)
    simple = {
        "title": "Title", "subtitle": "Subtitle", "dateline": "Dateline", "case": "Case",
        "numbered": "Numbered", "person": "Person", "toc_head": "TocHead",
        "people_head": "PeopleHead", "heading": "Heading", "para": "Standard",
        "absent": "Standard",
    }  # fmt: skip
    if role in simple:
        return _p(simple[role], piece.text)
    if role in ("field", "runin"):
        colon = ":" if role == "field" else ""
        return (
            f'<text:p text:style-name="{"Field" if role == "field" else "Standard"}">'
            f'<text:span text:style-name="B">{escape(piece.label)}{colon}</text:span> '
            f"{text}</text:p>"
        )
    if role == "people_table":
        return _table(piece.rows, "PCell")
    if role == "table":
        return _table(piece.rows, "TCell")
    if role == "list":
        return _list(piece)
    if role == "break":
        return '<text:p text:style-name="Break"/>'
    if role == "toc":
        if style.toc == "plain":
            return _p("Toc", piece.text)
        return (
            f'<text:p text:style-name="Toc">{text}<text:tab/><text:bookmark-ref '
            f'text:reference-format="page" text:ref-name="item{piece.item}">0'
            "</text:bookmark-ref></text:p>"
        )
    if role == "item":
        name = "ItemFirst" if first_item else "Item"
        return (
            f'<text:p text:style-name="{name}"><text:bookmark text:name="item{piece.item}"/>'
            f"{text}</text:p>"
        )
    return _p("Standard", piece.text)


def document(meeting: Meeting, style: Style) -> str:
    pieces = compose(meeting, style)
    first = not any(p.role in ("toc", "break") for p in pieces)
    body: list[str] = []
    for piece in pieces:
        body.append(_piece(piece, style, first and piece.role == "item"))
        if piece.role == "item":
            first = False
    if style.running == "top":
        running = (
            f'<style:header><text:p text:style-name="Running">{escape(meeting.body)}<text:tab/>'
            'Side <text:page-number text:select-page="current"/></text:p></style:header>'
        )
    elif style.running == "bottom":
        running = (
            '<style:footer><text:p text:style-name="Running">Side <text:page-number '
            'text:select-page="current"/> af <text:page-count/></text:p></style:footer>'
        )
    else:
        running = ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:version="1.3" '
        f'office:mimetype="application/vnd.oasis.opendocument.text">{styles(meeting, style)}'
        '<office:master-styles><style:master-page style:name="Standard" '
        f'style:page-layout-name="A4">{running}</style:master-page>'
        f"</office:master-styles><office:body><office:text>{''.join(body)}"
        "</office:text></office:body></office:document>"
    )


def print_many(jobs: list[tuple[Meeting, Style, Path]]) -> None:
    """Print meetings in one soffice run (its start-up is the cost)."""
    exe = print_office.executable()
    assert exe, missing()
    with tempfile.TemporaryDirectory(prefix="greve-styled-lo-") as tmp:
        work = Path(tmp)
        sources = []
        for meeting, style, target in jobs:
            src = work / f"{target.stem}.fodt"
            src.write_text(document(meeting, style), encoding="utf-8")
            sources.append(str(src))
        profile = (work / "profile").as_uri()
        subprocess.run(
            [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(work / "out"), *sources],
            check=True, capture_output=True, timeout=1800,
        )  # fmt: skip
        for _, _, target in jobs:
            produced = work / "out" / f"{target.stem}.pdf"
            if not produced.exists():
                raise RuntimeError(f"soffice made no PDF for {target.stem}")
            shutil.move(produced, target)
