"""Ground truth of one meeting, computed from its JSON at run time (never stored).

The facts schema is the one the corpus golden files use (``tests/corpus/*.expected.json``),
less what depends on the layout a meeting is printed in (``system`` and a decision's ``body`` and
``date``; the scorer, ``tools/facts_score.py``, checks only the leaves the facts hold)::

    {"document", "meeting": {kind, body, date, start, location, attendees: [...]},
     "items": [{number, title, case_number, closed, headings, decisions, absent, subitems}]}

An item's ``absent`` are the members the JSON names as absent for it
(``ExternalAgendaItemAttendees``) and those a decision ends by naming (``Afbud: A, B`` /
``Fraværende: …``, as Greve's decisions do): a reader takes both as who was not there.

Decisions carry no body or date here (the keys are left out): a layout may print them in the
decision heading or not, so the print's truth does not depend on them.  Nor does the system: a
print may look like FirstAgenda's own or like no system's.  ``text_start`` is the decision's first
words.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from referat.structure.profiles import get as get_profile
from referat.structure.recognise import section_heading

from .source import Item, Meeting, norm, read_meeting

FIRSTAGENDA = get_profile("firstagenda")
EMPTY_HEADING = "Fremstilling"  # the web page's tab label over the presentation

TEXT_START_WORDS = 6


def facts(json_path: Path | str) -> dict[str, Any]:
    """The facts of the meeting in ``json_path`` (schema above)."""
    return meeting_facts(read_meeting(Path(json_path)))


def meeting_facts(meeting: Meeting, parties: bool = False) -> dict[str, Any]:
    """The facts of a meeting; ``parties``: the print names each member's (made-up) party."""
    from .inject import party_of

    return {
        "document": meeting.document,
        "meeting": {
            "kind": meeting.kind,
            "body": meeting.body,
            "date": meeting.date.isoformat(),
            "start": meeting.start,
            "location": meeting.location,
            "attendees": [
                {
                    "name": a.name,
                    "absent": a.absent,
                    "party": party_of(a.name) if parties else None,
                    "role": None,
                }
                for a in meeting.attendees
            ],
        },
        "items": [_item_facts(item) for item in meeting.items],
    }


def _item_facts(item: Item) -> dict[str, Any]:
    headings = [s.heading for s in item.sections if s.heading is not None]
    kinds = [kind_of(h) for h in headings]
    knows = any(kind not in (None, "beslutning") for kind in kinds)
    known = [h for h, kind in zip(headings, kinds, strict=True) if kind is not None]
    return {
        "number": item.number,
        "title": item.title,
        "case_number": item.case_number,
        "closed": item.closed,
        # Where the item's headings are the vocabulary's, one it does not know is the author's
        # sub-heading within a section (as in the seeds), not a section of its own.
        "headings": known if knows else headings,
        "subheadings": [h for h in headings if h not in known] if knows else [],
        "decisions": [{"text_start": text_start(section_text(_said(s)))} for s in item.decisions],
        "absent": _absent(item),
        "subitems": [],
    }


def kind_of(heading: str) -> str | None:
    """The section kind the vocabulary gives ``heading``; None when it does not know it.  The
    presentation's tab label, printed as an empty heading by some styles, is a heading too."""
    if heading == EMPTY_HEADING:
        return "other"
    found = section_heading(heading, FIRSTAGENDA)
    return None if found is None else found["kind"]


_ABSENT_LINE = re.compile(r"^(?:Afbud|Fraværende)\s*:\s*(?P<names>.+)$", re.IGNORECASE)


def _absent(item: Item) -> list[str]:
    names = list(item.absent)
    for section in item.decisions:
        for block in section.blocks[-1:]:
            m = _ABSENT_LINE.match(norm(block.words_text()))
            if m is None:
                continue
            for name in re.split(r"\s*,\s*|\s+og\s+", m["names"].rstrip(". ")):
                if name and name not in names:
                    names.append(name)
    return names


def is_absence_line(block: Any) -> bool:
    return _ABSENT_LINE.match(norm(block.words_text())) is not None


def _said(section: Any) -> list[Any]:
    """A decision's blocks without the closing absence line (that is the item's ``absent``)."""
    blocks = list(section.blocks)
    if blocks and _ABSENT_LINE.match(norm(blocks[-1].words_text())):
        blocks.pop()
    return blocks


def section_text(blocks: list[Any]) -> str:
    return norm(" ".join(b.words_text() for b in blocks))


def text_start(text: str, words: int = TEXT_START_WORDS) -> str:
    return " ".join(norm(text).split()[:words])


def expected_text(json_path: Path | str) -> str:
    """The words a print of the meeting must carry: item titles, section headings and the text
    taken from the HTML (not the layout's own labels, nor the header fields, scored apart; nor a
    decision's closing absence line, which is the item's ``absent``)."""
    return meeting_text(read_meeting(Path(json_path)))


def meeting_text(meeting: Meeting) -> str:
    """:func:`expected_text` of a meeting read (and perhaps styled) already."""
    parts: list[str] = []
    for item in meeting.items:
        parts.append(item.title)
        for section in item.sections:
            if section.heading:
                parts.append(section.heading)
            parts.append(section_text(_said(section) if section.decision else section.blocks))
    return "\n".join(parts)
