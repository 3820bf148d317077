"""Read one FirstAgenda Publication API meeting (Greve's JSON) into a neutral printable structure.

The JSON's fields are reached through :func:`pick` with a slash path, so this code never spells
the API's field names as quoted literals of their own.

What the JSON says, and how it is read here (checked on all 104 meetings of the corpus):

* ``IsOpen`` is false on every item, public ones with full text and ``Lukket:`` ones alike, so it
  does not mean "public" (it looks like the web page's expanded/collapsed state).  An item is
  **closed** when its name starts with ``Lukket:``; the title is the name without that prefix.
* Every item has one field (``Felter[0].Html``).  An open item's HTML holds, in this order, a
  ``<h3>Beslutning</h3>`` block (the decision, once taken), an ``<h3>Fremstilling</h3>`` wrapper
  (a tab label on the web page: not printed) around the presentation, whose section headings are
  ``h2``, ``h3`` or ``h4`` depending on the year, and optionally ``<h3>Sagens forløb</h3>`` with
  earlier bodies' decisions.  A closed item's HTML is a bare ``<div>`` of paragraphs: its published
  decision, without a heading.  Some early-2023 items carry their decision the same way, as text
  before the first heading (after a repeat of the title).  Text before any heading and outside
  the presentation is therefore the item's decision.
* Heading elements are also (mis)used for whole paragraphs, table cells and numbers.  A heading
  element is a **section heading** only if it stands outside lists and tables and reads like one
  (:func:`is_section_heading`); the others print as plain paragraphs.
* ``Moededeltagere[].Absent`` (absent) and ``ParticipationCancelled`` (sent regrets) both mean the
  member did not attend: printed as ``Fraværende:`` and ``Afbud:``.  An item's
  ``ExternalAgendaItemAttendees`` (reason ``Fraværende``) are the members absent for that item.
* The meeting is a **referat** when any item has a decision, else a **dagsorden**.

The printed order of an item is: untitled presentation text, the presentation's sections,
``Sagens forløb``, the decision, the item's absentees.  The agenda systems' PDFs put the decision
after the presentation; the web page (and the JSON) put it first.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

# The JSON's paths and the text normaliser are the importer's (referat.structure.firstagenda); the
# HTML is read here by a parser of its own, so these facts check the importer rather than repeat it.
from referat.read.api_json import pick
from referat.read.html import norm

__all__ = ["Meeting", "norm", "pick", "read_meeting"]

# JSON paths (slash-separated keys); one place to change if the API renames a field.
ITEMS = "/Dagsordenpunkter"  # root-anchored: the meeting's items
ATTENDEES = "Moede/Moededeltagere"
DATE = "Moede/Dato"
PLACE = "Moede/Sted"
BODY = "Udvalg/Navn"

CLOSED_PREFIX = "Lukket:"
DECISION = "Beslutning"
WRAPPER = "Fremstilling"
HISTORY = "Sagens forløb"


# ---------------------------------------------------------------------------------------------
# The neutral structure a layout prints


@dataclass
class Block:
    """One printable block of item text.

    kind: ``para`` (text), ``list`` (items: (level, text), ordered), ``table`` (rows of cells).
    """

    kind: str
    text: str = ""
    items: list[tuple[int, str]] = field(default_factory=list)
    ordered: bool = False
    rows: list[list[str]] = field(default_factory=list)

    def words_text(self) -> str:
        if self.kind == "list":
            return " ".join(t for _, t in self.items)
        if self.kind == "table":
            return " ".join(" ".join(r) for r in self.rows)
        return self.text


@dataclass
class Section:
    heading: str | None  # None: untitled text
    blocks: list[Block] = field(default_factory=list)
    decision: bool = False


@dataclass
class Item:
    number: int
    title: str
    case_number: str | None
    closed: bool
    sections: list[Section] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    wrapped: bool = False  # the HTML holds the presentation's tab label (<h3>Fremstilling</h3>)

    @property
    def decisions(self) -> list[Section]:
        return [s for s in self.sections if s.decision]


@dataclass
class Attendee:
    name: str
    absent: bool = False  # did not attend ...
    regrets: bool = False  # ... and sent regrets (Afbud) rather than being absent (Fraværende)


@dataclass
class Meeting:
    document: str
    body: str
    date: dt.date
    start: str | None
    location: str | None
    attendees: list[Attendee]
    items: list[Item]

    @property
    def kind(self) -> str:
        return "referat" if any(i.decisions for i in self.items) else "dagsorden"

    @property
    def title(self) -> str:
        return "Referat" if self.kind == "referat" else "Dagsorden"


# ---------------------------------------------------------------------------------------------
# HTML -> a small tree (the agenda HTML is pasted from Word: unclosed and misnested tags)

VOID = {"br", "img", "hr", "meta", "link", "input", "col", "wbr", "area", "source"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCK_TAGS = {"p", "div", "ul", "ol", "table", "blockquote", "section", "dl", "pre"} | HEADINGS
BOUNDARY = {"td", "th", "li", "table", "ul", "ol"}  # an open <p> is not closed across these


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def _open(self, name: str) -> int | None:
        """Index of the innermost open ``name`` not behind a boundary, or None."""
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag == name:
                return i
            if tag in BOUNDARY:
                return None
        return None

    def _close_to(self, index: int) -> None:
        del self.stack[index:]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS and (i := self._open("p")) is not None:
            self._close_to(i)
        if tag in HEADINGS and self.stack[-1].tag in HEADINGS:
            self.stack.pop()
        if tag == "li" and (i := self._open("li")) is not None:
            self._close_to(i)
        if tag in ("td", "th"):
            for name in ("td", "th"):
                if (i := self._open(name)) is not None:
                    self._close_to(i)
        if tag == "tr":
            for i in range(len(self.stack) - 1, 0, -1):
                if self.stack[i].tag == "table":
                    break
                if self.stack[i].tag == "tr":
                    self._close_to(i)
                    break
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        names = HEADINGS if tag in HEADINGS else {tag}
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag in names:
                self._close_to(i)
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def text_of(node: Node | str) -> str:
    """A node's text, words of different blocks (and ``<br>``) kept apart by a space."""
    if isinstance(node, str):
        return node
    if node.tag in ("br", "img"):
        return " "
    inner = "".join(text_of(c) for c in node.children)
    if node.tag in BLOCK_TAGS or node.tag in ("li", "td", "th", "tr"):
        return f" {inner} "
    return inner


