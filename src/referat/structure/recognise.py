"""Recognisers: what one line of text says on its own, without context.

Pure functions of a line's text (and, for style, its font): a case number, a section or decision
heading, a heading with its text on the same line.  :mod:`referat.structure.classify` decides roles
in context with these; the archive asks :func:`case_number` / :func:`case_key` for a search query,
so a case number the parser stores is one the search finds.
"""

from __future__ import annotations

import functools
import re

from referat.danish import LOOKS_LIKE_DATE
from referat.read.lines import Line
from referat.structure import rules
from referat.structure.profiles import BY_NAME, Profile

Data = dict[str, str]


SENTENCE_END = re.compile(r"[.!?;,]$")
SENTENCE_END_FULL = re.compile(r"[.!?:;)]$")
HEADING_MAX = 80  # characters: a longer line is not a heading


@functools.lru_cache(maxsize=4096)
def case_number(text: str) -> str | None:
    """The case number a line holds (label removed), or None: ``Sagsnr.: 22/21670``,
    ``EMN-2025-003928``, ``22-010490``, ``00.01.00-A00-1-23``."""
    stripped = text.strip()
    value = rules.CASE_LABEL.sub("", stripped).strip()
    if rules.CASE_NUMBER_LINE.match(value):
        return value
    if value != stripped and value and len(value) < 40 and any(c.isdigit() for c in value):
        return value  # labelled, a format we do not know
    return None


# A slash case number with any spacing: "22 / 21670", "22/21670-3".
_SLASH_CASE = re.compile(r"\d{2,4}\s*/\s*\d+(?:\s*[-./]\s*[\dA-Za-z]+)*")
_SLASH_SPACES = re.compile(r"(?<=\d)\s*/\s*(?=\d)")


def case_key(text: str | None) -> str | None:
    """A case number as written -> the key the archive matches it on: label and spacing gone,
    lower case.  ``Sagsnr.: 22/21670``, ``22 / 21670`` and ``22/21670`` all give ``22/21670``;
    ``EMN-2025-003928`` gives ``emn-2025-003928``."""
    if text is None:
        return None
    value = rules.CASE_LABEL.sub("", text.strip())
    found = _SLASH_CASE.search(value)
    if found:
        return re.sub(r"\s+", "", found.group(0)).lower()
    value = " ".join(value.split()).lower()
    return value or None


def looks_like_case_number(query: str) -> bool:
    """Is a search query a case number (``referat search 22/21670``, ``EMN-2025-003928``,
    ``Sagsnr.: 2012-28504``)?  The same recogniser as for the minutes' lines."""
    return case_number(_SLASH_SPACES.sub("/", " ".join(query.split()))) is not None


def section_heading(text: str, profile: Profile | None = None) -> Data | None:
    """A whole-line section or decision heading -> its kind (and body, date text), else None.
    (Memoised per text and profile: a document asks about each line several times; the data
    returned is shared, so callers do not change it.)"""
    if profile is not None and BY_NAME.get(profile.name) is not profile:
        return _find_section_heading(text, profile)  # a profile of the caller's own
    return _section_heading(text, profile.name if profile is not None else None)


@functools.lru_cache(maxsize=4096)
def _section_heading(text: str, profile_name: str | None) -> Data | None:
    return _find_section_heading(text, BY_NAME[profile_name] if profile_name else None)


def _find_section_heading(text: str, profile: Profile | None) -> Data | None:
    if len(text) > 120:
        return None
    key = text.rstrip(":").strip().lower()
    kind = rules.SECTION_HEADINGS.get(key) or (profile.headings.get(key) if profile else None)
    if kind is not None:
        return {"kind": kind, "heading": text}
    for pattern in rules.DECISION_HEADINGS:
        m = pattern.match(text)
        if not m:
            continue
        date_text = m.groupdict().get("date") or ""
        if date_text and not LOOKS_LIKE_DATE.match(date_text):
            continue
        return {"kind": "beslutning", "heading": text, "body": m["body"].strip(), "date": date_text}
    return None


def inline_heading(text: str, profile: Profile) -> Data | None:
    """``Referat: Alle skal have indhold.`` -> a heading with its text on the same line."""
    label, colon, rest = text.partition(":")
    if not colon:
        return None
    kind = profile.inline_headings.get(label.strip().lower())
    if kind is None:
        return None
    return {"kind": kind, "heading": f"{label.strip()}:", "rest": rest.strip()}


def run_in_heading(text: str, profile: Profile) -> Data | None:
    """``Indstilling: Administrationen indstiller, …`` -> a vocabulary heading run in with its
    text (the heading without the colon; ``rest`` the text).  Whether a document runs its
    headings in is the classifier's call (:attr:`referat.classify.Classifier.runs_in`)."""
    label, colon, rest = text.partition(":")
    if not colon or not rest.strip() or len(label) > 60:
        return None
    found = section_heading(label.strip(), profile)
    if found is None:
        return None
    return {**found, "heading": label.strip(), "rest": rest.strip()}


def is_heading_style(line: Line, body: float | None) -> bool:
    """Set as a heading: bold, or larger than the body text."""
    if line.size is None:
        return False
    return line.bold or (body is not None and line.size > body + 0.5)


def looks_like_heading(text: str) -> bool:
    return len(text) <= HEADING_MAX and not SENTENCE_END.search(text) and text[:1].isupper()
