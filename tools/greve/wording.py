"""The words a printed Greve meeting uses around the JSON's text: dates, labels, headings."""

from __future__ import annotations

import datetime as dt

from .source import Item, Meeting

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
    "oktober", "november", "december",
)  # fmt: skip
MUNICIPALITY = "Greve Kommune"


def long_date(date: dt.date) -> str:
    """``mandag den 23. maj 2022``."""
    return f"{WEEKDAYS[date.weekday()]} den {date.day}. {MONTHS[date.month - 1]} {date.year}"


def when(meeting: Meeting) -> str:
    """``mandag den 23. maj 2022 kl. 19.00``."""
    text = long_date(meeting.date)
    if meeting.start:
        text += f" kl. {meeting.start.replace(':', '.')}"
    return text


def present(meeting: Meeting) -> list[str]:
    return [a.name for a in meeting.attendees if not a.absent]


def regrets(meeting: Meeting) -> list[str]:
    return [a.name for a in meeting.attendees if a.absent and a.regrets]


def away(meeting: Meeting) -> list[str]:
    return [a.name for a in meeting.attendees if a.absent and not a.regrets]


def absence_lines(meeting: Meeting) -> list[tuple[str, list[str]]]:
    """The header's absence lists that are not empty: ``Afbud`` and ``Fraværende``."""
    lists = [("Afbud", regrets(meeting)), ("Fraværende", away(meeting))]
    return [(label, names) for label, names in lists if names]


def dmy(date: dt.date) -> str:
    return date.strftime("%d-%m-%Y")


def closed_suffix(item: Item) -> str:
    return " (Lukket)" if item.closed else ""


def closed_prefix(item: Item) -> str:
    return "Lukket: " if item.closed else ""
