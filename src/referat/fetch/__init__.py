"""Fetch stage: minutes from the municipalities' own publication sites (FirstAgenda
Publication's public JSON API) into the archive, politely, incrementally and resumably.

sites.py     which site a name, slug or URL means (the host table is data)
client.py    the HTTP session: User-Agent, rate limit, retries with backoff, timeouts, checks
discover.py  the site's listing and the meetings a run asks for
cache.py     raw responses kept next to the archive, by content
record.py    what the archive holds of a site's meetings; provenance written with a source
run.py       a run: each meeting fetched, parsed and saved with its provenance

May import :mod:`referat.ingest`, :mod:`referat.archive` and everything below them; only
:mod:`referat.cli` imports it.
"""

from __future__ import annotations

from referat.fetch.client import Client, FetchError, Settings, Unreachable
from referat.fetch.run import FetchOptions, FetchReport, FetchResult, fetch_site
from referat.fetch.sites import Site, resolve_site

__all__ = [
    "Client",
    "FetchError",
    "FetchOptions",
    "FetchReport",
    "FetchResult",
    "Settings",
    "Site",
    "Unreachable",
    "fetch_site",
    "resolve_site",
]
