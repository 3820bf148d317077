"""Write ``archive-vN.sql`` + ``archive-vN.json`` here: an archive as the referat on the path
writes it (N is its schema version), kept so the migration tests open a real older archive.

The SQL is the archive's own ``CREATE`` statements (from ``sqlite_master``) and every row,
including the full-text rows; the JSON is the meeting it holds.  Run it with the referat of the
version to keep, before changing the schema::

    git archive <commit> src | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old/src .venv/bin/python tests/data/make_archive_dump.py
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from referat.archive import migrations
from referat.archive.store import open_archive
from referat.models import Attendee, Item, Meeting, Section, Source, TocEntry

try:
    from referat.archive.save import SourceText, save_meeting
except ImportError:  # before schema version 3, saving was in referat.archive.store
    from referat.archive.store import SourceText, save_meeting  # type: ignore[attr-defined,no-redef]

HERE = Path(__file__).resolve().parent


def meeting() -> Meeting:
    date = dt.date(2023, 3, 1)
    return Meeting(
        id="referat-byraadet-2023-03-01",
        kind="referat",
        body="Byrådet",
        date=date,
        start="17:00",
        end="19:30",
        location="Rådhuset",
        title="Referat Byrådet 1. marts 2023",
        fields={"Mødested": "Rådhuset", "Afbud": "Ole [Sen]"},
        attendees=[Attendee(name="Ole Sen", absent=True), Attendee(name="Åse Ør")],
        toc=[TocEntry(title="Budget", page=2), TocEntry(title="Uden afsnit")],
        notes=["En note"],
        source=Source(path="byraadet.txt", sha256="a" * 64, format="text"),
        items=[
            Item(
                number=1,
                title="Budget",
                case_number="Sagsnr.: 23/14607",
                page=2,
                closed=True,
                absent=["Ole Sen"],
                sections=[
                    Section(kind="baggrund", heading="Baggrund", text="Om budgettet 'i år'."),
                    Section(
                        kind="beslutning",
                        heading="Beslutning Byrådet den 01-03-2023",
                        text="Godkendt.",
                        body="Byrådet",
                        date=date,
                    ),
                ],
                attachments=["Bilag 1.pdf", "Bilag 2.pdf"],
            ),
            Item(number=2, title="Uden afsnit"),
        ],
    )


def literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def dump(conn: sqlite3.Connection, version: int) -> str:
    objects = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    virtual = {name for _, name, sql in objects if sql.startswith("CREATE VIRTUAL TABLE")}
    tables = [
        (name, sql)
        for kind, name, sql in objects
        if kind == "table" and not any(name.startswith(v + "_") for v in virtual)
    ]
    out = [f"-- A referat archive of schema version {version}: see make_archive_dump.py.", "BEGIN;"]
    out += [sql + ";" for _, sql in tables]
    for name, _ in tables:
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')]
        if name in virtual:
            columns = ["rowid", *columns]
        select = ", ".join(f'"{c}"' if c != "rowid" else c for c in columns)
        for row in conn.execute(f'SELECT {select} FROM "{name}" ORDER BY rowid'):
            values = ", ".join(literal(v) for v in row)
            out.append(f'INSERT INTO "{name}" ({", ".join(columns)}) VALUES ({values});')
    out += [sql + ";" for kind, _, sql in objects if kind in ("index", "trigger", "view")]
    out += [f"PRAGMA user_version = {version};", "COMMIT;"]
    return "\n".join(out) + "\n"


def main() -> None:
    version = migrations.schema_version()
    with open_archive(":memory:") as archive:
        save_meeting(archive, meeting(), SourceText("Referat\nByrådet\n\nPunkt 1: Budget", "utf-8"))
        (HERE / f"archive-v{version}.sql").write_text(dump(archive.conn, version), "utf-8")
    text = json.dumps(meeting().model_dump(mode="json"), ensure_ascii=False, indent=2)
    (HERE / f"archive-v{version}.json").write_text(text + "\n", "utf-8")
    print(f"wrote archive-v{version}.sql and .json", file=sys.stderr)


if __name__ == "__main__":
    main()
