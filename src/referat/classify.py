"""The one recogniser: every line gets its role from one ordered table of rules.

Roles are decided line by line, before any prose is joined, so a heading, a case number or an
item head set tight against the text around it stays apart.  The table (:data:`RULES`) is read
top to bottom for each line and the first rule that claims the line wins; what no rule claims is
``prose``.  Rules see the line's text and style, the zone the document is in (the preamble, the
table of contents, the items), the lines around it and the agenda system's profile.

Roles and what they carry (``Role.data``):

==============  ===========================================================================
``header``      the meeting's header line (``REFERAT Direktionen d. 16-01-2023``, ``Referat``)
``field``       a header field: ``label``, ``value`` (``Mødedato``, ``Tilstede`` ...)
``toc_start``   ``Indholdsfortegnelse``
``toc_entry``   ``title``, ``page`` (``None`` for a wrapped entry's first line)
``part``        ``Åbent referat`` / ``Lukket referat``: ``closed``
``item``        an item head: ``number``, ``title``
``subitem``     ``label``, ``title``
``title``       a wrapped item or sub-item title's next line
``case``        the item's case number: ``value``
``item_field``  ``label``, ``value`` (``Dok.nr.: ...``)
``heading``     a section heading: ``kind``, ``heading``, ``body``/``date`` for decisions,
                ``rest`` (text on the same line), ``unknown`` for a heading known by style only
``history``     an earlier decision in a Sagsforløb block (``Udvalg: …`` over ``Dato: …``):
                as ``heading``; its ``Dato:`` / ``Punktnummer:`` lines are ``history_field``
``absent``      who did not take part in the item: ``names`` (may continue on ``names`` lines)
``names``       more names of the line above
``bullet``      a list item (``- text``)
``row``         a table row (the line's ``cells``)
``prose``       anything else
==============  ===========================================================================
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import rules
from .lines import PARAGRAPH_GAP, Line
from .profiles import Head, Profile
from .recognise import (
    HEADING_MAX,
    SENTENCE_END,
    SENTENCE_END_FULL,
    Data,
    case_key,
    case_number,
    inline_heading,
    is_heading_style,
    looks_like_case_number,
    looks_like_heading,
    section_heading,
)

__all__ = [
    "Classifier", "Role", "case_key", "case_number", "classify", "looks_like_case_number",
    "section_heading",
]  # fmt: skip


@dataclass(slots=True)
class Role:
    role: str
    line: Line
    data: Data = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.line.text


# ---------------------------------------------------------------------------------------------
# The classifier


@dataclass
class _State:
    zone: str = "preamble"  # preamble, toc, items
    header_seen: bool = False
    in_item: bool = False
    item_has_heading: bool = False  # a section heading since the item (or sub-item) began
    item_has_case: bool = False
    has_subitems: bool = False
    title_style: Line | None = None  # the head line a wrapped title continues
    item_start: int = 0  # index of the current item's head
    previous: Role | None = None


Rule = Callable[["Classifier", int, Line], Data | None]


class Classifier:
    """Classify a document's lines (see the module docstring).  ``body_size`` is the font size
    of the body text (None for a text file)."""

    def __init__(self, lines: list[Line], profile: Profile, body_size: float | None) -> None:
        self.lines = lines
        self.profile = profile
        self.body = body_size
        self.styled = body_size is not None
        self.state = _State()
        self._knows: dict[int, bool] = {}
        self.pages = max((line.page for line in lines), default=1)
        self.headings_styled = self.styled and _mostly_styled(lines, profile, body_size, False)
        self.decisions_styled = self.styled and _mostly_styled(lines, profile, body_size, True)
        self.items_styled = self.styled and self._items_mostly_styled()

    # --- helpers used by rules ----------------------------------------------------------------
    def _items_mostly_styled(self) -> bool:
        """Are at least half the lines that read as item heads set as headings?  Then one in
        body type is text (a decision's "Pkt. 1: Godkendt.")."""
        styled = plain = 0
        for line in self.lines:
            heads = [h for h in self.profile.items if h.pattern.match(line.text)]
            if not heads:
                continue
            if is_heading_style(line, self.body):
                styled += 1
            elif any(h.needs == "always" for h in heads):
                plain += 1
        return styled > 0 and styled >= plain

    def item_knows_headings(self, i: int) -> bool:
        """Does the vocabulary know a (non-decision) heading of the item line ``i`` is in?  Then
        style alone makes no section: a bold line there is a sub-heading of the text."""
        start = self.state.item_start
        if start not in self._knows:
            found = False
            for j in range(start + 1, len(self.lines)):
                line = self.lines[j]
                if self.head_match(self.profile.items, j, line):
                    break
                known = section_heading(line.text, self.profile) or inline_heading(
                    line.text, self.profile
                )
                if known is not None and known["kind"] != "beslutning":
                    found = True  # a decision heading alone says little of the item's layout
                    break
            self._knows[start] = found
        return self._knows[start]

    def next_line(self, i: int) -> Line | None:
        return self.lines[i + 1] if i + 1 < len(self.lines) else None

    def head_match(self, heads: tuple[Head, ...], i: int, line: Line) -> re.Match[str] | None:
        for head in heads:
            m = head.pattern.match(line.text)
            if m is None:
                continue
            if head.needs == "always" or self._set_as_heading(i, line):
                return m
        return None

    def _set_as_heading(self, i: int, line: Line) -> bool:
        """A numbered line is an item head when it is set as a heading or a case number
        follows it; in a list of such lines (a numbered list) only style can tell."""
        if self.styled:
            return is_heading_style(line, self.body) and len(line.text) <= 2 * HEADING_MAX
        after = self.next_line(i)
        return after is not None and case_number(after.text) is not None

    def runs_on(self, i: int, line: Line) -> bool:
        """Does ``line`` continue the sentence of the line above (no gap, no full stop, not
        short)?  Then it is prose, whatever it starts with."""
        if i == 0 or line.gap >= PARAGRAPH_GAP:
            return False
        above = self.lines[i - 1]
        if above.page != line.page or above.cells is not None or above.text.startswith("- "):
            return False
        if self.styled and (above.short or above.bold != line.bold or above.size != line.size):
            return False
        return not SENTENCE_END_FULL.search(above.text) and (
            above.text[-1:].isalnum() or above.text[-1:] in ",-–"
        )

    def _ends_toc_page(self, text: str) -> re.Match[str] | None:
        m = rules.TOC_ENTRY.match(text)
        if m is None and "\t" not in text:
            m = rules.TOC_ENTRY_PLAIN.match(text)
            # Without leaders the page number must be one of the document's ("… Byrådet 2024").
            if m is not None and int(m["page"]) > self.pages:
                return None
        return m

    # --- the run ----------------------------------------------------------------------------
    def run(self) -> list[Role]:
        roles: list[Role] = []
        for i, line in enumerate(self.lines):
            role = self.classify(i, line)
            if role.role == "item":
                self.state.item_start = i
            roles.append(role)
            self.state.previous = role
        return roles

    def classify(self, i: int, line: Line) -> Role:
        for name, zones, rule in RULES:
            if self.state.zone not in zones:
                continue
            data = rule(self, i, line)
            if data is not None:
                role = Role(name, line, data)
                self._advance(role)
                return role
        role = Role("prose", line)
        self._advance(role)
        return role

    def _advance(self, role: Role) -> None:
        s = self.state
        if role.role in ("item", "subitem"):
            s.zone, s.in_item = "items", True
            s.item_has_heading = False
            s.title_style = role.line
            if role.role == "item":
                s.item_has_case, s.has_subitems = False, False
            else:
                s.has_subitems = True
        elif role.role == "title":
            s.title_style = role.line
        else:
            s.title_style = None
        if role.role == "heading":
            s.item_has_heading = True
        elif role.role == "case":
            s.item_has_case = True
        elif role.role == "toc_start":
            s.zone = "toc"
        elif role.role == "header":
            s.header_seen = True
        elif s.zone == "toc" and role.role not in ("toc_entry", "part"):
            s.zone = "preamble"


# --- rules: (text, style, context) -> data or None ----------------------------------------------


def _item(c: Classifier, i: int, line: Line) -> Data | None:
    if c.state.zone == "toc" and c._ends_toc_page(line.text):
        return None
    if c.runs_on(i, line):
        return None  # "... og af Byrådet den 19. juni 2023," / "punkt 24." is a sentence
    m = c.head_match(c.profile.items, i, line)
    if m is None:
        return None
    if c.items_styled and not is_heading_style(line, c.body):
        return None  # "Pkt. 2: Godkendt." in a decision, where the items are set as headings
    return {"number": m["number"], "title": m["title"].strip()}


def _subitem(c: Classifier, i: int, line: Line) -> Data | None:
    s = c.state
    # Sub-items come before an item's own headings, or follow other sub-items.
    if not s.in_item or (s.item_has_heading and not s.has_subitems):
        return None
    m = c.head_match(c.profile.subitems, i, line)
    if m is None:
        return None
    # Unless set as a heading, a sub-item title is a short line, not a sentence's lettered point.
    plain = not c.styled or not is_heading_style(line, c.body)
    if plain and (len(line.text) > HEADING_MAX or line.text.endswith((".", ",", ";"))):
        return None
    return {"label": m["label"].rstrip(".)"), "title": m["title"].strip()}


def _title(c: Classifier, i: int, line: Line) -> Data | None:
    """The next line of a wrapped item title: set like the head, no gap, not structure."""
    head = c.state.title_style
    if head is None or line.gap >= PARAGRAPH_GAP:
        return None
    if c.styled:
        # Set like a head that ran to the margin: the title goes on, whatever its words
        # ("… samt øget" / "borgerinddragelse" is no heading).
        same = line.bold == head.bold and line.size == head.size and head.bold
        if same and not head.short and case_number(line.text) is None:
            return {}
        if _is_structure(c, line):
            return None
        hanging = line.indent > head.indent + 1 and line.size == head.size and not head.short
        lower = line.text[:1].islower() and line.size == head.size
        return {} if same or hanging or lower else None
    return None if _is_structure(c, line) else {}


def _is_structure(c: Classifier, line: Line) -> bool:
    text = line.text
    return bool(
        case_number(text)
        or section_heading(text, c.profile)
        or inline_heading(text, c.profile)
        or rules.ITEM_ABSENT.match(text)
        or rules.ITEM_NOT_TAKING_PART.match(text)
        or rules.ITEM_FIELD.match(text)
        or text.startswith("- ")
        or line.cells is not None
    )


def _title_after_gap(c: Classifier, i: int, line: Line) -> Data | None:
    """Text files: a title's lower-case continuation after a blank line (old layouts)."""
    prev = c.state.previous
    if c.styled or prev is None or prev.role not in ("item", "title"):
        return None
    if line.text[:1].islower() and not _is_structure(c, line):
        return {}
    return None


def _part(c: Classifier, i: int, line: Line) -> Data | None:
    m = rules.PART.match(line.text)
    if m is None:
        return None
    return {"closed": "1" if m["part"].lower().startswith("luk") else ""}


def _case(c: Classifier, i: int, line: Line) -> Data | None:
    s = c.state
    if not s.in_item or s.item_has_heading or s.item_has_case:
        return None
    value = case_number(line.text)
    return {"value": value} if value else None


def _item_field(c: Classifier, i: int, line: Line) -> Data | None:
    if not c.state.in_item or c.state.item_has_heading:
        return None
    m = rules.ITEM_FIELD.match(line.text)
    return {"label": m["label"], "value": m["value"].strip()} if m else None


def _history(c: Classifier, i: int, line: Line) -> Data | None:
    """``Udvalg: Magistraten`` over ``Dato: 02-09-2025``: an earlier decision on the case."""
    m = rules.HISTORY_BODY.match(line.text)
    after = c.next_line(i)
    if m is None or after is None or not (d := rules.HISTORY_DATE.match(after.text)):
        return None
    return {
        "kind": "beslutning",
        "heading": line.text,
        "body": m["body"].strip(),
        "date": d["date"],
    }


def _history_field(c: Classifier, i: int, line: Line) -> Data | None:
    prev = c.state.previous
    if prev is None or prev.role not in ("history", "history_field"):
        return None
    return {} if rules.HISTORY_FIELD.match(line.text) else None


def _heading(c: Classifier, i: int, line: Line) -> Data | None:
    if c.styled and line.size is not None and c.body is not None and line.size < c.body - 1.0:
        return None  # small print (a footnote) is not a heading
    if c.runs_on(i, line):
        return None  # a sentence that wraps onto a line starting "Beslutning …"
    found = section_heading(line.text, c.profile)
    # Where the document sets its headings apart, a heading word in body type is text (a label
    # inside a section: "Indstilling" above one of several proposals; an earlier body's
    # "Beslutning i … den …:" quoted in a supplementary presentation).  Decision headings naming
    # a body are judged apart: some systems set only those in body type.
    styled_kind = found is not None and (
        c.decisions_styled if "body" in found else c.headings_styled
    )
    if styled_kind and not is_heading_style(line, c.body):
        return None
    return found or inline_heading(line.text, c.profile)


def _mostly_styled(
    lines: list[Line], profile: Profile, body: float | None, decisions: bool
) -> bool:
    """Are most of the document's vocabulary headings set as headings (bold or larger)?  Its
    decision headings (``decisions``) or those naming no deciding body."""
    styled = plain = 0
    for line in lines:
        found = section_heading(line.text, profile)
        if found is None:
            continue
        if found["kind"] == "beslutning" if decisions else "body" not in found:
            if is_heading_style(line, body):
                styled += 1
            else:
                plain += 1
    return styled > 2 * plain


def _absent(c: Classifier, i: int, line: Line) -> Data | None:
    m = rules.ITEM_NOT_TAKING_PART.match(line.text)
    if m is not None:
        return {"names": m["names"].strip()}
    m = rules.ITEM_ABSENT.match(line.text)
    if m is None:
        return None
    # "Afbud ..." counts only at the item's end: the next line ends the item.
    after = c.next_line(i)
    if after is None or _ends_item(c, i + 1, after):
        return {"names": m["names"].strip()}
    return None


def _ends_item(c: Classifier, i: int, line: Line) -> bool:
    return bool(
        c.head_match(c.profile.items, i, line)
        or rules.PART.match(line.text)
        or rules.ITEM_ABSENT.match(line.text)
    )


def _names(c: Classifier, i: int, line: Line) -> Data | None:
    prev = c.state.previous
    if prev is None or prev.role not in ("absent", "names") or line.gap >= PARAGRAPH_GAP:
        return None
    if len(line.text) > HEADING_MAX or SENTENCE_END.search(line.text.rstrip(",")):
        return None
    return {"names": line.text}


def _bullet(c: Classifier, i: int, line: Line) -> Data | None:
    return {} if line.text.startswith("- ") else None


def _row(c: Classifier, i: int, line: Line) -> Data | None:
    return {} if line.cells is not None else None


def _styled_heading(c: Classifier, i: int, line: Line) -> Data | None:
    """A heading known by its style only: a short bold line over text that is not bold."""
    if not c.styled or not c.state.in_item or not line.bold or c.item_knows_headings(i):
        return None
    if not looks_like_heading(line.text.rstrip(":")):
        return None
    after = c.next_line(i)
    if after is None or after.bold:
        return None
    return {"kind": "other", "heading": line.text, "unknown": "1"}


def _text_heading(c: Classifier, i: int, line: Line) -> Data | None:
    """Text files: an item's first line after its case number, heading-like, blank after it."""
    s = c.state
    if c.styled or not s.in_item or s.item_has_heading:
        return None
    prev = s.previous
    if prev is None or prev.role not in ("case", "item", "title", "item_field"):
        return None
    after = c.next_line(i)
    if after is None or after.gap < PARAGRAPH_GAP or not rules.HEADING_LIKE.match(line.text):
        return None
    return {"kind": "other", "heading": line.text, "unknown": "1"}


# Preamble rules.


def _toc_start(c: Classifier, i: int, line: Line) -> Data | None:
    return {} if rules.TOC_START.match(line.text) else None


def _toc_entry(c: Classifier, i: int, line: Line) -> Data | None:
    text = line.text
    m = c._ends_toc_page(text) if c.state.zone == "toc" else rules.TOC_ENTRY.match(text)
    if m is not None:
        return {"title": m["title"].strip(), "page": m["page"]}
    if c.state.zone != "toc":
        return None
    # A wrapped entry's line: the page number is on a later line (up to three lines on).
    for after in c.lines[i + 1 : i + 4]:
        if after.gap >= PARAGRAPH_GAP:
            return None
        if c._ends_toc_page(after.text):
            return {"title": text, "page": ""}
    return None


def _header(c: Classifier, i: int, line: Line) -> Data | None:
    if c.state.header_seen:
        return None
    m = rules.HEADER.match(line.text)
    if m is None:
        return None
    return {"kind": m["kind"], "rest": m["rest"]}


def _field(c: Classifier, i: int, line: Line) -> Data | None:
    m = rules.FIELD.match(line.text)
    return {"label": m["label"], "value": m["value"].strip()} if m else None


PRE = ("preamble",)
TOC = ("toc",)
BEFORE = ("preamble", "toc")
ITEMS = ("items",)
ALL = ("preamble", "toc", "items")

# The table: (role, zones where the rule applies, rule).  Order matters: first match wins.
RULES: tuple[tuple[str, tuple[str, ...], Rule], ...] = (
    ("item", ALL, _item),
    ("title", ITEMS, _title),
    ("title", ITEMS, _title_after_gap),
    ("toc_start", BEFORE, _toc_start),
    ("part", ALL, _part),
    ("toc_entry", BEFORE, _toc_entry),
    ("header", PRE, _header),
    ("field", PRE, _field),
    ("subitem", ITEMS, _subitem),
    ("case", ITEMS, _case),
    ("item_field", ITEMS, _item_field),
    ("absent", ITEMS, _absent),
    ("names", ITEMS, _names),
    ("history", ITEMS, _history),
    ("history_field", ITEMS, _history_field),
    ("heading", ITEMS, _heading),
    ("bullet", ITEMS, _bullet),
    ("row", ITEMS, _row),
    ("heading", ITEMS, _styled_heading),
    ("heading", ITEMS, _text_heading),
)


def classify(lines: list[Line], profile: Profile, body_size: float | None) -> list[Role]:
    return Classifier(lines, profile, body_size).run()
