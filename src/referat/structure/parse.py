"""Parse stage: classified lines (:mod:`referat.structure.classify`) -> Meeting + warnings.

The parser never looks at a line's text to decide what it is: the recogniser did.  It builds the
preamble (header, fields, attendees, table of contents: :mod:`referat.structure.parse_header`) and
the items, each with its case number, sub-items and sections; prose is joined per section by
:mod:`referat.structure.paragraphs`.  Every line ends up somewhere in the model
(``tests/structure/test_lossless.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from dataclasses import dataclass, field

from referat.danish import DateError, find_date
from referat.errors import NotMinutesError, ParseWarning, StrictError
from referat.models import Item, Meeting, Section, Source, SubItem, TocEntry, meeting_id
from referat.read.lines import Line
from referat.structure import rules
from referat.structure.classify import Role
from referat.structure.heads import fits
from referat.structure.paragraphs import section_text
from referat.structure.parse_header import Header, Preamble, join_title, split_names


@dataclass
class Parsed:
    """A parsed meeting and the warnings the parser survived."""

    meeting: Meeting
    warnings: list[ParseWarning] = field(default_factory=list)

    def check_strict(self) -> None:
        """Raise StrictError if there are warnings (``--strict``)."""
        if self.warnings:
            listing = "; ".join(str(w) for w in self.warnings[:5])
            more = f" (+{len(self.warnings) - 5} more)" if len(self.warnings) > 5 else ""
            raise StrictError(f"{len(self.warnings)} warning(s) in strict mode: {listing}{more}")


@dataclass
class Context:
    """What the parser needs besides the roles."""

    source: Source
    system: str
    system_evidence: str | None
    vocabulary: Container[str] = frozenset()
    body: str | None = None  # --body: supplied by the user
    date: dt.date | None = None  # --date
    municipality: str | None = None  # --municipality, else found by parse_header
    structure_notes: list[str] = field(default_factory=list)  # from the document's choice


@dataclass
class _Part:
    """An item or sub-item while it is being built."""

    head: Role
    title: list[str]
    case: str | None = None
    closed: bool = False
    absent: dict[str, None] = field(default_factory=dict)  # names in order, each once
    sections: list[Section] = field(default_factory=list)
    subitems: list[_Part] = field(default_factory=list)
    stray_text: bool = False  # text before the first heading


class Parser:
    def __init__(self, roles: list[Role], ctx: Context) -> None:
        self.roles = roles
        self.ctx = ctx
        self.warnings: list[ParseWarning] = []
        self.last_number = 0  # the number of the item before (an impossible number follows it)

    def warn(self, code: str, message: str, line: Line | int | None = None) -> None:
        where = line.number if isinstance(line, Line) else line
        if isinstance(line, Line) and line.page > 1:
            message = f"{message} (page {line.page}, line {line.number})"
            where = None
        self.warnings.append(ParseWarning(code, message, where, self.ctx.source.path))

    # --- the whole document ----------------------------------------------------------------
    def parse(self) -> Parsed:
        starts = [i for i, r in enumerate(self.roles) if r.role == "item"]
        preamble = self.roles[: starts[0]] if starts else self.roles
        header = Preamble(self.warn).parse(preamble)
        if header.kind is None and not starts:
            raise NotMinutesError(
                f"{self.ctx.source.path}: no minutes structure found "
                "(no REFERAT/DAGSORDEN header and no numbered items)"
            )
        closed = False  # a part marker in the preamble belongs to the table of contents
        items: list[Item] = []
        for a, b in zip(starts, [*starts[1:], len(self.roles)], strict=False):
            item, closed = self.parse_item(self.roles[a:b], closed)
            items.append(item)
        body, date = self.identity(header, items)
        if header.kind is None:
            self.warn("missing_header", "no REFERAT/DAGSORDEN header line; assuming referat", 1)
        kind = header.kind or "referat"
        for note in self.ctx.structure_notes:
            self.warn("toc_mismatch", note)
        self.check_items(items, header.toc)
        if self.ctx.system == "generic":
            self.warn(
                "unknown_system",
                f"agenda system not recognised: read with the generic rules ({len(items)} "
                "item(s) found); check the result, or name the system with --system",
            )
        meeting = Meeting(
            id=meeting_id(kind, body, date, self.ctx.municipality),
            kind=kind,
            system=self.ctx.system,
            system_evidence=self.ctx.system_evidence,
            municipality=self.ctx.municipality,
            body=body,
            date=date,
            start=header.start,
            end=header.end,
            location=header.location,
            title=header.title,
            fields=header.fields,
            attendees=header.attendees,
            toc=[TocEntry(title=t, page=p) for t, p, _ in header.toc],
            notes=header.notes,
            source=self.ctx.source,
            items=items,
        )
        return Parsed(meeting, self.warnings)

    def identity(self, header: Header, items: list[Item]) -> tuple[str, dt.date]:
        """The meeting's body and date: the user's, the header's, or (an item printed alone)
        the first decision heading's, with a warning that says so."""
        body = self.ctx.body or header.body or header.field_body
        date = self.ctx.date or header.date or header.field_date
        if date is None and header.bad_date is not None:
            raise NotMinutesError(
                f"{self.ctx.source.path}: the meeting date in the header is not a real date "
                f"({header.bad_date}); give it with --date YYYY-MM-DD"
            )
        if body is None or date is None:
            decided = next((s for i in items for s in i.decisions if s.body or s.date), None)
            if decided is not None and (body or decided.body) and (date or decided.date):
                missing = " and ".join(n for n, v in (("body", body), ("date", date)) if v is None)
                self.warn(
                    "no_meeting_header",
                    f"no meeting header: the meeting's {missing} taken from the decision "
                    f"heading {decided.heading!r}",
                )
                body, date = body or decided.body, date or decided.date
        if date is None:
            found = f"{len(items)} item(s) found" if items else "no items found"
            raise NotMinutesError(
                f"{self.ctx.source.path}: no meeting date found in the header ({found}); "
                "give it with --date YYYY-MM-DD"
            )
        return body or "Ukendt", date

    def check_items(self, items: list[Item], toc: list[tuple[str, int | None, int]]) -> None:
        if not items:
            self.warn("no_items", "no agenda items found; only the header is kept")
        seen: set[int] = set()
        for item in items:
            if item.number in seen:
                self.warn("duplicate_item", f"item number {item.number} appears more than once")
            seen.add(item.number)
        if not toc:
            return
        unused = list(range(len(toc)))
        for position, item in enumerate(items):
            match = next((i for i in ([position] if position in unused else []) + unused
                          if fits(toc[i][0], item.title)), None)  # fmt: skip
            if match is None:
                self.warn(
                    "toc_mismatch",
                    f"item {item.number} ({item.title!r}) is not in the table of contents",
                )
                continue
            unused.remove(match)
            _, page, line = toc[match]
            if item.page is None:
                item.page = page
            elif page is not None and page != item.page:
                self.warn(
                    "toc_page_mismatch",
                    f"item {item.number} is on page {item.page}, the table of contents says {page}",
                    line,
                )
        for i in unused:
            self.warn("toc_mismatch", f"TOC entry {toc[i][0]!r} matches no item", toc[i][2])

    # --- one item --------------------------------------------------------------------------
    def parse_item(self, block: list[Role], closed: bool) -> tuple[Item, bool]:
        """An item's roles -> Item; also whether the items after it are in a closed part."""
        head = block[0]
        item = _Part(head, [head.data["title"]], closed=closed)
        current = item  # the item, or the sub-item being read
        buffer: list[Role] = []  # the lines of the section being read
        heading: Role | None = None
        for at, role in enumerate(block[1:], start=2):
            kind = role.role
            if kind == "title":
                current.title.append(role.text)
            elif kind == "case" and current is item and item.case is None:
                item.case = role.data["value"]
            elif kind == "part":
                closed = bool(role.data["closed"])
            elif kind == "absent" or kind == "names":
                # Named once per item however often (Afbud: under the decision, Fraværende: …).
                names = split_names(role.data["names"])
                item.absent.update(dict.fromkeys(names))
            elif kind == "history_field" and heading is not None:
                # "Dato: …", "Punktnummer: …" belong to the block's heading, as written.
                data = {**heading.data, "heading": f"{heading.data['heading']}, {role.text}"}
                heading = Role(heading.role, heading.line, data)
            elif kind in ("subitem", "heading", "history"):
                self.flush(current, heading, buffer)
                heading, buffer = None, []
                if kind == "subitem":
                    current = _Part(role, [role.data["title"]])
                    item.subitems.append(current)
                else:
                    heading = role
                    if role.data.get("body") and current is not item:
                        current = item  # "<Udvalg>s beslutning den …" decides the whole item
                    rest = role.data.get("rest")
                    # "Beslutning: Afbud: A" and nothing more: a decision that only names who
                    # was away (the next line is a heading or the item's end).
                    said_more = at < len(block) and block[at].role not in ("heading", "history")
                    if (
                        rest
                        and (absent := _absence(rest)) is not None
                        and role.data["kind"] == "beslutning"
                        and not said_more
                    ):
                        item.absent.update(dict.fromkeys(split_names(absent)))
                    elif rest:
                        buffer.append(Role("prose", role.line.with_text(rest)))
            else:
                buffer.append(role)
        self.flush(current, heading, buffer)
        return self.build(item), closed

    def flush(self, part: _Part, heading: Role | None, buffer: list[Role]) -> None:
        if heading is None and not buffer:
            return
        text = section_text([r.line for r in buffer], self.ctx.vocabulary)
        if heading is None:
            if text:
                part.sections.append(Section(kind="other", heading=None, text=text))
                # "Dok.nr.: …" lines alone are the item's own data, not stray text.
                part.stray_text = any(r.role != "item_field" for r in buffer)
            return
        data = heading.data
        if data.get("unknown"):
            heading_text = data["heading"]
            self.warn("unknown_heading", f"unknown section heading {heading_text!r}", heading.line)
        date = None
        if data.get("date"):
            try:
                date = find_date(data["date"])
            except DateError as exc:
                self.warn("bad_date", f"item {self._number(part)}: {exc}", heading.line)
        kind = data["kind"]
        if kind == "beslutning" and "rest" in data and not text and _absence(data["rest"]) is None:
            kind = "other"  # an empty "Referat:" minutes nothing: no decision
        part.sections.append(
            Section(
                kind=kind,
                heading=data["heading"],
                text=text,
                body=data.get("body") or None,
                date=date,
            )
        )

    def _number(self, part: _Part) -> str:
        return part.head.data.get("number") or part.head.data.get("label", "?")

    def build(self, part: _Part) -> Item:
        head = part.head
        title = join_title(part.title, self.ctx.vocabulary)
        closed = part.closed
        for pattern in (rules.CLOSED_PREFIX, rules.CLOSED_SUFFIX):
            if pattern.search(title):
                closed, title = True, pattern.sub("", title).strip()
        written = head.data["number"]
        number = int(written) if len(written) <= 18 else rules.MAX_ITEM_NUMBER + 1
        if number > rules.MAX_ITEM_NUMBER:
            written = written if len(written) <= 30 else written[:30] + "…"
            self.warn(
                "bad_item_number",
                f"item number {written} is out of range (at most {rules.MAX_ITEM_NUMBER:,}); "
                f"read as item {self.last_number + 1}",
                head.line,
            )
            number = self.last_number + 1
        self.last_number = number
        if not title:
            self.warn("empty_title", f"item {number} has no title", head.line)
        if part.case is None:
            self.warn("missing_case_number", f"item {number} has no case number", head.line)
        sections = part.sections
        if closed and len(sections) == 1 and sections[0].heading is None and part.stray_text:
            # A closed item publishes only its decision, as a paragraph without a heading.
            sections = [sections[0].model_copy(update={"kind": "beslutning"})]
        elif part.stray_text and not part.subitems:
            self.warn(
                "text_before_heading",
                f"item {number} has text before its first section heading",
                head.line,
            )
        return Item(
            number=number,
            title=title,
            case_number=part.case,
            page=head.line.page if self.ctx.source.format == "pdf" else None,
            closed=closed,
            absent=list(part.absent),
            sections=sections,
            attachments=_attachments(sections),
            subitems=[
                SubItem(
                    label=sub.head.data["label"],
                    title=join_title(sub.title, self.ctx.vocabulary),
                    sections=sub.sections,
                    attachments=_attachments(sub.sections),
                )
                for sub in part.subitems
            ],
        )


# --- helpers -------------------------------------------------------------------------------
def _attachments(sections: list[Section]) -> list[str]:
    return [
        line.removeprefix("- ").strip()
        for s in sections
        if s.kind == "bilag"
        for line in s.text.split("\n")
        if line.strip()
    ]


def _absence(text: str) -> str | None:
    """The names of an absence line (``Afbud: A, B``), or None for any other text."""
    m = rules.ITEM_ABSENT.match(text) or rules.ITEM_NOT_TAKING_PART.match(text)
    return m["names"].strip() if m is not None and m["names"].strip() else None
