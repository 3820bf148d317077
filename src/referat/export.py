"""Export stage: the archive -> JSON or JSON Lines, streamed one meeting at a time.

``{"format": "referat", "version": 3, "meetings": [...]}`` where each meeting is exactly
``Meeting.model_dump(mode="json")``; JSON Lines is one meeting per line.  Either way only one
meeting is in memory at a time, so an archive of any size exports in constant memory.

Versions: 2 added ``system``, ``system_evidence``, attendees' ``party`` and ``role`` and items'
``subitems``; 3 added sections' ``outcome`` (class, evidence, confidence, points, votes,
positions) and ``amounts``.  An older meeting is a valid newer meeting (the new fields have
defaults); an older schema forbids unknown fields, so it rejects newer meetings.
"""

from __future__ import annotations

import json
from typing import IO, Any

from .load import iter_meetings
from .store import Archive

FORMAT = "referat"
VERSION = 3


def export_meetings(
    archive: Archive, meeting_ids: list[str], out: IO[str], *, jsonl: bool = False
) -> int:
    """Write the meetings to ``out``; returns how many were written."""
    count = 0
    if jsonl:
        for meeting in iter_meetings(archive, meeting_ids):
            out.write(meeting.model_dump_json() + "\n")
            count += 1
        return count
    out.write(f'{{"format": "{FORMAT}", "version": {VERSION}, "meetings": [')
    for meeting in iter_meetings(archive, meeting_ids):
        out.write(",\n" if count else "\n")
        out.write(json.dumps(meeting.model_dump(mode="json"), ensure_ascii=False))
        count += 1
    out.write("\n]}\n" if count else "]}\n")
    return count


def export_schema() -> dict[str, Any]:
    """JSON Schema of what ``referat export`` writes (the meeting schema is the models')."""
    from .models import Meeting

    meeting = Meeting.model_json_schema(ref_template="#/$defs/{model}")
    defs: dict[str, Any] = dict(meeting.pop("$defs", {}))
    defs["Meeting"] = meeting
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "referat export",
        "description": "Meetings exported from a referat archive. With --jsonl, each line is "
        "one Meeting.",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "version": {"const": VERSION},
            "meetings": {"type": "array", "items": {"$ref": "#/$defs/Meeting"}},
        },
        "required": ["format", "version", "meetings"],
        "additionalProperties": False,
        "$defs": defs,
    }
