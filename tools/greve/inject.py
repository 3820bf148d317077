"""What a style adds to a meeting's text before it is printed, so facts and print agree.

A style may answer a decision point by point (``Punkt 1. …``, ``Ad 2. …``, ``pkt. 3a: …``,
``1.-2. …``), set a bold numbered list inside a Sagsbeskrivelse (``1. Fælles indkøb af udstyr``),
print the web page's empty ``Fremstilling`` heading over the presentation, and put the decision
first.  :func:`styled_meeting` returns a changed copy of the meeting; the facts of a styled print
are the facts of that copy (``greve.facts.meeting_facts``), so the injected lines are text of
their item (its decision's first words, its words), never items of their own.

Which items get an injection is drawn per item from the variant's name, so a print is the same on
every run.  The injected wording is the generator's own (below), not the corpus's.
"""

from __future__ import annotations

import copy
import random

from .facts import EMPTY_HEADING, is_absence_line
from .source import Block, Item, Meeting, Section
from .styles import Style

SHARE = 0.4  # of the items with a decision (or a Sagsbeskrivelse) that get an injection

# Made-up wording: what the points and list lines say.
OUTCOMES = ("Anbefales.", "Godkendt.", "Taget til efterretning.", "Anbefales med bemærkning.")
LIST_LINES = (
    "Fælles indkøb af udstyr", "Bedre overblik over sagerne", "Kortere ventetider",
    "Styrket samarbejde på tværs", "Klare aftaler med foreningerne", "Mere digital selvbetjening",
    "Opfølgning hvert halve år",
)  # fmt: skip
LIST_TEXT = "Indsatsen er beskrevet nærmere i bilaget."
PARTIES = "ABCFIOVØ"


def styled_meeting(meeting: Meeting, style: Style, seed: str) -> Meeting:
    """A copy of ``meeting`` with what ``style`` adds to its text and order."""
    out = copy.deepcopy(meeting)
    for item in out.items:
        rng = random.Random(f"{seed}/{item.number}")
        if style.points != "none" and item.decisions and rng.random() < SHARE:
            _points(item, style.points, rng)
        if style.numbered_lists and rng.random() < SHARE:
            _numbered_list(item, rng)
        if style.fremstilling:
            _fremstilling(item)
        if style.decision_first:
            decided = [s for s in item.sections if s.decision]
            item.sections = decided + [s for s in item.sections if not s.decision]
    return out


def party_of(name: str) -> str:
    """A made-up party letter for a name (stable): the JSON names no parties."""
    return PARTIES[sum(map(ord, name)) % len(PARTIES)]


def _absence_tail(blocks: list[Block]) -> list[Block]:
    return blocks[-1:] if blocks and is_absence_line(blocks[-1]) else []


def _points(item: Item, form: str, rng: random.Random) -> None:
    decision = item.decisions[0]
    tail = _absence_tail(decision.blocks)
    said = decision.blocks[: len(decision.blocks) - len(tail)]
    count = rng.randint(2, 4)
    labels = [str(n) for n in range(1, count + 1)]
    if rng.random() < 0.5:
        labels[-1] = f"{count - 1}a"  # a sub-point: 3a
    outcomes = [rng.choice(OUTCOMES) for _ in labels]

    def line(label: str) -> str:
        if form == "punkt":
            return f"Punkt {label}."
        if form == "ad":
            return f"Ad {label}."
        if form == "pkt":
            return f"pkt. {label}:"
        return f"{label}."

    lines: list[Block] = []
    if form == "range" and count > 2:
        first = f"1.-{count - 1}."
        lines.append(Block("para", f"{first} {outcomes[0]}"))
        lines.append(Block("para", f"{labels[-1]}. {outcomes[-1]}"))
    else:
        pairs = zip(labels, outcomes, strict=True)
        lines = [Block("para", f"{line(label)} {outcome}") for label, outcome in pairs]
    if said and said[0].kind == "para":
        said = [Block("para", f"{lines[0].text} {said[0].text}"), *lines[1:], *said[1:]]
    else:
        said = [*lines, *said]
    decision.blocks = [*said, *tail]


def _numbered_list(item: Item, rng: random.Random) -> None:
    section = next((s for s in item.sections if s.heading == "Sagsbeskrivelse"), None)
    if section is None:
        return
    count = rng.randint(3, 6)
    start = rng.randrange(len(LIST_LINES))
    lines = [LIST_LINES[(start + n) % len(LIST_LINES)] for n in range(count)]
    blocks: list[Block] = []
    for n, text in enumerate(lines, start=1):
        blocks.append(Block("numbered", f"{n}. {text}"))
        blocks.append(Block("para", LIST_TEXT))
    at = min(1, len(section.blocks))
    section.blocks[at:at] = blocks


def _fremstilling(item: Item) -> None:
    """The presentation's tab label, where the item's HTML has one, printed as a heading (as
    FirstAgenda prints it): over the presentation's untitled text, else with nothing under it."""
    if not item.wrapped:
        return
    presentation = [i for i, s in enumerate(item.sections) if not s.decision]
    if presentation and item.sections[presentation[0]].heading is None:
        item.sections[presentation[0]].heading = EMPTY_HEADING
        return
    decided = [i for i, s in enumerate(item.sections) if s.decision]
    at = presentation[0] if presentation else (decided[0] if decided else len(item.sections))
    item.sections.insert(at, Section(EMPTY_HEADING, []))
