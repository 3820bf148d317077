"""The print generators' programs: where they are and which version (the cache key)."""

from __future__ import annotations

import re
import subprocess


def program_version(exe: str | None) -> str | None:
    """``156.0.8078.79`` from ``exe --version``; None when the program is missing."""
    if not exe:
        return None
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=120).stdout
    found = re.search(r"\d+(?:\.\d+)+", out)
    return found.group(0) if found else "unknown"
