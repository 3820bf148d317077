"""Our own web pages and Word files, made at test time from the seed minutes (``fixtures/*.txt``).

A seed's blank-line paragraphs become blocks: its header line a level-1 heading, item heads
(``Punkt 2: ...``) level-2 headings, the vocabulary's section and decision headings level-3
headings, ``- `` lines a list, tab-separated lines a table, and the rest paragraphs (wrapped
lines joined by a line break).  :func:`to_html` sets them in a page with chrome around them,
:func:`to_docx` in a Word file with heading styles, list styles, real tables and field codes.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path
from typing import Any

from referat.structure.recognise import section_heading

ITEM_HEAD = re.compile(r"^Punkt \d+:")
HEADER = re.compile(r"^(REFERAT|DAGSORDEN)\b")

Block = tuple[str, Any]  # (kind, payload): heading (level, text), para [lines], list, table


def seed_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for para in re.split(r"\n\s*\n", text.strip()):
        lines = [ln.strip() for ln in para.splitlines() if ln.strip()]
        if not lines:
            continue
        if len(lines) == 1 and HEADER.match(lines[0]):
            blocks.append(("heading", (1, lines[0])))
        elif len(lines) == 1 and ITEM_HEAD.match(lines[0]):
            blocks.append(("heading", (2, lines[0])))
        elif len(lines) == 1 and section_heading(lines[0]) is not None:
            blocks.append(("heading", (3, lines[0])))
        elif all(ln.startswith("- ") for ln in lines):
            blocks.append(("list", [ln[2:] for ln in lines]))
        elif sum("\t" in ln for ln in lines) > len(lines) // 2:
            blocks.append(("table", [ln.split("\t") for ln in lines if "\t" in ln]))
        elif lines[0].startswith("- ") or any(ln.startswith("- ") for ln in lines[1:]):
            # Text, then a list: two blocks.
            first = next(i for i, ln in enumerate(lines) if ln.startswith("- "))
            if first:
                blocks.append(("para", lines[:first]))
            blocks.append(("list", [ln.removeprefix("- ") for ln in lines[first:]]))
        else:
            blocks.append(("para", lines))
    return blocks


CHROME_TOP = (
    '<nav><a href="/">Forside</a> <a href="/moeder">Alle møder</a></nav>'
    "<header><h1>Kommunens dagsordener</h1><form><input name='q'><button>Søg</button></form>"
    "</header>"
)
CHROME_BOTTOM = "<footer><p>Kontakt os &middot; Cookies &amp; privatliv</p></footer>"


def to_html(blocks: list[Block], *, chrome: bool = True) -> str:
    out: list[str] = []
    for kind, payload in blocks:
        if kind == "heading":
            level, text = payload
            out.append(f"<h{level}>{html.escape(text)}</h{level}>")
        elif kind == "para":
            out.append("<p>" + "<br>\n".join(html.escape(x) for x in payload) + "</p>")
        elif kind == "list":
            out.append("<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in payload) + "</ul>")
        elif kind == "table":
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in payload
            )
            out.append(f"<table>{rows}</table>")
    body = "\n".join(out)
    return (
        "<!DOCTYPE html><html lang='da'><head><meta charset='utf-8'><title>Referat</title>"
        f"<script>var x = '<p>not text</p>';</script></head><body>{CHROME_TOP if chrome else ''}"
        f"<main>{body}</main>{CHROME_BOTTOM if chrome else ''}</body></html>"
    )


ITEM_NUMBERING = (
    '<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="Punkt %1:"/></w:lvl></w:abstractNum>'
)
ITEM_NUM = (
    '<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="90">'
    '<w:abstractNumId w:val="90"/></w:num>'
)


def to_docx_by_libreoffice(blocks: list[Block], folder: Path) -> Path:
    """A Word file LibreOffice writes from the blocks (set as a page without chrome): headings
    styled by Writer, its own lists and tables.  Needs ``soffice``."""
    page = folder / "seed.html"
    page.write_text(to_html(blocks, chrome=False), encoding="utf-8")
    profile = (folder / "lo-profile").as_uri()  # a profile of its own: no clash with others
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(folder), str(page)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return folder / "seed.docx"


def to_docx(blocks: list[Block], path: Path, *, numbered_items: bool = False) -> None:
    """A Word file of the blocks, with a TOC field before the first item and a PAGEREF field
    inside a paragraph (field codes that must not reach the text).  ``numbered_items``: item
    heads are numbered by Word (``Punkt %1:``), their text is the title alone."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field(paragraph: Any, code: str, shown: str) -> None:
        parts = [("char", "begin"), ("instr", code), ("char", "separate"), ("text", shown),
                 ("char", "end")]  # fmt: skip
        for what, value in parts:
            run = paragraph.add_run()
            if what == "char":
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), value)
                run._r.append(char)
            elif what == "instr":
                instr = OxmlElement("w:instrText")
                instr.text = value
                run._r.append(instr)
            elif value:
                run.text = value

    document = docx.Document()
    if numbered_items:
        from docx.oxml import parse_xml

        numbering = document.part.numbering_part.element
        first_num = numbering.find(qn("w:num"))
        first_num.addprevious(parse_xml(ITEM_NUMBERING))
        numbering.append(parse_xml(ITEM_NUM))
    toc_done = False
    for kind, payload in blocks:
        if kind == "heading":
            level, text = payload
            if level == 2 and not toc_done:
                field(document.add_paragraph(), ' TOC \\o "1-3" \\h \\z \\u ', "")
                toc_done = True
            if numbered_items and level == 2:
                heading = document.add_heading(ITEM_HEAD.sub("", text).strip(), level=level)
                num_pr = OxmlElement("w:numPr")
                for tag, value in (("w:ilvl", "0"), ("w:numId", "90")):
                    child = OxmlElement(tag)
                    child.set(qn("w:val"), value)
                    num_pr.append(child)
                heading._p.get_or_add_pPr().append(num_pr)
            else:
                document.add_heading(text, level=level)
        elif kind == "para":
            paragraph = document.add_paragraph()
            for i, line in enumerate(payload):
                run = paragraph.add_run(line)
                if i < len(payload) - 1:
                    run.add_break()
            if "Digitaliseringsstrategien" in payload[0]:
                field(paragraph, " PAGEREF _Toc123456 \\h ", "")
        elif kind == "list":
            for text in payload:
                document.add_paragraph(text, style="List Bullet")
        elif kind == "table":
            rows = payload
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    document.save(str(path))
