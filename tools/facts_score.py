"""The facts schema and the one scorer of a parsed meeting against facts.

Facts are what a careful reader extracts from one document (``tests/corpus/README.md``): the
golden files ``tests/corpus/*.expected.json`` (checked against :data:`SCHEMA`) and the facts
``greve.facts`` computes from Greve's JSON.  :func:`score` compares a parsed meeting (a
``referat.models.Meeting`` or its JSON dump) with them and returns a :class:`Score` that holds
both the per-category counts (``make corpus``'s table) and the list of mismatches, each with the
expected and the parsed value (the tests' failure messages).  Used by
``tests/corpus/test_corpus_pdf.py``,
``tests/corpus/test_corpus_greve.py`` and ``tools/greve/report.py`` alike.

Rules:

* **One check per leaf.**  Every leaf value of the facts is one check, in one of
  :data:`CATEGORIES`.  A leaf the facts leave out is not checked: ``document`` (the file name) never
  is; Greve's computed facts leave out ``system`` and a decision's ``body`` and ``date``, which
  depend on the layout a meeting is printed in, not on the meeting.  The golden files hold every
  leaf (:data:`SCHEMA` requires them) and null there is a fact: the parser must say nothing.
* **Lists: one check on the length, then per element.**  Every list of the facts (attendees,
  items, headings, decisions, absent, subitems) adds one check that the parsed list has its
  length, so two empty lists agree for one point.  An expected element with no parsed
  counterpart fails all its leaves; every parsed element with no expected counterpart is one
  failed check.  So a missing and a spurious element both cost, each one separately (a list
  longer by three costs the length check and three more).
* **Pairing.**  Items by number, attendees by name (order free), sub-items by label (order free),
  absent names as a multiset (a reader does not read an order into them).  Headings in order, by
  the longest common subsequence: a heading missed or added costs itself, not every heading after
  it.  Decisions by position (they have no key; mostly one per item).
* **Misreadings.**  What is left unpaired on both sides is then paired in order (for headings:
  within each gap between two LCS matches), so a misread key is one wrong leaf and not a missing
  plus a spurious element: a parsed ``Hans- Jørgen Kirstein`` for ``Hans-Jørgen Kirstein`` fails
  the name only, its ``absent``, party and role are still compared.
* **Values.**  Titles, names, bodies, locations, headings, parties and roles compare after
  whitespace normalisation (a blank string counts as null); case numbers, dates, times, numbers
  and flags exactly; a decision's ``text_start`` must be a prefix of its whitespace-normalised
  parsed text, list markers a layout prints (``1. ``, ``- ``) left out on both sides.
* **Headings** are the headings of the item's own sections, in order, the decision heading
  included; sub-items' headings are nowhere.  A parsed heading matches an expected one when
  equal or when it continues it after a space: a layout may print ``Beslutning i Byråd
  2022-2025 den 23-05-2022`` for the facts' ``Beslutning`` (the body and date belong to the
  decision, checked there when the facts hold them).
* **Sub-headings** (optional ``subheadings`` of an item): headings inside a section, such as
  an author's own heading within a known ``Sagsbeskrivelse``.  They are no section of their own;
  each must stand as a line of its own in the item's sections' text (category headings).
* **Decisions** of an item are its own decision sections, then each sub-item's in order (Word
  template: one per non-empty ``Referat:`` of 1.1, 1.2, ...), see :func:`item_decisions`.

``accuracy`` is the share of checks passed.  With ``text`` (the words a print must carry)
:func:`score` also measures text fidelity: the share of the text's words (lower-cased ``\\w+``
tokens, as a multiset) found in the parsed meeting's text.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

GOLDENS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
CATEGORIES = (
    "meeting", "attendees", "items", "titles", "case_numbers", "closed", "headings", "decisions",
    "absent", "subitems",
)  # fmt: skip
WORD = re.compile(r"\w+")

# Keys and types of a golden file; "additionalProperties": False everywhere.
_STR = {"type": "string", "minLength": 1}
_OPT_STR = {"type": ["string", "null"]}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


def _obj(**props: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": list(props),
        "additionalProperties": False,
    }


SCHEMA: dict[str, Any] = _obj(
    document={"type": "string", "pattern": r"^[^/]+\.(?:pdf|html?|docx|xml)$"},
    system={"enum": ["edoc", "word", "firstagenda", "sbsys"]},
    meeting=_obj(
        kind={"enum": ["referat", "dagsorden"]},
        body=_STR,
        date=_DATE,
        start={"type": ["string", "null"], "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"},
        location=_OPT_STR,
        attendees={
            "type": "array",
            "items": _obj(name=_STR, absent={"type": "boolean"}, party=_OPT_STR, role=_OPT_STR),
        },
    ),
    items={
        "type": "array",
        "items": _obj(
            number={"type": "integer", "minimum": 0},
            title=_STR,
            case_number=_OPT_STR,
            closed={"type": "boolean"},
            headings={"type": "array", "items": _STR},
            decisions={
                "type": "array",
                "items": _obj(
                    body=_OPT_STR,
                    date={"anyOf": [_DATE, {"type": "null"}]},
                    text_start={"type": "string", "minLength": 1, "pattern": r"^(\S+\s+){0,5}\S+$"},
                ),
            },
            absent={"type": "array", "items": _STR},
            subitems={"type": "array", "items": _obj(label=_STR, title=_STR)},
        ),
    },
)
# Optional: sub-headings, each checked as a line of its own in the item's sections' text.
SCHEMA["properties"]["items"]["items"]["properties"]["subheadings"] = {
    "type": "array",
    "items": _STR,
}


def load_expected(path: Path) -> dict[str, Any]:
    """A golden file's facts."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def goldens() -> list[Path]:
    return sorted(GOLDENS.glob("*.expected.json"))