# The item template's fields: a paragraph holding only one of these names is its heading (some
# items were exported with ``<p><b>Resume</b></p>`` instead of a heading element).
TEMPLATE_SECTIONS = {
    "Sagsprocedure", "Resume", "Indstilling", "Supplerende indstilling", "Sagsbeskrivelse",
    "Sagsfremstilling", "Supplerende sagsfremstilling", "Baggrund", "Økonomiske konsekvenser",
    "Øvrige konsekvenser", "Øvrige forhold", "Lovgrundlag", "Tidsplan", "Kommunikation", "Høring",
}  # fmt: skip


def is_section_heading(text: str) -> bool:
    """A short line that names what follows: not a sentence, a number, a label or a fragment."""
    words = text.split()
    return (
        0 < len(words) <= 8
        and len(text) <= 60
        and text[0].isupper()
        and not text.endswith((".", ",", ";", ":"))
    )


# ---------------------------------------------------------------------------------------------
# Tree -> blocks


class _Blocks:
    """Walk a tree into blocks and headings: ``out`` holds Blocks and ``str`` headings."""

    def __init__(self) -> None:
        self.out: list[Block | str] = []
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = norm("".join(self.buffer))
        self.buffer = []
        if text:
            self.out.append(Block("para", text))

    def walk(self, node: Node | str) -> None:
        if isinstance(node, str):
            self.buffer.append(node)
            return
        tag = node.tag
        if tag in ("br",):
            self.flush()
        elif tag in ("img", "script", "style"):
            return
        elif tag in HEADINGS:
            self.flush()
            text = norm(text_of(node))
            if text and is_section_heading(text):
                self.out.append(text)
            elif text:
                self.out.append(Block("para", text))
        elif tag in ("ul", "ol"):
            self.flush()
            items: list[tuple[int, str]] = []
            _list_items(node, 0, items)
            if items:
                self.out.append(Block("list", items=items, ordered=tag == "ol"))
        elif tag == "table":
            self.flush()
            rows = _table_rows(node)
            if rows:
                self.out.append(Block("table", rows=rows))
        elif tag == "p" and norm(text_of(node)) in TEMPLATE_SECTIONS:
            self.flush()
            self.out.append(norm(text_of(node)))
        elif tag in BLOCK_TAGS or tag in ("li", "tr", "td", "th"):
            self.flush()
            for child in node.children:
                self.walk(child)
            self.flush()
        else:
            for child in node.children:
                self.walk(child)


def _list_items(node: Node, level: int, out: list[tuple[int, str]]) -> None:
    for child in node.children:
        if isinstance(child, str):
            if text := norm(child):
                out.append((level, text))
            continue
        if child.tag in ("ul", "ol"):
            _list_items(child, level + 1, out)
            continue
        own = Node(child.tag, child.attrs, [c for c in child.children if not _is_list(c)])
        if text := norm(text_of(own)):
            out.append((level, text))
        for sub in child.children:
            if _is_list(sub):
                assert isinstance(sub, Node)
                _list_items(sub, level + 1, out)


def _is_list(node: Node | str) -> bool:
    return isinstance(node, Node) and node.tag in ("ul", "ol")


def _table_rows(table: Node) -> list[list[str]]:
    rows: list[list[str]] = []

    def visit(node: Node) -> None:
        for child in node.children:
            if not isinstance(child, Node):
                continue
            if child.tag == "tr":
                cells = [norm(text_of(c)) for c in child.children if _is_cell(c)]
                if any(cells):
                    rows.append(cells)
            elif child.tag in ("thead", "tbody", "tfoot"):
                visit(child)

    visit(table)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _is_cell(node: Node | str) -> bool:
    return isinstance(node, Node) and node.tag in ("td", "th")


