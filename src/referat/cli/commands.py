"""The core commands: ``parse``, ``import``, ``search``, ``show``, ``list``, ``export``, ``schema``.

Thin: each command calls one library function and renders its result (STYLE: library first).
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

import click

from referat.cli.app import INTERRUPTED, UserError, cli, exit_now, read_stdin, user_errors
from referat.cli.options import (
    LIMIT,
    SECTION_KINDS,
    cap_limit,
    complete_meeting_id,
    db_option,
    filter_options,
    filters_of,
    json_option,
    ocr_option,
    output_options,
    pdf_engine_option,
    reading,
    reading_options,
)
from referat.decide.outcome_rules import OUTCOMES


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print the meeting as JSON (the model).")
@click.option("--strict", is_flag=True, help="Treat parse warnings as errors (exit 1).")
@pdf_engine_option
@ocr_option
@reading_options
def parse(
    file: str,
    as_json: bool,
    strict: bool,
    pdf_engine: str | None,
    ocr: bool,
    system: str | None,
    body: str | None,
    meeting_date: Any,
    municipality: str | None,
) -> None:
    """Parse one minutes file and show the meeting.

    FILE is a text, PDF, HTML (.html, .htm), FirstAgenda API JSON (.json), SBSYS publication
    XML (.xml) or Word (.docx) file, or '-' for stdin.  The meeting goes to stdout (a Rich view, or
    the model as JSON with --json); warnings go to stderr, each with its line number.
    """
    from referat.cli import render
    from referat.pipeline import parse_document
    from referat.read.files import check_limits, read_document, read_file

    with user_errors():
        check_limits()
        if file == "-":
            doc = read_document(read_stdin(), "<stdin>", pdf_engine=pdf_engine, ocr=ocr)
        else:
            doc = read_file(file, pdf_engine=pdf_engine, ocr=ocr)
        parsed = parse_document(doc, **reading(system, body, meeting_date, municipality))
        render.render_warnings(parsed.warnings, strict=strict)
        if strict:
            parsed.check_strict()
    if as_json:
        render.print_json(parsed.meeting.model_dump(mode="json"))
    else:
        render.render_meeting(parsed.meeting)


# --------------------------------------------------------------------------------------------
# The archive
# --------------------------------------------------------------------------------------------


@cli.command("import", short_help="Import minutes files and folders into the archive.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@db_option
@click.option("--strict", is_flag=True, help="Treat parse warnings as failures.")
@pdf_engine_option
@ocr_option
@reading_options
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Parse in this many processes (default and at most: the number of CPUs, up to 32).",
)
def import_(
    paths: tuple[str, ...],
    db: str,
    strict: bool,
    pdf_engine: str | None,
    ocr: bool,
    system: str | None,
    body: str | None,
    meeting_date: Any,
    municipality: str | None,
    jobs: int | None,
) -> None:
    """Import minutes into the archive: files, folders (recursive), '-' for stdin.

    Text, PDF, HTML pages (.html, .htm), FirstAgenda API JSON (.json), SBSYS publication XML
    (.xml) and Word (.docx) files; with --ocr also scanned PDFs.

    Each document is written whole or not at all: a failing file is reported and the rest
    are imported.  Files are parsed in --jobs processes; the archive is written by this one.
    Exit 1 if any file failed.
    """
    from referat.archive.store import archive_session
    from referat.cli import render
    from referat.ingest.batch import expand_paths, import_paths
    from referat.ingest.interrupts import stop_on_interrupt
    from referat.read.files import check_limits

    with user_errors():
        check_limits()
    with user_errors(), archive_session(db) as archive, stop_on_interrupt() as interrupted:
        files = list(expand_paths(paths))
        with render.import_progress(len(files)) as progress:
            report = import_paths(
                archive,
                files,
                strict=strict,
                pdf_engine=pdf_engine,
                ocr=ocr,
                reading=reading(system, body, meeting_date, municipality),
                read_stdin=read_stdin,
                progress=progress,
                jobs=jobs or os.cpu_count() or 1,  # capped: see referat.ingest.workers
                should_stop=interrupted,
            )
    render.render_import_report(report, total=len(files))
    if report.terminated is not None:
        exit_now(128 + signal.Signals[report.terminated].value)
    if report.interrupted:
        exit_now(INTERRUPTED)
    if not report.ok:
        sys.exit(1)


@cli.command(short_help="Search by case number (a timeline) or by words (ranked).")
@click.argument("words", nargs=-1, required=True)
@db_option
@click.option("--case", "as_case", is_flag=True, help="Treat WORDS as a case number.")
@filter_options
@click.option("--section", type=click.Choice(SECTION_KINDS), help="Search only this section kind.")
@click.option("--outcome", type=click.Choice(OUTCOMES), help="Only items decided so (udsat, ...).")
@click.option(
    "--sort",
    type=click.Choice(["rank", "date"]),
    default="rank",
    show_default=True,
    help="rank: best match first; date: newest first.",
)
@click.option(
    "--exact", is_flag=True, help="Only the words as written (no other forms, no compounds)."
)
@click.option("--limit", type=LIMIT, default=20, show_default=True, callback=cap_limit)
@output_options
def search(
    words: tuple[str, ...],
    db: str,
    as_case: bool,
    municipality: str | None,
    body: str | None,
    since: Any,
    until: Any,
    section: str | None,
    outcome: str | None,
    sort: Any,
    exact: bool,
    limit: int,
    fmt: str | None,
) -> None:
    """Search the archive: a case number (22/21670) gives its timeline (its latest --limit
    items, oldest first), words a ranked list.

    Words find their Danish forms (flygtning: flygtninge) and the compounds they begin or
    end (pulje: rekrutteringspulje), ranked below the words as written (Høje-Taastrup, B&U,
    23/14607); one hit per item.  End a word with * for a prefix (rekrutter*), put a phrase in
    double quotes, OR between words means either.  Exit 1 if nothing is found.
    """
    from referat.archive.query import count_case, search_case
    from referat.archive.store import archive_session
    from referat.cli import render
    from referat.structure.recognise import looks_like_case_number

    text = " ".join(words)
    filters = filters_of(body, since, until, municipality, outcome)
    with user_errors(), archive_session(db, create=False) as archive:
        if as_case or looks_like_case_number(text):
            entries = search_case(archive, text, filters=filters, limit=limit)
            total = len(entries)
            if total == limit:
                total = count_case(archive, text, filters=filters)
            if fmt is not None:
                render.print_rows(render.timeline_rows(entries), fmt, nested=entries)
            elif entries:
                render.render_timeline(entries[0].case_number or text, entries, total)
            found = bool(entries)
            render.showing(len(entries), total, which="the latest ")
        else:  # the search index (Tantivy) is loaded only for words
            from referat.archive.index_search import status as index_status
            from referat.archive.search import count_text, search_text

            hits = search_text(
                archive, text, filters=filters, section=section, limit=limit, sort=sort,
                exact=exact,
            )  # fmt: skip
            if fmt is not None:
                render.print_rows([h.to_json() for h in hits], fmt)
            else:
                render.render_hits(hits)
            if (note := index_status(archive)) is not None:
                render.message(note)
            found = bool(hits)
            if len(hits) == limit:
                total = count_text(archive, text, filters=filters, section=section, exact=exact)
                render.showing(len(hits), total)
    if not found:
        render.message(f"Nothing found for {render.shorten(text)!r}.")
        sys.exit(1)


@cli.command(short_help="Show one meeting, or one of its items (MEETING#N).")
@click.argument("meeting", shell_complete=complete_meeting_id)
@db_option
@json_option
def show(meeting: str, db: str, as_json: bool) -> None:
    """Show MEETING (an id from 'referat list'), or one item of it as MEETING#N."""
    from referat.archive.load import load_meeting, meeting_sources
    from referat.archive.store import archive_session
    from referat.cli import render

    meeting_id, hash_sign, number = meeting.partition("#")
    if hash_sign and not (number.isascii() and number.isdigit()):
        raise click.BadParameter(
            f"item number must be a number (digits 0-9), got {number!r}", param_hint="MEETING#N"
        )
    item = None if not number else int(number) if len(number) <= 18 else -1  # -1: no such item
    with user_errors(), archive_session(db, create=False) as archive:
        found = load_meeting(archive, meeting_id)
        others = [s.path for s in meeting_sources(archive, meeting_id) if not s.kept]
        if item is not None and all(i.number != item for i in found.items):
            raise UserError(f"meeting {meeting_id!r} has no item {render.shorten(number, 20)}")
    if as_json:
        data = found if item is None else next(i for i in found.items if i.number == item)
        render.print_json(data.model_dump(mode="json"))
    else:
        render.render_meeting(found, item_number=item, sources=others)


