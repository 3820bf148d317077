"""A fetch run: the site's listing, then each finished meeting not fetched yet, into the archive.

**Incremental.**  Each fetched source records the meeting's id on the site and its
``ReleasedDate`` (``sources.site_id``, ``sources.released``).  A listed meeting whose release is
the one recorded is not asked for again (``unchanged``); one released anew is fetched and
replaces its earlier release (``updated``): the earlier release's sources are dropped in the
same transaction (the bytes stay in the cache), so the republished minutes are the meeting's.

**Resumable.**  Each meeting is written in a transaction of its own (the JSON path of ``referat
import``: :func:`referat.ingest.batch.parse_bytes`,
:func:`referat.ingest.batch.save_outcome`) and committed
before the next request, so a run that ends early (Ctrl-C, SIGTERM, the site gone) keeps every
meeting it finished, none half; the next run goes on from there.

**Robust.**  A meeting that fails (HTTP error, a web page instead of JSON, a truncated body, a
parse error) is one result with its reason and URL, and the run goes on; a site that stops
answering ends the run (``FetchReport.stopped``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from referat.archive.store import Archive, archive_error
from referat.errors import ArchiveError, ReferatError
from referat.fetch import cache
from referat.fetch.client import Client, FetchError, Unreachable
from referat.fetch.discover import (
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
from referat.fetch.record import (
    Known,
    drop_release,
    fetched_now,
    item_links_of,
    known_releases,
    record,
    record_release,
    with_provenance,
)
from referat.fetch.sites import Site
from referat.ingest.batch import ParseOutcome, parse_bytes, save_outcome
from referat.ingest.interrupts import Terminated
from referat.models import Fetched, Meeting

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
    note: str | None = None  # updated: what changed; new: what the save said, if anything

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
    if options.cache is not None:
        try:
            options.cache.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ReferatError(
                f"{options.cache}: cannot make the cache folder ({exc.strerror or exc}); "
                "--no-cache runs without it"
            ) from None
    run = _Run(archive, site, client, options)
    try:
        known = known_releases(archive.conn)
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

    def one(self, listed: Listed, known: Known | None) -> FetchResult:
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
                meeting_id, changed, note = self._json(listed, known, url)
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

    def _json(self, listed: Listed, known: Known | None, url: str) -> tuple[str, bool, str | None]:
        """Fetch and save the meeting's JSON: its meeting id, whether it changed, and what the
        save said (another source of a stored meeting, …)."""
        body = self.client.get(url, "json")
        answered = meeting_of(body)
        if answered is not None and answered.casefold() != listed.site_id.casefold():
            raise FetchError(f"the site answered with another meeting ({answered})")
        self._keep(body, ".json")
        page = self.site.url(PAGE.format(id=quote(listed.site_id, safe="")))
        links = {n: f"{page}&punktid={quote(i, safe='')}" for n, i in item_ids(body).items()}
        fetched = fetched_now(url, listed.site_id, listed.released, page, links)
        if known is not None and hashlib.sha256(body).hexdigest() == known.sha256.get("json"):
            with self.archive.transaction() as conn:  # the same minutes, released again
                record_release(conn, listed.site_id, fetched)
            return known.meeting_id, False, None
        outcome = self._parse(body, url)
        with self.archive.transaction() as conn:
            if known is not None:
                drop_release(conn, listed.site_id)
            meeting_id, note = self._save(conn, outcome, fetched, None)
            return meeting_id, True, note

    def _pdf(self, listed: Listed, meeting_id: str, url: str) -> None:
        """Fetch the meeting's PDF and save it as another source of the meeting."""
        from referat.archive.load import read_meeting

        body = self.client.get(url, "pdf")
        self._keep(body, ".pdf")
        outcome = self._parse(body, url)
        page = self.site.url(PAGE.format(id=quote(listed.site_id, safe="")))
        with self.archive.transaction() as conn:
            drop_release(conn, listed.site_id, "pdf")
            links = item_links_of(conn, listed.site_id)
            fetched = fetched_now(url, listed.site_id, listed.released, page, links)
            self._save(conn, outcome, fetched, read_meeting(conn, meeting_id))

    def _parse(self, body: bytes, url: str) -> ParseOutcome:
        reading = {"municipality": self.site.municipality} if self.site.municipality else None
        outcome = parse_bytes(body, url, reading=reading)
        if outcome.meeting is None:  # the error names the URL first: the result line does
            raise _NotSaved((outcome.error or "not parsed").removeprefix(f"{url}: "))
        return outcome

    def _save(
        self,
        conn: sqlite3.Connection,
        outcome: ParseOutcome,
        fetched: Fetched,
        same_as: Meeting | None,
    ) -> tuple[str, str | None]:
        """Save a parse with its provenance (``same_as``: see :func:`with_provenance`), within
        the caller's transaction: the meeting's id and the save's note."""
        assert outcome.meeting is not None
        meeting = with_provenance(outcome.meeting, fetched, same_as)
        result = save_outcome(self.archive, dataclasses.replace(outcome, meeting=meeting))
        if result.status == "failed" or result.meeting_id is None:
            raise _NotSaved(result.reason or "not saved")
        record(conn, result.meeting_id, meeting.source.sha256, fetched)
        return result.meeting_id, result.note

    def _keep(self, body: bytes, suffix: str) -> None:
        if self.options.cache is not None:
            cache.keep(self.options.cache, body, suffix)
