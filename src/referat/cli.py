"""Command-line interface: thin commands over the library.

Each command calls one library function and renders its result; library errors
(:class:`referat.errors.ReferatError`) become one-line messages with exit code 1.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from . import __version__

PDF_ENGINES = ("pypdfium2", "pdfplumber")


class UserError(click.ClickException):
    """A clean one-line error (exit 1): bad input, not a bug."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        from . import render

        render.error(self.format_message())


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the library's own exceptions into UserError."""
    from .errors import ReferatError

    try:
        yield
    except ReferatError as exc:
        raise UserError(str(exc)) from None


@click.group(name="referat", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="referat")
def cli() -> None:
    """Parse Danish municipal minutes (referater, dagsordener) into a searchable archive."""


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print the meeting as JSON (the model).")
@click.option("--strict", is_flag=True, help="Treat parse warnings as errors (exit 1).")
@click.option(
    "--pdf-engine",
    type=click.Choice(PDF_ENGINES),
    default=None,
    help="PDF text engine (default: pypdfium2).",
)
def parse(file: str, as_json: bool, strict: bool, pdf_engine: str | None) -> None:
    """Parse one minutes file and show the meeting.

    FILE is a text or PDF file, or '-' for stdin.  The meeting goes to stdout (a Rich view, or
    the model as JSON with --json); warnings go to stderr, each with its line number.
    """
    from . import render
    from .parse import parse_document
    from .read import read_document, read_file

    with user_errors():
        if file == "-":
            doc = read_document(sys.stdin.buffer.read(), "<stdin>", pdf_engine=pdf_engine)
        else:
            doc = read_file(file, pdf_engine=pdf_engine)
        parsed = parse_document(doc)
        render.render_warnings(parsed.warnings, strict=strict)
        if strict:
            parsed.check_strict()
    if as_json:
        render.print_json(parsed.meeting.model_dump(mode="json"))
    else:
        render.render_meeting(parsed.meeting)


def main() -> None:
    cli(prog_name="referat")
