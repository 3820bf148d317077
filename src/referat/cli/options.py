"""Options shared by the commands, and what they turn into: reading options, archive filters,
output formats (``--json``, ``--csv``, ``--tsv``, ``--nl``), and shell completion of meeting
ids from the archive."""

from __future__ import annotations

import os
from typing import Any

import click

PDF_ENGINES = ("pypdfium2", "pdfplumber")

pdf_engine_option = click.option(
    "--pdf-engine",
    type=click.Choice(PDF_ENGINES),
    default=None,
    help="PDF text engine (default: pypdfium2, fast; pdfplumber, slow).",
)

ocr_option = click.option(
    "--ocr",
    is_flag=True,
    help="Read scanned PDFs (no text layer) by OCR, Tesseract Danish (extra: referat[ocr]).",
)


SYSTEMS = ("firstagenda", "edoc", "word", "generic")


def reading_options(command: Any) -> Any:
    """--system, --body, --date and --municipality: what the reader may be told about a
    document."""
    command = click.option(
        "--municipality",
        default=None,
        help="The municipality whose minutes these are (wins over what the document says).",
    )(command)
    command = click.option(
        "--date",
        "meeting_date",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Meeting date, when the document does not say (an item printed alone).",
    )(command)
    command = click.option(
        "--body", default=None, help="Meeting body (udvalg), when the document does not say."
    )(command)
    return click.option(
        "--system",
        type=click.Choice(SYSTEMS),
        default=None,
        help="Agenda system of the document (default: detected from the document).",
    )(command)


def reading(
    system: str | None, body: str | None, meeting_date: Any, municipality: str | None = None
) -> dict[str, Any]:
    from referat.danish import YEARS

    if meeting_date is not None and meeting_date.year not in YEARS:
        raise click.BadParameter(
            f"year {meeting_date.year} is outside {YEARS.start}-{YEARS.stop - 1}",
            param_hint="'--date'",
        )
    return {
        "system": system,
        "body": body,
        "date": meeting_date.date() if meeting_date else None,
        "municipality": municipality,
    }


SECTION_KINDS = (
    "baggrund", "indstilling", "beslutning", "sagsfremstilling", "okonomi", "bilag", "other"
)  # fmt: skip
DATE = click.DateTime(formats=["%Y-%m-%d"])
LIMIT = click.IntRange(min=1)
MAX_LIMIT = 2**62  # a larger --limit means "all": capped here, never an integer overflow


def cap_limit(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    return None if value is None else min(value, MAX_LIMIT)


def _archive_file(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """An archive is a file: SQLite's names for a temporary database would keep nothing."""
    if value.strip() in ("", ":memory:") or value.startswith("file:"):
        raise click.BadParameter(
            f"{value!r} is not an archive file: an in-memory or temporary database keeps "
            "nothing; give a file name"
        )
    return value


db_option = click.option(
    "--db",
    envvar="REFERAT_DB",
    default="referat.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    callback=_archive_file,
    help="Archive file (default: $REFERAT_DB, else ./referat.db).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def filter_options(f: Any) -> Any:
    f = click.option("--until", type=DATE, help="Meetings on or before YYYY-MM-DD.")(f)
    f = click.option("--since", type=DATE, help="Meetings on or after YYYY-MM-DD.")(f)
    f = click.option("--body", help="Only this body (e.g. Direktionen), any case.")(f)
    f = click.option("--municipality", help="Only this municipality (e.g. Greve), any case.")(f)
    return f


def filters_of(
    body: str | None,
    since: Any,
    until: Any,
    municipality: str | None = None,
    outcome: str | None = None,
) -> Any:
    from referat.archive.query import Filters

    return Filters(
        body,
        since.date() if since else None,
        until.date() if until else None,
        municipality=municipality,
        outcome=outcome,
    )


def output_options(f: Any) -> Any:
    """--json, --csv, --tsv, --nl: one ``fmt`` (None: the Rich view), as sqlite-utils has them."""
    for flag, what in reversed(OUTPUT_FORMATS.items()):
        f = click.option(f"--{flag}", "fmt", flag_value=flag, help=what)(f)
    return f


OUTPUT_FORMATS = {
    "json": "Print JSON for scripts.",
    "csv": "Print CSV (one row per result; a timeline: one per decision).",
    "tsv": "Print tab-separated values.",
    "nl": "Print newline-delimited JSON (one object a line).",
}


def complete_meeting_id(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    """Meeting ids from the archive (``--db``, else $REFERAT_DB, else ./referat.db) that start
    with what is typed; none when there is no archive."""
    import sqlite3
    from pathlib import Path

    from click.shell_completion import CompletionItem

    db = ctx.params.get("db") or os.environ.get("REFERAT_DB") or "referat.db"
    if not Path(db).is_file():
        return []
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            rows = conn.execute(
                "SELECT id, date, body FROM meetings WHERE id LIKE ? ESCAPE '\\' "
                "ORDER BY date DESC, id LIMIT 200",
                (incomplete.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
            ).fetchall()
        conn.close()
    except sqlite3.Error:
        return []
    return [CompletionItem(r[0], help=f"{r[1]} {r[2]}") for r in rows]
