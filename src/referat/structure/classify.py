"""The one recogniser: every line gets its role from one ordered table of rules.

Roles are decided line by line, before any prose is joined, so a heading, a case number or an
item head set tight against the text around it stays apart.  The table
(:data:`referat.structure.line_rules.RULES`) is read top to bottom for each line and the first rule
that
claims the line wins; what no rule claims is ``prose``.  Rules see the line's text and style, the
zone the document is in (the preamble, the table of contents, the items), the lines around it
and the agenda system's profile; that context is
:class:`~referat.structure.line_context.LineContext`.

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

from referat.read.lines import Line
from referat.structure import rules
from referat.structure.heads import choose
from referat.structure.line_context import LineContext, Role
from referat.structure.line_rules import RULES
from referat.structure.profiles import Profile
from referat.structure.recognise import (
    case_key,
    case_number,
    looks_like_case_number,
    section_heading,
)

__all__ = [
    "Classifier", "Role", "case_key", "case_number", "classify", "classify_document",
    "looks_like_case_number", "section_heading",
]  # fmt: skip


class Classifier(LineContext):
    """Classify a document's lines (see the module docstring): each line through
    :data:`~referat.structure.line_rules.RULES`, first claim wins, then the state advances."""

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
        if role.role in ("item", "subitem"):
            s.section, s.headings, s.in_history = None, set(), False
        elif role.role in ("heading", "history"):
            s.section = role.data.get("kind")
            name = role.data.get("heading", "").rstrip(":").strip().lower()
            s.headings.add(name)
            # A case's history runs until the next heading of the item's own.
            s.in_history = role.role == "history" or name in rules.HISTORY_HEADINGS
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


def _heads_sections(roles: list[Role], start: int) -> bool:
    """Does a section heading stand between ``start`` and the next item head?"""
    for role in roles[start:]:
        if role.role == "item":
            return False
        if role.role == "heading":
            return True
    return False


def classify(lines: list[Line], profile: Profile, body_size: float | None) -> list[Role]:
    return classify_document(lines, profile, body_size)[0]


def classify_document(
    lines: list[Line], profile: Profile, body_size: float | None
) -> tuple[list[Role], list[str]]:
    """Every line's role: a first pass line by line, then the document's choice of item heads
    (:mod:`referat.structure.heads`) and, where that differs, a second pass told the choice; and
    what the choice had to say (a table of contents that does not fit the body)."""
    roles = Classifier(lines, profile, body_size).run()
    names = [r.role for r in roles]
    data = [r.data for r in roles]
    case_after = [False] * len(roles)
    in_decision = [False] * len(roles)
    deciding = False
    for i, role in enumerate(roles):
        if role.role != "item":
            if role.role == "heading":
                deciding = role.data.get("kind") == "beslutning"
            continue
        j = i + 1
        while j < len(roles) and roles[j].role == "title":
            j += 1
        case_after[i] = j < len(roles) and roles[j].role == "case"
        # A point of a decision heads no sections; a head after a decision printed last does.
        in_decision[i], deciding = deciding and not _heads_sections(roles, j), False
    choice = choose(lines, names, data, profile, case_after, in_decision)
    if choice is None:
        return roles, []
    return Classifier(lines, profile, body_size, choice).run(), choice.notes
