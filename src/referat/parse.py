"""Parse stage: clean lines -> Meeting + warnings.

The document is read in two phases: the preamble (header, header fields, table of contents) and
the items (``Punkt N``), each split into sections by the heading vocabulary in :mod:`rules`.
Every non-blank line ends up somewhere in the model; see ``tests/test_lossless.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import clean, rules
from .clean import TEXT_CLEANERS, clean_lines, is_blank
from .danish import LOOKS_LIKE_DATE, DateError, find_date
from .errors import NotMinutesError, ParseWarning, StrictError
from .models import Item, Meeting, Section, Source, TocEntry, meeting_id
from .parse_header import Line, Preamble, join_wrapped, split_names
from .read import PAGE_BREAK, Document, read_file, split_lines


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


def parse_file(path: str | Path, *, pdf_engine: str | None = None) -> Parsed:
    """Read, clean and parse a text or PDF file."""
    return parse_document(read_file(path, pdf_engine=pdf_engine))


def parse_text(text: str, *, path: str = "<text>") -> Parsed:
    """Parse minutes given as a string."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return parse_document(Document(path, digest, "text", split_lines(text)))


def parse_document(doc: Document) -> Parsed:
    """Clean and parse what the read stage produced."""
    cleaners = TEXT_CLEANERS
    if doc.format == "pdf":
        cleaners = getattr(clean, "PDF_CLEANERS", TEXT_CLEANERS)
    lines = clean_lines(list(doc.lines), cleaners)
    source = Source(path=doc.path, sha256=doc.sha256, format=doc.format, pages=doc.pages)
    return _Parser(lines, source).parse()


class _Parser:
    def __init__(self, lines: list[str], source: Source) -> None:
        self.source = source
        self.warnings: list[ParseWarning] = []
        self.lines: list[Line] = []
        page = 1
        for number, text in enumerate(lines, start=1):
            if text == PAGE_BREAK:
                page += 1
            self.lines.append(Line(text, number, page))

    def warn(self, code: str, message: str, line: int | None = None) -> None:
        self.warnings.append(ParseWarning(code, message, line, self.source.path))

    # --- the whole document ----------------------------------------------------------------
    def parse(self) -> Parsed:
        starts = [i for i, ln in enumerate(self.lines) if rules.ITEM_START.match(ln.text)]
        preamble = self.lines[: starts[0]] if starts else self.lines
        header = Preamble(self.warn).parse(preamble)
        if header.kind is None and not starts:
            raise NotMinutesError(
                f"{self.source.path}: no minutes structure found "
                "(no REFERAT/DAGSORDEN header and no 'Punkt N:' items)"
            )
        items = [
            self.parse_item(self.lines[a:b])
            for a, b in zip(starts, [*starts[1:], len(self.lines)], strict=False)
        ]
        date = header.date or header.field_date
        if date is None:
            raise NotMinutesError(f"{self.source.path}: no meeting date found in the header")
        if header.kind is None:
            self.warn("missing_header", "no REFERAT/DAGSORDEN header line; assuming referat", 1)
        kind = header.kind or "referat"
        body = header.body or header.field_body or "Ukendt"
        self.check_items(items, header.toc)
        meeting = Meeting(
            id=meeting_id(kind, body, date),
            kind=kind,
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
            source=self.source,
            items=items,
        )
        return Parsed(meeting, self.warnings)

    def check_items(self, items: list[Item], toc: list[tuple[str, int | None, int]]) -> None:
        if not items:
            self.warn("no_items", "no agenda items ('Punkt N: ...') found; only the header is kept")
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
                          if _toc_fits(toc[i][0], item.title)), None)  # fmt: skip
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
    def parse_item(self, block: list[Line]) -> Item:
        first = block[0]
        start = rules.ITEM_START.match(first.text)
        assert start is not None
        title_parts = [start["title"].strip()]
        rest = block[1:]
        # A wrapped title: lines straight after the Punkt line, or a lower-case continuation.
        while rest and not is_blank(rest[0].text) and not self._is_structural(rest[0].text):
            title_parts.append(rest.pop(0).text.strip())
        body_lines = _drop_blanks(rest)
        if (
            body_lines
            and body_lines[0].text[:1].islower()
            and not self._is_structural(body_lines[0].text)
        ):
            title_parts.append(body_lines.pop(0).text.strip())
        title = join_wrapped(title_parts)
        closed = False
        for pattern in (rules.CLOSED_PREFIX, rules.CLOSED_SUFFIX):
            if pattern.search(title):
                closed, title = True, pattern.sub("", title).strip()
        number = int(start["number"])
        if not title:
            self.warn("empty_title", f"item {number} has no title", first.number)

        case_number = None
        body_lines = _drop_blanks(body_lines)
        if body_lines and (found := _case_number(body_lines[0].text)):
            case_number = found
            body_lines = body_lines[1:]
        else:
            self.warn("missing_case_number", f"item {number} has no case number", first.number)

        absent: list[str] = []
        body_lines = _strip_trailing_blanks(body_lines)
        while body_lines and (m := rules.ITEM_ABSENT.match(body_lines[-1].text.strip())):
            absent = split_names(m["names"]) + absent
            body_lines = _strip_trailing_blanks(body_lines[:-1])

        sections = self.parse_sections(_drop_blanks(body_lines), number)
        attachments = [
            line.removeprefix("- ").strip()
            for s in sections
            if s.kind == "bilag"
            for line in s.text.split("\n")
            if line.strip()
        ]
        page = first.page if self.source.format == "pdf" else None
        return Item(
            number=number,
            title=title,
            case_number=case_number,
            page=page,
            closed=closed,
            absent=absent,
            sections=sections,
            attachments=attachments,
        )

    def _is_structural(self, text: str) -> bool:
        stripped = text.strip()
        return bool(
            _case_number(stripped)
            or _heading(stripped)
            or rules.ITEM_ABSENT.match(stripped)
            or stripped.startswith("- ")
        )

    def parse_sections(self, lines: list[Line], number: int) -> list[Section]:
        sections: list[Section] = []
        heading: tuple[str, str, str | None, dt.date | None] | None = None
        buffer: list[Line] = []

        def flush() -> None:
            if heading is None and not any(not is_blank(ln.text) for ln in buffer):
                return
            kind, text_heading, body, date = heading or ("other", None, None, None)
            text = _section_text([ln.text for ln in buffer])
            sections.append(
                Section(kind=kind, heading=text_heading, text=text, body=body, date=date)
            )

        for position, line in enumerate(lines):
            stripped = line.text.strip()
            found = _heading(stripped) if not is_blank(line.text) else None
            if found is None and heading is None and position == 0 and _unknown_heading(lines):
                found = ("other", stripped, None, None)
                self.warn("unknown_heading", f"unknown section heading {stripped!r}", line.number)
            if found is None:
                buffer.append(line)
                continue
            flush()
            kind, _, body, date_text = found
            date = None
            if date_text:
                try:
                    date = find_date(date_text)
                except DateError as exc:
                    self.warn("bad_date", f"item {number}: {exc}", line.number)
            heading, buffer = (kind, stripped, body, date), []
        flush()
        if sections and sections[0].heading is None:
            self.warn(
                "text_before_heading",
                f"item {number} has text before its first section heading",
                lines[0].number if lines else None,
            )
        return sections


