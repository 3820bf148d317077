"""Make the PDF fixtures from the text seeds: ``make pdf-fixtures``.

Each text fixture becomes a published-style PDF the way a municipality's agenda system would print
it: A4, a running header with municipality and meeting, a ``Side N af M`` footer, justified text
with automatic Danish hyphenation (Debian ``hyphen-da``), each ``Punkt`` on a new page, real
(ruled) tables for tab-separated rows, bullet lists (one list with a Symbol-font bullet whose glyph
extracts as nothing), and a table of contents whose page numbers are right for the PDF (the seeds'
TOC numbers are made up; we lay out twice and fill in the real pages).

Also writes the error PDFs: encrypted, truncated, corrupt, scanned (an image-only page) and a PDF
that is not minutes.

Needs LibreOffice (``soffice``, e.g. Debian ``libreoffice-writer-nogui``), ``hyphen-da``,
``fonts-liberation2`` and ``qpdf``.  The generated PDFs are committed, so tests need none of this.

    python tools/make_pdf_fixtures.py            # fixtures/<seed>.pdf, fixtures/pdf-errors/*.pdf
    python tools/make_pdf_fixtures.py --big 200  # also /tmp/referat-big.pdf (about 200 pages)
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from referat.structure.rules import SECTION_HEADINGS  # noqa: E402
FIXTURES = ROOT / "fixtures"
ERRORS = FIXTURES / "pdf-errors"  # not minutes: outside the golden-file fixtures

# Fixture name -> municipality printed in the running header (the seeds do not name it).
MUNICIPALITY = {
    "htk-direktionen-2023-01-16": "Høje-Taastrup Kommune",
    "htk-direktionen-2024-11-04": "Høje-Taastrup Kommune",
}

TOC_LINE = re.compile(r"^(?P<title>.*?)\.{3,}\t(?P<page>\d+)$")
PUNKT = re.compile(r"^Punkt (?P<number>\d+): ")
BULLET = re.compile(r"^(?P<indent> ?)- (?P<lost>\? )?(?P<text>.*)$")
NUMBERED = re.compile(r"^(?P<label>\d+\.) (?P<text>.*)$")
FIELD = re.compile(r"^(?P<label>Mødedato|Mødested|Mødedeltagere|Fraværende) (?P<value>.*)$")
HEADINGS = (
    "Baggrund", "Indstilling", "Beslutning", "Sagsfremstilling", "Økonomi", "Bilag",
    "Indholdsfortegnelse", "Afbud",
)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Seed text -> blocks


@dataclass
class Block:
    kind: str  # title, field, toc, punkt, heading, para, bullets, numbered, table, blank
    lines: list[str] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)


def read_blocks(text: str) -> list[Block]:
    """The seed's lines grouped into printable blocks (a paragraph is one seed line)."""
    blocks: list[Block] = []
    prev_blank = True
    for raw in text.split("\n"):
        line = raw.rstrip("\n")
        if not line.strip():
            prev_blank = True
            continue
        last = blocks[-1] if blocks else None
        if TOC_LINE.match(line):
            blocks.append(Block("toc", [line]))
        elif "\t" in line:
            if last and last.kind == "table" and not prev_blank:
                last.lines.append(line)
            else:
                blocks.append(Block("table", [line]))
        elif PUNKT.match(line):
            blocks.append(Block("punkt", [line]))
        elif m := BULLET.match(line):
            level = 1 if m["indent"] else 0
            item = (level, m["text"], bool(m["lost"]))
            if last and last.kind in ("bullets", "numbered") and not prev_blank:
                last.lines.append(line)
                items = last.extra.setdefault("items", [])
                assert isinstance(items, list)
                items.append(("bullet",) + item)
            else:
                blocks.append(Block("bullets", [line], {"items": [("bullet",) + item]}))
        elif m := NUMBERED.match(line):
            item2 = ("number", 0, line, False)
            if last and last.kind in ("bullets", "numbered") and not prev_blank:
                last.lines.append(line)
                items = last.extra.setdefault("items", [])
                assert isinstance(items, list)
                items.append(item2)
            else:
                blocks.append(Block("numbered", [line], {"items": [item2]}))
        elif not prev_blank and last and last.kind in ("field", "para"):
            last.lines[-1] += " " + line.strip()  # a wrap left in the seed: same paragraph
        elif not blocks:
            blocks.append(Block("title", [line]))
        elif FIELD.match(line):
            blocks.append(Block("field", [line]))
        elif is_heading(line):
            blocks.append(Block("heading", [line]))
        else:
            blocks.append(Block("para", [line]))
        prev_blank = False
    return blocks