# ---------------------------------------------------------------------------------------------
# The score


class _Missing:
    def __repr__(self) -> str:
        return "nothing (no counterpart)"


MISSING: Any = _Missing()  # the parsed value of an expected element's leaves when it has none


@dataclass(frozen=True)
class Mismatch:
    field: str
    expected: Any
    actual: Any
    category: str = ""

    def __str__(self) -> str:
        return f"{self.field}: expected {self.expected!r}, got {self.actual!r}"


@dataclass
class Score:
    counts: dict[str, list[int]] = field(default_factory=lambda: {c: [0, 0] for c in CATEGORIES})
    mismatches: list[Mismatch] = field(default_factory=list)
    fidelity: float | None = None

    def check(self, category: str, at: str, expected: Any, actual: Any, ok: bool) -> None:
        self.counts[category][0] += int(ok)
        self.counts[category][1] += 1
        if not ok:
            self.mismatches.append(Mismatch(at, expected, actual, category))

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
        """The categories not fully right, as ``right/total``."""
        return {c: f"{r}/{t}" for c, (r, t) in self.counts.items() if r != t}

    def report(self) -> str:
        lines = [
            f"accuracy {self.accuracy:.3f} ({len(self.mismatches)}/{self.total} checks failed)"
        ]
        lines += [f"  {m}" for m in self.mismatches]
        return "\n".join(lines)


def norm(text: Any) -> str | None:
    """Whitespace-normalised text (runs of whitespace -> one space); blank or None -> None."""
    return None if text is None else " ".join(str(text).split()) or None


def _norm_eq(expected: Any, actual: Any) -> bool:
    return norm(expected) == norm(actual)


def _eq(expected: Any, actual: Any) -> bool:
    return bool(expected == actual)


def heading_matches(expected: Any, actual: Any) -> bool:
    e, g = norm(expected) or "", norm(actual) or ""
    return g == e or g.startswith(e + " ")


