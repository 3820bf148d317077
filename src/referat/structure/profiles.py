"""Agenda systems as data: what each one prints for an item head, a sub-item, a heading.

A profile adds to the shared vocabulary in :mod:`referat.structure.rules`; it never takes away.  The
document's profile is chosen by evidence (lines that only that system prints) and recorded in the
model with that evidence; ``--system`` overrides it.  A document that shows no system's evidence
gets ``generic``: numbered items in heading style, bold headings as sections, case numbers and
decision lines by pattern, with a warning.

A new system is one more :class:`Profile` below; a new municipality's wording of a known system
is usually a line in :mod:`referat.structure.rules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

# What an item-head pattern needs besides matching:
#   "always":  the text alone is enough (``Punkt 3: ...``);
#   "heading": set as a heading (bold, or larger than the body text), or followed by a case
#              number line; in a text file only the case number can tell.
Needs = Literal["always", "heading"]


@dataclass(frozen=True, slots=True)
class Head:
    """An item or sub-item head: a pattern with ``number`` (or ``label``) and ``title`` groups."""

    pattern: re.Pattern[str]
    needs: Needs = "always"


def _head(pattern: str, needs: Needs = "always") -> Head:
    return Head(re.compile(pattern), needs)


# "Punkt 1: Øvrige sager", "Pkt. 3 Godkendelse", "Dagsordenspunkt 4: ...", "Sag nr. 5: ..."; a
# head is capitalised ("… behandlet på mødet," / "punkt 22. Det blev …" is a sentence).
PUNKT = _head(
    r"^(?:Punkt|PUNKT|Pkt\.?|PKT\.?|Dagsordens?punkt|DAGSORDENSPUNKT|Sag nr\.)"
    r"\s*(?P<number>\d+)\s*[:.)]\s*(?P<title>.*)$"
)
# "715. Godkendelse af dagsorden" (eDoc, Acadre, ...): a number, a period, a capitalised title.
NUMBER_DOT = _head(r"^(?P<number>\d+)\.\s+(?P<title>[A-ZÆØÅ0-9\"“'(§].*)$", "heading")
# "1 First Agenda" (Word templates): a number and a title, no period.
# The title may start with a number of its own ("2 1. udkast til …"); never a table's cells.
NUMBER_SPACE = _head(
    r"^(?P<number>\d{1,3})\s+(?P<title>(?:[A-ZÆØÅ\"“'(§]|\d+(?:[.,]?\s|[-–]\w))[^\t]*)$", "heading"
)
# Sub-items: "a. Møder og konferencer" (eDoc meddelelser), "1.1 Status siden sidst" (Word).
LETTER_DOT = _head(r"^(?P<label>[a-zæøå])[.)]\s+(?P<title>[A-ZÆØÅ0-9].*)$")
DOTTED = _head(r"^(?P<label>\d{1,3}\.\d{1,3})\.?\s+(?P<title>[A-ZÆØÅ0-9].*)$")


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    description: str
    # (what a person sees, pattern): a line matching one counts for the system.
    evidence: tuple[tuple[str, re.Pattern[str]], ...]
    items: tuple[Head, ...]
    subitems: tuple[Head, ...] = ()
    # Whole-line headings this system adds to rules.SECTION_HEADINGS (lower case -> kind).
    headings: dict[str, str] = field(default_factory=dict)
    # Labels that start a section with its text on the same line: "Referat: Alle skal ...".
    inline_headings: dict[str, str] = field(default_factory=dict)


def _evidence(*shown: tuple[str, str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((label, re.compile(pattern)) for label, pattern in shown)


PROFILES: tuple[Profile, ...] = (
    Profile(
        "firstagenda",
        "FirstAgenda (Prepare/Publication): 'Punkt N: Title', case number on the next line, "
        "'Beslutning <organ> den <dato>' or 'Beslutninger'",
        _evidence(
            ("'Punkt N: Title'", r"^Punkt \d+: \S"),
            ("'EMN-YYYY-NNNNNN'", r"^EMN-\d{4}-\d+$"),
            # "Beslutning i <organ> den …" is anyone's.
            (
                "'Beslutning <Organ> den <dato>'",
                r"^Beslutning [A-ZÆØÅ]\S*(?: [\wæøå-]+)* (?:den|d\.) \d",
            ),
        ),
        # Some FirstAgenda templates number items "1. Title", set as a heading.
        (PUNKT, NUMBER_DOT, NUMBER_SPACE),
    ),
    Profile(
        "edoc",
        "eDoc: 'N. Title', 'Sagsnr.:' and 'Dok.nr.:' lines, "
        "'<Organ>s beslutning den DD.MM.YYYY Punkt N', sub-items a.-e.",
        _evidence(
            ("'Sagsnr.: YYYY-NNNNN'", r"^Sagsnr\.: ?\d{4}-\d+"),
            ("'Dok.nr.: YYYY-NNNNNN'", r"^Dok\.nr\.: ?\d{4}-\d+"),
            (
                "'<Organ>s beslutning den DD.MM.YYYY Punkt N'",
                r"s beslutning den \d\d\.\d\d\.\d{4}(?: Punkt \d+)?$",
            ),
            ("'Åbent/Lukket referat'", r"^(?:Åbent|Lukket) referat$"),
        ),
        (PUNKT, NUMBER_DOT),
        (LETTER_DOT,),
    ),
    Profile(
        "word",
        "Word / GetOrganized templates: hierarchical items '1 Title', '1.1 Title' with "
        "'Oplæg:' and 'Referat:'",
        _evidence(
            ("'Oplæg:'", r"^Oplæg:"),
            ("'Referat:'", r"^Referat:"),
            ("'1.1 Title'", r"^\d{1,2}\.\d{1,2} [A-ZÆØÅ]"),
        ),
        (PUNKT, NUMBER_SPACE, NUMBER_DOT),
        (DOTTED,),
        inline_headings={"oplæg": "sagsfremstilling", "referat": "beslutning"},
    ),
)

GENERIC = Profile(
    "generic",
    "Any other system (Acadre, Cicero, KMD, SBSYS, ...): numbered items in heading style, "
    "bold headings as sections, case numbers and decision lines by pattern",
    (),
    (PUNKT, NUMBER_DOT, NUMBER_SPACE),
    (LETTER_DOT,),
)

BY_NAME: dict[str, Profile] = {p.name: p for p in (*PROFILES, GENERIC)}
MIN_EVIDENCE = 1  # lines of evidence a system needs before it is chosen


def _any_evidence() -> tuple[re.Pattern[str], ...]:
    """Patterns that together find any system's evidence in a line: the anchored ones (``^``)
    as one, tried at the line's start only, and each other one.  Most lines have none, and two
    searches tell instead of ten."""
    patterns = [pattern.pattern for p in PROFILES for _, pattern in p.evidence]
    anchored = [p[1:] for p in patterns if p.startswith("^")]
    others = [re.compile(p) for p in patterns if not p.startswith("^")]
    first = [re.compile("^(?:" + "|".join(f"(?:{p})" for p in anchored) + ")")] if anchored else []
    return (*first, *others)


_ANY_EVIDENCE = _any_evidence()


def detect(texts: Iterable[str]) -> tuple[Profile, str | None]:
    """The profile with the most evidence in the document's lines, and that evidence as text
    (``'Sagsnr.: YYYY-NNNNN' x9, 'Dok.nr.: YYYY-NNNNNN' x9``); ``GENERIC`` and None when no
    system has any."""
    counts: dict[str, dict[str, int]] = {p.name: {} for p in PROFILES}
    for text in texts:
        if not any(p.search(text) for p in _ANY_EVIDENCE):
            continue
        for profile in PROFILES:
            for label, pattern in profile.evidence:
                if pattern.search(text):
                    found = counts[profile.name]
                    found[label] = found.get(label, 0) + 1
    best = max(PROFILES, key=lambda p: (sum(counts[p.name].values()), len(counts[p.name])))
    total = sum(counts[best.name].values())
    if total < MIN_EVIDENCE:
        return GENERIC, None
    return best, ", ".join(f"{label} x{n}" for label, n in counts[best.name].items())


def get(name: str) -> Profile:
    try:
        return BY_NAME[name.lower()]
    except KeyError:
        raise ValueError(
            f"unknown agenda system {name!r}; choose one of {', '.join(BY_NAME)}"
        ) from None
