"""The archive's upkeep: ``referat reparse``, ``reindex`` and ``serve`` (registered on the
``referat`` group)."""

from __future__ import annotations

import sys

import click

from referat.cli.app import cli, user_errors
from referat.cli.options import db_option, json_option


@cli.command(short_help="Re-parse the stored sources and report what changed.")
@db_option
@click.option("--write", is_flag=True, help="Replace changed meetings (default: only report).")
@json_option
def reparse(db: str, write: bool, as_json: bool) -> None:
    """Re-parse every stored source text with this referat's parser and report what changed.

    Each meeting is unchanged, changed (with what) or failed (with why).  Nothing is written
    unless --write is given; then each changed meeting is replaced in one transaction.
    Exit 1 if any meeting failed.
    """
    from referat.archive.store import archive_session
    from referat.cli import render
    from referat.ingest.reparse import reparse_archive

    with user_errors(), archive_session(db, create=False) as archive:
        report = reparse_archive(archive, write=write)
    if as_json:
        render.print_json([render.reparse_json(r) for r in report.results])
    render.render_reparse_report(report, details=not as_json)
    if not report.ok:
        sys.exit(1)


@cli.command(short_help="Browse and search the archive in Datasette.")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@click.option(
    "--sources",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="Folder that the sources' relative paths start from (default: the current folder).",
)
def serve(db: str, host: str, port: int, sources: str | None) -> None:
    """Browse and search the archive in Datasette (needs: pip install 'referat[web]').

    Danish titles, a search box on the sections, facets by municipality, body, year and section
    kind, canned queries (a case's timeline, a body's decisions between two dates, who was
    absent when) and a link from every item to the page of its source.
    """
    from pathlib import Path

    from referat.cli.web import serve as serve_archive

    with user_errors():
        serve_archive(Path(db), host=host, port=port, sources=Path(sources) if sources else None)


@cli.command(short_help="Rebuild the search indexes (the Danish stems anew).")
@db_option
def reindex(db: str) -> None:
    """Rebuild the archive's full-text indexes from its tables, and the Danish stems of every
    section: after another program (sqlite-utils, Datasette) wrote or changed sections."""
    from referat.archive.save import rebuild_search
    from referat.archive.store import archive_session
    from referat.cli import render

    with user_errors(), archive_session(db, create=False) as archive:
        sections = rebuild_search(archive)
    render.message(f"Reindexed {sections:,} sections.")
