"""The raw responses of a fetch, kept next to the archive, addressed by their content.

``referat.db`` keeps its fetched documents in ``referat.cache/``: each as
``<first two hex digits>/<sha256>.json`` (or ``.pdf``), written whole (a temporary file renamed)
and never rewritten.  The archive holds the text a re-parse needs, so ``referat reparse`` never
needs the network; the cache keeps the bytes as the site sent them (``referat import
referat.cache/`` reads them again, without their provenance).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from referat.errors import ReferatError


def cache_folder(db: str | Path) -> Path:
    """The cache folder of the archive ``db``: ``referat.db`` -> ``referat.cache``."""
    path = Path(db)
    return path.with_name(f"{path.stem or path.name}.cache")


def keep(folder: Path, data: bytes, suffix: str) -> Path:
    """Write ``data`` into the cache (once); its path.  ReferatError if it cannot be written."""
    digest = hashlib.sha256(data).hexdigest()
    target = folder / digest[:2] / f"{digest}{suffix}"
    if target.is_file():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ReferatError(f"{folder}: cannot write the cache ({exc.strerror or exc})") from None
    return target
