"""Item heads chosen for the whole document: candidates first, then one choice.

The line rules (:mod:`referat.structure.line_rules`) propose every line that could head an
item; this module decides which of them do, looking at the document as a whole:

* **One head form per document.**  The candidates are grouped by the form they are written in
  (``Punkt 3: Title``, ``3. Title``, ``3 Title``: the profile's :attr:`~Profile.items`, in
  order); one form is chosen, and a line of another form is text (a decision's ``Punkt 1.
  Anbefales``, a bold numbered list ``1. Fælles indkøb`` under items headed ``Punkt N:``).
* **The table of contents is the authority** when there is one: the chosen heads are those
  that fit its entries in order (title, and number where it gives one).  A head it does not list
  is kept only where the body is sure of it (a case number under it, its number in order), with
  a warning; an entry no head fits is a warning too (:mod:`referat.structure.parse` names both).
* **Numbers never run backwards.**  Without a table of contents the chosen heads are the
  heaviest run of non-decreasing numbers: a head weighs more when a case number stands under it,
  a step of one more than a jump, a repeated number less (a duplicate is kept, and warned about,
  only where it earns its place); of two runs as heavy the shorter wins (an item must earn its
  place; of two as heavy and as long, the one set larger: an item head is set at least as
  large as a list inside its item).  So a numbered list inside an item (``1.`` … ``6.`` after
  item 3) is text.
* **A table of contents of titles only** (``Punkt 1: Title`` lines under ``Indholdsfortegnelse``,
  no page numbers) is the run of head-like lines right under the heading, up to where the numbers
  start again: its lines are TOC entries, not items.

:func:`choose` returns what the classifier should be told (:class:`Choice`), or None when the
first pass stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from referat.read.lines import PARAGRAPH_GAP, Line
from referat.structure import rules
from referat.structure.profiles import Head, Profile

# Weights of a candidate head (see the module docstring); tuning knobs, named.
BASE = 1.0
CASE_AFTER = 1.0  # a case number under it
UNSURE = 0.3  # a head without one, where the document puts case numbers under its heads
NEXT_NUMBER = 0.5  # its number is one more than the head before
REPEATED = -1.0  # its number is the head before's number
IN_DECISION = -0.9  # it stands in a decision with no case number under it: a point decided
TOC_TRUST = 0.5  # at least this share of the TOC's entries must fit heads for it to decide


@dataclass(frozen=True, slots=True)
class Candidate:
    index: int  # line index
    form: int  # index of the head form in the profile's items
    number: int
    title: str
    case_after: bool
    in_decision: bool = False
    size: float = 0.0  # its type size (0 in a text file): of two runs as heavy and as long, the
    # one set larger wins (an item head is set at least as large as a list inside its item)


@dataclass
class Choice:
    """What the classifier is told: which lines head items, which are TOC entries."""

    heads: set[int]
    toc: dict[int, dict[str, str]] = field(default_factory=dict)  # line -> toc_entry data
    notes: list[str] = field(default_factory=list)  # what was decided, for a warning


@dataclass(frozen=True, slots=True)
class Entry:
    title: str
    number: int | None


def _number(text: str) -> int | None:
    m = re.match(r"^(?:(?:Punkt|Pkt\.?)\s*)?(\d{1,5})\b", text, re.IGNORECASE)
    return int(m.group(1)) if m else None


def form_of(heads: tuple[Head, ...], text: str) -> tuple[int, re.Match[str]] | None:
    for n, head in enumerate(heads):
        m = head.pattern.match(text)
        if m is not None:
            return n, m
    return None


def fits(toc_title: str, title: str) -> bool:
    """A TOC title fits an item title when one is a prefix of the other (TOC titles get cut
    off); a closed item's mark and the TOC's own numbering are not part of either."""
    return _keys_fit(_toc_key(toc_title), _title_key(title))


def _title_key(title: str) -> str:
    """An item title as :func:`fits` compares it: no closed mark, only its letters and digits."""
    title = rules.CLOSED_SUFFIX.sub("", rules.CLOSED_PREFIX.sub("", title))
    return _NOT_WORD.sub("", title.casefold())


def _toc_key(toc_title: str) -> str:
    return _title_key(rules.TOC_NUMBER_PREFIX.sub("", toc_title))


def _keys_fit(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (b.startswith(a) or a.startswith(b))


_NOT_WORD = re.compile(r"\W+")


# ---------------------------------------------------------------------------------------------
# The table of contents


def plain_toc(
    lines: list[Line], roles: list[str], heads: tuple[Head, ...]
) -> tuple[list[Entry], dict[int, dict[str, str]]]:
    """A table of contents of head-like lines without page numbers, right under its heading:
    the entries and the classifier's data for each of its lines.  Empty when there is none.
    (Lines the first pass read as entries are read again: a title ending in a number,
    ``… status 2``, looks like an entry with its page.)"""
    if "toc_start" not in roles:
        return [], {}
    start = roles.index("toc_start")
    entries: list[Entry] = []
    data: dict[int, dict[str, str]] = {}
    current: list[int] = []  # the lines of the entry being read
    last = -1
    for i in range(start + 1, len(lines)):
        line = lines[i]
        found = form_of(heads, line.text)
        if found is not None:
            number = int(found[1]["number"])
            if number <= last:
                break  # the numbers start again: the body's first item
            current = [i]
            last = number
            entries.append(Entry(line.text, number))
            data[i] = {"title": line.text, "page": "", "plain": "1"}
        elif current and line.gap < PARAGRAPH_GAP and len(line.text) <= 120:
            entries[-1] = Entry(f"{entries[-1].title} {line.text}", entries[-1].number)
            data[current[0]]["title"] = entries[-1].title
            data[i] = {"title": "", "page": "", "plain": "1", "more": "1"}
            current.append(i)
        else:
            break
    else:
        return [], {}
    return entries, data


def toc_entries(lines: list[Line], roles: list[str], data: list[dict[str, str]]) -> list[Entry]:
    """The TOC the first pass read (entries with page numbers, wrapped ones joined)."""
    entries: list[Entry] = []
    pending: list[str] = []
    for role, found in zip(roles, data, strict=True):
        if role != "toc_entry":
            continue
        if not found.get("page"):
            pending.append(found["title"])
            continue
        title = " ".join([*pending, found["title"]])
        pending = []
        entries.append(Entry(title, _number(title)))
    return entries


# ---------------------------------------------------------------------------------------------
# The choice


def _chain(cands: list[Candidate]) -> tuple[float, list[Candidate]]:
    """The heaviest run of non-decreasing numbers (ties: the shorter; then the one set larger)."""
    # (weight, -length, type size summed, previous index or -1)
    best: list[tuple[float, int, float, int]] = []
    # Where the document puts case numbers under its heads, one without is less sure of itself
    # (a numbered list "2. …", "3. …" that would go on from the item it stands in).
    cased = sum(c.case_after for c in cands) >= 2
    for j, c in enumerate(cands):
        if c.case_after:
            own = BASE + CASE_AFTER
        elif c.in_decision:  # (after a decision printed last, a head without a case number too)
            own = BASE + IN_DECISION
        else:
            own = UNSURE if cased else BASE
        top = (own, -1, c.size, -1)
        for k in range(j):
            p = cands[k]
            if p.number > c.number:
                continue
            step = NEXT_NUMBER if c.number == p.number + 1 else 0.0
            step += REPEATED if c.number == p.number else 0.0
            weight, length, size, _ = best[k]
            option = (weight + own + step, length - 1, size + c.size, k)
            if option[:3] > top[:3]:
                top = option
        best.append(top)
    if not best:
        return 0.0, []
    j = max(range(len(best)), key=lambda n: best[n][:3])
    weight = best[j][0]
    out: list[Candidate] = []
    while j >= 0:
        out.append(cands[j])
        j = best[j][3]
    return weight, out[::-1]


def _align(cands: list[Candidate], toc: list[Entry]) -> list[tuple[Candidate, int]]:
    """The longest run of heads fitting the TOC's entries in order (numbers not backwards)."""
    n, m = len(cands), len(toc)

    # Each title's key once (the table compares every head with every entry).
    cand_keys = [_title_key(c.title) for c in cands]
    toc_keys = [_toc_key(e.title) for e in toc]
    fit = [
        [
            (e.number is None or e.number == c.number) and _keys_fit(toc_keys[j], cand_keys[i])
            for j, e in enumerate(toc)
        ]
        for i, c in enumerate(cands)
    ]

    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if fit[i][j]:
                table[i][j] = table[i + 1][j + 1] + 1
            else:
                table[i][j] = max(table[i + 1][j], table[i][j + 1])
    pairs: list[tuple[Candidate, int]] = []
    i = j = 0
    while i < n and j < m:
        if fit[i][j] and table[i][j] == table[i + 1][j + 1] + 1:
            pairs.append((cands[i], j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _with_toc(cands: list[Candidate], toc: list[Entry]) -> tuple[int, list[Candidate]]:
    """The heads that fit the TOC, and those it misses that the body is sure of (a case number
    under them, their number between the fitted heads' around them)."""
    pairs = _align(cands, toc)
    fitted = {c.index for c, _ in pairs}
    chosen = [c for c, _ in pairs]
    for c in cands:
        if c.index in fitted or not c.case_after:
            continue
        before = [p for p in chosen if p.index < c.index]
        after = [p for p in chosen if p.index > c.index]
        low = before[-1].number if before else 0
        high = after[0].number if after else rules.MAX_ITEM_NUMBER + 1
        if low < c.number < high:
            chosen.append(c)
    chosen.sort(key=lambda c: c.index)
    return len(pairs), chosen


def choose(
    lines: list[Line],
    roles: list[str],
    data: list[dict[str, str]],
    profile: Profile,
    case_after: list[bool],
    in_decision: list[bool],
) -> Choice | None:
    """The document's item heads (see the module docstring); None when the first pass stands.

    ``roles`` and ``data`` are the first pass's; ``case_after[i]``: a case number stands under
    line ``i`` (after its wrapped title); ``in_decision[i]``: it stands in a decision section."""
    heads = profile.items
    # Of the two readings of a table of contents (entries with pages as the first pass read
    # them, or a run of head-like lines), the one that explains more entries.
    toc_plain, toc_data = plain_toc(lines, roles, heads)
    toc = toc_entries(lines, roles, data)
    if len(toc_plain) > len(toc):
        toc = toc_plain
    else:
        toc_data = {}
    by_form: dict[int, list[Candidate]] = {}
    for i, role in enumerate(roles):
        if role != "item" or i in toc_data:
            continue
        found = form_of(heads, lines[i].text)
        if found is None:
            continue
        form, m = found
        number = int(m["number"]) if len(m["number"]) <= 6 else rules.MAX_ITEM_NUMBER + 1
        by_form.setdefault(form, []).append(
            Candidate(
                i,
                form,
                number,
                m["title"].strip(),
                case_after[i],
                in_decision[i],
                lines[i].size or 0.0,
            )
        )
    if not by_form:
        return None if not toc_data else Choice(set(), toc_data)
    first = {i for i, r in enumerate(roles) if r == "item"}
    notes: list[str] = []
    options: list[tuple[tuple[float, ...], list[Candidate]]] = []
    for form, cands in by_form.items():
        weight, chain = _chain(cands)
        fitted = 0
        if toc:
            fitted, with_toc = _with_toc(cands, toc)
            if fitted >= TOC_TRUST * len(toc):
                chain = with_toc
        options.append(((float(fitted), weight, float(-form)), chain))
    best, chain = max(options, key=lambda o: o[0])
    if toc and best[0] < TOC_TRUST * len(toc):
        notes.append(
            f"the table of contents ({len(toc)} entries) fits only {int(best[0])} item head(s); "
            "the items are read from the body"
        )
    heads_chosen = {c.index for c in chain}
    if heads_chosen == first and not toc_data and not notes:
        return None
    return Choice(heads_chosen, toc_data, notes)
