"""HTML -> blocks -> styled lines: the read step for web pages (and the API's HTML fields).

An HTML tree (parsed by lxml, which copes with the unclosed and misnested tags that Word pastes
into agenda systems) is walked into **blocks**: a heading, a paragraph, a list item, a table row.
``<br>`` ends a line, entities are decoded by the parser, whitespace (NBSP included) is
collapsed.  :func:`referat.read.html_page.block_lines` turns blocks into the same lines a PDF gives
(a heading bold and larger, a list item as a ``- `` bullet, a table row as cells), so the
recogniser and the profiles read a saved web page as they read a print of it.

A publication page holds the minutes inside page chrome (menus, buttons, dialogs):
:mod:`referat.read.html_page` finds them (its ``PAGE_LAYOUTS``: XPath per agenda system, as data).
The FirstAgenda API's item HTML is read into blocks too (:mod:`referat.structure.firstagenda`).
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from typing import Any, Literal

from lxml import etree
from lxml import html as lxml_html

from referat.errors import ReadError

BlockKind = Literal["heading", "para", "bullet", "row"]

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that start a new block (the rest are inline: their text runs on).
BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote",
     "dl", "dt", "dd", "pre", "figure", "figcaption", "address", "center", "form", "fieldset",
     "li", "tr", "td", "th", "caption"} | HEADINGS
)  # fmt: skip
# Never text of the minutes.
SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "meta", "link", "img", "svg",
     "button", "input", "select", "option", "textarea", "iframe", "object", "nav"}
)  # fmt: skip
BOLD_TAGS = frozenset({"b", "strong"})

# Type sizes of the lines made from HTML: body text, and headings by level (a PDF-like scale,
# so "larger than the body" means a heading to the recogniser, as in a print).
BODY_SIZE = 10.0
HEADING_SIZES = {"h1": 16.0, "h2": 14.0, "h3": 12.0, "h4": 11.0, "h5": 10.0, "h6": 10.0}
LIST_INDENT = 18.0  # points per list level

# A heading element whose text reads like a paragraph is printed as one (agenda HTML uses
# heading tags for whole sentences, numbers and table cells).
HEADING_MAX_WORDS = 8
HEADING_MAX_CHARS = 60


@dataclass(frozen=True, slots=True)
class Block:
    """One line's worth of HTML: its text and what it is."""

    kind: BlockKind
    text: str
    level: int = 0  # heading level (1-6), list depth (0 = top)
    bold: bool = False  # a paragraph set wholly in <b>/<strong>
    bold_prefix: int = 0  # characters of ``text`` in <b>/<strong> from its start (a label)
    cells: tuple[str, ...] | None = None
    new_paragraph: bool = True  # False: after a <br> inside the same paragraph
    tag: str = ""  # the element a paragraph stands in (p, div, td, ...)
    scale: float = 1.0  # its type size / the body's (a Word paragraph style set larger)


def norm(text: str) -> str:
    """Whitespace collapsed (no-break spaces included), invisible characters dropped."""
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\xad", "")
    return " ".join(text.split())


def _visible(text: str) -> int:
    return sum(1 for c in text if not c.isspace() and c not in "\u200b\ufeff\xad")


def parse_html(text: str, name: str = "<html>") -> Any:
    """HTML text -> an lxml element (the document, or a wrapper around a fragment)."""
    if not text.strip():
        raise ReadError(f"{name}: empty HTML document")
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("<?xml"):  # XHTML: the text is decoded already, its declaration says no more
        text = head[head.find("?>") + 2 :] if "?>" in head else head
    try:
        return lxml_html.fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"{name}: not readable HTML ({exc})") from None


def is_section_heading(text: str) -> bool:
    """A short line that names what follows: not a sentence, a number, a label or a fragment."""
    words = text.split()
    return (
        0 < len(words) <= HEADING_MAX_WORDS
        and len(text) <= HEADING_MAX_CHARS
        and text[0].isupper()
        and not text.endswith((".", ",", ";", ":"))
    )


def tag_of(el: Any) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def text_of(el: Any) -> str:
    """An element's text, blocks and ``<br>`` kept apart by a space, skipped elements left out."""
    parts: list[str] = []

    def visit(node: Any) -> None:
        tag = tag_of(node)
        if tag in SKIP_TAGS or not tag:
            parts.append(" " if tag == "img" else "")
        else:
            if tag == "br" or tag in BLOCK_TAGS:
                parts.append(" ")
            parts.append(node.text or "")
            for child in node:
                visit(child)
            if tag in BLOCK_TAGS:
                parts.append(" ")
        parts.append(node.tail or "")

    parts.append(el.text or "")
    for child in el:
        visit(child)
    return norm("".join(parts))


