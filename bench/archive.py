"""Build a large archive (~200,000 items) from the synthetic corpus, through the library.

The bulk path, not 33,000 ``referat import`` runs: meetings are generated here, parsed in worker
processes (:func:`referat.structure.parse.parse_text`) and written with
:func:`referat.archive.save.save_meetings`,
a few hundred meetings per transaction.  What is stored is what ``referat import`` stores
(the same ``save._write``), so searches on it are representative.

    python bench/archive.py OUT.db --items 200000
"""

from __future__ import annotations

import argparse
import itertools
import os
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path

from referat.archive.load import SourceText
from referat.archive.save import save_meetings
from referat.archive.store import open_archive

from corpus import generate

BATCH = 250  # meetings per transaction


def _parse(job: tuple[str, str]) -> tuple[object, SourceText]:
    from referat.pipeline import parse_text

    name, text = job
    parsed = parse_text(text, path=name)
    return parsed.meeting, SourceText(text, "utf-8")


def build_archive(path: Path, items: int, *, seed: int = 3, jobs: int | None = None) -> int:
    """Write about ``items`` items to a new archive at ``path``; returns the item count."""
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    meetings = max(1, items // 6)  # the corpus averages six items a meeting
    archive = open_archive(path)
    try:
        corpus = generate(meetings, seed=seed)
        with Pool(jobs or os.cpu_count() or 1) as pool:
            # A slice at a time: Pool.imap would read the whole corpus ahead (memory).
            while texts := list(itertools.islice(corpus, 4 * BATCH)):
                for batch in _batches(pool.imap(_parse, texts, chunksize=16), BATCH):
                    save_meetings(archive, batch)  # type: ignore[arg-type]
        return int(archive.conn.execute("SELECT count(*) FROM items").fetchone()[0])
    finally:
        archive.close()


def _batches(it: Iterator[tuple[object, SourceText]], size: int) -> Iterator[list[object]]:
    batch: list[object] = []
    for x in it:
        batch.append(x)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--items", type=int, default=200_000)
    args = parser.parse_args()
    print(f"{build_archive(args.out, args.items)} items in {args.out}")


if __name__ == "__main__":
    main()