# A list marker a layout prints before a list item ("1. ", "2) ", "- "): not the decision's words.
_MARKER = re.compile(r"(?m)^\s*(?:\d{1,2}[.)]|[-•])\s+")


def _starts(expected: Any, actual: Any) -> bool:
    """The decision starts with the expected words, as printed or with the list markers a layout
    put at line starts left out (the facts' words have no lines, so a marker inside them stays)."""
    if actual is None:
        return False
    if (norm(actual) or "").startswith(norm(expected) or ""):
        return True  # as printed, markers and all
    return (norm(_MARKER.sub("", actual)) or "").startswith(norm(_MARKER.sub("", expected)) or "")


def _lcs_pairs(
    expected: list[Any], got: list[Any], same: Callable[[Any, Any], bool]
) -> dict[int, int]:
    """A longest common subsequence of the two lists, as expected index -> parsed index."""
    n, m = len(expected), len(got)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if same(expected[i], got[j]):
                table[i][j] = table[i + 1][j + 1] + 1
            else:
                table[i][j] = max(table[i + 1][j], table[i][j + 1])
    pairs: dict[int, int] = {}
    i = j = 0
    while i < n and j < m:
        if same(expected[i], got[j]) and table[i][j] == table[i + 1][j + 1] + 1:
            pairs[i] = j
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    # Misreadings: between two matches, the unmatched on both sides paired in order.
    bounds = [(-1, -1), *sorted(pairs.items()), (n, m)]
    for (i0, j0), (i1, j1) in pairwise(bounds):
        pairs.update(zip(range(i0 + 1, i1), range(j0 + 1, j1), strict=False))
    return pairs


def _keyed_pairs(
    expected: list[Any], got: list[Any], same: Callable[[Any, Any], bool]
) -> dict[int, int]:
    """Each expected element paired with the first unpaired parsed one it is the same as."""
    pairs: dict[int, int] = {}
    free = list(range(len(got)))
    for i, e in enumerate(expected):
        j = next((j for j in free if same(e, got[j])), None)
        if j is not None:
            pairs[i] = j
            free.remove(j)
    # Misreadings: the unpaired on both sides paired in order.
    unpaired = [i for i in range(len(expected)) if i not in pairs]
    pairs.update(zip(unpaired, free, strict=False))
    return pairs


class _Scorer:
    def __init__(self) -> None:
        self.score = Score()

    def check(
        self,
        category: str,
        at: str,
        expected: Any,
        actual: Any,
        same: Callable[[Any, Any], bool] = _eq,
    ) -> None:
        self.score.check(category, at, expected, actual, same(expected, actual))

    def fail(self, category: str, at: str, expected: Any, actual: Any = None) -> None:
        self.score.check(category, at, expected, actual, False)

    def elements(
        self,
        category: str,
        at: str,
        expected: list[Any],
        got: list[Any],
        pairs: dict[int, int],
        name: Callable[[int, Any], str],
        leaves: Callable[[str, Any, Any], None],
        missing: Callable[[str, Any], None],
    ) -> None:
        """A list: its length, each expected element (paired or missing), each spurious one."""
        self.check(category, f"{at}[len]", len(expected), len(got))
        for i, want in enumerate(expected):
            where = f"{at}[{name(i, want)}]"
            if i in pairs:
                leaves(where, want, got[pairs[i]])
            else:
                missing(where, want)
        paired = set(pairs.values())
        for j, extra in enumerate(got):
            if j not in paired:
                self.fail(category, f"{at}[+{j}]", None, extra)

    def missing(self, category: str, at: str, want: Any) -> None:
        """An expected element without counterpart: each of its leaves fails."""
        if not isinstance(want, dict):
            self.fail(category, at, want, MISSING)
            return
        item = category == "items"  # an item's leaves and lists have categories of their own
        for key, value in want.items():
            if isinstance(value, list):
                cat = _LIST_CATEGORY.get(key, category) if item else category
                if key not in _UNCOUNTED:
                    self.fail(cat, f"{at}.{key}[len]", len(value), MISSING)
                for i, element in enumerate(value):
                    self.missing(cat, f"{at}.{key}[{i}]", element)
            else:
                cat = _ITEM_CATEGORY.get(key, category) if item else category
                self.fail(cat, f"{at}.{key}", value, MISSING)