def is_heading(line: str) -> bool:
    """Bold: every section heading (as an agenda system sets them all alike, one-word ones such
    as ``Ressourcer`` included) and short unpunctuated sub-headings."""
    if line.startswith(HEADINGS) or line.strip().lower() in SECTION_HEADINGS:
        return True
    return len(line) < 70 and not line.rstrip().endswith((".", ":", ",", ")")) and " " in line


# ---------------------------------------------------------------------------------------------
# Blocks -> Flat ODT (LibreOffice's single-file XML format)

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
)


def _list_level(level: int, char: str, font: str | None = None) -> str:
    pos = 0.635 * (level + 1)
    props = f'<style:text-properties style:font-name="{font}"/>' if font else ""
    return (
        f'<text:list-level-style-bullet text:level="{level + 1}" text:bullet-char="{char}">'
        '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
        f'<style:list-level-label-alignment text:label-followed-by="listtab" '
        f'text:list-tab-stop-position="{pos + 0.635:.3f}cm" fo:text-indent="-0.635cm" '
        f'fo:margin-left="{pos + 0.635:.3f}cm"/></style:list-level-properties>{props}'
        "</text:list-level-style-bullet>"
    )


SYMBOL_BULLET = "\uf0b7"  # Symbol-font bullet: its glyph extracts as nothing

STYLES = f"""
<office:font-face-decls>
<style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'"/>
<style:font-face style:name="Symbol" svg:font-family="Symbol" style:font-charset="x-symbol"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph">
<style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
<style:text-properties style:font-name="Liberation Sans" fo:font-size="11pt" fo:language="da"
 fo:country="DK" fo:hyphenate="true" fo:hyphenation-remain-char-count="2"
 fo:hyphenation-push-char-count="2"/>
</style:default-style>
<style:style style:name="Standard" style:family="paragraph">
<style:paragraph-properties fo:text-align="justify" fo:margin-top="0cm" fo:margin-bottom="0.21cm"
 fo:line-height="115%" fo:orphans="2" fo:widows="2"/>
</style:style>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="start" fo:margin-bottom="0.5cm"/>
<style:text-properties fo:font-size="16pt" fo:font-weight="bold" fo:hyphenate="false"/>
</style:style>
<style:style style:name="Field" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="start" fo:margin-left="3.5cm" fo:text-indent="-3.5cm"/>
<style:text-properties fo:hyphenate="false"/>
</style:style>
<style:style style:name="Toc" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="start" fo:margin-right="1.2cm">
<style:tab-stops><style:tab-stop style:position="17cm" style:type="right"
 style:leader-style="dotted" style:leader-text="."/></style:tab-stops>
</style:paragraph-properties>
<style:text-properties fo:hyphenate="false"/>
</style:style>
<style:style style:name="Punkt" style:family="paragraph" style:parent-style-name="Standard"
 style:default-outline-level="1">
<style:paragraph-properties fo:text-align="start" fo:break-before="page" fo:margin-bottom="0.35cm"
 fo:keep-with-next="always"/>
<style:text-properties fo:font-size="13pt" fo:font-weight="bold" fo:hyphenate="false"/>
</style:style>
<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="start" fo:margin-top="0.2cm" fo:margin-bottom="0.21cm"
 fo:keep-with-next="always"/>
<style:text-properties fo:font-weight="bold" fo:hyphenate="false"/>
</style:style>
<style:style style:name="Numbered" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:margin-left="1.27cm" fo:text-indent="-0.635cm"/>
</style:style>
<style:style style:name="Cell" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="start" fo:margin-bottom="0.1cm"/>
<style:text-properties fo:font-size="10pt" fo:hyphenate="false"/>
</style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="A4">
<style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.2cm"
 fo:margin-bottom="1.2cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
<style:header-style><style:header-footer-properties fo:min-height="0.8cm"
 fo:margin-bottom="0.6cm"/></style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0.8cm"
 fo:margin-top="0.6cm"/></style:footer-style>
</style:page-layout>
<style:style style:name="HeaderP" style:family="paragraph">
<style:paragraph-properties><style:tab-stops><style:tab-stop style:position="17cm"
 style:type="right"/></style:tab-stops></style:paragraph-properties>
<style:text-properties fo:font-size="9pt" fo:color="#555555"/>
</style:style>
<style:style style:name="FooterP" style:family="paragraph">
<style:paragraph-properties fo:text-align="end"/>
<style:text-properties fo:font-size="9pt"/>
</style:style>
<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/>
</style:style>
<style:style style:name="U" style:family="text"><style:text-properties
 style:text-underline-style="solid" style:text-underline-width="auto"
 style:text-underline-color="font-color"/></style:style>
<text:list-style style:name="Bullets">{_list_level(0, "•")}{_list_level(1, "◦")}</text:list-style>
<text:list-style style:name="SymbolBullets">{_list_level(0, SYMBOL_BULLET, "Symbol")}</text:list-style>
<style:style style:name="Table" style:family="table">
<style:table-properties style:width="17cm" table:align="left" fo:margin-bottom="0.3cm"/>
</style:style>
<style:style style:name="Cell" style:family="table-cell">
<style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/>
</style:style>
<style:style style:name="Row" style:family="table-row">
<style:table-row-properties fo:keep-together="always"/>
</style:style>
</office:automatic-styles>
"""


