"""How an import ends early: Ctrl-C asks it to stop between documents (a second one interrupts
at once); SIGTERM and SIGHUP end it at once (:class:`Terminated`).  Either way what was written
stays written and nothing is half-written (:func:`referat.ingest.batch.import_paths`)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType


class Terminated(BaseException):
    """The importing process was asked to end (SIGTERM, SIGHUP): raised by the handler of
    :func:`stop_on_interrupt`, wherever the process is, so that it ends promptly."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signal_name = signal.Signals(signum).name


@contextmanager
def stop_on_interrupt() -> Iterator[Callable[[], bool]]:
    """While active, Ctrl-C (SIGINT) asks to stop instead of interrupting: yields a function
    that tells whether it was pressed.  Pass it to :func:`referat.ingest.batch.import_paths` as
    ``should_stop`` so the batch ends between documents.  A second Ctrl-C interrupts at once
    (KeyboardInterrupt; the document being written is rolled back).  SIGTERM and SIGHUP end the
    batch at once (:class:`Terminated`, reported as ``ImportReport.terminated``; the worker
    processes are killed, the document being written is rolled back)."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    pressed = False

    def on_sigint(signum: int, frame: FrameType | None) -> None:
        nonlocal pressed
        if pressed:
            raise KeyboardInterrupt
        pressed = True

    def on_terminate(signum: int, frame: FrameType | None) -> None:
        raise Terminated(signum)

    handlers = {signal.SIGINT: on_sigint}
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            handlers[getattr(signal, name)] = on_terminate
    previous = {signum: signal.signal(signum, handler) for signum, handler in handlers.items()}
    try:
        yield lambda: pressed
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
