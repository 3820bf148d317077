"""Word's automatic numbering, rendered: ``Punkt 3:``, ``1.1``, ``a.`` as a reader sees them.

A Word paragraph's number is not in its text: the paragraph (or its style, as outline-numbered
headings are) names a list (``numId``) and a level (``ilvl``), and ``numbering.xml`` says how
each level counts (``numFmt``: decimal, letters, roman, bullet), where it starts and how its
label reads (``lvlText``: ``%1.%2``).  :class:`Numbering` keeps the counters while the body is
read in order and gives each numbered paragraph its label, so agenda items numbered by Word
(``1 First Agenda``, ``1.1 Status siden sidst``) reach the recogniser as printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def _roman(n: int) -> str:
    out = ""
    for value, digits in _ROMAN:
        while n >= value:
            out, n = out + digits, n - value
    return out


# numFmt -> how a counter is written.
FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


@dataclass(frozen=True, slots=True)
class Level:
    start: int
    fmt: str
    text: str


@dataclass(frozen=True, slots=True)
class Label:
    text: str  # "3.", "Punkt 3:", "•"
    bullet: bool
    level: int


class Numbering:
    """The document's list definitions and the running counters."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, Level]] = {}  # numId -> ilvl -> Level
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {a.get(f"{W}abstractNumId"): _levels(a) for a in root.iter(f"{W}abstractNum")}
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            levels = dict(abstract.get(ref.get(f"{W}val") if ref is not None else None) or {})
            for override in num.iter(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                ilvl = _int(override.get(f"{W}ilvl"))
                if start is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = Level(_int(start.get(f"{W}val"), 1), old.fmt, old.text)
            self.levels[num.get(f"{W}numId") or ""] = levels

    def label(self, paragraph: Any) -> Label | None:
        """The label of a numbered paragraph (counting it), or None."""
        num_id, ilvl = _num_pr(paragraph._p.find(f"{W}pPr/{W}numPr"))
        style = paragraph.style
        while num_id is None and style is not None:  # numbering set on the style (headings)
            num_id, style_level = _num_pr(style.element.find(f"{W}pPr/{W}numPr"))
            ilvl = ilvl if ilvl is not None else style_level
            style = style.base_style
        levels = self.levels.get(num_id or "")
        if not levels or num_id in (None, "0"):
            return None
        ilvl = ilvl or 0
        level = levels.get(ilvl)
        if level is None:
            return None
        if level.fmt == "bullet":
            return Label(level.text, True, ilvl)
        counters = self.counters.setdefault(num_id or "", {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def value(m: re.Match[str]) -> str:
            n = int(m[1]) - 1
            lvl = levels.get(n)
            count = counters.get(n, lvl.start if lvl else 1)
            return FORMATS.get(lvl.fmt if lvl else "decimal", str)(count)

        return Label(_PLACEHOLDER.sub(value, level.text).strip(), False, ilvl)


def _levels(abstract: Any) -> dict[int, Level]:
    out: dict[int, Level] = {}
    for lvl in abstract.iter(f"{W}lvl"):
        start, fmt, text = lvl.find(f"{W}start"), lvl.find(f"{W}numFmt"), lvl.find(f"{W}lvlText")
        out[_int(lvl.get(f"{W}ilvl"))] = Level(
            _int(start.get(f"{W}val"), 1) if start is not None else 1,
            (fmt.get(f"{W}val") if fmt is not None else None) or "decimal",
            (text.get(f"{W}val") if text is not None else None) or "",
        )
    return out


def _num_pr(num_pr: Any) -> tuple[str | None, int | None]:
    if num_pr is None:
        return None, None
    num, ilvl = num_pr.find(f"{W}numId"), num_pr.find(f"{W}ilvl")
    return (
        num.get(f"{W}val") if num is not None else None,
        _int(ilvl.get(f"{W}val")) if ilvl is not None else None,
    )


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