@cli.command("list", short_help="List the meetings in the archive, oldest first.")
@db_option
@filter_options
@click.option("--limit", type=LIMIT, default=None, callback=cap_limit, help="At most this many.")
@output_options
def list_(
    db: str,
    municipality: str | None,
    body: str | None,
    since: Any,
    until: Any,
    limit: int | None,
    fmt: str | None,
) -> None:
    """List the meetings in the archive, oldest first, with municipality, item and decision
    counts."""
    from referat.archive.query import count_meetings, list_meetings
    from referat.archive.store import archive_session
    from referat.cli import render

    filters = filters_of(body, since, until, municipality)
    with user_errors(), archive_session(db, create=False) as archive:
        rows = list_meetings(archive, filters=filters, limit=limit)
        total = count_meetings(archive, filters=filters) if len(rows) == limit else len(rows)
    if fmt is not None:
        render.print_rows([r.to_json() for r in rows], fmt)
    else:
        render.render_meeting_list(rows)
    render.showing(len(rows), total)


@cli.command(short_help="Export meetings as JSON, exactly the models.")
@db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-")
@click.option("--case", "case_number", help="Only meetings with an item on this case number.")
@click.option(
    "--meeting",
    "meetings",
    multiple=True,
    shell_complete=complete_meeting_id,
    help="Only this meeting id (repeatable).",
)
@filter_options
@click.option("--jsonl", is_flag=True, help="One meeting per line (streams).")
def export(
    db: str,
    output: str,
    case_number: str | None,
    meetings: tuple[str, ...],
    municipality: str | None,
    body: str | None,
    since: Any,
    until: Any,
    jsonl: bool,
) -> None:
    """Export meetings as JSON ({"format": "referat", "version": 1, "meetings": [...]}).

    Each meeting is exactly the model's JSON (see 'referat schema').
    """
    from referat.archive.query import meeting_ids
    from referat.archive.store import archive_session
    from referat.cli import render
    from referat.cli.export import export_meetings, export_to_file

    filters = filters_of(body, since, until, municipality)
    with user_errors(), archive_session(db, create=False) as archive:
        ids = meeting_ids(archive, filters=filters, case_number=case_number, meetings=meetings)
        missing = set(meetings) - set(ids)
        filtered = filters.body or filters.since or filters.until or filters.municipality
        if missing and not (filtered or case_number):
            raise UserError(f"no meeting {sorted(missing)[0]!r} in {db}")
        if output == "-":
            count = export_meetings(archive, ids, sys.stdout, jsonl=jsonl)
        else:
            count = export_to_file(archive, ids, output, jsonl=jsonl)
    if output != "-":
        render.message(f"Exported {count} meeting(s) to {output}.")


@cli.command(short_help="Print the JSON Schema of the export format.")
def schema() -> None:
    """Print the JSON Schema of 'referat export' output (from the models)."""
    from referat.cli import render
    from referat.cli.export import export_schema

    render.print_json(export_schema())
