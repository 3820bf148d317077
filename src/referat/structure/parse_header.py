"""Parse stage, first part: the preamble before the first item, from classified lines.

The header line (``REFERAT Direktionen d. 16-01-2023``) or a title block (``Referat`` /
``Sundheds- og Forebyggelsesudvalget`` / ``tirsdag den 4. december 2012, kl. 13:00`` /
``i Mødecenter C``), header fields with wrapped values (``Mødedeltagere …``), attendance lists
with party letters and roles (``Lolan Ottesen (A) - formand``), and the table of contents.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from typing import Any

from referat.danish import LOOKS_LIKE_DATE, DateError, find_date, find_times
from referat.models import Attendee
from referat.read.joining import Joined
from referat.read.lines import PARAGRAPH_GAP, Line
from referat.structure import rules
from referat.structure.classify import Role

Warn = Callable[..., None]

# A title-block line that says where: "i Mødecenter C, Lokale 32", "på Rådhuset".
_WHERE = re.compile(r"^(?:i|på)\s+(?P<where>[A-ZÆØÅ0-9].*)$")


@dataclass
class Header:
    kind: str | None = None
    body: str | None = None
    date: dt.date | None = None
    title: str | None = None
    field_date: dt.date | None = None
    field_body: str | None = None
    start: str | None = None
    end: str | None = None
    location: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    attendees: list[Attendee] = field(default_factory=list)
    toc: list[tuple[str, int | None, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bad_date: str | None = None  # why a date in the header was refused ("impossible date ...")


class Preamble:
    """Header line or title block, header fields (with wrapped values) and the TOC."""

    def __init__(self, warn: Warn) -> None:
        self.warn = warn
        self.header = Header()
        self.title_block = False  # after a bare "Referat": body, date and place lines follow
        # Field values being built, joined once in finish(): a value wrapped over 10,000 lines
        # costs 10,000 joins of a line each, not 10,000 copies of a growing value.
        self.values: dict[str, Joined] = {}
        self.listed: dict[str, bool] = {}  # the value holds "," or ";" (a list of names)
        self.location_keys: set[str] = set()

    def parse(self, roles: list[Role]) -> Header:
        h = self.header
        pending_toc: list[str] = []
        label: str | None = None  # the field whose value may continue on the next line
        for role in roles:
            line, text = role.line, role.text
            if line.breaks_paragraph and label not in ("attendees-list", "absent-list"):
                label = None
            if role.role == "header":
                self.header_line(role)
            elif role.role == "toc_start" or role.role == "part":
                label = None
            elif role.role == "toc_entry":
                if role.data.get("more"):
                    pass  # a line of the entry above (its title holds it)
                elif role.data.get("plain"):
                    h.toc.append((role.data["title"], None, line.number))
                elif role.data["page"]:
                    title = join_title([*pending_toc, role.data["title"]])
                    h.toc.append((title, int(role.data["page"]), line.number))
                    pending_toc = []
                else:
                    pending_toc.append(role.data["title"])
            elif role.role == "field":
                self.title_block = False
                label = self.field(role.data["label"], role.data["value"], line)
            elif label is not None and (
                not line.breaks_paragraph or label in ("attendees-list", "absent-list")
            ):
                self.continue_field(text, label)
            elif self.title_block and self.title_line(text, line):
                pass
            else:
                h.notes.append(text)
        if pending_toc:
            h.notes.extend(pending_toc)
        self.finish()
        return h

    def header_line(self, role: Role) -> None:
        h = self.header
        text, rest = role.text, role.data["rest"].strip()
        h.kind = rules.MEETING_KINDS[role.data["kind"].lower()]
        h.title = text
        if not rest:
            self.title_block = True
            return
        date_match = LOOKS_LIKE_DATE.search(rest)
        if date_match:
            try:
                h.date = find_date(rest[date_match.start() :])
            except DateError as exc:
                self.warn("bad_date", f"header: {exc}", role.line)
                h.bad_date = h.bad_date or str(exc)
            rest = rest[: date_match.start()]
        rest = rules.HEADER_BODY_PREFIX.sub("", rules.HEADER_BODY_SUFFIX.sub("", rest.strip()))
        if re.search(r"(?:ets|ens)$", rest) and "møde" in role.data["rest"].lower():
            rest = rest[:-1]  # "Byrådets møde" -> "Byrådet"
        h.body = rest.strip() or None

    def title_line(self, text: str, line: Any) -> bool:
        """A line of the title block under a bare ``Referat``: the body, then when, then where."""
        h = self.header
        if LOOKS_LIKE_DATE.search(text) and h.date is None:
            try:
                h.date = find_date(text)
            except DateError as exc:
                self.warn("bad_date", f"header: {exc}", line)
                h.bad_date = h.bad_date or str(exc)
                return False
            times = find_times(text)
            if times:
                h.start = times[0]
                h.end = times[1] if len(times) > 1 else None
            h.fields.setdefault("Mødetidspunkt", text)
            return True
        if (m := _WHERE.match(text)) and h.location is None:
            h.location = m["where"]
            h.fields.setdefault("Mødested", text)
            return True
        if h.body is None and h.date is None and len(text) <= 80 and not text.endswith("."):
            h.body = rules.HEADER_BODY_PREFIX.sub("", text)  # "For Udvalget for plan"
            return True
        return False

    def field(self, label: str, value: str, line: Any) -> str | None:
        h = self.header
        kind = rules.FIELD_LABELS[label.lower()]
        key = label.strip()
        self._value(key).append(value, "\n")
        self.listed[key] = self.listed[key] or "," in value or ";" in value
        if kind in ("attendees", "absent", "secretary"):
            return kind if value else f"{kind}-list"
        if kind in ("date", "time"):
            self.when(value, line)
        elif kind == "location":
            h.location = value or None
        elif kind == "body":
            h.field_body = value or None
        return key if kind != "note" or value else None

    def continue_field(self, text: str, label: str) -> None:
        key = next(reversed(self.header.fields))
        value = self._value(key)
        if label.endswith("-list") or label in ("absent", "secretary"):
            separator = "\n"
        elif label == "attendees":
            # "A, B, C" wrapped onto the next line, or one name per line under the first.
            separator = " " if self.listed[key] else "\n"
        else:
            separator = " "
        if separator == " ":  # a wrapped value: "Hans-" / "Jørgen Kirstein" is one name
            value.add(text)
        else:
            value.append(text, separator)
        self.listed[key] = self.listed[key] or "," in text or ";" in text
        if label == "location" or rules.FIELD_LABELS.get(key.lower()) == "location":
            self.location_keys.add(key)

    def _value(self, key: str) -> Joined:
        """The value of field ``key`` being built (the field is added to the header's)."""
        if key not in self.values:
            current = self.header.fields.setdefault(key, "")
            self.values[key] = Joined(current)
            self.listed[key] = "," in current or ";" in current
        return self.values[key]

    def _join_values(self) -> None:
        h = self.header
        for key, value in self.values.items():
            h.fields[key] = value.text().strip()
        for key in self.location_keys:
            h.location = h.fields[key]

    def when(self, value: str, line: Any) -> None:
        h = self.header
        try:
            date = find_date(value)
        except DateError as exc:
            self.warn("bad_date", f"header field: {exc}", line)
            h.bad_date = h.bad_date or str(exc)
            date = None
        if date is not None:
            if h.date is not None and date != h.date:
                self.warn(
                    "date_mismatch",
                    f"meeting date {date.isoformat()} differs from the header's "
                    f"{h.date.isoformat()}; using the header",
                    line,
                )
            h.field_date = h.field_date or date
        times = find_times(value)
        if times:
            h.start = h.start or times[0]
            if len(times) > 1:
                h.end = h.end or times[1]

    def finish(self) -> None:
        h = self.header
        self._join_values()
        people: dict[str, Attendee] = {}
        absent_people: list[Attendee] = []
        for key, value in h.fields.items():
            kind = rules.FIELD_LABELS[key.lower()]
            if kind not in ("attendees", "absent", "secretary"):
                continue
            for raw in value.split("\n"):
                for entry in split_names(raw):
                    absent = kind == "absent" or bool(rules.ABSENT_MARK.search(entry))
                    entry = rules.ABSENT_MARK.sub("", entry).strip()
                    if not entry:
                        continue
                    person = _attendee(entry, absent, "sekretær" if kind == "secretary" else None)
                    if kind == "absent":
                        absent_people.append(person)
                        continue
                    if person.name in people:
                        people[person.name].absent = people[person.name].absent or absent
                    else:
                        people[person.name] = person
        by_first_name: dict[str, list[Attendee]] = {}  # built once: linear in the attendees
        for person in people.values():
            by_first_name.setdefault(person.name.split()[0], []).append(person)
        for person in absent_people:
            name = person.name
            match = _known_person(name, people, by_first_name)
            if match is not None:
                match.absent = True
                match.party = match.party or person.party
            else:
                people[name] = Attendee(name=name, absent=True, party=person.party)
                by_first_name.setdefault(name.split()[0], []).append(people[name])
        h.attendees = list(people.values())


def _attendee(entry: str, absent: bool, role: str | None) -> Attendee:
    m = rules.ATTENDEE.match(entry)
    if m is None:
        return Attendee(name=entry, absent=absent, role=role)
    found_role = m["role"].lower() if m["role"] else role
    return Attendee(name=m["name"].strip(), absent=absent, party=m["party"], role=found_role)


def _known_person(
    name: str, people: dict[str, Attendee], by_first_name: dict[str, list[Attendee]]
) -> Attendee | None:
    """The attendee an absence names: the full name, or a first name only one attendee has."""
    if name in people:
        return people[name]
    first = by_first_name.get(name, [])
    return first[0] if len(first) == 1 else None


def split_names(text: str) -> list[str]:
    return [n.strip() for n in rules.ATTENDEE_SPLIT.split(text) if n.strip()]


def join_title(parts: list[str], vocabulary: Container[str] = frozenset()) -> str:
    """Join a wrapped title: ``plan-`` + ``lægningen`` -> ``planlægningen``, ``2025-`` + ``2026``
    -> ``2025-2026``, ``Børne-`` + ``og`` -> ``Børne- og``; a hyphen the document writes
    elsewhere stays (``skal-opgaver`` where the table of contents has it on one line)."""
    joined = Joined(vocabulary=vocabulary)
    for part in parts:
        joined.add(part if joined.pieces else part.strip())
    return joined.text()


__all__ = ["PARAGRAPH_GAP", "Header", "Preamble", "join_title", "split_names"]


def find_municipality(lines: Sequence[Line], metadata: dict[str, str]) -> str | None:
    """Whose meeting it is: a running header or footer (a line at the top or bottom of two or
    more pages), a line of the title page or header block, then the PDF metadata; the first
    match of :data:`referat.structure.rules.MUNICIPALITY_LINES`.  Runs on the lines as read, before
    the clean stage removes page furniture.  None when the document does not say."""
    pages: dict[int, list[Line]] = {}
    for line in lines:
        if line.text.strip():
            pages.setdefault(line.page, []).append(line)
    edge = rules.MUNICIPALITY_FURNITURE_LINES
    furniture: dict[str, int] = {}
    for page_lines in pages.values():
        for text in {ln.text.strip() for ln in [*page_lines[:edge], *page_lines[-edge:]]}:
            furniture[text] = furniture.get(text, 0) + 1
    repeated = [text for text, count in furniture.items() if count >= 2]
    first = [ln.text.strip() for ln in pages.get(min(pages, default=1), [])]
    for text in [*repeated, *first[: rules.MUNICIPALITY_TITLE_LINES]]:
        for pattern in rules.MUNICIPALITY_LINES:
            match = pattern.match(text)
            if match:
                return town_name(match.group("name"))
    for key in rules.METADATA_KEYS:
        match = rules.MUNICIPALITY_METADATA.search(metadata.get(key, ""))
        if match:
            return town_name(match.group("name"))
    return None


def town_name(name: str) -> str:
    """A municipality as stored: the town's name, without ``Kommune``, in title case when it
    was written in one case (``HØJE-TAASTRUP KOMMUNE``, ``greve`` -> ``Høje-Taastrup``,
    ``Greve``); a name in mixed case is kept as written."""
    words = name.split()
    if len(words) > 1 and words[-1].casefold() == "kommune":
        words = words[:-1]
    name = " ".join(words)
    return name.title() if name.isupper() or name.islower() else name
