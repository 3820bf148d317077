"""``referat decisions``: what was decided, as a list (registered on the ``referat`` group)."""

from __future__ import annotations

import sys
from typing import Any

import click

from referat.cli.app import cli, user_errors
from referat.cli.options import LIMIT, cap_limit, db_option, filter_options, output_options
from referat.decide.outcome_rules import OUTCOMES


@cli.command(short_help="List decisions with their outcomes, votes and amounts.")
@db_option
@click.option("--outcome", type=click.Choice(OUTCOMES), help="Only decisions with this outcome.")
@filter_options
@click.option("--case", "case_number", help="Only decisions on this case number.")
@click.option("--limit", type=LIMIT, default=None, callback=cap_limit)
@output_options
def decisions(
    db: str,
    outcome: str | None,
    municipality: str | None,
    body: str | None,
    since: Any,
    until: Any,
    case_number: str | None,
    limit: int | None,
    fmt: str | None,
) -> None:
    """List decisions, oldest first: date, body, case, outcome, votes, largest amount, title.

    --body matches the deciding body (or the meeting's): 'Byrådet' finds 'Byråd 2022-2025'.
    --since/--until are decision dates.  Exit 1 if nothing is found.
    """
    from referat.archive.decisions import list_decisions
    from referat.archive.store import archive_session
    from referat.cli import render

    with user_errors(), archive_session(db, create=False) as archive:
        rows = list_decisions(
            archive,
            outcome=outcome,
            municipality=municipality,
            body=body,
            since=since.date() if since else None,
            until=until.date() if until else None,
            case_number=case_number,
            limit=limit,
        )
    if fmt is not None:
        render.print_rows([r.to_json() for r in rows], fmt)
    else:
        render.render_decisions(rows)
    if not rows:
        render.message("No decisions found.")
        sys.exit(1)
