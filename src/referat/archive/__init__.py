"""The archive: meetings in SQLite — schema and migrations, saving and loading, search and queries.

Schema as data (:mod:`~referat.archive.schema`, views in :mod:`~referat.archive.views`), opened
safely (:mod:`~referat.archive.opening`, :mod:`~referat.archive.store`), written a document at a
time in group commits (:mod:`~referat.archive.save`, :mod:`~referat.archive.commits`), read back
(:mod:`~referat.archive.load`) and queried (:mod:`~referat.archive.query`,
:mod:`~referat.archive.search`, :mod:`~referat.archive.decisions`).  May import
:mod:`referat.decide`, :mod:`referat.structure`, :mod:`referat.read` and the loose modules.
"""
