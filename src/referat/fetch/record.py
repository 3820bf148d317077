"""What the archive holds of a site's meetings, and how a fetch writes its provenance.

Each fetched source records the meeting's id on the site and the release it was fetched at
(``sources.site_id``, ``sources.released``: schema version 6), besides its URL, when, and the
pages a person opens (:class:`referat.models.Fetched`).  A run reads them back
(:func:`known_releases`) to ask only for what is new; a release that replaces an earlier one
drops the earlier one's sources (:func:`drop_release`).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass

from referat.archive.save import fetched_values
from referat.models import Fetched, Meeting


@dataclass(frozen=True, slots=True)
class Known:
    """What the archive holds of one site meeting: the meeting it is a source of, and per
    format (``json``, ``pdf``) the release and the bytes fetched."""

    meeting_id: str
    released: dict[str, str | None]
    sha256: dict[str, str]


def known_releases(conn: sqlite3.Connection) -> dict[str, Known]:
    """Every fetched site meeting in the archive, by its id on the site (the latest source of
    each format counts)."""
    known: dict[str, Known] = {}
    for site_id, released, fmt, meeting_id, sha in conn.execute(
        "SELECT s.site_id, s.released, s.format, s.meeting_id, s.sha256 FROM sources s "
        "JOIN meetings m ON m.id = s.meeting_id WHERE s.site_id IS NOT NULL ORDER BY s.id"
    ):
        entry = known.setdefault(site_id, Known(meeting_id, {}, {}))
        entry.released[fmt], entry.sha256[fmt] = released, sha
    return known


def fetched_now(
    url: str, site_id: str, released: str | None, page: str, item_links: dict[int, str]
) -> Fetched:
    """The provenance of a source fetched now (UTC, seconds)."""
    when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Fetched(
        url=url,
        site_id=site_id,
        released=released,
        fetched_at=when,
        link=page,
        item_links=item_links,
    )


def item_links_of(conn: sqlite3.Connection, site_id: str) -> dict[int, str]:
    """The items' pages recorded with the site meeting's JSON (a PDF's source gets them too)."""
    row = conn.execute(
        "SELECT item_links FROM sources WHERE site_id = ? AND format = 'json' "
        "ORDER BY id DESC LIMIT 1",
        (site_id,),
    ).fetchone()
    try:
        value = json.loads(row[0] or "{}") if row else {}
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {int(k): str(v) for k, v in value.items() if str(k).isdigit()}


def with_provenance(meeting: Meeting, fetched: Fetched, same_as: Meeting | None) -> Meeting:
    """``meeting`` with its source's provenance; ``same_as``: the stored meeting it is another
    source of (the site says so), whose identity it takes."""
    source = meeting.source.model_copy(update={"fetched": fetched})
    update: dict[str, object] = {"source": source}
    if same_as is not None:
        keep = ("id", "kind", "body", "date", "start", "municipality")
        update.update({name: getattr(same_as, name) for name in keep})
    return meeting.model_copy(update=update)


def record(conn: sqlite3.Connection, meeting_id: str, sha256: str, fetched: Fetched) -> None:
    """Write the provenance on the meeting's source with these bytes (also when they were a
    source already, imported by hand)."""
    conn.execute(
        "UPDATE sources SET url = ?, site_id = ?, released = ?, fetched_at = ?, link = ?, "
        "item_links = ? WHERE meeting_id = ? AND sha256 = ?",
        (*fetched_values(fetched), meeting_id, sha256),
    )


def record_release(conn: sqlite3.Connection, site_id: str, fetched: Fetched) -> None:
    """The same JSON released again: its new release and when it was fetched."""
    conn.execute(
        "UPDATE sources SET released = ?, fetched_at = ? WHERE site_id = ? AND format = 'json'",
        (fetched.released, fetched.fetched_at, site_id),
    )


def drop_release(conn: sqlite3.Connection, site_id: str, fmt: str | None = None) -> None:
    """Drop the sources of an earlier release of a site's meeting (``fmt``: only those of that
    format), and a meeting they leave without any source."""
    where = "site_id = ?" + (" AND format = ?" if fmt else "")
    params = (site_id, fmt) if fmt else (site_id,)
    meetings = {r[0] for r in conn.execute(f"SELECT meeting_id FROM sources WHERE {where}", params)}
    conn.execute(f"DELETE FROM sources WHERE {where}", params)
    for meeting_id in meetings:
        if conn.execute("SELECT 1 FROM sources WHERE meeting_id = ?", (meeting_id,)).fetchone():
            continue
        conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