def blocks_of(node: Node) -> list[Block | str]:
    walker = _Blocks()
    walker.walk(node)
    walker.flush()
    return walker.out


# ---------------------------------------------------------------------------------------------
# One item's HTML -> sections


def _find(node: Node, pred: Any) -> Node | None:
    for child in node.children:
        if isinstance(child, Node):
            if pred(child):
                return child
            if found := _find(child, pred):
                return found
    return None


def _sections(stream: list[Block | str]) -> list[Section]:
    sections: list[Section] = []
    for part in stream:
        if isinstance(part, str):
            sections.append(Section(part))
        elif sections:
            sections[-1].blocks.append(part)
        else:
            sections.append(Section(None, [part]))
    return sections


def item_sections(html: str, title: str) -> list[Section]:
    """The printed sections of one item, in print order (see the module docstring)."""
    root = parse_html(html)
    container = _find(root, lambda n: n.attrs.get("id") == "sagsfremstillingContainer") or root
    leading: list[Block | str] = []
    decision: list[Block | str] = []
    presentation: list[Block | str] = []
    history: list[Block | str] = []
    target = leading
    for child in container.children:
        if isinstance(child, Node) and child.tag == "div" and _heading_text(child) == DECISION:
            inner = [c for c in child.children if not (isinstance(c, Node) and c.tag in HEADINGS)]
            decision.extend(blocks_of(Node("div", {}, inner)))
            target = presentation
            continue
        if isinstance(child, Node) and child.tag in HEADINGS:
            text = norm(text_of(child))
            if text == WRAPPER:
                target = presentation
                continue
            if text == HISTORY:
                target = history
                history.append(HISTORY)
                continue
            if text == DECISION:  # a bare decision heading (not seen, but cheap to honour)
                target = decision
                continue
        target.extend(
            blocks_of(child) if isinstance(child, Node) else blocks_of(Node("p", {}, [child]))
        )
    # A repeat of the title before the decision text is web chrome.
    if leading and isinstance(leading[0], Block) and norm(leading[0].text) == norm(title):
        leading = leading[1:]
    # Text before the first heading, outside the presentation, is the decision (closed items).
    untitled: list[Block | str] = []
    for i, part in enumerate(leading):
        if isinstance(part, str):
            presentation = leading[i:] + presentation
            break
        untitled.append(part)
    decision = untitled + decision
    sections = _sections(presentation) + _sections(history)
    decision_blocks = [b for b in decision if isinstance(b, Block)]
    stray = [b for b in decision if isinstance(b, str)]  # headings inside a decision: text
    if decision_blocks or stray:
        blocks = [b if isinstance(b, Block) else Block("para", b) for b in decision]
        sections.append(Section(DECISION, blocks, decision=True))
    return sections


def has_wrapper(html: str) -> bool:
    """Does the item's HTML hold the presentation's tab label (``<h3>Fremstilling</h3>``)?"""
    root = parse_html(html)
    container = _find(root, lambda n: n.attrs.get("id") == "sagsfremstillingContainer") or root
    return any(
        isinstance(c, Node) and c.tag in HEADINGS and norm(text_of(c)) == WRAPPER
        for c in container.children
    )


def _heading_text(node: Node) -> str | None:
    for child in node.children:
        if isinstance(child, Node) and child.tag in HEADINGS:
            return norm(text_of(child))
        if isinstance(child, str) and child.strip():
            return None
    return None


# ---------------------------------------------------------------------------------------------
# The meeting


def load(path: Path) -> dict[str, Any]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def read_meeting(path: Path) -> Meeting:
    data = load(path)
    when = dt.datetime.fromisoformat(pick(data, DATE))
    attendees = [
        Attendee(
            norm(pick(p, "Name", "")),
            absent=bool(pick(p, "Absent", False) or pick(p, "ParticipationCancelled", False)),
            regrets=bool(pick(p, "ParticipationCancelled", False)) and not pick(p, "Absent"),
        )
        for p in pick(data, ATTENDEES, [])
        if norm(pick(p, "Name", ""))
    ]
    items = [_item(raw) for raw in pick(data, ITEMS, [])]
    location = norm(pick(data, PLACE, "")) or None
    return Meeting(
        document=Path(path).name,
        body=norm(pick(data, BODY, "")),
        date=when.date(),
        start=when.strftime("%H:%M"),
        location=location,
        attendees=attendees,
        items=items,
    )


def _item(raw: dict[str, Any]) -> Item:
    name = norm(pick(raw, "Navn", ""))
    closed = name.startswith(CLOSED_PREFIX)
    title = norm(name.removeprefix(CLOSED_PREFIX)) if closed else name
    html = "".join(pick(f, "Html", "") for f in pick(raw, "Felter", []))
    absent: list[str] = []
    for person in pick(raw, "ExternalAgendaItemAttendees", []):
        who = norm(pick(person, "Name", ""))
        if who and who not in absent:
            absent.append(who)
    return Item(
        number=int(pick(raw, "Punktnummer")),
        title=title,
        case_number=norm(pick(raw, "SagsNummer", "")) or None,
        closed=closed,
        sections=item_sections(html, title),
        absent=absent,
        wrapped=has_wrapper(html),
    )