def inline(text: str) -> str:
    """Escape text; ``<u>x</u>`` (left by agenda systems in table cells) becomes underlined."""
    parts = re.split(r"(<u>.*?</u>)", text)
    out = []
    for part in parts:
        if part.startswith("<u>"):
            out.append(f'<text:span text:style-name="U">{escape(part[3:-4])}</text:span>')
        else:
            out.append(escape(part))
    return "".join(out)


def cell_paragraphs(cell: str) -> list[str]:
    """A cell's ``<p>..</p> <p>..</p>`` markup becomes separate paragraphs in the cell."""
    found = re.findall(r"<p>(.*?)</p>", cell)
    return found or [cell]


def table_xml(rows: list[str], n: int) -> tuple[str, str]:
    cells = [row.split("\t") for row in rows]
    ncols = max(len(r) for r in cells)
    widths = [4.5] + [(17 - 4.5) / (ncols - 1)] * (ncols - 1) if ncols == 3 else [3.5, 13.5]
    cols = "".join(f'<table:table-column table:style-name="T{n}C{i}"/>' for i in range(ncols))
    col_styles = "".join(
        f'<style:style style:name="T{n}C{i}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{w:.2f}cm"/></style:style>'
        for i, w in enumerate(widths)
    )
    body = []
    for row in cells:
        row = row + [""] * (ncols - len(row))
        tds = []
        for cell in row:
            paras = (
                "".join(
                    f'<text:p text:style-name="Cell">{inline(p)}</text:p>'
                    for p in cell_paragraphs(cell)
                    if p
                )
                or '<text:p text:style-name="Cell"/>'
            )
            tds.append(f'<table:table-cell table:style-name="Cell">{paras}</table:table-cell>')
        body.append(f'<table:table-row table:style-name="Row">{"".join(tds)}</table:table-row>')
    return col_styles, f'<table:table table:style-name="Table">{cols}{"".join(body)}</table:table>'


def list_xml(items: list[tuple[str, int, str, bool]]) -> str:
    """Bullet and numbered items; a nested bullet goes inside the previous item."""
    out: list[str] = []
    symbol = any(lost for _, _, _, lost in items)
    style = "SymbolBullets" if symbol else "Bullets"
    open_list = False
    i = 0
    while i < len(items):
        kind, level, text, _ = items[i]
        nested: list[str] = []
        j = i + 1
        while j < len(items) and items[j][1] > level:
            nested.append(items[j][2])
            j += 1
        sub = ""
        if nested:
            sub = (
                '<text:list text:style-name="Bullets"><text:list-item>'
                + "</text:list-item><text:list-item>".join(
                    f'<text:p text:style-name="Standard">{inline(t)}</text:p>' for t in nested
                )
                + "</text:list-item></text:list>"
            )
        if kind == "number":
            m = NUMBERED.match(text)
            assert m
            if open_list:
                out.append("</text:list>")
                open_list = False
            para = f'<text:p text:style-name="Numbered">{m["label"]}<text:tab/>{inline(m["text"])}'
            out.append(para + "</text:p>")
            if nested:
                out.append(
                    '<text:list text:style-name="Bullets" text:continue-numbering="false">'
                    "<text:list-item>" + sub + "</text:list-item></text:list>"
                )
        else:
            if not open_list:
                out.append(f'<text:list text:style-name="{style}">')
                open_list = True
            out.append(
                f'<text:list-item><text:p text:style-name="Standard">{inline(text)}</text:p>'
                f"{sub}</text:list-item>"
            )
        i = j
    if open_list:
        out.append("</text:list>")
    return "".join(out)


