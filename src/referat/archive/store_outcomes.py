"""Save and load the outcomes stage's data: the ``outcomes`` and ``amounts`` tables (schema v4).

:mod:`referat.archive.save` calls :func:`section_rows` for each section it writes and
:mod:`referat.archive.load`
calls :func:`attach` when it loads sections back, so a meeting read back equals the parsed one.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from referat.archive.schema import TABLE
from referat.models import Section


def compact_json(value: object) -> str:
    """A column's JSON as the archive stores it: compact, not ASCII-escaped."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def section_rows(
    section_id: int, section: Section
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The ``outcomes`` row (zero or one) and ``amounts`` rows of one section."""
    outcomes: list[tuple[Any, ...]] = []
    if (o := section.outcome) is not None:
        first = o.votes[0] if o.votes else None
        outcomes.append(
            (
                section_id,
                o.outcome,
                o.evidence,
                o.confidence,
                first.votes_for if first else None,
                first.votes_against if first else None,
                first.votes_abstain if first else None,
                compact_json([p.model_dump(mode="json") for p in o.points]),
                compact_json([v.model_dump(mode="json") for v in o.votes]),
                compact_json([p.model_dump(mode="json") for p in o.positions]),
            )
        )
    amounts = [
        (section_id, n, a.kroner, a.kroner_to, a.text, a.sentence, compact_json(a.years))
        for n, a in enumerate(section.amounts)
    ]
    return outcomes, amounts


def write_rows(
    conn: sqlite3.Connection, outcomes: list[tuple[Any, ...]], amounts: list[tuple[Any, ...]]
) -> None:
    conn.executemany(TABLE["outcomes"].insert_sql(), outcomes)
    conn.executemany(TABLE["amounts"].insert_sql(), amounts)


def attach(conn: sqlite3.Connection, sections: dict[int, dict[str, Any]]) -> None:
    """Add ``outcome`` and ``amounts`` to loaded section data (``{section id: section dict}``)."""
    if not sections:
        return
    ids = list(sections)
    marks = ",".join("?" * len(ids))
    for r in conn.execute(f"SELECT * FROM outcomes WHERE section_id IN ({marks})", ids):
        sections[r["section_id"]]["outcome"] = {
            "outcome": r["outcome"],
            "evidence": r["evidence"],
            "confidence": r["confidence"],
            "points": json.loads(r["points"]),
            "votes": json.loads(r["votes"]),
            "positions": json.loads(r["positions"]),
        }
    query = f"SELECT * FROM amounts WHERE section_id IN ({marks}) ORDER BY section_id, position"
    for r in conn.execute(query, ids):
        sections[r["section_id"]].setdefault("amounts", []).append(
            {
                "kroner": r["kroner"],
                "kroner_to": r["kroner_to"],
                "text": r["text"],
                "sentence": r["sentence"],
                "years": json.loads(r["years"]),
            }
        )
