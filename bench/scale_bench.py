"""Search at national scale (issue 22): the search index beside FTS5, at several archive sizes.

The archives are Greve's items recombined (:mod:`real_archive`: built once, reused from
``--real-dir``); at each size the same queries are run with the search index
(:mod:`referat.archive.searchindex`) and with FTS5 alone (``use_index=False``: the search
before issue 22), taking turns query by query, so a noisy spell on the shared machine hits
both.  Reported: p50 / p95 per kind of query, the index's size per item and build time, the
overlap of the two engines' top 20, and 5,000,000 items extrapolated from the curve.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import random
import shutil
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from real_archive import build_sizes, real_path
from search_before import previous_search
from search_bench import greve_archive

from referat.archive import searchindex
from referat.archive.query import Filters, count_case, search_case
from referat.archive.search import search_text
from referat.archive.store import Archive, open_archive

from measure import Figure, fmt_s, median, percentile

TARGET = "p50 ≤ 20 ms, p95 ≤ 100 ms"
RUNS = 5  # timed runs per query and engine (median); 3 from 500,000 items (FTS5 takes seconds)

# Queries by kind, as users type them; common and rare words both.
QUERIES: dict[str, list[tuple[str, Filters | None]]] = {
    "single word": [(q, None) for q in (
        "fjernvarme", "skole", "budget", "flygtning", "kystbeskyttelse", "pulje",
        "rottebekæmpelse", "sygefravær", "lokalplan", "anlægsbevilling", "børn", "trafik",
    )],
    "two words": [(q, None) for q in (
        "ukrainsk flygtning", "rehabilitering hjemmepleje", "gebyr affald", "Tune Skole",
        "Mosede Fort", "budget opfølgning", "klima plan", "ældre pleje",
    )],
    "phrase": [(q, None) for q in (
        '"Greve Kommune"', '"Tune Skole"', '"til efterretning"', '"kommunale bygninger"',
        '"børn og unge"', '"i alt"',
    )],
    "filtered (--body, --since)": [
        ("budget", Filters(body="Byrådet")),
        ("skole", Filters(since=dt.date(2020, 1, 1))),
        ("lokalplan", Filters(body="Teknik- og Miljøudvalget", since=dt.date(2015, 1, 1))),
        ("flygtning", Filters(since=dt.date(2022, 1, 1), until=dt.date(2023, 12, 31))),
        ("fjernvarme", Filters(municipality="Køge")),
        ("sygefravær", Filters(body="Økonomiudvalget")),
    ],
}  # fmt: skip


def scale_figures(
    work: Path, real_dir: Path, sizes: list[int], smoke: bool, figures: list[Figure]
) -> None:
    if not all(real_path(real_dir, n).exists() for n in sizes):
        greve = greve_archive(work, smoke)
        if isinstance(greve, str):
            figures.append(Figure("Search at scale", "FTS5", TARGET, notes=[f"skipped: {greve}"]))
            return
        build_sizes(real_dir, sizes, greve[0])
    curve: list[tuple[int, float, float, float]] = []  # items, p50, p95, index KB/item
    for n in sizes:
        db = real_path(real_dir, n)
        with open_archive(db, create=False) as archive:
            items = int(archive.conn.execute("SELECT count(*) FROM items").fetchone()[0])
            built, shortcut = _index(archive, db, items)
            kb = _dir_bytes(searchindex.index_path(db)) / items / 1024
            figures.append(_size_figure(archive, items, built, kb, shortcut))
            everything: list[float] = []
            for kind, queries in QUERIES.items():
                figure, times = _speed(archive, items, kind, queries)
                figures.append(figure)
                everything += times
            figures.append(_case_figure(archive, items))
        curve.append((items, percentile(everything, 0.5), percentile(everything, 0.95), kb))
    if len(curve) >= 2 and not smoke:  # a curve through two tiny archives says nothing
        figures.append(_extrapolated(curve, 5_000_000))


COPIES_FROM = 500_000  # archives this large are copies of a smaller one (real_archive.scale_up)


def _index(archive: Archive, db: Path, items: int) -> tuple[float, bool]:
    """The archive's search index, built once (its build time kept beside it): (seconds,
    whether the texts were prepared once per distinct section).  An archive of copies has each
    text several times: there the texts are prepared once (a bench shortcut, so its time is
    not a build time) and the writer gets 1 GB a thread."""
    stamp = Path(f"{db}.index-build.json")
    if searchindex.index_path(db).is_dir() and stamp.exists():
        seen = json.loads(stamp.read_text())
        return float(seen["seconds"]), bool(seen.get("shortcut"))
    shortcut = items >= COPIES_FROM
    plain = searchindex.document_texts
    if shortcut:
        searchindex.document_texts = lru_cache(maxsize=400_000)(plain)  # type: ignore[assignment]
    start = time.perf_counter()
    try:
        searchindex.rebuild(
            archive.conn, db, threads=2, heap=2**30 if shortcut else searchindex.WRITER_HEAP
        )
    finally:
        searchindex.document_texts = plain  # type: ignore[assignment]
    seconds = time.perf_counter() - start
    stamp.write_text(json.dumps({"seconds": seconds, "shortcut": shortcut}))
    return seconds, shortcut


def _dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _size_figure(archive: Archive, items: int, built: float, kb: float, shortcut: bool) -> Figure:
    names = [
        f"{fts}_{part}"
        for fts in ("sections_fts", "items_fts", "section_stems_fts")
        for part in ("data", "idx", "docsize", "config")
    ] + ["section_stems"]
    total = 0
    for name in names:  # per name: dbstat's aggregate mode reads one table's pages only
        row = archive.conn.execute(
            "SELECT pgsize FROM dbstat WHERE name = ? AND aggregate = TRUE", (name,)
        ).fetchone()
        total += int(row[0] or 0) if row else 0
    fts = total / items / 1024
    return Figure(
        f"Search index at {items:,} items: size per item, build time (real-text archive)",
        "the FTS5 indexes it stands beside (sections_fts, items_fts, section_stems + its index)",
        "reported",
        ratio=kb,
        ratio_text=f"{kb:.2f} KB vs {fts:.2f} KB",
        absolute=(
            f"built from the archive in {fmt_s(built)}, each distinct text prepared once (the "
            "archive is copies: not a build time), 2 threads"
            if shortcut
            else f"built from the archive in {fmt_s(built)} ({items / built:,.0f} items/s, "
            "`referat reindex`'s path, 2 threads)"
        ),
    )


def _speed(
    archive: Archive, items: int, kind: str, queries: list[tuple[str, Filters | None]]
) -> tuple[Figure, list[float]]:
    """Three engines turn about, query by query: the search index as it is, as issue 22 first
    merged it (:mod:`search_before`), and FTS5 alone."""
    engines = ("index", "before", "fts5")
    times: dict[str, list[float]] = {e: [] for e in engines}
    overlap: dict[str, list[float]] = {"before": [], "fts5": []}
    for q, filters in queries:

        def run(engine: str, q: str = q, f: Filters | None = filters) -> list[tuple[str, int]]:
            with previous_search() if engine == "before" else contextlib.nullcontext():
                hits = search_text(archive, q, filters=f, limit=20, use_index=engine != "fts5")
            return [(h.meeting_id, h.item_number) for h in hits]

        top = {e: run(e) for e in engines}  # warm, and the three top 20s
        for e in overlap:
            overlap[e].append(len(set(top["index"]) & set(top[e])) / max(1, len(top[e])))
        samples: dict[str, list[float]] = {e: [] for e in engines}
        for k in range(RUNS if items < 500_000 else 3):
            for e in engines[k % 3 :] + engines[: k % 3]:  # each engine first in turn
                samples[e].append(_clock(lambda e=e: run(e)))  # type: ignore[misc]
        for e in engines:
            times[e].append(median(samples[e]))
    ours = times["index"]
    p50, p95 = percentile(ours, 0.5), percentile(ours, 0.95)
    b50, b95 = percentile(times["before"], 0.5), percentile(times["before"], 0.95)
    f50, f95 = percentile(times["fts5"], 0.5), percentile(times["fts5"], 0.95)
    worst = max(range(len(queries)), key=lambda i: ours[i])
    shared = {e: 100 * sum(v) / len(v) for e, v in overlap.items()}
    figure = Figure(
        f"Search at {items:,} items, {kind} ({len(queries)} queries, top 20 items, real-text "
        "archive), p50 / p95",
        "FTS5 alone (`use_index=False`: the search before issue 22), same archive, turn about",
        TARGET,
        ratio=p50,
        ratio_text=f"{fmt_s(p50)} / {fmt_s(p95)}",
        met=p50 <= 0.020 and p95 <= 0.100,
        absolute=f"FTS5 {fmt_s(f50)} / {fmt_s(f95)} ({f50 / p50:.0f}× / {f95 / p95:.0f}×); "
        f"the index as first merged (every tier, one at a time), turn about: {fmt_s(b50)} / "
        f"{fmt_s(b95)}; slowest {queries[worst][0]!r} {fmt_s(ours[worst])} (FTS5 "
        f"{fmt_s(times['fts5'][worst])}, as first merged {fmt_s(times['before'][worst])}); "
        f"top-20 items shared with FTS5's {shared['fts5']:.0f} %, with the first merge's "
        f"{shared['before']:.0f} %",
    )
    return figure, ours


def _case_figure(archive: Archive, items: int) -> Figure:
    """A case number as `referat search` answers it: the latest 20 items of the timeline (oldest
    first) and, when there are more, how many.  The whole timeline is timed beside it."""
    rng = random.Random(5)
    keys = [
        r[0]
        for r in archive.conn.execute(
            "SELECT case_key FROM items WHERE case_key IS NOT NULL AND rowid % 97 = 0 LIMIT 2000"
        )
    ]
    cases = rng.sample(keys, min(20, len(keys)))

    def page(key: str) -> int:
        shown = search_case(archive, key, limit=20)
        return count_case(archive, key) if len(shown) == 20 else len(shown)

    times, whole, lengths = [], [], []
    for key in cases:
        lengths.append(page(key))
        times.append(median([_clock(lambda k=key: page(k)) for _ in range(RUNS)]))
        whole.append(median([_clock(lambda k=key: search_case(archive, k)) for _ in range(RUNS)]))
    p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
    per_item = median([t / n for t, n in zip(whole, lengths, strict=True) if n])
    return Figure(
        f"Search at {items:,} items, a case number ({len(cases)} case numbers, the latest 20 "
        "items of the timeline and its length, as `referat search` shows it), p50 / p95",
        "— (index look-ups in SQLite, no full-text index involved)",
        TARGET,
        ratio=p50,
        ratio_text=f"{fmt_s(p50)} / {fmt_s(p95)}",
        met=p50 <= 0.020 and p95 <= 0.100,
        # The cases are drawn by item, so a case with many items is drawn often (ANALYSIS.md)
        absolute=f"{min(lengths):,} / {median(lengths):,.0f} / {max(lengths):,} items a "
        f"timeline (min / median / max); the whole timeline (`search_case` without a limit) "
        f"{fmt_s(percentile(whole, 0.5))} / {fmt_s(percentile(whole, 0.95))}, "
        f"{per_item * 1e6:.1f} µs an item (median)",
    )


def _extrapolated(curve: list[tuple[int, float, float, float]], target: int) -> Figure:
    """p50, p95 and index size at ``target`` items on the power law through the last two sizes."""
    (n0, a50, a95, _), (n1, b50, b95, bkb) = curve[-2], curve[-1]

    def at(y0: float, y1: float) -> float:
        slope = math.log(y1 / y0) / math.log(n1 / n0) if y0 > 0 and y1 > 0 else 1.0
        return y1 * (target / n1) ** slope

    p50, p95 = at(a50, b50), at(a95, b95)
    return Figure(
        f"Search at {target:,} items, extrapolated (all text queries), p50 / p95",
        f"the measured {n0:,} and {n1:,} items (power law through them)",
        TARGET,
        ratio=p50,
        ratio_text=f"{fmt_s(p50)} / {fmt_s(p95)}",
        met=p50 <= 0.020 and p95 <= 0.100,
        absolute=f"measured {fmt_s(a50)} / {fmt_s(a95)} at {n0:,}, {fmt_s(b50)} / "
        f"{fmt_s(b95)} at {n1:,}; index ~{bkb * target / 2**20:.0f} GB at {target:,} "
        f"({bkb:.2f} KB/item)",
    )


def _clock(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def remove_index(db: Path) -> None:
    shutil.rmtree(searchindex.index_path(db), ignore_errors=True)
    Path(f"{db}.index-build.json").unlink(missing_ok=True)