class _Walker:
    """Walk a tree into blocks (see :class:`Block`)."""

    def __init__(self) -> None:
        self.out: list[Block] = []
        self.buffer: list[str] = []
        self.bold_chars = 0  # characters of the buffer inside <b>/<strong>
        self.bold_lead: list[str] = []  # the buffer's bold start ...
        self.lead_open = True  # ... until its first plain text
        self.after_break = False
        self.tags: list[str] = []  # the block elements the walk is in

    def flush(self) -> None:
        raw = "".join(self.buffer)
        text = norm(raw)
        if text:
            bold = self.bold_chars >= _visible(text)
            tag = self.tags[-1] if self.tags else ""
            lead = len(text) if bold else len(norm("".join(self.bold_lead)))
            self.out.append(
                Block(
                    "para", text, bold=bold, new_paragraph=not self.after_break, tag=tag,
                    bold_prefix=lead,
                )
            )  # fmt: skip
        self.buffer, self.bold_chars, self.after_break = [], 0, False
        self.bold_lead, self.lead_open = [], True

    def add(self, text: str | None, bold: bool) -> None:
        if text:
            self.buffer.append(text)
            if bold:
                self.bold_chars += _visible(text)
            if self.lead_open and bold:
                self.bold_lead.append(text)
            elif _visible(text):
                self.lead_open = False

    def walk(self, el: Any, bold: bool = False) -> None:
        tag = tag_of(el)
        if not tag or tag in SKIP_TAGS:
            return
        if tag == "br":
            had = bool(norm("".join(self.buffer)))
            self.flush()
            self.after_break = had or self.after_break
            return
        if tag in HEADINGS:
            self.flush()
            if text := text_of(el):
                self.out.append(Block("heading", text, level=int(tag[1])))
            return
        if tag in ("ul", "ol"):
            self.flush()
            self.out.extend(_list_blocks(el, 0))
            return
        if tag == "table":
            self.flush()
            self.out.extend(_table_blocks(el))
            return
        inner_bold = bold or tag in BOLD_TAGS
        if tag in BLOCK_TAGS:
            self.flush()
            self.tags.append(tag)
        self.add(el.text, inner_bold)
        for child in el:
            self.walk(child, inner_bold)
            self.add(child.tail, inner_bold)
        if tag in BLOCK_TAGS:
            self.flush()
            self.tags.pop()


def blocks_of(el: Any) -> list[Block]:
    """The blocks of an element (itself included)."""
    walker = _Walker()
    walker.walk(el)
    walker.flush()
    return walker.out


def children_blocks(el: Any) -> Iterator[tuple[Any, list[Block]]]:
    """Each child element of ``el`` with its blocks; loose text becomes a child of its own."""
    if norm(el.text or ""):
        yield None, [Block("para", norm(el.text))]
    for child in el:
        if tag_of(child):
            yield child, blocks_of(child)
        if norm(child.tail or ""):
            yield None, [Block("para", norm(child.tail))]


def _list_blocks(el: Any, level: int) -> list[Block]:
    out: list[Block] = []
    if norm(el.text or ""):
        out.append(Block("bullet", norm(el.text), level))
    for child in el:
        tag = tag_of(child)
        if tag in ("ul", "ol"):
            out.extend(_list_blocks(child, level + 1))
        elif tag and tag not in SKIP_TAGS:
            own = [c for c in child if tag_of(c) not in ("ul", "ol")]
            copy = lxml_html.Element("li")
            copy.text = child.text
            for c in own:
                copy.append(_clone(c))
            if text := text_of(copy):
                out.append(Block("bullet", text, level))
            for sub in child:
                if tag_of(sub) in ("ul", "ol"):
                    out.extend(_list_blocks(sub, level + 1))
        if norm(child.tail or ""):
            out.append(Block("bullet", norm(child.tail), level))
    return out


def _clone(el: Any) -> Any:
    return deepcopy(el)


def _table_blocks(table: Any) -> list[Block]:
    rows: list[list[str]] = []
    for tr in table.iter("tr"):
        # Only this table's rows, not a nested table's.
        if _owning_table(tr) is not table:
            continue
        cells = [text_of(c) for c in tr if tag_of(c) in ("td", "th")]
        if any(cells):
            rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    return [
        Block(
            "row", "\t".join(r + [""] * (width - len(r))), cells=tuple(r + [""] * (width - len(r)))
        )
        for r in rows
    ]


def _owning_table(el: Any) -> Any:
    parent = el.getparent()
    while parent is not None and tag_of(parent) != "table":
        parent = parent.getparent()
    return parent
