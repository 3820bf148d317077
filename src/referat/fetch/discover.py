"""What a site has: its committees and meetings, from one ``udvalgsliste`` request, and the
meetings a run asks for (finished, in the dates and committees given).

``GET /api/agenda/udvalgsliste`` answers ``{"Udvalg": {"<period>": [{Id, Navn, Moeder: [{Id,
Dato, ReleasedDate, Afsluttet, Navn, IsSupplementaryAgenda, …}]}]}}``, every meeting the site
has, without paging.  A meeting has minutes when ``Afsluttet`` is true (Greve calls every meeting
``Dagsorden`` in ``Navn``); ``ReleasedDate`` changes when its minutes are republished.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from referat.errors import ReferatError
from referat.fetch.sites import keys

LISTING = "/api/agenda/udvalgsliste"
MEETING = "/api/agenda/dagsorden/{id}"
MEETING_PDF = "/vis/pdf/dagsorden/{id}?redirectDirectlyToPdf=true"
PAGE = "/vis?id={id}"  # the page a person opens; an item's adds "&punktid={item}"


@dataclass(frozen=True, slots=True)
class Listed:
    """One meeting of the listing."""

    site_id: str  # the meeting's id on the site
    committee: str
    date: dt.date | None
    released: str | None  # ReleasedDate as the site writes it; None: never released
    finished: bool  # Afsluttet: its minutes are published

    def describe(self) -> str:
        """``Økonomiudvalget 2024-03-04``: how a message names it."""
        when = self.date.isoformat() if self.date else "(no date)"
        return f"{self.committee} {when}"


def read_listing(body: bytes, where: str) -> list[Listed]:
    """The listing's meetings, oldest first, each once.  ReferatError if it is not a listing."""
    try:
        data = json.loads(body)
    except ValueError:
        raise ReferatError(f"{where}: the committee listing is not valid JSON") from None
    periods = data.get("Udvalg") if isinstance(data, dict) else None
    if not isinstance(periods, dict):
        raise ReferatError(f"{where}: not a FirstAgenda Publication committee listing (no Udvalg)")
    found: dict[str, Listed] = {}
    for committees in periods.values():
        for committee in _objects(committees):
            name = " ".join(str(committee.get("Navn") or "").split()) or "(no name)"
            for meeting in _objects(committee.get("Moeder")):
                listed = _listed(meeting, name)
                if listed is not None:
                    found.setdefault(listed.site_id, listed)
    return sorted(found.values(), key=lambda m: (m.date or dt.date.min, m.committee, m.site_id))


def _objects(value: Any) -> Iterable[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _listed(meeting: dict[str, Any], committee: str) -> Listed | None:
    site_id = meeting.get("Id")
    if not isinstance(site_id, str) or not site_id.strip():
        return None
    released = meeting.get("ReleasedDate")
    return Listed(
        site_id=site_id.strip(),
        committee=committee,
        date=_date(meeting.get("Dato")) or _date(meeting.get("MeetingBeginUtc")),
        released=released if isinstance(released, str) and released else None,
        finished=meeting.get("Afsluttet") is True,
    )


def _date(value: Any) -> dt.date | None:
    """The meeting's day as the site writes it (``2024-03-04T17:00:00+01:00`` -> 2024-03-04)."""
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None


def select(
    meetings: list[Listed],
    *,
    committees: tuple[str, ...] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[Listed]:
    """The finished meetings of the committees (by name, else by part of one: any case,
    ``æøå`` as ``ae oe aa``) on or between the dates.  A committee name that matches none of
    the site's raises ReferatError naming them."""
    chosen = [m for m in meetings if m.finished]
    if committees:
        names = sorted({m.committee for m in meetings})
        wanted: set[str] = set()
        for given in committees:
            exact = {n for n in names if keys(n) & keys(given)}
            matches = exact or {n for n in names if _matches(given, n)}
            if not matches:
                shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
                raise ReferatError(f"no committee {given!r} on the site (it has: {shown})")
            wanted |= matches
        chosen = [m for m in chosen if m.committee in wanted]
    if since is not None:
        chosen = [m for m in chosen if m.date is not None and m.date >= since]
    if until is not None:
        chosen = [m for m in chosen if m.date is not None and m.date <= until]
    return chosen


def _matches(given: str, committee: str) -> bool:
    theirs = keys(committee)
    return any(mine in key for mine in keys(given) for key in theirs)


def item_ids(body: bytes) -> dict[int, str]:
    """A meeting's items by number -> their id on the site (for their links)."""
    try:
        data = json.loads(body)
    except ValueError:
        return {}
    items = data.get("Dagsordenpunkter") if isinstance(data, dict) else None
    found: dict[int, str] = {}
    for item in _objects(items):
        number, item_id = str(item.get("Punktnummer", "")).strip(), item.get("Id")
        if number.isascii() and number.isdigit() and isinstance(item_id, str) and item_id:
            found.setdefault(int(number), item_id)
    return found


def meeting_of(body: bytes) -> str | None:
    """The id a meeting's JSON says it has (top-level ``Id``: ``Moede.Id`` is all zeros)."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    value = data.get("Id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None
