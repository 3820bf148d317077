"""Danish dates, times, weekdays and months: a small table of our own, no locale needed."""

from __future__ import annotations

import datetime as dt
import re

MONTH_NAMES: tuple[str, ...] = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip
WEEKDAY_NAMES: tuple[str, ...] = (
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
)  # fmt: skip

MONTHS: dict[str, int] = {
    "januar": 1, "jan": 1,
    "februar": 2, "feb": 2, "febr": 2,
    "marts": 3, "mar": 3, "mrt": 3,
    "april": 4, "apr": 4,
    "maj": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "mandag": 0, "tirsdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lørdag": 5, "søndag": 6,
    "man": 0, "tir": 1, "tirs": 1, "ons": 2, "tor": 3, "tors": 3, "fre": 4, "lør": 5, "søn": 6,
}  # fmt: skip

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))

# Numeric: 16-01-2023, 16.01.2023, 16/1 2023, 2023-01-16.  Named: 16. januar 2023, 16 jan. 2023.
NUMERIC_DATE = re.compile(
    r"(?<![\d:.])(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./ ]\s*(\d{4}|\d{2})(?![\d:]|\.\d)"
)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
NAMED_DATE = re.compile(rf"\b(\d{{1,2}})\.?\s*({_MONTH_RE})\.?\s+(\d{{4}})\b", re.IGNORECASE)
TIME = re.compile(r"\b(?:kl\.?\s*)?([01]?\d|2[0-3])[:.]([0-5]\d)\b", re.IGNORECASE)
WEEKDAY = re.compile(rf"^\s*(?:{_WEEKDAY_RE})\b\.?,?\s*", re.IGNORECASE)

# Anything that looks like a date, valid or not: used to tell a date from other words.
LOOKS_LIKE_DATE = re.compile(
    rf"(?<![\d:.])\d{{1,2}}\s*[-./]\s*\d{{1,2}}\s*[-./ ]\s*\d{{2,4}}(?![\d:]|\.\d)"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}\.?\s*(?:{_MONTH_RE})\.?\s+\d{{4}}",
    re.IGNORECASE,
)


class DateError(ValueError):
    """Text looks like a date but is not a real one (``31-02-2023``)."""


# Years a meeting can have: a date outside is a typo or hostile (``0001``, ``9999``).
YEARS = range(1900, 2101)


def _year(text: str) -> int:
    """``23`` -> 2023; four digits as written (``0001`` stays year 1, to be refused)."""
    return int(text) + 2000 if len(text) == 2 else int(text)


def _make(year: int, month: int, day: int, text: str) -> dt.date:
    if year not in YEARS:
        raise DateError(
            f"impossible date {text.strip()!r}: year {year} is outside "
            f"{YEARS.start}-{YEARS.stop - 1}"
        )
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise DateError(f"impossible date {text.strip()!r}: {exc}") from None


def find_date(text: str) -> dt.date | None:
    """The first date in ``text``, or None if there is none.

    Raises :class:`DateError` when something date-shaped is not a real date.
    """
    candidates: list[tuple[int, re.Match[str], str]] = []
    for kind, pattern in (("iso", ISO_DATE), ("named", NAMED_DATE), ("numeric", NUMERIC_DATE)):
        match = pattern.search(text)
        if match:
            candidates.append((match.start(), match, kind))
    if not candidates:
        return None
    _, match, kind = min(candidates, key=lambda c: (c[0], c[2] != "iso"))
    if kind == "iso":
        return _make(int(match[1]), int(match[2]), int(match[3]), match[0])
    if kind == "named":
        return _make(_year(match[3]), MONTHS[match[2].lower()], int(match[1]), match[0])
    return _make(_year(match[3]), int(match[2]), int(match[1]), match[0])


def parse_date(text: str) -> dt.date:
    """Parse a whole Danish date expression, weekday and ``d.``/``den`` allowed.

    ``Mandag d. 16. januar 2023`` -> 2023-01-16.  Raises DateError if there is no valid date.
    """
    found = find_date(text)
    if found is None:
        raise DateError(f"no date in {text.strip()!r}")
    return found


def find_times(text: str) -> list[str]:
    """Times as ``HH:MM``: ``kl. 9.30-12.00`` -> ["09:30", "12:00"].  Dates are skipped."""
    masked = LOOKS_LIKE_DATE.sub(lambda m: " " * len(m[0]), text)
    return [f"{int(h):02d}:{m}" for h, m in TIME.findall(masked)]
