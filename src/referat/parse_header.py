"""Parse stage, first part: the preamble before the first item.

The header line (``REFERAT Direktionen d. 16-01-2023``), header fields with wrapped values
(``Mødedeltagere …``), and the table of contents.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import rules
from .clean import is_blank
from .danish import LOOKS_LIKE_DATE, DateError, find_date, find_times
from .models import Attendee

Warn = Callable[[str, str, int | None], None]


@dataclass
class Line:
    text: str
    number: int  # 1-based line number in the cleaned document
    page: int  # 1-based page (always 1 for text)


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


class Preamble:
    """Header line, header fields (with wrapped values) and the table of contents."""

    def __init__(self, warn: Warn) -> None:
        self.warn = warn
        self.header = Header()

    def parse(self, lines: list[Line]) -> Header:
        h = self.header
        in_toc = False
        pending_toc: list[str] = []
        label: str | None = None  # the field whose value may continue on the next line
        previous_blank = True
        for line in lines:
            text = line.text.strip()
            if is_blank(line.text):
                previous_blank, label = True, None if label != "attendees-list" else label
                continue
            if h.kind is None and (m := rules.HEADER.match(text)) and not h.fields:
                self.header_line(text, m, line.number)
            elif rules.TOC_START.match(text):
                in_toc, label = True, None
            elif in_toc and (m := rules.TOC_ENTRY.match(text)):
                title = join_wrapped([*pending_toc, m["title"].strip()])
                h.toc.append((title, int(m["page"]), line.number))
                pending_toc = []
            elif in_toc and not (rules.FIELD.match(text) and not pending_toc):
                pending_toc.append(text)
            elif m := rules.FIELD.match(text):
                in_toc = False
                label = self.field(m["label"], m["value"].strip(), line.number)
            elif label is not None and (not previous_blank or label == "attendees-list"):
                self.continue_field(text, label)
            else:
                h.notes.append(text)
            previous_blank = False
        if pending_toc:
            h.notes.extend(pending_toc)
        self.finish()
        return h

    def header_line(self, text: str, m: re.Match[str], number: int) -> None:
        h = self.header
        h.kind = rules.MEETING_KINDS[m["kind"].lower()]
        h.title = text
        rest = m["rest"].strip()
        date_match = LOOKS_LIKE_DATE.search(rest)
        if date_match:
            try:
                h.date = find_date(rest[date_match.start() :])
            except DateError as exc:
                self.warn("bad_date", f"header: {exc}", number)
            rest = rest[: date_match.start()]
        rest = rules.HEADER_BODY_PREFIX.sub("", rules.HEADER_BODY_SUFFIX.sub("", rest.strip()))
        if re.search(r"(?:ets|ens)$", rest) and "møde" in m["rest"].lower():
            rest = rest[:-1]  # "Byrådets møde" -> "Byrådet"
        h.body = rest.strip() or None

    def field(self, label: str, value: str, number: int) -> str | None:
        h = self.header
        kind = rules.FIELD_LABELS[label.lower()]
        key = label.strip()
        h.fields[key] = f"{h.fields[key]}\n{value}" if key in h.fields else value
        if kind == "attendees":
            return "attendees" if value else "attendees-list"
        if kind == "absent":
            return "absent" if value else "absent-list"
        if kind in ("date", "time"):
            self.when(value, number)
        elif kind == "location":
            h.location = value or None
        elif kind == "body":
            h.field_body = value or None
        return key

    def continue_field(self, text: str, label: str) -> None:
        h = self.header
        key = next(reversed(h.fields))
        separator = "\n" if label.endswith("-list") else " "
        h.fields[key] = f"{h.fields[key]}{separator}{text}".strip()
        if label == "location":
            h.location = h.fields[key]

    def when(self, value: str, number: int) -> None:
        h = self.header
        try:
            date = find_date(value)
        except DateError as exc:
            self.warn("bad_date", f"header field: {exc}", number)
            date = None
        if date is not None:
            if h.date is not None and date != h.date:
                self.warn(
                    "date_mismatch",
                    f"meeting date {date.isoformat()} differs from the header's "
                    f"{h.date.isoformat()}; using the header",
                    number,
                )
            h.field_date = h.field_date or date
        times = find_times(value)
        if times:
            h.start = h.start or times[0]
            if len(times) > 1:
                h.end = h.end or times[1]

    def finish(self) -> None:
        h = self.header
        people: dict[str, Attendee] = {}
        for key, value in h.fields.items():
            kind = rules.FIELD_LABELS[key.lower()]
            if kind not in ("attendees", "absent"):
                continue
            for raw in re.split(r"\n", value):
                for name in split_names(raw):
                    absent = kind == "absent" or bool(rules.ABSENT_MARK.search(name))
                    name = rules.ABSENT_MARK.sub("", name).strip()
                    if not name:
                        continue
                    if name in people:
                        people[name].absent = people[name].absent or absent
                    else:
                        people[name] = Attendee(name=name, absent=absent)
        h.attendees = list(people.values())


def split_names(text: str) -> list[str]:
    return [n.strip() for n in rules.ATTENDEE_SPLIT.split(text) if n.strip()]


def join_wrapped(parts: list[str]) -> str:
    """Join a wrapped title: ``plan-`` + ``lægningen`` -> ``planlægningen``."""
    out = ""
    for part in parts:
        if out.endswith("-") and part[:1].islower() and not out.endswith(" -"):
            out = out[:-1] + part
        else:
            out = f"{out} {part}" if out else part
    return out
