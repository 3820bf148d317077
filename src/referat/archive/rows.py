"""A meeting as the archive's rows, built without the archive.

Everything :mod:`referat.archive.save` writes for a meeting's items (items, sections, sub-items,
attachments, outcomes, amounts, the sections' stems and the stems' vocabulary) is computed here,
from the meeting alone, with ids counted from 0.  It is pure CPU work (stemming every word is
most of it), so ``referat import --jobs N`` runs it in the parse workers beside the parse, and the
process that writes the archive only places the rows at the archive's next ids
(:meth:`MeetingRows.placed`) and inserts them.

An item's sections (its own, then its sub-items') get consecutive ids:
:mod:`referat.archive.snippets` reads an item's full-text rows as one rowid range.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from referat.archive import schema, store_outcomes
from referat.archive.stems import section_stems, stem_text, vocabulary
from referat.archive.store_outcomes import compact_json
from referat.structure.recognise import case_key

if TYPE_CHECKING:
    from referat.models import Item, Meeting, Section

Row = tuple[Any, ...]


@dataclass(slots=True)
class MeetingRows:
    """A meeting's item rows, without their ids: an item is numbered by its place in ``items``
    and a section by its place in ``sections``; rows that refer to them hold those numbers."""

    items: list[Row] = field(default_factory=list)  # without id and meeting_id
    sections: list[Row] = field(default_factory=list)  # (item, ...) without id
    stems: list[tuple[str, str]] = field(default_factory=list)  # (title, text), one a section
    subitems: list[Row] = field(default_factory=list)  # (item, ...)
    attachments: list[Row] = field(default_factory=list)  # (item, ...)
    outcomes: list[Row] = field(default_factory=list)  # (section, ...)
    amounts: list[Row] = field(default_factory=list)  # (section, ...)
    vocabulary: tuple[str, ...] = ()  # the stems used, digits left out

    def placed(self, meeting_id: str, first_item: int, first_section: int) -> PlacedRows:
        """The rows with the ids they get in the archive."""
        i, s = first_item, first_section
        return PlacedRows(
            items=[(i + n, meeting_id, *r) for n, r in enumerate(self.items)],
            sections=[(s + n, i + r[0], *r[1:]) for n, r in enumerate(self.sections)],
            stems=[(s + n, title, text) for n, (title, text) in enumerate(self.stems)],
            subitems=[(i + r[0], *r[1:]) for r in self.subitems],
            attachments=[(i + r[0], *r[1:]) for r in self.attachments],
            outcomes=[(s + r[0], *r[1:]) for r in self.outcomes],
            amounts=[(s + r[0], *r[1:]) for r in self.amounts],
        )


@dataclass(frozen=True, slots=True)
class PlacedRows:
    """A meeting's item rows as inserted, table by table (in the schema's column order)."""

    items: list[Row]
    sections: list[Row]
    stems: list[Row]
    subitems: list[Row]
    attachments: list[Row]
    outcomes: list[Row]
    amounts: list[Row]


def meeting_rows(meeting: Meeting) -> MeetingRows:
    """Every item row of ``meeting`` (see the module's docstring)."""
    rows = MeetingRows()
    for position, item in enumerate(meeting.items):
        _add_item(rows, position, item)
    rows.vocabulary = tuple(sorted(vocabulary(rows.stems)))
    return rows


def _add_item(rows: MeetingRows, position: int, item: Item) -> None:
    i = len(rows.items)
    rows.items.append(
        (position, item.number, item.title, item.case_number, case_key(item.case_number),
         item.page, int(item.closed), compact_json(item.absent))
    )  # fmt: skip
    count = _add_sections(rows, i, item.sections, item.title, None, 0)
    for n, sub in enumerate(item.subitems):
        rows.subitems.append((i, n, sub.label, sub.title, compact_json(sub.attachments)))
        title = schema.search_title(item.title, sub.title)
        count += _add_sections(rows, i, sub.sections, title, n, count)
    rows.attachments.extend((i, n, name) for n, name in enumerate(item.attachments))


def _add_sections(
    rows: MeetingRows,
    item: int,
    sections: list[Section],
    search_title: str,
    subitem: int | None,
    first: int,
) -> int:
    """Rows for an item's own sections (``subitem`` None) or a sub-item's, at positions
    ``first``, ``first + 1``, ...; returns how many."""
    title_stems = stem_text(search_title)
    for n, sec in enumerate(sections, start=first):
        k = len(rows.sections)
        date = sec.date.isoformat() if sec.date else None
        rows.sections.append(
            (item, n, sec.kind, sec.heading, sec.text, sec.body, date, subitem, search_title)
        )
        rows.stems.append((title_stems, section_stems(sec.heading, sec.text)))
        outcomes, amounts = store_outcomes.section_rows(k, sec)
        rows.outcomes += outcomes
        rows.amounts += amounts
    return len(sections)


def iter_tables(rows: PlacedRows) -> Iterator[tuple[str, list[Row]]]:
    """(table, rows) in the order they are inserted (items before what refers to them)."""
    yield "items", rows.items
    yield "sections", rows.sections
    yield "subitems", rows.subitems
    yield "attachments", rows.attachments
    yield "outcomes", rows.outcomes
    yield "amounts", rows.amounts
