"""A fetch run: the site's listing, then each finished meeting not fetched yet, into the archive.

**Incremental.**  Each fetched source records the meeting's id on the site and its
``ReleasedDate`` (``sources.site_id``, ``sources.released``).  A listed meeting whose release is
the one recorded is not asked for again (``unchanged``); one released anew is fetched and
replaces its earlier release (``updated``): the earlier release's sources are dropped in the
same transaction (the bytes stay in the cache), so the republished minutes are the meeting's.

**Resumable.**  Each meeting is written in a transaction of its own (the JSON path of ``referat
import``: :func:`referat.ingest.parse_bytes`, :func:`referat.ingest.save_outcome`) and committed
before the next request, so a run that ends early (Ctrl-C, SIGTERM, the site gone) keeps every
meeting it finished, none half; the next run goes on from there.

**Robust.**  A meeting that fails (HTTP error, a web page instead of JSON, a truncated body, a
parse error) is one result with its reason and URL, and the run goes on; a site that stops
answering ends the run (``FetchReport.stopped``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from ..errors import ArchiveError, ReferatError
from ..ingest import ParseOutcome, parse_bytes, save_outcome
from ..interrupts import Terminated
from ..models import Fetched, Meeting
from ..store import Archive, archive_error
from . import cache
from .client import Client, FetchError, Unreachable
from .discover import (
    LISTING,
    MEETING,
    MEETING_PDF,
    PAGE,
    Listed,
    item_ids,
    meeting_of,
    read_listing,
    select,
)
from .sites import Site

Status = Literal["new", "updated", "unchanged", "failed"]
STATUSES: tuple[Status, ...] = ("new", "updated", "unchanged", "failed")
_ABSENT = object()  # a format not fetched yet


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Which meetings (committees by name or part of one, dates inclusive), whether the PDF is
    fetched too, and the cache folder (None: no cache)."""

    committees: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    pdf: bool = False
    cache: Path | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    listed: Listed
    status: Status
    meeting_id: str | None = None
    reason: str | None = None  # failed: why
    url: str | None = None  # failed: what was asked for
    note: str | None = None  # updated: what changed

    def line(self) -> str:
        """One line for a person: ``Økonomiudvalget 2024-03-04: <url>: HTTP 404 Not Found``."""
        where = f"{self.listed.describe()} ({self.listed.site_id})"
        if self.status == "failed":
            return f"{where}: {self.url}: {self.reason}" if self.url else f"{where}: {self.reason}"
        return f"{where}: {self.meeting_id}" + (f" ({self.note})" if self.note else "")


