"""FirstAgenda Publication API JSON -> Meeting, directly (no recogniser needed).

Many municipalities' ``dagsordener.<kommune>.dk`` sites are FirstAgenda Publication; its API
returns one JSON document per meeting.  It carries the structure exactly, so it is mapped
straight to the model: body (``Udvalg.Navn``), date and start (``Moede.Dato``, local time as
written), location, attendees with absence, and per item its number, title, case number, closed
flag, sections, attachments (``Bilag[].Navn``) and the members absent for it.

The JSON's keys are reached through :func:`pick` with a slash path (one place to change if the
API renames a field).  What the fields mean (checked on 104 Greve meetings):

* ``IsOpen`` is false on every item, public and closed alike (it is the web page's expanded
  state); an item is **closed** when its name starts with ``Lukket:``, and its title is the name
  without it.
* An item's HTML (``Felter[].Html``) holds a ``<h3>Beslutning</h3>`` block (the decision, once
  taken), an ``<h3>Fremstilling</h3>`` tab label around the presentation (whose section headings
  are ``h2``-``h4`` by year), and optionally ``<h3>Sagens forløb</h3>``.  A closed item's HTML is
  bare paragraphs: its published decision.  Text before any heading, outside the presentation,
  is the decision; a repeat of the title before it is web chrome.
* A heading element is a section heading only when it reads like one
  (:func:`referat.read.html.is_section_heading`); a paragraph that is only a heading of the
  vocabulary (``<p><b>Resume</b></p>``) is one too.  Each heading gets its kind from the same
  vocabulary as every other input (:func:`referat.structure.recognise.section_heading`).
* ``Absent`` and ``ParticipationCancelled`` both mean the member did not attend; an item's
  ``ExternalAgendaItemAttendees`` and a decision's closing ``Afbud: A, B`` line are the members
  absent for that item.
* The meeting is a **referat** when any item has a decision, else a **dagsorden**: so a meeting's
  identity (kind, body, date) is the one a print of it parses to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from referat.errors import NotMinutesError
from referat.models import Attendee, Item, Meeting, Section, Source, meeting_id
from referat.read.api_json import BODY, DATE, ITEMS, load_json, pick
from referat.read.html import (
    Block,
    children_blocks,
    is_section_heading,
    norm,
    parse_html,
    tag_of,
    text_of,
)
from referat.read.lines import Document, Line
from referat.structure import rules
from referat.structure.paragraphs import section_text
from referat.structure.recognise import section_heading

# JSON paths (slash-separated keys); one place to change if the API renames a field.
ATTENDEES = "Moede/Moededeltagere"
PLACE = "Moede/Sted"
MEETING_NAME = "Moede/Navn"
DESCRIPTION = "Moede/Description"
# ... of an attendee
NAME = "/Name"
ABSENT = "/Absent"
REGRETS = "/ParticipationCancelled"
# ... of an item
ITEM_NAME = "/Navn"
NUMBER = "/Punktnummer"
CASE = "/SagsNummer"
FIELDS = "/Felter"
FIELD_HTML = "/Html"
ITEM_ABSENT = "/ExternalAgendaItemAttendees"
ATTACHMENTS = "/Bilag"
ATTACHMENT_NAME = "/Navn"
ATTACHMENT_ORDER = "/Order"
# What makes a JSON document a FirstAgenda meeting: these paths, of these types.
TIMEZONE = "Europe/Copenhagen"
SYSTEM = "firstagenda"
EVIDENCE = "FirstAgenda Publication API JSON"
CLOSED_PREFIX = "Lukket:"
DECISION = "Beslutning"
WRAPPER = "Fremstilling"
HISTORY = "Sagens forløb"
CONTAINER = "//*[@id='sagsfremstillingContainer']"
# The item template's fields: some items were exported with ``<p>Resume</p>`` (or bold) instead
# of a heading element; a paragraph holding only one of these names is that field's heading.
# (Other bold lines inside a field are its sub-headings: kept as text, as in a print.)
TEMPLATE_SECTIONS = frozenset(
    {"Sagsprocedure", "Resume", "Indstilling", "Supplerende indstilling", "Sagsbeskrivelse",
     "Sagsfremstilling", "Supplerende sagsfremstilling", "Baggrund", "Økonomiske konsekvenser",
     "Øvrige konsekvenser", "Øvrige forhold", "Lovgrundlag", "Tidsplan", "Kommunikation", "Høring"}
)  # fmt: skip


def _text(data: Any, path: str) -> str:
    """The text at ``path`` (a number as written), whitespace collapsed; "" for anything else."""
    value = pick(data, path)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return norm(str(value))


def _records(data: Any, path: str) -> list[dict[str, Any]]:
    """The objects of the list at ``path`` (anything else in it, or no list: none)."""
    value = pick(data, path)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _order(record: dict[str, Any]) -> int:
    value = pick(record, ATTACHMENT_ORDER)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def local_time(when: dt.datetime) -> dt.datetime:
    """The meeting's time as the municipality writes it: a time with its offset is kept as
    written (``17:00+01:00`` -> 17:00); one given in UTC (``Z``) is turned into Danish time."""
    if when.utcoffset() != dt.timedelta(0):
        return when
    try:
        from zoneinfo import ZoneInfo

        return when.astimezone(ZoneInfo(TIMEZONE))
    except (ImportError, KeyError, OSError):  # no time zone data here: UTC as given
        return when


def parse_json(doc: Document, *, municipality: str | None = None) -> Meeting:
    """The document's JSON -> Meeting (see the module docstring).  ``municipality`` (given)
    wins over the one the publication site's links name."""
    assert doc.text is not None
    data = load_json(doc.text, doc.path)
    municipality = municipality or publisher(doc.text)
    try:
        when = local_time(dt.datetime.fromisoformat(pick(data, DATE)))
    except ValueError:
        raise NotMinutesError(f"{doc.path}: meeting date {pick(data, DATE)!r} is no date") from None
    body = _text(data, BODY)
    if not body:
        raise NotMinutesError(f"{doc.path}: the meeting has no body (committee name)")
    items = [_item(raw, body, when.date()) for raw in _records(data, ITEMS)]
    kind = "referat" if any(item.decisions for item in items) else "dagsorden"
    fields = {"Mødedato": pick(data, DATE)}
    if place := _text(data, PLACE):
        fields["Mødested"] = place
    if name := _text(data, MEETING_NAME):  # "Dagsorden", "Ekstraordinær dagsorden": the page's
        fields["Møde"] = name
    return Meeting(
        id=meeting_id(kind, body, when.date(), municipality),
        municipality=municipality,
        kind=kind,
        system=SYSTEM,
        system_evidence=EVIDENCE,
        body=body,
        date=when.date(),
        start=when.strftime("%H:%M") if when.time() != dt.time(0, 0) else None,
        location=place or None,
        title=f"{kind.capitalize()} {body}",  # as a print's header line reads
        fields=fields,
        attendees=list(_attendees(_records(data, ATTENDEES))),
        notes=[n] if (n := _text(data, DESCRIPTION)) else [],
        source=Source(path=doc.path, sha256=doc.sha256, format="json"),
        items=items,
    )


