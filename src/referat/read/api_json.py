"""The FirstAgenda Publication API's JSON, read: checked to be a meeting and kept as the text.

The JSON carries its structure, so reading it produces no lines: :func:`read_json` checks the
shape (:data:`SHAPE`) and keeps the text, which :mod:`referat.structure.firstagenda` maps to a
meeting (and a re-parse reads again).
"""

from __future__ import annotations

import json
from typing import Any

from referat.errors import ReadError
from referat.read.lines import Document

# Slash paths into a meeting's JSON (``pick``); the three a meeting must have.
ITEMS = "/Dagsordenpunkter"
DATE = "Moede/Dato"
BODY = "Udvalg/Navn"
SHAPE: tuple[tuple[str, type], ...] = ((ITEMS, list), (DATE, str), (BODY, str))


def pick(data: Any, path: str, default: Any = None) -> Any:
    """``pick(meeting, "Moede/Sted")``: the value at a slash path, or ``default`` if missing."""
    for key in filter(None, path.split("/")):
        if not isinstance(data, dict) or key not in data:
            return default
        data = data[key]
    return data if data is not None else default


def load_json(text: str, name: str) -> dict[str, Any]:
    """JSON text -> a FirstAgenda meeting's dict, or a ReadError saying what it is instead."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"{name}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except RecursionError:
        raise ReadError(f"{name}: JSON nested too deeply to be a meeting") from None
    missing = [p for p, kind in SHAPE if not isinstance(pick(data, p), kind)]
    if not isinstance(data, dict) or missing:
        raise ReadError(
            f"{name}: JSON, but not a FirstAgenda Publication meeting "
            f"(no {', '.join(p.strip('/') for p in missing)})"
        )
    return data


def read_json(text: str, name: str, sha256: str, encoding: str | None = None) -> Document:
    """The read step: the JSON kept as the document's text (it is what a re-parse reads)."""
    load_json(text, name)
    return Document(name, sha256, "json", [], encoding=encoding, text=text)