@dataclass
class FetchReport:
    site: Site
    listed: int = 0  # meetings on the site
    selected: int = 0  # finished, in the committees and dates asked for
    results: list[FetchResult] = field(default_factory=list)
    stopped: str | None = None  # why the run ended early: the site or the archive
    interrupted: bool = False  # Ctrl-C
    terminated: str | None = None  # SIGTERM, SIGHUP

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failures(self) -> list[FetchResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def left(self) -> int:
        """Meetings the run did not come to."""
        return self.selected - len(self.results)

    @property
    def ok(self) -> bool:
        return (
            not self.failures
            and self.stopped is None
            and not self.interrupted
            and (self.terminated is None)
        )

    def summary(self) -> str:
        """``Fetched: 18 new, 0 updated, 42 unchanged, 1 failed``."""
        return "Fetched: " + ", ".join(f"{self.count(s)} {s}" for s in STATUSES)


class _NotSaved(Exception):
    """A document could not be saved; its transaction is rolled back."""


@dataclass(frozen=True, slots=True)
class _Known:
    """What the archive holds of one site meeting: its meeting, and per format the release
    and bytes fetched."""

    meeting_id: str
    released: dict[str, str | None]
    sha256: dict[str, str]


def fetch_site(
    archive: Archive,
    site: Site,
    client: Client,
    options: FetchOptions | None = None,
    *,
    progress: Callable[[FetchResult], None] | None = None,
    selected: Callable[[int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> FetchReport:
    """Fetch the site's finished meetings into the archive (see the module's docstring).

    A site that does not answer, or whose listing is not one, raises ReferatError (one line).
    ``selected(n)`` is told how many meetings the run will go through, ``progress(result)``
    each result; ``should_stop()`` is asked between meetings."""
    options = options or FetchOptions()
    listing = list_site(client, site)
    chosen = select(
        listing, committees=options.committees, since=options.since, until=options.until
    )
    report = FetchReport(site, listed=len(listing), selected=len(chosen))
    if selected is not None:
        selected(len(chosen))
    run = _Run(archive, site, client, options)
    try:
        known = run.known()
        with archive.grouped() as group:
            for listed in chosen:
                if should_stop is not None and should_stop():
                    report.interrupted = True
                    break
                try:
                    result = run.one(listed, known.get(listed.site_id))
                finally:
                    group.commit()
                report.results.append(result)
                if progress is not None:
                    progress(result)
    except Unreachable as exc:
        report.stopped = f"{site.label}: {site.base} stopped answering ({exc})"
    except ArchiveError as exc:
        report.stopped = str(exc)
    except sqlite3.Error as exc:
        report.stopped = str(archive_error(archive.path, exc))
    except Terminated as exc:
        report.terminated = exc.signal_name
    return report


def list_site(client: Client, site: Site) -> list[Listed]:
    """Open a session with the site (its cookie) and read its listing.  A site that does not
    answer, or answers something else, raises ReferatError."""
    try:
        client.get(site.url("/"), accept="text/html")  # the session cookie
    except Unreachable as exc:
        raise ReferatError(f"{site.label}: {site.base} does not answer ({exc})") from None
    except FetchError:
        pass  # the listing says whether the site works
    url = site.url(LISTING)
    try:
        body = client.get(url, "json")
    except FetchError as exc:
        raise ReferatError(
            f"{site.label}: {url}: {exc} (not a working FirstAgenda Publication site?)"
        ) from None
    return read_listing(body, url)


class _Run:
    """One run's meetings, one at a time (see :func:`fetch_site`)."""

    def __init__(self, archive: Archive, site: Site, client: Client, options: FetchOptions):
        self.archive, self.site, self.client, self.options = archive, site, client, options

    def known(self) -> dict[str, _Known]:
        known: dict[str, _Known] = {}
        for site_id, released, fmt, meeting_id, sha in self.archive.conn.execute(
            "SELECT s.site_id, s.released, s.format, s.meeting_id, s.sha256 FROM sources s "
            "JOIN meetings m ON m.id = s.meeting_id WHERE s.site_id IS NOT NULL ORDER BY s.id"
        ):
            entry = known.setdefault(site_id, _Known(meeting_id, {}, {}))
            entry.released[fmt], entry.sha256[fmt] = released, sha
        return known

    def one(self, listed: Listed, known: _Known | None) -> FetchResult:
        released = listed.released
        need_json = known is None or known.released.get("json", _ABSENT) != released
        need_pdf = self.options.pdf and (
            known is None or known.released.get("pdf", _ABSENT) != released
        )
        if not need_json and not need_pdf:
            assert known is not None
            return FetchResult(listed, "unchanged", known.meeting_id)
        meeting_id = known.meeting_id if known is not None else None
        status: Status = "unchanged"
        note = None
        url = self.site.url(MEETING.format(id=quote(listed.site_id, safe="")))
        try:
            if need_json:
                meeting_id, changed = self._json(listed, known, url)
                if changed:
                    status = "new" if known is None else "updated"
                if known is not None and changed:
                    was = known.released.get("json")
                    note = f"republished {released}" + (f", was {was}" if was else "")
            if need_pdf:
                assert meeting_id is not None
                url = self.site.url(MEETING_PDF.format(id=quote(listed.site_id, safe="")))
                self._pdf(listed, meeting_id, url)
                if status == "unchanged":
                    status, note = "updated", "its PDF added"
        except Unreachable:
            raise
        except (FetchError, _NotSaved) as exc:
            return FetchResult(listed, "failed", meeting_id, reason=str(exc), url=url)
        except ReferatError as exc:  # the cache
            return FetchResult(listed, "failed", meeting_id, reason=str(exc))
        assert meeting_id is not None
        return FetchResult(listed, status, meeting_id, note=note)

    def _json(self, listed: Listed, known: _Known | None, url: str) -> tuple[str, bool]:
        """Fetch and save the meeting's JSON: its meeting id, and whether it changed."""
        body = self.client.get(url, "json")
        answered = meeting_of(body)
        if answered is not None and answered.casefold() != listed.site_id.casefold():
            raise FetchError(f"the site answered with another meeting ({answered})")
        self._keep(body, ".json")
        fetched = self._fetched(listed, url, body)
        if known is not None and _sha256(body) == known.sha256.get("json"):
            with self.archive.transaction() as conn:  # the same minutes, released again
                conn.execute(
                    "UPDATE sources SET released = ?, fetched_at = ? WHERE site_id = ?",
                    (fetched.released, fetched.fetched_at, listed.site_id),
                )
            return known.meeting_id, False
        outcome = self._parse(body, url)
        with self.archive.transaction() as conn:
            if known is not None:
                _drop_release(conn, listed.site_id)
            return self._save(conn, outcome, fetched, None), True

    def _pdf(self, listed: Listed, meeting_id: str, url: str) -> None:
        """Fetch the meeting's PDF and save it as another source of the meeting."""
        from ..load import read_meeting

        body = self.client.get(url, "pdf")
        self._keep(body, ".pdf")
        outcome = self._parse(body, url)
        with self.archive.transaction() as conn:
            _drop_release(conn, listed.site_id, "pdf")
            fetched = self._fetched(listed, url, None)
            json_fetched = read_meeting(conn, meeting_id)
            self._save(conn, outcome, fetched, json_fetched)

    def _parse(self, body: bytes, url: str) -> ParseOutcome:
        reading = {"municipality": self.site.municipality} if self.site.municipality else None
        outcome = parse_bytes(body, url, reading=reading)
        if outcome.meeting is None:
            raise _NotSaved(outcome.error or "not parsed")
        return outcome

    def _save(
        self,
        conn: sqlite3.Connection,
        outcome: ParseOutcome,
        fetched: Fetched,
        same_as: Meeting | None,
    ) -> str:
        """Save a parse with its provenance; ``same_as``: the meeting it is a source of (the
        site says so), whose identity it takes.  Within the caller's transaction."""
        assert outcome.meeting is not None
        meeting = _with_provenance(outcome.meeting, fetched, same_as)
        result = save_outcome(self.archive, dataclasses.replace(outcome, meeting=meeting))
        if result.status == "failed" or result.meeting_id is None:
            raise _NotSaved(result.reason or "not saved")
        conn.execute(  # also when these bytes were already a source (imported by hand)
            "UPDATE sources SET url = ?, site_id = ?, released = ?, fetched_at = ?, link = ?, "
            "item_links = ? WHERE meeting_id = ? AND sha256 = ?",
            (*_provenance(fetched), result.meeting_id, meeting.source.sha256),
        )
        return result.meeting_id

    def _fetched(self, listed: Listed, url: str, body: bytes | None) -> Fetched:
        page = self.site.url(PAGE.format(id=quote(listed.site_id, safe="")))
        links = {} if body is None else item_ids(body)
        if body is None:  # the PDF's source: the items' links are the JSON's
            row = self.archive.conn.execute(
                "SELECT item_links FROM sources WHERE site_id = ? AND format = 'json' "
                "ORDER BY id DESC LIMIT 1",
                (listed.site_id,),
            ).fetchone()
            stored = _json_object(row[0] if row else None)
            return _fetched(url, listed, page, {int(k): v for k, v in stored.items()})
        item_links = {n: f"{page}&punktid={quote(i, safe='')}" for n, i in links.items()}
        return _fetched(url, listed, page, item_links)

    def _keep(self, body: bytes, suffix: str) -> None:
        if self.options.cache is not None:
            cache.keep(self.options.cache, body, suffix)


def _fetched(url: str, listed: Listed, page: str, item_links: dict[int, str]) -> Fetched:
    when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Fetched(
        url=url,
        site_id=listed.site_id,
        released=listed.released,
        fetched_at=when,
        link=page,
        item_links=item_links,
    )


def _with_provenance(meeting: Meeting, fetched: Fetched, same_as: Meeting | None) -> Meeting:
    source = meeting.source.model_copy(update={"fetched": fetched})
    update: dict[str, object] = {"source": source}
    if same_as is not None:
        keep = ("id", "kind", "body", "date", "start", "municipality")
        update.update({name: getattr(same_as, name) for name in keep})
    return meeting.model_copy(update=update)


def _provenance(f: Fetched) -> tuple[str | None, ...]:
    from ..save import fetched_values

    return fetched_values(f)


def _drop_release(conn: sqlite3.Connection, site_id: str, fmt: str | None = None) -> None:
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


def _json_object(text: str | None) -> dict[str, str]:
    import json

    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
