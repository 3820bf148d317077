"""``referat fetch``: a municipality's minutes from its publication site into the archive
(registered on the ``referat`` group; the work is :mod:`referat.fetch`)."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from referat.cli.app import INTERRUPTED, cli, user_errors
from referat.cli.options import DATE, db_option

if TYPE_CHECKING:
    from referat.fetch.run import FetchReport, FetchResult


@cli.command(short_help="Fetch a municipality's minutes from its publication site.")
@click.argument("site", required=False)
@click.option("--list", "list_sites", is_flag=True, help="List the known municipalities.")
@click.option(
    "--committee",
    "committees",
    multiple=True,
    metavar="NAME",
    help="Only this committee (a name or part of one, any case; repeatable).",
)
@click.option("--since", type=DATE, help="Meetings on or after YYYY-MM-DD.")
@click.option("--until", type=DATE, help="Meetings on or before YYYY-MM-DD.")
@click.option("--pdf", is_flag=True, help="Also fetch each meeting's PDF, as another source.")
@db_option
@click.option(
    "--rate",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Requests a second to the site, at most (0: no pause).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Seconds to wait for an answer (connecting: at most 10).",
)
@click.option(
    "--retries",
    type=click.IntRange(0, 10),
    default=3,
    show_default=True,
    help="Retries of a timeout, a lost connection, 429 or 5xx (with backoff).",
)
@click.option("--no-cache", is_flag=True, help="Do not keep the raw responses next to the archive.")
def fetch(
    site: str | None,
    list_sites: bool,
    committees: tuple[str, ...],
    since: Any,
    until: Any,
    pdf: bool,
    db: str,
    rate: float,
    timeout: float,
    retries: int,
    no_cache: bool,
) -> None:
    """Fetch the minutes of SITE's finished meetings into the archive.

    SITE is a municipality (greve, Høje-Taastrup, htk: any case, æøå or ae oe aa) or the URL of
    a FirstAgenda Publication site.  Meetings fetched before are asked for again only when the
    site has released them anew; an interrupted run goes on where it stopped.  Raw responses
    are kept in a folder next to the archive (referat.db: referat.cache/).

    Exit 1 if the site does not answer or any meeting failed.
    """
    if list_sites:
        _print_sites()
        return
    if site is None:
        raise click.UsageError("give a SITE (a municipality or a URL), or --list")
    from referat.archive.store import archive_session
    from referat.fetch.cache import cache_folder
    from referat.fetch.client import Client, Settings
    from referat.fetch.run import FetchOptions, fetch_site
    from referat.fetch.sites import resolve_site
    from referat.ingest.interrupts import stop_on_interrupt

    options = FetchOptions(
        committees=committees,
        since=since.date() if since else None,
        until=until.date() if until else None,
        pdf=pdf,
        cache=None if no_cache else cache_folder(db),
    )
    settings = Settings(
        rate=rate, connect_timeout=min(timeout, 10.0), read_timeout=timeout, retries=retries
    )
    with user_errors():
        where = resolve_site(site)
    with (
        user_errors(),
        archive_session(db) as archive,
        Client(settings) as client,
        stop_on_interrupt() as interrupted,
        _progress() as (started, advance),
    ):
        report = fetch_site(
            archive,
            where,
            client,
            options,
            progress=advance,
            selected=started,
            should_stop=interrupted,
        )
    _render_report(report)
    if report.terminated is not None:
        sys.exit(128 + signal.Signals[report.terminated].value)
    if report.interrupted:
        sys.exit(INTERRUPTED)
    if not report.ok:
        sys.exit(1)


def _print_sites() -> None:
    from rich.table import Table

    from referat.cli import render
    from referat.fetch.sites import known_sites

    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("municipality", "slug", "site"):
        table.add_column(column)
    for name, slug, host in known_sites():
        table.add_row(name, slug, f"https://{host}")
    render.stdout().print(table)


@contextmanager
def _progress() -> Iterator[tuple[Callable[[int], None], Callable[[FetchResult], None]]]:
    """A progress bar on stderr when it is a terminal; each failed or updated meeting is
    said as it happens (above the bar)."""
    from referat.cli import render

    def say(result: FetchResult) -> None:
        if result.status == "failed":
            render.message(f"failed: {result.line()}", style="red")
        elif result.status == "updated" or result.note is not None:
            render.message(f"{result.status}: {result.line()}")

    if not sys.stderr.isatty() or not (console := render.stderr()).is_terminal:
        yield (lambda total: None), say
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("fetching"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("fetch", total=None)

        def advance(result: FetchResult) -> None:
            say(result)
            progress.advance(task)

        yield (lambda total: progress.update(task, total=total)), advance


def _render_report(report: FetchReport) -> None:
    """Why a run ended early and what is left, then the summary line (stderr)."""
    from referat.cli import render

    if report.stopped is not None:
        render.error(report.stopped)
    ended = report.stopped is not None or report.interrupted or report.terminated is not None
    if ended:
        why = "Interrupted" if report.interrupted else "Stopped"
        if report.terminated is not None:
            why = f"Terminated ({report.terminated})"
        render.message(
            f"{why}: {len(report.results)} of {report.selected} meeting(s) handled, "
            f"{report.left} left for the next run (each is saved whole or not at all)",
            style="bold red",
        )
    render.message(report.summary(), style=None if report.ok else "bold red")
