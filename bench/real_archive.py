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

from search_bench import greve_archive, recombined

from referat import stems
from referat.load import load_meeting
from referat.models import Meeting
from referat.save import SourceText, save_meetings
from referat.store import open_archive

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
    for leftover in out.glob("building.db*"):
        leftover.unlink()
    with open_archive(greve_db, create=False) as greve:
        ids = [r[0] for r in greve.conn.execute("SELECT id FROM meetings ORDER BY id")]
        source = [load_meeting(greve, i) for i in ids]
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
    for leftover in out.glob("building.db*"):
        leftover.unlink()
    return times


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
    args = parser.parse_args()
    # Ten thousand distinct section texts recur: keep all their stems (the library's 4,096 fit
    # one import, not a national archive built from one town's items).
    stems.stem_text = lru_cache(maxsize=65_536)(stems.stem_text.__wrapped__)
    built = greve_archive(args.out, smoke=False)
    if isinstance(built, str):
        raise SystemExit(built)
    for n, seconds in build_sizes(args.out, args.sizes, built[0]).items():
        print(f"{n} items: {seconds:.0f} s")


if __name__ == "__main__":
    main()
