"""Ingest: files and folders -> the pipeline -> the archive, in batches that survive faults.

:mod:`~referat.ingest.batch` imports (one document whole or not at all, worker processes from
:mod:`~referat.ingest.workers`, Ctrl-C and signals in :mod:`~referat.ingest.interrupts`);
:mod:`~referat.ingest.reparse` runs stored sources through the current parser.  May import
:mod:`referat.pipeline`, :mod:`referat.archive` and everything below them.
"""