# --- helpers -------------------------------------------------------------------------------
def _heading(text: str) -> tuple[str, str, str | None, str | None] | None:
    """(kind, heading, body, date text) if ``text`` is a section heading, else None."""
    if len(text) > 120:
        return None
    key = text.rstrip(":").strip().lower()
    kind = rules.SECTION_HEADINGS.get(key)
    if kind is not None:
        return kind, text, None, None
    for pattern in rules.DECISION_HEADINGS:
        m = pattern.match(text)
        if not m:
            continue
        date_text = m.groupdict().get("date")
        if date_text and not LOOKS_LIKE_DATE.match(date_text):
            continue
        return "beslutning", text, m["body"].strip(), date_text
    return None


def _unknown_heading(lines: list[Line]) -> bool:
    """The first line of an item body looks like a heading we do not know."""
    if len(lines) < 2 or not rules.HEADING_LIKE.match(lines[0].text.strip()):
        return False
    return is_blank(lines[1].text)


def _case_number(text: str) -> str | None:
    value = rules.CASE_LABEL.sub("", text.strip()).strip()
    if rules.CASE_NUMBER_LINE.match(value):
        return value
    if value != text.strip() and value and len(value) < 40:  # labelled, unknown format
        return value
    return None


def _toc_fits(toc_title: str, item_title: str) -> bool:
    """A TOC title fits an item when one is a prefix of the other (TOC titles get cut off)."""
    a = re.sub(r"\W+", "", rules.TOC_NUMBER_PREFIX.sub("", toc_title).casefold())
    b = re.sub(r"\W+", "", item_title.casefold())
    return bool(a) and bool(b) and (b.startswith(a) or a.startswith(b))


def _drop_blanks(lines: list[Line]) -> list[Line]:
    i = 0
    while i < len(lines) and is_blank(lines[i].text):
        i += 1
    return lines[i:]


def _strip_trailing_blanks(lines: list[Line]) -> list[Line]:
    end = len(lines)
    while end and is_blank(lines[end - 1].text):
        end -= 1
    return lines[:end]


_SENTENCE_END = re.compile(r"[.!?:;)\"”']$")


def _section_text(lines: list[str]) -> str:
    """Lines -> paragraphs separated by one blank line.

    A paragraph broken mid-sentence by a stray blank line (``... at`` / ``der er behov``) is
    joined back into one.
    """
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if is_blank(line):
            if paragraphs[-1]:
                paragraphs.append([])
        else:
            paragraphs[-1].append(line.rstrip(" "))
    paragraphs = [p for p in paragraphs if p]
    merged: list[list[str]] = []
    for para in paragraphs:
        if merged and _continues(merged[-1][-1], para[0]):
            merged[-1][-1] = f"{merged[-1][-1]} {para[0]}"
            merged[-1].extend(para[1:])
        else:
            merged.append(para)
    return "\n\n".join("\n".join(p) for p in merged)


def _continues(previous: str, line: str) -> bool:
    if "\t" in previous or "\t" in line:
        return False
    return line[:1].islower() and not _SENTENCE_END.search(previous)
