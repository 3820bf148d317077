"""Export stage: the archive -> JSON or JSON Lines, streamed one meeting at a time.

``{"format": "referat", "version": 4, "meetings": [...]}`` where each meeting is exactly
``Meeting.model_dump(mode="json")``; JSON Lines is one meeting per line.  Either way only one
meeting is in memory at a time, so an archive of any size exports in constant memory.

Versions: 2 added ``system``, ``system_evidence``, attendees' ``party`` and ``role`` and items'
``subitems``; 3 added sections' ``outcome`` (class, evidence, confidence, points, votes,
positions) and ``amounts``; 4 added the source's ``fetched`` (provenance of a source
``referat fetch`` got from a publication site; absent for a file).  An older meeting is a valid
newer meeting (the new fields have defaults); an older schema forbids unknown fields, so it
rejects newer meetings.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from referat.archive.load import iter_meetings
from referat.archive.store import Archive
from referat.cli.controls import json_text, unicode_stream
from referat.errors import ExportError

FORMAT = "referat"
VERSION = 4


def export_meetings(
    archive: Archive, meeting_ids: list[str], out: IO[str], *, jsonl: bool = False
) -> int:
    """Write the meetings to ``out``; returns how many were written."""
    count = 0
    ascii_only = not unicode_stream(out)
    if jsonl:
        for meeting in iter_meetings(archive, meeting_ids):
            out.write(json_text(meeting.model_dump_json(), ascii_only=ascii_only) + "\n")
            count += 1
        return count
    out.write(f'{{"format": "{FORMAT}", "version": {VERSION}, "meetings": [')
    for meeting in iter_meetings(archive, meeting_ids):
        out.write(",\n" if count else "\n")
        data = json.dumps(meeting.model_dump(mode="json"), ensure_ascii=False)
        out.write(json_text(data, ascii_only=ascii_only))
        count += 1
    out.write("\n]}\n" if count else "]}\n")
    return count


def export_to_file(
    archive: Archive, meeting_ids: list[str], path: str, *, jsonl: bool = False
) -> int:
    """:func:`export_meetings` into the file ``path`` (see :func:`output_file`)."""
    with output_file(path) as out:
        return export_meetings(archive, meeting_ids, out, jsonl=jsonl)


@contextmanager
def output_file(path: str) -> Iterator[IO[str]]:
    """Open ``path`` for writing UTF-8 text.

    A regular file (or a new one) is written beside itself and renamed over the old one when
    complete, so it is never left half-written; through a symlink the file it points to is
    replaced.  Anything else (a FIFO, a device, ``/dev/stdout``, ``/dev/fd/N``) is written in
    place, as the shell's ``>`` would: it is never replaced by a regular file.  An OS error
    (no such folder, no permission, disk full) raises :class:`ExportError`, one line."""
    try:
        if _in_place(path):
            with open(path, "w", encoding="utf-8") as out:
                yield out
            return
        target = Path(os.path.realpath(path))
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            yield out
        os.chmod(temp, _mode_for(target))
        os.replace(temp, target)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise


def _in_place(path: str) -> bool:
    """Write ``path`` in place: it exists and is not a regular file, or it names a stream."""
    if os.path.abspath(path).startswith(("/dev/", "/proc/")):
        return True
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return False


def _mode_for(target: Path) -> int:
    """The permissions the export gets: those of the file it replaces, else 0666 less umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _cannot_write(path: str, exc: OSError) -> ExportError:
    return ExportError(f"{path}: cannot write ({exc.strerror or exc})")


def export_schema() -> dict[str, Any]:
    """JSON Schema of what ``referat export`` writes (the meeting schema is the models')."""
    from referat.models import Meeting

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
