"""The ``referat`` command group and what every command shares: library errors
(:class:`referat.errors.ReferatError`) become one-line messages with exit code 1, Ctrl-C ends
with exit 130.  The commands register themselves on :func:`cli` (see :mod:`referat.cli`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import click

from referat import __version__

INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


class UserError(click.ClickException):
    """A clean one-line error (exit 1): bad input, not a bug."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        from referat.cli import render

        render.error(self.format_message())


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the library's own exceptions into UserError."""
    from referat.errors import ReferatError

    try:
        yield
    except ReferatError as exc:
        raise UserError(str(exc)) from None


class _Group(click.Group):
    """Ctrl-C in any command: one line on stderr and exit 130, not Click's "Aborted!" (1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            from referat.cli import render

            render.message("Interrupted.", style="bold red")
            raise click.exceptions.Exit(INTERRUPTED) from None


def exit_now(code: int) -> NoReturn:
    """End an interrupted import at once, its report printed and every document written whole:
    a pool whose workers were killed can leave the executor's threads for the interpreter's exit
    to wait on for ever."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def read_stdin() -> bytes:
    """Standard input, up to the byte cap (see :func:`referat.read.files.read_stream`)."""
    from referat.read.files import read_stream

    return read_stream(sys.stdin.buffer, "<stdin>")


@click.group(name="referat", cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="referat")
def cli() -> None:
    """Parse Danish municipal minutes (referater, dagsordener) into a searchable archive."""
