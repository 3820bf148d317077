"""Query the archive's decisions by what was decided: ``referat decisions`` and the outcome filter.

One row per decision (an item's own decisions and its sub-items'), oldest first: date, body,
case, item, outcome, the first counted vote, the largest amount in kroner (the decision's own,
else the item's Økonomi section's).  The body filter matches the
deciding body, or the meeting's when the decision names none, with Danish definite endings and a
term of office ignored: ``Byrådet`` finds ``Byråd 2022-2025``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from referat.archive.query import Filters, check_outcome
from referat.archive.store import Archive
from referat.errors import QueryError
from referat.structure.recognise import case_key

_TERM = re.compile(r"\s*\b\d{4}\s*[-–]\s*\d{2,4}\s*$")
_DEFINITE = re.compile(r"(?<=\w{4})(?:et|en)$")


def body_key(body: str) -> str:
    """``Byrådet`` and ``Byråd 2022-2025`` -> ``byråd``; ``Udvalget`` -> ``udvalg``."""
    return _DEFINITE.sub("", _TERM.sub("", body.strip().lower()))


@dataclass(frozen=True, slots=True)
class DecisionRow:
    meeting_id: str
    date: dt.date
    body: str
    case_number: str | None
    item_number: int
    item_title: str
    subitem: str | None
    outcome: str | None  # None: the archive was written before outcomes (run reparse --write)
    confidence: float | None
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    amount: int | None  # the largest amount in the decision, else in the item's Økonomi section
    evidence: str | None

    @property
    def votes(self) -> str:
        if self.votes_for is None:
            return ""
        parts = [f"{self.votes_for} for"]
        if self.votes_against is not None:
            parts.append(f"{self.votes_against} imod")
        if self.votes_abstain is not None:
            parts.append(f"{self.votes_abstain} undlod")
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "meeting": self.meeting_id,
            "date": self.date.isoformat(),
            "body": self.body,
            "case_number": self.case_number,
            "item": self.item_number,
            "title": self.item_title,
            "subitem": self.subitem,
            "outcome": self.outcome,
            "confidence": self.confidence,
            "evidence": self.evidence,
            "votes_for": self.votes_for,
            "votes_against": self.votes_against,
            "votes_abstain": self.votes_abstain,
            "amount_kroner": self.amount,
        }


_SQL = """
SELECT m.id, COALESCE(s.date, m.date), COALESCE(s.body, m.body), i.case_number, i.number,
       i.title, sub.label, o.outcome, o.confidence, o.votes_for, o.votes_against,
       o.votes_abstain,
       COALESCE((SELECT max(a.kroner) FROM amounts a WHERE a.section_id = s.id),
                (SELECT max(a.kroner) FROM amounts a JOIN sections e ON e.id = a.section_id
                 WHERE e.item_id = s.item_id AND e.kind = 'okonomi')),
       o.evidence
FROM sections s
JOIN items i ON i.id = s.item_id
JOIN meetings m ON m.id = i.meeting_id
LEFT JOIN subitems sub ON sub.item_id = s.item_id AND sub.position = s.subitem
LEFT JOIN outcomes o ON o.section_id = s.id
WHERE s.kind = 'beslutning'{where}
ORDER BY COALESCE(s.date, m.date), m.id, i.position, s.position
{limit}"""


def list_decisions(
    archive: Archive,
    *,
    outcome: str | None = None,
    municipality: str | None = None,
    body: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    case_number: str | None = None,
    limit: int | None = None,
) -> list[DecisionRow]:
    """Decisions, oldest first, filtered by outcome, municipality, body, decision date and case
    number."""
    clauses: list[str] = []
    params: list[Any] = []
    if municipality is not None:
        found, more = Filters(municipality=municipality).where("m")
        clauses += found
        params += more
    if outcome is not None:
        check_outcome(outcome)
        clauses.append("o.outcome = ?")
        params.append(outcome)
    if body is not None:
        bodies = matching_bodies(archive, body)
        clauses.append(f"COALESCE(s.body, m.body) IN ({','.join('?' * len(bodies)) or 'NULL'})")
        params += bodies
    if since is not None:
        clauses.append("COALESCE(s.date, m.date) >= ?")
        params.append(since.isoformat())
    if until is not None:
        clauses.append("COALESCE(s.date, m.date) <= ?")
        params.append(until.isoformat())
    if case_number is not None:
        key = case_key(case_number)
        if not key:
            raise QueryError(f"not a case number: {case_number!r}")
        clauses.append("i.case_key = ?")
        params.append(key)
    where = "".join(f"\n  AND {c}" for c in clauses)
    sql = _SQL.format(where=where, limit="LIMIT ?" if limit else "")
    rows = archive.conn.execute(sql, [*params, *([limit] if limit else [])]).fetchall()
    return [DecisionRow(r[0], dt.date.fromisoformat(r[1]), *r[2:]) for r in rows]


def matching_bodies(archive: Archive, body: str) -> list[str]:
    """The bodies as stored (decisions' and meetings') that ``body`` names."""
    key = body_key(body)
    stored = archive.conn.execute(
        "SELECT body FROM meetings UNION SELECT body FROM sections WHERE body IS NOT NULL"
    ).fetchall()
    return sorted({r[0] for r in stored if body_key(r[0]) == key})