def document_xml(blocks: list[Block], header: str, toc_pages: dict[str, int]) -> str:
    body: list[str] = []
    extra_styles: list[str] = []
    for block in blocks:
        line = block.lines[0]
        if block.kind == "title":
            body.append(f'<text:p text:style-name="Title">{escape(line)}</text:p>')
        elif block.kind == "field":
            m = FIELD.match(line)
            assert m
            body.append(
                f'<text:p text:style-name="Field"><text:span text:style-name="B">'
                f"{escape(m['label'])}</text:span><text:tab/>{escape(m['value'])}</text:p>"
            )
        elif block.kind == "toc":
            m = TOC_LINE.match(line)
            assert m
            title = m["title"]
            page = toc_pages.get(title, int(m["page"]))
            body.append(f'<text:p text:style-name="Toc">{escape(title)}<text:tab/>{page}</text:p>')
        elif block.kind == "punkt":
            body.append(
                f'<text:h text:style-name="Punkt" text:outline-level="1">{escape(line)}</text:h>'
            )
        elif block.kind == "heading":
            body.append(f'<text:p text:style-name="Heading">{escape(line)}</text:p>')
        elif block.kind == "para":
            body.append(f'<text:p text:style-name="Standard">{inline(line)}</text:p>')
        elif block.kind in ("bullets", "numbered"):
            items = block.extra["items"]
            assert isinstance(items, list)
            body.append(list_xml(items))
        elif block.kind == "table":
            styles, xml = table_xml(block.lines, len(extra_styles))
            extra_styles.append(styles)
            body.append(xml)
    municipality, meeting = header.split("|")
    styles = STYLES.replace(
        "</office:automatic-styles>", "".join(extra_styles) + "\n</office:automatic-styles>"
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
{styles}
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="A4">
<style:header><text:p text:style-name="HeaderP">{escape(municipality)}<text:tab/>{escape(meeting)}</text:p></style:header>
<style:footer><text:p text:style-name="FooterP">Side <text:page-number text:select-page="current"/> af <text:page-count/></text:p></style:footer>
</style:master-page>
</office:master-styles>
<office:body><office:text>
{chr(10).join(body)}
</office:text></office:body></office:document>
"""


# ---------------------------------------------------------------------------------------------
# Layout with LibreOffice, twice so the TOC shows the real pages


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        sys.exit(
            "make_pdf_fixtures: LibreOffice (soffice) not found; apt-get install libreoffice-writer-nogui"
        )
    return exe


def to_pdf(fodt: str, work: Path, stem: str) -> bytes:
    src = work / f"{stem}.fodt"
    src.write_text(fodt, encoding="utf-8")
    profile = (work / "profile").as_uri()
    subprocess.run(
        [soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(work), str(src)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return (work / f"{stem}.pdf").read_bytes()


def punkt_pages(pdf: bytes) -> dict[int, int]:
    """Punkt number -> 1-based page where its heading stands."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    found: dict[int, int] = {}
    try:
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            for line in textpage.get_text_range().splitlines():
                m = PUNKT.match(line.strip())
                if m:
                    found.setdefault(int(m["number"]), index + 1)
            textpage.close()
            page.close()
    finally:
        doc.close()
    return found


def make_minutes_pdf(blocks: list[Block], header: str, work: Path, stem: str) -> bytes:
    titles = {
        int(m["number"]): PUNKT.sub("", b.lines[0])
        for b in blocks
        if (m := PUNKT.match(b.lines[0]))
    }
    toc_pages: dict[str, int] = {}
    for _ in range(4):
        pdf = to_pdf(document_xml(blocks, header, toc_pages), work, stem)
        pages = {titles[n]: p for n, p in punkt_pages(pdf).items()}
        if pages == toc_pages:
            return pdf
        toc_pages = pages
    raise SystemExit(f"{stem}: TOC page numbers do not settle")


def header_for(name: str, blocks: list[Block]) -> str:
    """``Høje-Taastrup Kommune|Referat Direktionen 16-01-2023`` from the seed's title line."""
    title = blocks[0].lines[0]
    m = re.match(r"^(?P<kind>\w+)\s+(?P<body>.+?)\s+(?:d\.|den)\s+(?P<date>\S+)$", title)
    assert m, title
    return f"{MUNICIPALITY[name]}|{m['kind'].capitalize()} {m['body']} {m['date']}"


# ---------------------------------------------------------------------------------------------
# Error PDFs


NOT_MINUTES = [
    Block("title", ["Nyhedsbrev fra Kulturhuset"]),
    Block("para", ["Kære læser. Her er forårets program med koncerter, foredrag og udstillinger. "
                   "Billetter kan købes i billetlugen eller på hjemmesiden, og medlemmer af "
                   "venneforeningen får rabat på alle arrangementer i sæsonen."]),
    Block("heading", ["Koncerter i marts"]),
    Block("para", ["Fredag spiller byens big band, og lørdag er der familiekoncert for de mindste. "
                   "Dørene åbner en time før, og der er servering i caféen."]),
]  # fmt: skip


def image_only_pdf(gray: bytes, width: int, height: int) -> bytes:
    """A one-page A4 PDF holding one grayscale image and no text: what a scanner produces."""
    data = zlib.compress(gray, 9)
    content = f"q 595.28 0 0 841.89 0 0 cm /Im0 Do Q".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] "
        b"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
        f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace "
        f"/DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length {len(data)} >>\nstream\n".encode()
        + data
        + b"\nendstream",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def scan_of_first_page(pdf: bytes) -> bytes:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    bitmap = page.render(scale=100 / 72, grayscale=True)
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    buffer = bytes(bitmap.buffer)
    bitmap.close()
    page.close()
    doc.close()
    rows = [buffer[y * stride : y * stride + width] for y in range(height)]
    return image_only_pdf(b"".join(rows), width, height)


