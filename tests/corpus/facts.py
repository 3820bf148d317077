"""Score a parsed meeting against a golden ``*.expected.json`` (the facts a reader extracts).

The expected file is the reference: every leaf value in it is one check, and every list in it
(attendees, items, headings, decisions, absent, subitems) adds one check on its length, so a
missing or an extra element costs something.  Items are paired by number, attendees by name and
subitems by label; headings, decisions and absent names by position.  See README.md here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from referat.models import Item, Meeting, Section

HERE = Path(__file__).resolve().parent

# Keys and types of an expected file; "additionalProperties": False everywhere.
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
    document={"type": "string", "pattern": r"^[^/]+\.pdf$"},
    system={"enum": ["edoc", "word", "firstagenda"]},
    meeting=_obj(
        kind={"const": "referat"},
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


@dataclass(frozen=True)
class Mismatch:
    field: str
    expected: Any
    actual: Any

    def __str__(self) -> str:
        return f"{self.field}: expected {self.expected!r}, got {self.actual!r}"


@dataclass
class Score:
    checks: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return 1.0 if self.checks == 0 else 1 - len(self.mismatches) / self.checks

    def report(self) -> str:
        failed = len(self.mismatches)
        lines = [f"accuracy {self.accuracy:.3f} ({failed}/{self.checks} checks failed)"]
        lines += [f"  {m}" for m in self.mismatches]
        return "\n".join(lines)


def load_expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def norm(text: str | None) -> str | None:
    """Whitespace-normalised text (runs of whitespace -> one space, stripped)."""
    return None if text is None else re.sub(r"\s+", " ", text).strip()


def _eq(a: Any, b: Any) -> bool:
    return bool(a == b)


def _norm_eq(expected: Any, actual: Any) -> bool:
    return norm(expected) == norm(actual)


def _never(expected: Any, actual: Any) -> bool:
    return False


def _starts(expected: Any, actual: Any) -> bool:
    return actual is not None and (norm(actual) or "").startswith(norm(expected) or "")


def item_decisions(item: Item) -> list[Section]:
    """The item's decisions, then those of its subitems (Word ``Referat:``), in order."""
    found = list(item.decisions)
    for sub in item.subitems:
        found += [s for s in sub.sections if s.kind == "beslutning"]
    return found


class _Scorer:
    def __init__(self) -> None:
        self.score = Score()

    def check(
        self, at: str, expected: Any, actual: Any, same: Callable[[Any, Any], bool] = _eq
    ) -> None:
        self.score.checks += 1
        if not same(expected, actual):
            self.score.mismatches.append(Mismatch(at, expected, actual))

    def length(self, at: str, expected: list[Any], actual: Iterable[Any]) -> None:
        self.check(f"{at}[len]", len(expected), len(list(actual)))

    def missing(self, at: str, expected: dict[str, Any]) -> None:
        """An expected element with no counterpart: each of its leaves fails."""
        for key, value in expected.items():
            if isinstance(value, list):
                self.check(f"{at}.{key}[len]", len(value), None, _never)
                for i, element in enumerate(value):
                    if isinstance(element, dict):
                        self.missing(f"{at}.{key}[{i}]", element)
                    else:
                        self.check(f"{at}.{key}[{i}]", element, None, _never)
            else:
                self.check(f"{at}.{key}", value, None, _never)


def score(expected: dict[str, Any], meeting: Meeting) -> Score:
    """Compare a parsed meeting with an expected file, field by field."""
    s = _Scorer()
    s.check("system", expected["system"], meeting.system)
    want = expected["meeting"]
    s.check("meeting.kind", want["kind"], meeting.kind)
    s.check("meeting.body", want["body"], meeting.body, _norm_eq)
    s.check("meeting.date", want["date"], meeting.date.isoformat())
    s.check("meeting.start", want["start"], meeting.start)
    s.check("meeting.location", want["location"], meeting.location, _norm_eq)

    s.length("meeting.attendees", want["attendees"], meeting.attendees)
    by_name = {norm(a.name): a for a in meeting.attendees}
    for i, att in enumerate(want["attendees"]):
        at = f"meeting.attendees[{i}]"
        got = by_name.get(norm(att["name"]))
        if got is None:
            s.missing(at, att)
            continue
        s.check(f"{at}.name", att["name"], got.name, _norm_eq)
        s.check(f"{at}.absent", att["absent"], got.absent)
        s.check(f"{at}.party", att["party"], got.party, _norm_eq)
        s.check(f"{at}.role", att["role"], got.role, _norm_eq)

    s.length("items", expected["items"], meeting.items)
    unpaired = list(meeting.items)
    for item in expected["items"]:
        at = f"items[{item['number']}]"
        got = next((it for it in unpaired if it.number == item["number"]), None)
        if got is None:
            s.missing(at, item)
            continue
        unpaired.remove(got)
        _score_item(s, at, item, got)
    return s.score


def _score_item(s: _Scorer, at: str, want: dict[str, Any], got: Item) -> None:
    s.check(f"{at}.number", want["number"], got.number)
    s.check(f"{at}.title", want["title"], got.title, _norm_eq)
    s.check(f"{at}.case_number", want["case_number"], got.case_number)
    s.check(f"{at}.closed", want["closed"], got.closed)

    headings = [sec.heading for sec in got.sections if sec.heading is not None]
    s.length(f"{at}.headings", want["headings"], headings)
    for i, heading in enumerate(want["headings"]):
        actual = headings[i] if i < len(headings) else None
        s.check(f"{at}.headings[{i}]", heading, actual, _norm_eq)

    decisions = item_decisions(got)
    s.length(f"{at}.decisions", want["decisions"], decisions)
    for i, dec in enumerate(want["decisions"]):
        sub = f"{at}.decisions[{i}]"
        if i >= len(decisions):
            s.missing(sub, dec)
            continue
        d = decisions[i]
        s.check(f"{sub}.body", dec["body"], d.body, _norm_eq)
        s.check(f"{sub}.date", dec["date"], d.date.isoformat() if d.date else None)
        s.check(f"{sub}.text_start", dec["text_start"], d.text, _starts)

    s.length(f"{at}.absent", want["absent"], got.absent)
    for i, name in enumerate(want["absent"]):
        actual = got.absent[i] if i < len(got.absent) else None
        s.check(f"{at}.absent[{i}]", name, actual, _norm_eq)

    s.length(f"{at}.subitems", want["subitems"], got.subitems)
    by_label = {sub.label: sub for sub in got.subitems}
    for sub in want["subitems"]:
        sub_at = f"{at}.subitems[{sub['label']}]"
        found = by_label.get(sub["label"])
        if found is None:
            s.missing(sub_at, sub)
            continue
        s.check(f"{sub_at}.label", sub["label"], found.label)
        s.check(f"{sub_at}.title", sub["title"], found.title, _norm_eq)
