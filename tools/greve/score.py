"""How well a parsed meeting matches a facts dict: field accuracy per category, text fidelity.

One point per field checked.  ``meeting``: kind, body, date, start, location.  ``attendees``: each
expected attendee found by name with the right ``absent``.  ``items``: the item count, and each
expected item found by number.  Per item (matched by number; a missing item scores nothing but
counts): ``titles`` (whitespace-normalised), ``case_numbers`` (exact), ``closed``, ``headings``
(in order), ``decisions`` (the count, and each ``text_start`` a prefix of the parsed decision's
normalised text), ``absent`` and ``subitems`` (label + title).  For the list-valued checks the
points are the longest common subsequence (in order; attendees and absentees: the multiset
overlap, in any order) and the total is the longer list's length, so a missing and a spurious
entry both cost; two empty lists count one point for agreeing.

A parsed heading matches an expected one when equal or when it continues it after a space: a
layout may print ``Beslutning i Byråd 2022-2025 den 23-05-2022`` for the facts' ``Beslutning``.

Text fidelity: the share of the expected text's words (lower-cased ``\\w+`` tokens, as a multiset)
found in the parsed meeting's text.  Fields the parsed model lacks count as wrong.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

CATEGORIES = (
    "meeting", "attendees", "items", "titles", "case_numbers", "closed", "headings", "decisions",
    "absent", "subitems",
)  # fmt: skip
WORD = re.compile(r"\w+")


def norm(text: Any) -> str:
    return " ".join(str(text).split()) if text is not None else ""


@dataclass
class Score:
    counts: dict[str, list[int]] = field(default_factory=lambda: {c: [0, 0] for c in CATEGORIES})
    fidelity: float | None = None

    def add(self, category: str, right: int | bool, total: int = 1) -> None:
        self.counts[category][0] += int(right)
        self.counts[category][1] += total

    def share(self, category: str) -> float:
        right, total = self.counts[category]
        return right / total if total else 1.0

    @property
    def right(self) -> int:
        return sum(r for r, _ in self.counts.values())

    @property
    def total(self) -> int:
        return sum(t for _, t in self.counts.values())

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0

    def wrong(self) -> dict[str, str]:
        return {c: f"{r}/{t}" for c, (r, t) in self.counts.items() if r != t}


def _lcs(expected: list[Any], got: list[Any], same: Callable[[Any, Any], bool]) -> int:
    row = [0] * (len(got) + 1)
    for e in expected:
        prev = 0
        for j, g in enumerate(got, 1):
            keep = row[j]
            row[j] = prev + 1 if same(e, g) else max(row[j], row[j - 1])
            prev = keep
    return row[-1]


def _add_list(
    score: Score, category: str, expected: list[Any], got: list[Any], same: Callable[..., bool]
) -> None:
    if not expected and not got:
        score.add(category, True)
        return
    score.add(category, _lcs(expected, got, same), max(len(expected), len(got)))


def _add_bag(score: Score, category: str, expected: list[Any], got: list[Any]) -> None:
    """Like :func:`_add_list`, order aside (attendees, absentees): multiset overlap."""
    if not expected and not got:
        score.add(category, True)
        return
    overlap = sum((Counter(expected) & Counter(got)).values())
    score.add(category, overlap, max(len(expected), len(got)))


def heading_matches(expected: str, got: str) -> bool:
    e, g = norm(expected), norm(got)
    return g == e or g.startswith(e + " ")


def score(meeting: Any, facts: dict[str, Any], text: str | None = None) -> Score:
    """Score a parsed meeting (a ``referat.models.Meeting`` or its JSON dump) against facts;
    with ``text`` (the expected document's text) also the text fidelity."""
    got = meeting.model_dump(mode="json") if hasattr(meeting, "model_dump") else dict(meeting)
    want = facts["meeting"]
    result = Score()
    for key in ("kind", "body", "date", "start", "location"):
        result.add("meeting", norm(got.get(key)) == norm(want.get(key)))

    people = [(norm(a.get("name")), bool(a.get("absent"))) for a in got.get("attendees") or []]
    expected_people = [(norm(a["name"]), bool(a["absent"])) for a in want.get("attendees", [])]
    _add_bag(result, "attendees", expected_people, people)

    items: dict[int, dict[str, Any]] = {}
    for item in got.get("items") or []:
        items.setdefault(item.get("number"), item)
    result.add("items", len(got.get("items") or []) == len(facts["items"]))
    for expected in facts["items"]:
        item = items.get(expected["number"])
        result.add("items", item is not None)
        _score_item(result, expected, item or {})
    if text is not None:
        result.fidelity = fidelity(text, meeting_text(got))
    return result


def _score_item(result: Score, expected: dict[str, Any], item: dict[str, Any]) -> None:
    found = bool(item)
    result.add("titles", found and norm(item.get("title")) == norm(expected["title"]))
    result.add("case_numbers", found and item.get("case_number") == expected["case_number"])
    result.add("closed", found and bool(item.get("closed")) == bool(expected["closed"]))
    sections = item.get("sections") or []
    if not found:  # every check of a missing item is wrong
        for category, values in (("headings", "headings"), ("absent", "absent")):
            result.add(category, 0, max(1, len(expected[values])))
        result.add("decisions", 0, 1 + len(expected["decisions"]))
        result.add("subitems", 0, max(1, len(expected["subitems"])))
        return
    headings = [s.get("heading") for s in sections if s.get("heading")]
    _add_list(result, "headings", expected["headings"], headings, heading_matches)
    decisions = [norm(s.get("text")) for s in sections if s.get("kind") == "beslutning"]
    result.add("decisions", len(decisions) == len(expected["decisions"]))
    for i, decision in enumerate(expected["decisions"]):
        start = norm(decision["text_start"])
        result.add("decisions", i < len(decisions) and decisions[i].startswith(start))
    absent = [norm(a) for a in _strings(item.get("absent"))]
    _add_bag(result, "absent", [norm(a) for a in expected["absent"]], absent)
    subitems = [(norm(s.get("label")), norm(s.get("title"))) for s in item.get("subitems") or []]
    want = [(norm(s["label"]), norm(s["title"])) for s in expected["subitems"]]
    _add_list(result, "subitems", want, subitems, lambda e, g: e == g)


def words(text: str) -> Counter[str]:
    return Counter(WORD.findall(text.lower()))


def fidelity(expected_text: str, parsed_text: str) -> float:
    want, have = words(expected_text), words(parsed_text)
    total = sum(want.values())
    return sum(min(n, have[w]) for w, n in want.items()) / total if total else 1.0


def meeting_text(got: dict[str, Any]) -> str:
    """All the text a parsed meeting (JSON dump) holds, the table of contents excepted."""
    parts: list[str] = [norm(got.get("title")), *map(norm, got.get("notes") or [])]
    parts += [norm(v) for v in (got.get("fields") or {}).values()]
    for item in got.get("items") or []:
        parts += [norm(item.get("title")), norm(item.get("case_number"))]
        parts += _sections_text(item.get("sections") or [])
        parts += [norm(a) for a in _strings(item.get("attachments"))]
        parts += [norm(a) for a in _strings(item.get("absent"))]
        for sub in item.get("subitems") or []:
            parts += [norm(sub.get("label")), norm(sub.get("title"))]
            parts += _sections_text(sub.get("sections") or [])
            parts += [norm(a) for a in _strings(sub.get("attachments"))]
    return "\n".join(p for p in parts if p)


def _sections_text(sections: Iterable[dict[str, Any]]) -> list[str]:
    return [norm(f"{s.get('heading') or ''} {s.get('text') or ''}") for s in sections]


def _strings(values: Any) -> list[str]:
    return [v for v in values or [] if isinstance(v, str)]