# The category of an item's leaves and lists (also when the whole item is missing).
_ITEM_CATEGORY = {
    "number": "items", "title": "titles", "case_number": "case_numbers", "closed": "closed",
}  # fmt: skip
_LIST_CATEGORY = {
    "headings": "headings", "decisions": "decisions", "absent": "absent", "subitems": "subitems",
    "subheadings": "headings",
}  # fmt: skip
_UNCOUNTED = {"subheadings"}  # lists checked element by element, without a length check


def _dump(meeting: Any) -> dict[str, Any]:
    if hasattr(meeting, "model_dump"):
        dumped: dict[str, Any] = meeting.model_dump(mode="json")
        return dumped
    return dict(meeting)


def item_decisions(item: dict[str, Any]) -> list[dict[str, Any]]:
    """A parsed item's decisions (JSON dump): its own, then each sub-item's, in order."""
    found = [s for s in item.get("sections") or [] if s.get("kind") == "beslutning"]
    for sub in item.get("subitems") or []:
        found += [s for s in sub.get("sections") or [] if s.get("kind") == "beslutning"]
    return found


def _item_lines(item: dict[str, Any]) -> list[str]:
    """Every line of a parsed item's own sections' text."""
    return [line for s in item.get("sections") or [] for line in (s.get("text") or "").split("\n")]


def item_headings(item: dict[str, Any]) -> list[str]:
    """A parsed item's own section headings, in order (sub-items' headings are nowhere)."""
    return [s["heading"] for s in item.get("sections") or [] if norm(s.get("heading"))]


def score(meeting: Any, facts: dict[str, Any], text: str | None = None) -> Score:
    """Score a parsed meeting (a ``referat.models.Meeting`` or its JSON dump) against facts;
    with ``text`` (the words the document must carry) also the text fidelity."""
    got = _dump(meeting)
    s = _Scorer()
    if "system" in facts:
        s.check("meeting", "system", facts["system"], got.get("system"))
    want = facts["meeting"]
    for key in ("kind", "body", "location"):
        s.check("meeting", f"meeting.{key}", want[key], got.get(key), _norm_eq)
    for key in ("date", "start"):
        s.check("meeting", f"meeting.{key}", want[key], got.get(key))

    people = list(got.get("attendees") or [])
    expected_people = want["attendees"]
    s.elements(
        "attendees",
        "meeting.attendees",
        expected_people,
        people,
        _keyed_pairs(expected_people, people, lambda e, g: _norm_eq(e["name"], g.get("name"))),
        lambda i, _: str(i),
        lambda at, e, g: _attendee(s, at, e, g),
        lambda at, e: s.missing("attendees", at, e),
    )

    items = list(got.get("items") or [])
    s.elements(
        "items",
        "items",
        facts["items"],
        items,
        _keyed_pairs(facts["items"], items, lambda e, g: e["number"] == g.get("number")),
        lambda _, e: str(e["number"]),
        lambda at, e, g: _item(s, at, e, g),
        lambda at, e: s.missing("items", at, e),
    )
    if text is not None:
        s.score.fidelity = fidelity(text, meeting_text(got))
    return s.score


def _attendee(s: _Scorer, at: str, want: dict[str, Any], got: dict[str, Any]) -> None:
    s.check("attendees", f"{at}.name", want["name"], got.get("name"), _norm_eq)
    s.check("attendees", f"{at}.absent", want["absent"], bool(got.get("absent")))
    s.check("attendees", f"{at}.party", want["party"], got.get("party"), _norm_eq)
    s.check("attendees", f"{at}.role", want["role"], got.get("role"), _norm_eq)


