"""Build the large real-text archives once, for the search bench at several sizes.

Greve's items recombined into new meetings (:func:`search_bench.recombined`), written with the
library's bulk path; the same generator (same seed) makes every size, so the archive of 200,000
items is the first 200,000 items of the one of 1,000,000: one build, a copy at each size.

    python bench/real_archive.py .cache/real --sizes 200000 1000000

Each size lands in ``OUT/real-<items>.db`` (a finished file is never rebuilt: delete it to
build again); ``OUT/build.log`` records the build time of each.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import time
from functools import lru_cache
from pathlib import Path

from search_bench import greve_archive, greve_meetings, recombined, remove_archive

from referat.archive import stems
from referat.archive.load import SourceText
from referat.archive.save import save_meetings
from referat.archive.store import open_archive
from referat.models import Meeting

BATCH = 200  # meetings a transaction


def real_path(out: Path, items: int) -> Path:
    return out / f"real-{items}.db"


def build_sizes(out: Path, sizes: list[int], greve_db: Path) -> dict[int, float]:
    """Write ``real-<n>.db`` for each size (ascending) in one pass; returns seconds per size
    (cumulative: the time to build that size from nothing)."""
    out.mkdir(parents=True, exist_ok=True)
    sizes = sorted(sizes)
    todo = [n for n in sizes if not real_path(out, n).exists()]
    if not todo:
        return {}
    work = out / "building.db"
    remove_archive(work)
    source = greve_meetings(greve_db)
    times: dict[int, float] = {}
    start = time.perf_counter()
    made = 0
    pending = list(todo)
    with open_archive(work) as archive:
        batch: list[tuple[Meeting, SourceText | None]] = []
        for meeting in recombined(source, max(todo)):
            batch.append((meeting, None))
            made += len(meeting.items)
            if len(batch) == BATCH or made >= pending[0]:
                save_meetings(archive, batch)
                batch = []
            if made >= pending[0]:
                n = pending.pop(0)
                archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                times[n] = time.perf_counter() - start
                shutil.copyfile(work, real_path(out, n))
                _log(out, f"{n} items ({made} written) in {times[n]:.0f} s")
                if not pending:
                    break
    remove_archive(work)
    return times


# How a copy of a table's rows is told apart: columns that hold a meeting id (a suffix), an
# item id or a section id (an offset); the date moves a day a copy.
_MEETING_COLUMNS = {
    "meetings": "id",
    "sources": "meeting_id",
    "attendees": "meeting_id",
    "items": "meeting_id",
}
_ITEM_COLUMNS = {
    "items": "id",
    "sections": "item_id",
    "subitems": "item_id",
    "attachments": "item_id",
}
_SECTION_COLUMNS = {"sections": "id", "section_stems": "id", "outcomes": "section_id",
                    "amounts": "section_id"}  # fmt: skip


def scale_up(
    source: Path, out: Path, copies: int, *, items: int | None = None, start_copy: int = 1
) -> float:
    """``out``: the archive ``source`` holds, its meetings written ``copies`` times (new ids,
    each copy's dates a day later), through the same SQL triggers that fill the full-text
    indexes; returns seconds.  Writing a million items through the library takes hours on
    this machine: this takes minutes, and the text is the same recombined real text.  With
    ``items``, a part of one more copy makes up that many; ``start_copy``: ``out`` holds the
    copies before it already."""
    from referat.archive.schema import TABLES

    start = time.perf_counter()
    if start_copy == 1:
        remove_archive(out)
        shutil.copyfile(source, out)
    conn = sqlite3.connect(out, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("ATTACH ? AS src", (str(source),))
    max_item = conn.execute("SELECT max(id) FROM src.items").fetchone()[0]
    max_section = conn.execute("SELECT max(id) FROM src.sections").fetchone()[0]
    max_source = conn.execute("SELECT max(id) FROM src.sources").fetchone()[0]
    conn.execute("CREATE TEMP TABLE pick_m (id TEXT PRIMARY KEY)")
    conn.execute("CREATE TEMP TABLE pick_i (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TEMP TABLE pick_s (id INTEGER PRIMARY KEY)")
    have = conn.execute("SELECT count(*) FROM src.items").fetchone()[0] * copies
    rounds = copies + (1 if items and items > have else 0)
    for k in range(start_copy, rounds):
        where: dict[str, str] = {}
        if k == copies:  # a part of one more copy: the first meetings, up to ``items``
            conn.execute(
                "INSERT INTO pick_m SELECT id FROM (SELECT m.id, sum(count(i.id)) OVER "
                "(ORDER BY m.rowid) AS upto FROM src.meetings m JOIN src.items i "
                "ON i.meeting_id = m.id GROUP BY m.id ORDER BY m.rowid) WHERE upto < ?",
                ((items or 0) - have + 10,),
            )
            conn.execute("INSERT INTO pick_i SELECT id FROM src.items WHERE meeting_id IN pick_m")
            conn.execute("INSERT INTO pick_s SELECT id FROM src.sections WHERE item_id IN pick_i")
            where = {
                **{t: f"{c} IN pick_m" for t, c in _MEETING_COLUMNS.items()},
                **{t: f"{c} IN pick_i" for t, c in _ITEM_COLUMNS.items()},
                **{t: f"{c} IN pick_s" for t, c in _SECTION_COLUMNS.items()},
            }
        conn.execute("BEGIN")
        for table in TABLES:
            if table.name in ("stem_vocab", "search_queue"):
                continue
            exprs = []
            for column in table.column_names:
                value = f'"{column}"'
                if _MEETING_COLUMNS.get(table.name) == column:
                    value = f"{value} || '~{k}'"
                elif _ITEM_COLUMNS.get(table.name) == column:
                    value = f"{value} + {k * max_item}"
                elif _SECTION_COLUMNS.get(table.name) == column:
                    value = f"{value} + {k * max_section}"
                elif table.name == "sources" and column == "id":
                    value = f"{value} + {k * max_source}"
                elif table.name == "meetings" and column == "date":
                    value = f"date({value}, '+{k} days')"
                exprs.append(value)
            names = ", ".join(f'"{c}"' for c in table.column_names)
            conn.execute(
                f"INSERT INTO main.{table.name} ({names}) "
                f"SELECT {', '.join(exprs)} FROM src.{table.name}"
                + (f" WHERE {where[table.name]}" if table.name in where else "")
            )
        conn.execute("COMMIT")
        _log(out.parent, f"{out.name}: copy {k + 1} of {copies} written")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return time.perf_counter() - start


def _log(out: Path, line: str) -> None:
    with (out / "build.log").open("a") as log:
        log.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {line}\n")


def items_in(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM items").fetchone()[0])
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument(
        "--copies", type=int, help="then write the largest size's meetings this many times"
    )
    args = parser.parse_args()
    # Ten thousand distinct section texts recur: keep all their stems (the library's 4,096 fit
    # one import, not a national archive built from one town's items).
    stems.stem_text = lru_cache(maxsize=65_536)(stems.stem_text.__wrapped__)
    built = greve_archive(args.out, smoke=False)
    if isinstance(built, str):
        raise SystemExit(built)
    for n, seconds in build_sizes(args.out, args.sizes, built[0]).items():
        print(f"{n} items: {seconds:.0f} s")
    if args.copies:
        largest = real_path(args.out, max(args.sizes))
        target = real_path(args.out, max(args.sizes) * args.copies)
        seconds = scale_up(largest, target, args.copies, items=max(args.sizes) * args.copies)
        _log(args.out, f"{target.name}: {items_in(target)} items in {seconds:.0f} s")


if __name__ == "__main__":
    main()
