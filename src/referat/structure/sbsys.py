"""SBSYS eDagsorden publication XML -> Meeting, directly (no recogniser needed), as the FirstAgenda
API's JSON is mapped (:mod:`referat.structure.firstagenda`).  The XML is read by
:mod:`referat.read.sbsys_xml`.

What the elements mean (paths relative to ``Publication/Agendas/Agenda``):

* The meeting: ``Committee/Name`` (else the agenda's ``Name``) is the body; ``Meeting/When`` the
  date and start (``15-05-2013 16:30:00``), ``Meeting/Until`` the end, ``Meeting/Where`` the
  location; ``Meeting/Members/MeetingMember`` the attendees (``Name`` with the party letter as
  printed, ``Doris Børger (A)``), absent unless ``ParticipationStatusAsValue`` is 0
  (``NotDecided``: not reported), 1 or 4 (attending), as OS2web reads it, or when the
  ``ParticipationNote`` says so (``Afbud``).
* An item: its number is the ``<Number>`` that is a direct child of ``<Item>`` (attachments
  inside it carry their own); its title ``<Caption>``; its case number ``Case/Number`` (empty in
  many publications: no warning); ``IsPublic`` false (or a title ``Lukket punkt: …``, the
  prefix left out) makes it closed; its attachments the
  ``Enclosures/Enclosure`` names; ``Members/ItemMember`` absent from the item (and not from the
  meeting) are its ``absent``.
* Its sections: one per ``Fields/ItemField``, ``<Caption>`` the heading as written, its kind from
  the same vocabulary as every other input (:func:`referat.recognise.section_heading`: publishers
  write ``ADMINISTRATIONENS INDSTILLING``, ``FORRETNINGSUDVALGETS BESLUTNING``), the text the
  ``<Content>`` HTML read by :mod:`referat.read.html`.  A field marked ``IsFeedback`` whose heading
  the vocabulary does not know is a decision too.  ``Tomt indhold`` is no content.
* An empty field is a heading only where the publication's print shows it
  (``GeneratorSettings``: ``ShowEmptyFields``, ``ShowEmptyFeedbackFields``; both when not
  given); an empty decision field is a heading but no decision (an agenda's).
* A decision's body is the one its heading names (``REGIONSRÅDETS BESLUTNING`` -> Regionsrådet),
  else the meeting's; its date the heading's, else the meeting's.  A field holding several dated
  decisions (``18. september 2012: Sagen udsat``, the date in bold) is one decision per date,
  the first under the field's heading.
* ``ItemHistory/ItemField``: an earlier decision of the case, of the body and date its
  ``MeetingDetails`` name (``CommitteeName``, ``MeetingDueDate``), after the item's own fields.
  An item without a ``<Number>`` child is numbered by its ``Nummer`` attribute, else by position.
* The meeting is a **referat** when any item has a decision or the publication is of minutes
  (``PublicationTypeAsValue`` 2 or more, as OS2web reads it), else a **dagsorden**.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from referat.danish import DateError, find_date, find_times
from referat.errors import NotMinutesError, ParseWarning, ReadError
from referat.models import Attendee, Item, Meeting, Section, Source, meeting_id
from referat.read.html import Block, blocks_of, norm, parse_html
from referat.read.lines import Document
from referat.read.sbsys_xml import AGENDA, load_publication
from referat.structure import rules
from referat.structure.firstagenda import plain_lines
from referat.structure.paragraphs import section_text
from referat.structure.recognise import section_heading

SYSTEM = "sbsys"
EVIDENCE = "SBSYS eDagsorden publication XML"
# Element paths, relative to the agenda (one place to change for another publisher's names).
BODY = ("Committee/Name", "Name")
WHEN, UNTIL, WHERE = "Meeting/When", "Meeting/Until", "Meeting/Where"
MEMBERS = "Meeting/Members/MeetingMember"
ITEMS = "Items/Item"
PUBLICATION_TYPE = "PublicationTypeAsValue"  # of the publication: 0 draft, 1 agenda, 2+ minutes
SETTINGS = "GeneratorSettings"
# ... of an item and its fields
NUMBER, CAPTION, CASE, PUBLIC = "Number", "Caption", "Case/Number", "IsPublic"
FIELDS, CONTENT, FEEDBACK = "Fields/ItemField", "Content", "IsFeedback"
ENCLOSURES, ITEM_MEMBERS = "Enclosures/Enclosure", "Members/ItemMember"
NUMBER_ATTRIBUTE = "Nummer"  # some publishers number items by an attribute of <Item>
# Earlier treatment of the case: a field each, with the meeting that decided it.
HISTORY, HISTORY_BODY, HISTORY_DATE = (
    "ItemHistory/ItemField", "MeetingDetails/CommitteeName", "MeetingDetails/MeetingDueDate"
)  # fmt: skip
# ... of a member
NAME, STATUS, ROLES = "Name", "ParticipationStatusAsValue", "MeetingMemberRolesList"
ATTENDING = frozenset({"", "0", "1", "4"})  # not reported, attending, attending in part
NOTE = "ParticipationNote"  # "Afbud", "Deltager fra kl. 17" (free text)
ISO_T = re.compile(r"(?<=\d)T(?=\d)")


def parse_sbsys(
    doc: Document, *, municipality: str | None = None
) -> tuple[Meeting, list[ParseWarning]]:
    """The document's XML -> Meeting and the problems survived (see the module docstring)."""
    assert doc.text is not None
    publication = load_publication(doc.text, doc.path)
    agenda = publication.find(AGENDA)
    body = next((b for path in BODY if (b := _text(agenda, path))), "")
    if not body:
        raise NotMinutesError(f"{doc.path}: the publication names no committee (Committee/Name)")
    when = ISO_T.sub(" ", _text(agenda, WHEN))  # 2013-05-15T16:30:00 as 2013-05-15 16:30:00
    try:
        date = find_date(when)
    except DateError as exc:
        raise NotMinutesError(f"{doc.path}: meeting date {when!r}: {exc}") from None
    if date is None:
        raise NotMinutesError(f"{doc.path}: the meeting has no date (Meeting/When {when!r})")
    settings = publication.find(SETTINGS)
    shown = (
        _flag(settings, "ShowEmptyFields", True),
        _flag(settings, "ShowEmptyFeedbackFields", True),
    )
    attendees = [_attendee(m) for m in agenda.iterfind(MEMBERS) if _text(m, NAME)]
    away = {a.name for a in attendees if a.absent}
    problems: list[str] = []
    if (agendas := len(publication.findall(AGENDA))) > 1:
        problems.append(f"the publication holds {agendas} agendas: the first is read")
    ctx = _Context(body, date, *shown, away)
    items = [_item(raw, n, ctx, problems) for n, raw in enumerate(agenda.iterfind(ITEMS), start=1)]
    minutes = _number(_text(publication, PUBLICATION_TYPE))
    kind = "referat" if any(i.decisions for i in items) or (minutes or 0) >= 2 else "dagsorden"
    start, end = _time(when), _time(_text(agenda, UNTIL))
    place = _text(agenda, WHERE)
    fields = {"Mødedato": _text(agenda, WHEN)} | ({"Mødested": place} if place else {})
    return Meeting(
        id=meeting_id(kind, body, date, municipality),
        municipality=municipality,
        kind=kind,
        system=SYSTEM,
        system_evidence=EVIDENCE,
        body=body,
        date=date,
        start=start,
        end=end if end and end != start else None,
        location=place or None,
        title=f"{kind.capitalize()} {body}",
        fields=fields,
        attendees=attendees,
        source=Source(path=doc.path, sha256=doc.sha256, format="xml"),
        items=items,
    ), [ParseWarning("sbsys_publication", p, path=doc.path) for p in problems]