def _item(s: _Scorer, at: str, want: dict[str, Any], got: dict[str, Any]) -> None:
    s.check("items", f"{at}.number", want["number"], got.get("number"))
    s.check("titles", f"{at}.title", want["title"], got.get("title"), _norm_eq)
    s.check("case_numbers", f"{at}.case_number", want["case_number"], got.get("case_number"))
    s.check("closed", f"{at}.closed", want["closed"], bool(got.get("closed")))

    headings = item_headings(got)
    s.elements(
        "headings",
        f"{at}.headings",
        want["headings"],
        headings,
        _lcs_pairs(want["headings"], headings, heading_matches),
        lambda i, _: str(i),
        lambda where, e, g: s.check("headings", where, e, g, heading_matches),
        lambda where, e: s.missing("headings", where, e),
    )

    if "subheadings" in want:
        lines = {norm(line) for line in _item_lines(got)}
        for n, sub in enumerate(want["subheadings"]):
            where = f"{at}.subheadings[{n}]"
            s.check("headings", where, sub, sub if norm(sub) in lines else None, _norm_eq)

    decisions = item_decisions(got)
    s.elements(
        "decisions",
        f"{at}.decisions",
        want["decisions"],
        decisions,
        {i: i for i in range(min(len(want["decisions"]), len(decisions)))},
        lambda i, _: str(i),
        lambda where, e, g: _decision(s, where, e, g),
        lambda where, e: s.missing("decisions", where, e),
    )

    absent = [a for a in got.get("absent") or [] if isinstance(a, str)]
    s.elements(
        "absent",
        f"{at}.absent",
        want["absent"],
        absent,
        _keyed_pairs(want["absent"], absent, _norm_eq),
        lambda i, _: str(i),
        lambda where, e, g: s.check("absent", where, e, g, _norm_eq),
        lambda where, e: s.missing("absent", where, e),
    )

    subitems = list(got.get("subitems") or [])
    s.elements(
        "subitems",
        f"{at}.subitems",
        want["subitems"],
        subitems,
        _keyed_pairs(want["subitems"], subitems, lambda e, g: e["label"] == g.get("label")),
        lambda _, e: str(e["label"]),
        lambda where, e, g: _subitem(s, where, e, g),
        lambda where, e: s.missing("subitems", where, e),
    )


def _decision(s: _Scorer, at: str, want: dict[str, Any], got: dict[str, Any]) -> None:
    if "body" in want:
        s.check("decisions", f"{at}.body", want["body"], got.get("body"), _norm_eq)
    if "date" in want:
        s.check("decisions", f"{at}.date", want["date"], got.get("date"))
    s.check("decisions", f"{at}.text_start", want["text_start"], got.get("text"), _starts)


def _subitem(s: _Scorer, at: str, want: dict[str, Any], got: dict[str, Any]) -> None:
    s.check("subitems", f"{at}.label", want["label"], got.get("label"))
    s.check("subitems", f"{at}.title", want["title"], got.get("title"), _norm_eq)


# ---------------------------------------------------------------------------------------------
# Text fidelity


def words(text: str) -> Counter[str]:
    return Counter(WORD.findall(text.lower()))


def fidelity(expected_text: str, parsed_text: str) -> float:
    want, have = words(expected_text), words(parsed_text)
    total = sum(want.values())
    return sum(min(n, have[w]) for w, n in want.items()) / total if total else 1.0


def meeting_text(got: dict[str, Any]) -> str:
    """All the text a parsed meeting (JSON dump) holds, the table of contents excepted."""
    parts: list[str | None] = [norm(got.get("title")), *map(norm, got.get("notes") or [])]
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


def _sections_text(sections: Iterable[dict[str, Any]]) -> list[str | None]:
    return [norm(f"{s.get('heading') or ''} {s.get('text') or ''}") for s in sections]


def _strings(values: Any) -> list[str]:
    return [v for v in values or [] if isinstance(v, str)]
