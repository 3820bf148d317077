"""The ``referat`` process: standard streams made safe before the command runs, and output that
cannot be written reported as one line (the command itself: :mod:`referat.cli.commands`)."""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from typing import NoReturn

import click

from referat.cli.controls import unicode_stream


def prepare_streams() -> None:
    """Make the standard streams safe to use, before anything is read or written.

    A closed stdin, stdout or stderr (``<&-``, ``>&-``, ``2>&-``) is opened on ``/dev/null``, so
    no file the program opens later (the archive!) can take its descriptor; a closed stdout is
    opened read-only, so writing data to it fails with a clear message rather than vanishing.
    Where stdout cannot encode every character (``PYTHONIOENCODING=ascii``), what it cannot
    encode is printed as ``?`` (JSON uses ``\\u`` escapes instead)."""
    for fd, flags in ((0, os.O_RDONLY), (1, os.O_RDONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:
            new = os.open(os.devnull, flags)
            if new != fd:
                os.dup2(new, fd)
                os.close(new)
    if sys.stdin is None:
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
    if not unicode_stream(sys.stdout) and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")


def main() -> None:
    """The ``referat`` command: standard streams made safe first (:func:`prepare_streams`);
    output that cannot be written (stdout closed, a pipe whose reader is gone, a full disk) ends
    in one line on stderr and exit 1, never a traceback."""
    from referat.cli import render
    from referat.cli.app import INTERRUPTED, cli

    prepare_streams()
    try:
        code = cli.main(prog_name="referat", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except click.exceptions.Abort:
        render.message("Interrupted.", style="bold red")
        code = INTERRUPTED
    except OSError as exc:
        _output_failed(exc)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    try:
        sys.stdout.flush()
    except OSError as exc:
        _output_failed(exc)
    raise SystemExit(code if isinstance(code, int) else 0)


def _output_failed(exc: OSError) -> NoReturn:
    """stdout (or another output) could not be written: one line, exit 1.  A broken pipe (the
    reader, e.g. ``head``, is gone) is not worth a message."""
    import errno

    from referat.cli import render

    with suppress(OSError):  # nothing more may reach that stream, not even at exit
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    if exc.errno == errno.EBADF:
        render.error("cannot write the output: standard output is closed")
    elif exc.errno != errno.EPIPE:
        render.error(f"cannot write the output ({exc.strerror or exc})")
    raise SystemExit(1)
