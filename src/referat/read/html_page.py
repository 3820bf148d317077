"""A saved web page of minutes -> styled lines (the read step for ``.html`` / ``.htm``).

Agenda systems publish each meeting as a page: the minutes stand inside page chrome (menus,
"Hent som PDF" buttons, dialogs).  A known system's page is read through its
:class:`PageLayout` (XPath expressions, as data): the header, the header fields, and per item
its number, title, case number, text and attachments, turned into the lines a print of the
same meeting has (``Punkt 2: Title`` set as a heading, the case number under it, the item's
headings bold and larger, lists as bullets, tables as rows).  Any other page is read from its
main content (``<main>``, ``<article>``, ``role=main``, else ``<body>``) without navigation,
forms and scripts.  Either way the recogniser and the profiles do the rest, as for a PDF.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from referat.errors import ReadError
from referat.read.html import (
    BODY_SIZE,
    HEADING_SIZES,
    LIST_INDENT,
    Block,
    blocks_of,
    norm,
    parse_html,
    tag_of,
    text_of,
)
from referat.read.lines import Document, Line


@dataclass(frozen=True, slots=True)
class PageLayout:
    """Where one agenda system's publication page keeps the minutes (XPath, relative to the
    page for the first four, to an item for the rest)."""

    name: str
    detect: str  # matches only this system's pages
    title: str  # the header line: "Referat 1. oktober 2025 kl. 15.45"
    fields: str  # header field rows (label cell, value cell)
    items: str  # one element per item
    number: str
    item_title: str
    case_number: str
    text: str  # the item's text (its headings, paragraphs, lists, tables)
    attachments: str  # each attachment's name
    hidden: str = "@hidden"  # a row the page does not show


PAGE_LAYOUTS: tuple[PageLayout, ...] = (
    PageLayout(
        name="firstagenda",  # FirstAgenda Publication (Aarhus and many more)
        detect="//table[@id='dagsordenDetaljer']",
        title="//div[contains(@class,'title')]//h1",
        fields="//table[contains(@class,'dagsordeninfo')]//tr",
        items="//tr[contains(concat(' ',@class,' '),' punktrow ')]",
        number=".//td[1]//span[contains(@class,'label')]",
        item_title=".//*[contains(concat(' ',@class,' '),' overskrift ')]",
        case_number=".//*[@class='sagsnummer']",
        text=".//div[@class='punkt']",
        attachments=".//a[contains(@class,'bilag-link')]",
    ),
)

# A page of no known system: its content, without the chrome every site has.  (Not <form>:
# ASP.NET portals wrap the whole page in one; its buttons and fields are skipped anyway.)
CONTENT_ROOTS = ("//main", "//article", "//*[@role='main']", "//*[@id='content']", "//body")
CHROME = "//nav|//aside|//*[@role='navigation']|//*[@hidden]|//*[@aria-hidden='true']"
CHROME_AROUND = "//header|//footer"  # the site's, when the content is the whole <body>

ITEM_HEAD = "Punkt {number}: {title}"
ATTACHMENTS_HEADING = "Bilag"


def read_html(text: str, name: str, sha256: str, encoding: str | None = None) -> Document:
    root = parse_html(text, name)
    layout = next((lay for lay in PAGE_LAYOUTS if root.xpath(lay.detect)), None)
    blocks = _layout_blocks(root, layout) if layout else _content_blocks(root)
    lines = block_lines(blocks)
    if not lines:
        raise ReadError(f"{name}: the HTML page has no text")
    return Document(name, sha256, "html", lines, encoding=encoding, styled=True)


def _first_text(el: Any, path: str) -> str:
    found = el.xpath(path)
    return text_of(found[0]) if found else ""


def _layout_blocks(root: Any, lay: PageLayout) -> list[Block]:
    blocks: list[Block] = []
    if title := _first_text(root, lay.title):
        blocks.append(Block("heading", title, 1))
    for row in root.xpath(lay.fields):
        if row.xpath(lay.hidden):
            continue
        # A value of several lines or elements (one attendee each) is a list: "A, B, C".
        cells = [", ".join(b.text for b in blocks_of(c)) for c in row.xpath("./td|./th")]
        if any(cells):
            blocks.append(Block("para", " ".join(c for c in cells if c)))
    for item in root.xpath(lay.items):
        number, title = _first_text(item, lay.number), _first_text(item, lay.item_title)
        if not title:
            continue
        head = ITEM_HEAD.format(number=number, title=title) if number.isdigit() else title
        blocks.append(Block("heading", head, 2))
        if case := _first_text(item, lay.case_number):
            blocks.append(Block("para", case))
        for part in item.xpath(lay.text):
            blocks.extend(b for b in blocks_of(part) if b.text != ".")
        names = [n for a in item.xpath(lay.attachments) if (n := text_of(a))]
        if names:
            blocks.append(Block("heading", ATTACHMENTS_HEADING, 3))
            blocks.extend(Block("bullet", n) for n in names)
    return blocks


def _content_blocks(root: Any) -> list[Block]:
    _drop(root.xpath(CHROME))
    content = next((found[0] for path in CONTENT_ROOTS if (found := root.xpath(path))), root)
    if tag_of(content) == "body":
        _drop(content.xpath(CHROME_AROUND))
    return blocks_of(content)


def _drop(elements: list[Any]) -> None:
    for el in elements:
        if el.getparent() is not None:
            el.drop_tree()


def block_lines(blocks: Iterable[Block]) -> list[Line]:
    """Blocks as styled lines, as a print would set them (see :mod:`referat.read.html`)."""
    lines: list[Line] = []
    previous: Block | None = None
    for n, block in enumerate(blocks, start=1):
        text, size, bold, indent, gap = block.text, BODY_SIZE * block.scale, block.bold, 0.0, 1.0
        if block.kind == "heading":
            size, bold, gap = HEADING_SIZES[f"h{block.level}"], True, 1.5
        elif block.kind == "bullet":
            text, indent = f"- {block.text}", LIST_INDENT * block.level
            gap = 0.0 if previous is not None and previous.kind == "bullet" else 1.0
        elif block.kind == "row":
            gap = 0.0 if previous is not None and previous.kind == "row" else 1.0
        elif not block.new_paragraph:
            gap = 0.0
        lines.append(
            Line(norm(text) if block.cells is None else text, 1, n, indent=indent, size=size,
                 bold=bold, gap=gap, short=True, cells=block.cells, bold_prefix=block.bold_prefix)
        )  # fmt: skip
        previous = block
    return lines
