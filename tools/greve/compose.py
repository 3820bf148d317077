"""A styled meeting as a flat list of :class:`Piece` s: what each styled printer lays out.

The words and their order are decided here, once for the three generators; how a piece looks
(font, size, weight, spacing, page breaks, leaders, running header) is the printer's, read from
the :class:`~greve.styles.Style`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import wording
from .facts import kind_of
from .inject import party_of
from .source import Block, Item, Meeting
from .styles import Style


@dataclass
class Piece:
    """One thing to lay out.

    role: ``title`` ``subtitle`` ``dateline`` ``field`` (label: text) ``people_head``
    ``person`` ``people_table`` (rows) ``break`` (a new page) ``toc_head`` ``toc`` (text, item)
    ``item`` (text, item) ``case`` ``heading`` ``runin`` (label: text) ``para`` ``numbered``
    (a bold numbered line) ``list`` (entries, ordered) ``table`` (rows) ``absent``.
    """

    role: str
    text: str = ""
    label: str = ""
    item: int | None = None
    entries: list[tuple[int, str]] = field(default_factory=list)
    ordered: bool = False
    rows: list[list[str]] = field(default_factory=list)


def head_text(item: Item, style: Style) -> str:
    """``Punkt 3: Title``, ``3. Title`` or ``3 Title``, closed as the style says."""
    title = item.title
    if item.closed:
        title = f"Lukket: {title}" if style.closed_form == "prefix" else f"{title} (Lukket)"
    if style.head_form == "punkt":
        return f"Punkt {item.number}: {title}"
    if style.head_form == "dot":
        return f"{item.number}. {title}"
    return f"{item.number} {title}"


def date_line(meeting: Meeting) -> str:
    """``20. juni 2013 - kl. 10:30`` (a title page's)."""
    date = meeting.date
    text = f"{date.day}. {wording.MONTHS[date.month - 1]} {date.year}"
    return f"{text} - kl. {meeting.start}" if meeting.start else text


def _name(name: str, style: Style) -> str:
    return f"{name} ({party_of(name)})" if style.parties else name


def _people(meeting: Meeting, style: Style) -> list[Piece]:
    present = [_name(n, style) for n in wording.present(meeting)]
    absences = [
        (label, [_name(n, style) for n in names]) for label, names in wording.absence_lines(meeting)
    ]
    if not meeting.attendees:
        return []
    if style.attendees == "line":
        out = [Piece("field", ", ".join(present), "Mødedeltagere")]
        return out + [Piece("field", ", ".join(names), label) for label, names in absences]
    if style.attendees == "list":
        out = [Piece("people_head", "Deltagere")] + [Piece("person", n) for n in present]
        for label, names in absences:
            out += [Piece("people_head", label)] + [Piece("person", n) for n in names]
        return out
    half = (len(present) + 1) // 2
    rows = [[present[i], present[half + i] if half + i < len(present) else ""] for i in range(half)]
    out = [Piece("people_head", "Mødedeltagere")]
    if rows:
        out.append(Piece("people_table", rows=rows))
    return out + [Piece("field", ", ".join(names), label) for label, names in absences]


def _front(meeting: Meeting, style: Style) -> list[Piece]:
    if style.title_page:
        out = [
            Piece("title", meeting.title),
            Piece("subtitle", f"For {meeting.body}"),
            Piece("dateline", date_line(meeting)),
        ]
        if meeting.location:
            out.append(Piece("field", meeting.location, "Sted"))
        return out + _people(meeting, style)
    out = [
        Piece("title", meeting.title),
        Piece("subtitle", meeting.body),
        Piece("field", wording.when(meeting), "Mødedato"),
    ]
    if meeting.location:
        out.append(Piece("field", meeting.location, "Mødested"))
    return out + _people(meeting, style)


def _block(block: Block) -> Piece:
    if block.kind == "list":
        return Piece("list", entries=list(block.items), ordered=block.ordered)
    if block.kind == "table":
        return Piece("table", rows=[list(r) for r in block.rows])
    if block.kind == "numbered":
        return Piece("numbered", block.text)
    return Piece("para", block.text)


def _item(meeting: Meeting, item: Item, style: Style) -> list[Piece]:
    out = [Piece("item", head_text(item, style), item=item.number)]
    # The members absent for the item close it, or its decision where that is printed first.
    absent = [Piece("absent", f"Fraværende: {', '.join(item.absent)}")] if item.absent else []
    if item.case_number:
        label = "Sagsnr.: " if style.case_form == "label" else ""
        out.append(Piece("case", f"{label}{item.case_number}"))
    for section in item.sections:
        blocks = list(section.blocks)
        heading = section.heading
        if section.decision and style.decision_heading == "dated":
            heading = f"Beslutning i {meeting.body} den {wording.dmy(meeting.date)}"
        # A template runs in its own fields' headings; an author's sub-heading stays a line.
        known = heading is not None and (section.decision or kind_of(heading) is not None)
        if heading and known and style.run_in and blocks and blocks[0].kind == "para":
            out.append(Piece("runin", blocks.pop(0).text, f"{heading}:"))
        elif heading:
            out.append(Piece("heading", heading))
        out.extend(_block(b) for b in blocks)
        if section.decision and style.decision_first and absent:
            out.append(absent.pop())  # under the decision, as the web page prints them
    out.extend(absent)
    return out


def compose(meeting: Meeting, style: Style) -> list[Piece]:
    """The pieces of a styled meeting (see :mod:`greve.inject` for the styled copy)."""
    out = _front(meeting, style)
    if style.title_page:
        out.append(Piece("break"))
    if style.toc != "none" and meeting.items:
        out.append(Piece("toc_head", "Indholdsfortegnelse"))
        out += [Piece("toc", head_text(i, style), item=i.number) for i in meeting.items]
    for item in meeting.items:
        out += _item(meeting, item, style)
    return out