def publisher(text: str) -> str | None:
    """The municipality whose publication site the JSON links to (``dagsordener.greve.dk``)."""
    found = rules.PUBLICATION_HOST.search(text)
    if found is None:
        return None
    name = found["name"]
    return rules.HOST_TOWNS.get(name) or "-".join(part.capitalize() for part in name.split("-"))


def _attendees(people: Iterable[dict[str, Any]]) -> Iterable[Attendee]:
    for person in people:
        if name := _text(person, NAME):
            gone = pick(person, ABSENT) is True or pick(person, REGRETS) is True
            yield Attendee(name=name, absent=gone)


def _item(raw: dict[str, Any], body: str, date: dt.date) -> Item:
    name = _text(raw, ITEM_NAME)
    closed = name.startswith(CLOSED_PREFIX)
    title = norm(name.removeprefix(CLOSED_PREFIX)) if closed else name
    html = "".join(h for f in _records(raw, FIELDS) if isinstance(h := pick(f, FIELD_HTML), str))
    absent: list[str] = []
    for person in _records(raw, ITEM_ABSENT):
        if (who := _text(person, NAME)) and who not in absent:
            absent.append(who)
    sections = item_sections(html, title, body, date) if html.strip() else []
    for section in sections:
        if section.kind == "beslutning":
            _take_absent(section, absent)
    bilag = sorted(_records(raw, ATTACHMENTS), key=_order)
    number = _text(raw, NUMBER)
    return Item(
        number=int(number) if number.isascii() and number.isdigit() else 0,
        title=title,
        case_number=_text(raw, CASE) or None,
        closed=closed,
        absent=absent,
        sections=sections,
        attachments=[n for b in bilag if (n := _text(b, ATTACHMENT_NAME))],
    )