def make_error_pdfs(sample: bytes, work: Path) -> dict[str, bytes]:
    qpdf = shutil.which("qpdf")
    if not qpdf:
        sys.exit("make_pdf_fixtures: qpdf not found; apt-get install qpdf")
    (work / "plain.pdf").write_bytes(sample)
    subprocess.run(
        [qpdf, "--encrypt", "hemmelig", "ejer", "256", "--", str(work / "plain.pdf"),
         str(work / "encrypted.pdf")],
        check=True,
    )  # fmt: skip
    return {
        "encrypted.pdf": (work / "encrypted.pdf").read_bytes(),
        "truncated.pdf": sample[: len(sample) * 3 // 5],
        "corrupt.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n",
        "scanned.pdf": scan_of_first_page(sample),
        "not-minutes.pdf": to_pdf(
            document_xml(NOT_MINUTES, "Kulturhuset|Nyhedsbrev marts", {}), work, "not-minutes"
        ),
    }


# ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--big", type=int, metavar="PAGES", help="also write /tmp/referat-big.pdf")
    args = parser.parse_args()
    ERRORS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="referat-pdf-") as tmp:
        work = Path(tmp)
        made: dict[str, bytes] = {}
        for seed in sorted(FIXTURES.glob("*.txt")):
            if seed.stem not in MUNICIPALITY:
                continue  # a seed without a printed counterpart
            blocks = read_blocks(seed.read_text(encoding="utf-8"))
            made[seed.stem] = make_minutes_pdf(
                blocks, header_for(seed.stem, blocks), work, seed.stem
            )
            (FIXTURES / f"{seed.stem}.pdf").write_bytes(made[seed.stem])
            print(f"wrote {FIXTURES / seed.stem}.pdf ({len(punkt_pages(made[seed.stem]))} items)")
        sample = made["htk-direktionen-2024-11-04"]
        for name, data in make_error_pdfs(sample, work).items():
            (ERRORS / name).write_bytes(data)
            print(f"wrote {ERRORS / name}")
        if args.big:
            seed = FIXTURES / "htk-direktionen-2023-01-16.txt"
            blocks = read_blocks(seed.read_text(encoding="utf-8"))
            items = [b for b in blocks if b.kind != "toc"]
            copies = max(1, args.big // 17)
            big = items + [
                b
                for _ in range(copies - 1)
                for b in items[items.index(next(b for b in items if b.kind == "punkt")) :]
            ]
            pdf = to_pdf(document_xml(big, header_for(seed.stem, blocks), {}), work, "big")
            Path("/tmp/referat-big.pdf").write_bytes(pdf)
            print("wrote /tmp/referat-big.pdf")


if __name__ == "__main__":
    main()
