"""The command line: Click commands, their options, and the one place that prints.

Thin over the library (STYLE 1): a command opens the archive, calls one function of
:mod:`referat.ingest`, :mod:`referat.archive` or :mod:`referat.pipeline`, and hands the result to
:mod:`referat.cli.render`.  May import every other package; nothing imports it.

``app`` holds the group; ``commands`` (parse, import, search, show, list, export, schema),
``decisions``, ``fetch`` and ``upkeep`` (reparse, reindex, serve) register on it when imported here.
"""

from referat.cli import commands, decisions, fetch, upkeep  # noqa: F401  registers the commands
from referat.cli.app import cli
from referat.cli.entry import main

__all__ = ["cli", "main"]