def _take_absent(section: Section, absent: list[str]) -> None:
    """A decision's closing ``Afbud: A, B`` line names the members absent for the item."""
    paragraphs = section.text.split("\n\n")
    m = rules.ITEM_ABSENT.match(paragraphs[-1]) if paragraphs else None
    if m is None:
        return
    for name in rules.ATTENDEE_SPLIT.split(m["names"].rstrip(". ")):
        if name and name not in absent:
            absent.append(name)
    section.text = "\n\n".join(paragraphs[:-1])


# ---------------------------------------------------------------------------------------------
# One item's HTML -> sections


def item_sections(html: str, title: str, body: str, date: dt.date) -> list[Section]:
    """The sections of one item, presentation first and the decision last (as printed)."""
    root = parse_html(html)
    found = root.xpath(CONTAINER)
    container = found[0] if found else root
    leading: list[Block] = []
    decision: list[Block] = []
    presentation: list[Block] = []
    history: list[Block] = []
    target = leading
    for child, blocks in children_blocks(container):
        tag = tag_of(child) if child is not None else ""
        if tag == "div" and _heading_text(child) == DECISION:
            decision.extend(blocks[1:] if blocks and blocks[0].kind == "heading" else blocks)
            target = presentation
            continue
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = text_of(child)
            if text == WRAPPER:  # printed as a heading of its own, empty or not
                presentation.append(Block("heading", WRAPPER, 3))
                target = presentation
                continue
            if text == HISTORY:
                target = history
                history.extend(blocks)
                continue
            if text == DECISION:
                target = decision
                continue
        target.extend(_headings(blocks))
    if leading and leading[0].kind != "heading" and leading[0].text == norm(title):
        leading = leading[1:]
    first_heading = next((i for i, b in enumerate(leading) if b.kind == "heading"), len(leading))
    presentation = leading[first_heading:] + presentation
    decision = leading[:first_heading] + decision
    sections = _split(presentation) + _split(history)
    if decision:
        lines = plain_lines(decision)
        text = section_text(lines)
        if text:
            sections.append(
                Section(kind="beslutning", heading=DECISION, text=text, body=body, date=date)
            )
    return sections


def _heading_text(el: Any) -> str | None:
    """The text of ``el``'s first child when that is a heading element (nothing before it)."""
    if norm(el.text or ""):
        return None
    for child in el:
        if tag_of(child) in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return text_of(child)
        return None
    return None


def _headings(blocks: list[Block]) -> list[Block]:
    """A heading element heads a section only if it reads like a heading (the item HTML sets
    whole sentences, numbers and cells as headings too); a ``<p>`` that is only the name of a
    template field (``<p>Resume</p>``) heads one."""
    out = []
    for b in blocks:
        if b.kind == "heading" and not is_section_heading(b.text):
            b = Block("para", b.text)
        elif b.kind == "para" and b.tag == "p" and b.new_paragraph and b.text in TEMPLATE_SECTIONS:
            b = Block("heading", b.text, 3)
        out.append(b)
    return out


def _split(blocks: list[Block]) -> list[Section]:
    sections: list[Section] = []
    heading: str | None = None
    buffer: list[Block] = []
    started = False

    def flush() -> None:
        text = section_text(plain_lines(buffer))
        if heading is not None or text:
            found = section_heading(heading) if heading else None
            kind = found["kind"] if found else "other"
            sections.append(Section(kind=kind, heading=heading, text=text))

    for block in blocks:
        if block.kind == "heading":
            if started:
                flush()
            heading, buffer, started = block.text, [], True
        else:
            buffer.append(block)
            started = True
    if started:
        flush()
    return sections


def plain_lines(blocks: list[Block]) -> list[Line]:
    """Blocks as lines of a text file: one logical line each, a blank line between paragraphs."""
    lines: list[Line] = []
    previous: Block | None = None
    for n, block in enumerate(blocks, start=1):
        if block.kind == "bullet":
            text, indent = f"- {block.text}", 4.5 * block.level
            gap = 0.0 if previous is not None and previous.kind == "bullet" else 1.0
        elif block.kind == "row":
            text, indent = block.text, 0.0
            gap = 0.0 if previous is not None and previous.kind == "row" else 1.0
        else:
            text, indent = block.text, 0.0
            gap = 1.0 if block.new_paragraph or previous is None else 0.0
        lines.append(Line(text, 1, n, indent=indent, gap=gap, cells=block.cells))
        previous = block
    return lines


__all__ = ["parse_json", "plain_lines"]
