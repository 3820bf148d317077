"""The classifier's context: what the rules of :mod:`referat.structure.line_rules` may ask.

A line's role is decided from its text and style, the zone the document is in (the preamble,
the table of contents, the items), the lines around it and the agenda system's profile, and
measures of the whole document (are its headings, decision headings, item heads set apart by
style?).  :class:`LineContext` keeps all of that; :mod:`referat.structure.classify` runs the
rules over it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from referat.read.lines import PARAGRAPH_GAP, Line
from referat.structure import rules
from referat.structure.heads import Choice
from referat.structure.profiles import Head, Profile
from referat.structure.recognise import (
    HEADING_MAX,
    SENTENCE_END_FULL,
    Data,
    case_number,
    inline_heading,
    is_heading_style,
    run_in_heading,
    section_heading,
)


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
    section: str | None = None  # the kind of the section being read (None: before any)
    headings: set[str] = field(default_factory=set)  # the item's headings so far, lower case
    in_history: bool = False  # under a case history (Sagens forløb, an earlier body's decision)


class LineContext:
    """What a rule may ask about a line besides its own text and style: the zone and state of
    the run so far, the lines around it, the profile and the document's style measures.
    ``body_size`` is the font size of the body text (None for a text file)."""

    def __init__(
        self,
        lines: list[Line],
        profile: Profile,
        body_size: float | None,
        choice: Choice | None = None,
    ) -> None:
        self.lines = lines
        self.choice = choice
        self.profile = profile
        self.body = body_size
        self.styled = body_size is not None
        self.state = _State()
        self._knows: dict[int, bool] = {}
        self.pages = max((line.page for line in lines), default=1)
        self.headings_styled = self.styled and _mostly_styled(lines, profile, body_size, False)
        self.decisions_styled = self.styled and _mostly_styled(lines, profile, body_size, True)
        self.items_styled = self.styled and self._items_mostly_styled()
        self.runs_in = _mostly_run_in(lines, profile)
        self.run_ins_bold = self.styled and self.runs_in and _run_ins_bold(lines, profile)

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
                if known is None:
                    known = self.run_in(line)
                if known is not None and known["kind"] != "beslutning":
                    found = True  # a decision heading alone says little of the item's layout
                    break
            self._knows[start] = found
        return self._knows[start]

    def run_in(self, line: Line) -> Data | None:
        """``Økonomi: Der er …`` as a run-in heading, where the document runs its headings in;
        where it sets their labels bold, only a bold label is one (a plain one is the
        author's own sentence inside a section)."""
        if not self.runs_in:
            return None
        found = run_in_heading(line.text, self.profile)
        if found is None or (self.run_ins_bold and not line.starts_bold(len(found["heading"]))):
            return None
        return found

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


RUN_IN_MIN = 3  # run-in headings a document needs before its headings count as run in


def _mostly_run_in(lines: list[Line], profile: Profile) -> bool:
    """Does the document run its vocabulary headings in (``Beslutning: Godkendt.``) rather than
    set them on lines of their own?  A choice for the whole document: where headings stand alone,
    a line that starts ``Økonomi: …`` is a sentence."""
    alone = run_in = 0
    for line in lines:
        if section_heading(line.text, profile) is not None:
            alone += 1
        elif ":" in line.text[:61] and run_in_heading(line.text, profile) is not None:
            run_in += 1
    return run_in >= RUN_IN_MIN and run_in > 2 * alone


def _run_ins_bold(lines: list[Line], profile: Profile) -> bool:
    """Does the document set its run-in labels bold (``Indstilling:`` bold, its text not)?  A
    choice for the whole document: then a plain ``Økonomi: …`` is a sentence of the text."""
    bold = plain = 0
    for line in lines:
        if ":" not in line.text[:61] or line.bold:
            continue
        found = run_in_heading(line.text, profile)
        if found is None:
            continue
        if line.starts_bold(len(found["heading"])):
            bold += 1
        else:
            plain += 1
    return bold >= RUN_IN_MIN and bold >= plain


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