@dataclass(frozen=True, slots=True)
class _Context:
    """What every item needs from the meeting."""

    body: str
    date: dt.date
    show_empty: bool
    show_empty_feedback: bool
    away: set[str]  # members absent from the whole meeting


def _number(text: str) -> int | None:
    """A whole number as written (``3``), else None (also for absurdly long digit strings)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def _text(el: Any, path: str) -> str:
    """The text at ``path`` below ``el`` (a direct child for a plain name), whitespace collapsed."""
    found = el.find(path) if el is not None else None
    return norm(found.text or "") if found is not None else ""


def _flag(el: Any, path: str, default: bool) -> bool:
    value = _text(el, path).lower()
    return default if value not in ("true", "false") else value == "true"


def _time(text: str) -> str | None:
    """``15-05-2013 16:30:00`` or ``2013-05-15T16:30:00`` -> ``16:30`` (midnight: no time)."""
    times = [t for t in find_times(ISO_T.sub(" ", text)) if t != "00:00"]
    return times[0] if times else None


def _attendee(member: Any) -> Attendee:
    written = _text(member, NAME)
    found = rules.ATTENDEE.match(written)
    role = _text(member, ROLES).lower() or None
    note = _text(member, NOTE)
    absent = _text(member, STATUS) not in ATTENDING or bool(rules.ABSENT_NOTE.match(note))
    if found is None:
        return Attendee(name=written, absent=absent, role=role)
    return Attendee(
        name=norm(found["name"]),
        absent=absent,
        party=found["party"],
        role=(found["role"] or "").lower() or role,
    )


def _item(raw: Any, position: int, ctx: _Context, problems: list[str]) -> Item:
    written = _text(raw, NUMBER) or norm(raw.get(NUMBER_ATTRIBUTE) or "")
    number = _number(written)
    if number is None or number > rules.MAX_ITEM_NUMBER:
        number = position
        problems.append(f"item {position}: number {written!r} is no number; numbered {position}")
    sections = [s for field in raw.iterfind(FIELDS) for s in _sections(field, ctx)]
    sections += [s for field in raw.iterfind(HISTORY) for s in _history(field, ctx)]
    absent = []
    for member in raw.iterfind(ITEM_MEMBERS):
        person = _attendee(member)
        if person.absent and person.name not in ctx.away and person.name not in absent:
            absent.append(person.name)
    caption = _text(raw, CAPTION)
    title = rules.CLOSED_PREFIX.sub("", caption)  # "Lukket punkt: Køb af grund"
    return Item(
        number=number,
        title=title or caption,
        case_number=_text(raw, CASE) or None,
        closed=_text(raw, PUBLIC).lower() == "false" or title != caption,
        absent=absent,
        sections=sections,
        attachments=[n for e in raw.iterfind(ENCLOSURES) if (n := _enclosure(e))],
    )


def _enclosure(el: Any) -> str:
    return _text(el, "Name") or _text(el, "FileName") or _text(el, "Title")


def _blocks(html: str) -> list[Block]:
    if not html.strip():
        return []
    try:
        blocks = blocks_of(parse_html(html))
    except ReadError:
        return []
    if " ".join(b.text for b in blocks).strip(" .").lower() in rules.EMPTY_CONTENT:
        return []
    return blocks


def _sections(field: Any, ctx: _Context) -> list[Section]:
    caption = _text(field, CAPTION)
    blocks = _blocks(field.findtext(CONTENT) or "")
    feedback = _text(field, FEEDBACK).lower() == "true"
    found = section_heading(caption) if caption else None
    kind = found["kind"] if found else "beslutning" if feedback else "other"
    if not blocks:
        if not caption or not (ctx.show_empty_feedback if feedback else ctx.show_empty):
            return []
        # An empty decision field: the heading stands, no decision is minuted (an agenda's).
        return [Section(kind="other" if kind == "beslutning" else kind, heading=caption, text="")]
    if kind != "beslutning":
        return [Section(kind=kind, heading=caption or None, text=section_text(plain_lines(blocks)))]
    body = norm((found or {}).get("body") or "")
    body = (body.capitalize() if body.isupper() else body) or ctx.body
    try:
        date = find_date((found or {}).get("date") or "") or ctx.date
    except DateError:
        date = ctx.date
    return _decisions(blocks, caption or None, body, date)


def _history(field: Any, ctx: _Context) -> list[Section]:
    """An earlier decision of the case: its body's and date's (after the item's own fields, as
    OS2web shows them)."""
    blocks = _blocks(field.findtext(CONTENT) or "")
    if not blocks:
        return []
    when = _date(_text(field, HISTORY_DATE))
    heading = _text(field, CAPTION) or None
    body = _text(field, HISTORY_BODY) or ctx.body
    return _decisions(blocks, heading, body, when or ctx.date)


def _decisions(blocks: list[Block], heading: str | None, body: str, date: dt.date) -> list[Section]:
    """One decision per dated paragraph (``18. september 2012: Sagen udsat``), text before the
    first one a decision of the field's own date."""
    parts: list[tuple[dt.date, list[Block]]] = [(date, [])]
    for block in blocks:
        dated = rules.DATED_DECISION.match(block.text) if block.kind == "para" else None
        when = _date(dated["date"]) if dated else None
        if dated and when is not None:
            parts.append((when, [Block("para", rest)] if (rest := dated["rest"].strip()) else []))
        else:
            parts[-1][1].append(block)
    sections: list[Section] = []
    for when, part in parts:
        text = section_text(plain_lines(part))
        if text:
            sections.append(
                Section(kind="beslutning", heading=None if sections else heading, text=text,
                        body=body, date=when)
            )  # fmt: skip
    return sections


def _date(text: str) -> dt.date | None:
    try:
        return find_date(ISO_T.sub(" ", text))
    except DateError:
        return None


__all__ = ["parse_sbsys"]
