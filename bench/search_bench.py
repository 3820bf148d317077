"""Search figures of issue 11: relevance on real text, and speed on a real-text archive.

Relevance: the 104 Greve meetings of ``../shared/corpus/firstagenda-json`` printed by fpdf2
(tools/greve, cached in ``.cache/corpus/``), imported with referat, and the queries of
:mod:`relevance_queries` searched with plain full-text search (``exact=True``: the search before
issue 11) and with the new search; top-3 hit rate and MRR.  Skipped when the corpus is absent.

Speed: an archive of Greve items recombined into new meetings (other bodies, towns and dates),
so its words are distributed as real minutes' words are (not three seeds repeated); full-text
search p50/p95 for single words, two words and phrases, with and without stemming.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from relevance_queries import QUERIES

from referat.archive.load import SourceText, load_meeting
from referat.archive.query import search_case
from referat.archive.save import save_meetings
from referat.archive.search import search_text
from referat.archive.store import Archive, open_archive
from referat.ingest.batch import expand_paths, import_paths
from referat.models import Meeting
from referat.structure.recognise import looks_like_case_number

from measure import Figure, fmt_s, median, percentile

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "firstagenda-json"
SMOKE_QUERIES = 4  # smoke runs these queries, on the meetings they expect only


# --------------------------------------------------------------------------------------------
# The Greve archive


def greve_archive(work: Path, smoke: bool) -> tuple[Path, dict[str, str]] | str:
    """The Greve meetings imported from their fpdf2 prints: (archive, file stem -> meeting id),
    or why not."""
    if not CORPUS.is_dir():
        return f"the real-minutes corpus is not at {CORPUS}"
    sys.path.insert(0, str(ROOT / "tools"))
    from greve import prints

    if reason := prints.missing("fpdf2"):
        return reason
    paths = prints.json_files()
    if smoke:
        wanted = {f"greve_{s}" for _, _, exp in QUERIES[:SMOKE_QUERIES] for s, _ in exp}
        paths = [p for p in paths if p.stem in wanted]
    pdfs = prints.print_all(paths, layouts=["fpdf2"], jobs=2)["fpdf2"]
    db = work / "greve.db"
    remove_archive(db)
    with open_archive(db) as archive:
        report = import_paths(archive, expand_paths([str(p) for p in pdfs.values()]), jobs=2)
        if not report.ok:
            return f"the Greve prints did not all import: {report}"
        ids = {
            Path(path).stem.removeprefix("greve_"): meeting
            for meeting, path in archive.conn.execute("SELECT meeting_id, path FROM sources")
        }
    return db, ids


def _ranked(
    archive: Archive, query: str, exact: bool, use_index: bool = True
) -> list[tuple[str, int]]:
    if looks_like_case_number(query):  # as the CLI does: the case's timeline
        return [(e.meeting_id, e.item_number) for e in search_case(archive, query)]
    hits = search_text(archive, query, exact=exact, use_index=use_index)
    return [(h.meeting_id, h.item_number) for h in hits]


def relevance_figure(work: Path, smoke: bool, figures: list[Figure]) -> Path | None:
    """Top-3 hit rate and MRR, plain against new; returns the Greve archive (or None)."""
    name = "Relevance on real minutes: top-3 hit rate (MRR)"
    built = greve_archive(work, smoke)
    if isinstance(built, str):
        figures.append(Figure(name, "plain FTS", "≥ 0.9", notes=[f"skipped: {built}"]))
        return None
    db, ids = built
    queries = QUERIES[:SMOKE_QUERIES] if smoke else QUERIES
    result: dict[tuple[bool, bool], tuple[float, float, list[str]]] = {}
    with open_archive(db, create=False) as archive:
        for exact, use_index in ((True, False), (False, False), (False, True)):
            hits = rr = 0.0
            misses: list[str] = []
            for query, category, expected in queries:
                want = {(ids[stem], n) for stem, n in expected}
                got = _ranked(archive, query, exact, use_index)
                rank = next((k for k, g in enumerate(got, 1) if g in want), None)
                hits += bool(rank and rank <= 3)
                rr += 1 / rank if rank else 0.0
                if not (rank and rank <= 3):
                    misses.append(f"{query!r} ({category}): {rank or '—'}")
            result[exact, use_index] = (hits / len(queries), rr / len(queries), misses)
    plain, new, fts5 = result[True, False], result[False, True], result[False, False]
    figures.append(
        Figure(
            f"{name}, {len(queries)} queries over {len(ids)} Greve meetings",
            "the same search ranked by FTS5 alone (before issue 22), and plain FTS (the words "
            "as written: `--exact`, before issue 11)",
            "≥ 0.94 (MRR ≥ 0.86)",
            ratio=new[0],
            ratio_text=f"{new[0]:.2f} ({new[1]:.2f}) vs {fts5[0]:.2f} ({fts5[1]:.2f}); "
            f"plain {plain[0]:.2f} ({plain[1]:.2f})",
            met=round(new[0], 2) >= 0.94 and round(new[1], 2) >= 0.86,
            absolute=f"search index misses (rank of the first expected item): "
            f"{'; '.join(new[2]) or 'none'}; FTS5's: {'; '.join(fts5[2]) or 'none'}",
            notes=[f"plain FTS misses: {'; '.join(plain[2])}"] if plain[2] else [],
        )
    )
    return db


# --------------------------------------------------------------------------------------------
# A large archive of real text

TOWNS = ("Greve", "Solrød", "Køge", "Roskilde", "Ishøj", "Vallensbæk", "Høje-Taastrup", "Aarhus")
START = dt.date(2007, 1, 1)


def recombined(source: list[Meeting], items: int, seed: int = 11) -> Iterator[Meeting]:
    """About ``items`` items in new meetings: each a real meeting's body and size, filled with
    items drawn from all meetings, in another town on another date."""
    rng = random.Random(seed)
    pool = [item for m in source for item in m.items]
    made = k = 0
    while made < items:
        base = rng.choice(source)
        town = TOWNS[k % len(TOWNS)]
        date = START + dt.timedelta(days=rng.randrange(20 * 365))
        drawn = [
            it.model_copy(update={"number": n})
            for n, it in enumerate(rng.sample(pool, len(base.items)), start=1)
        ]
        yield base.model_copy(
            update={
                "id": f"referat-bench-{k}",
                "date": date,
                "municipality": town,
                "items": drawn,
                "source": base.source.model_copy(update={"sha256": f"{k:064x}"}),
            }
        )
        made += len(drawn)
        k += 1


def remove_archive(path: Path) -> None:
    """An archive and what stands beside it (its journal, its search index), if there."""
    for leftover in path.parent.glob(f"{path.name}*"):
        if leftover.is_dir():  # a search index
            shutil.rmtree(leftover)
        else:
            leftover.unlink()


def greve_meetings(greve_db: Path) -> list[Meeting]:
    """Every meeting of the imported Greve archive, in id order."""
    with open_archive(greve_db, create=False) as greve:
        ids = [r[0] for r in greve.conn.execute("SELECT id FROM meetings ORDER BY id")]
        return [load_meeting(greve, i) for i in ids]


def build_real_archive(path: Path, greve_db: Path, items: int) -> int:
    remove_archive(path)
    source = greve_meetings(greve_db)
    with open_archive(path) as archive:
        batch: list[tuple[Meeting, SourceText | None]] = []
        for meeting in recombined(source, items):
            batch.append((meeting, None))
            if len(batch) == 200:
                save_meetings(archive, batch)
                batch = []
        if batch:
            save_meetings(archive, batch)
        return int(archive.conn.execute("SELECT count(*) FROM items").fetchone()[0])


# Queries by kind, as users type them: single words (base forms the minutes inflect or
# compound), two words, phrases.  Common and rare words both.
SPEED_QUERIES = {
    "single word": [
        "fjernvarme", "skole", "budget", "flygtning", "kystbeskyttelse", "pulje",
        "rottebekæmpelse", "sygefravær", "lokalplan", "anlægsbevilling",
    ],
    "two words": [
        "ukrainsk flygtning", "rehabilitering hjemmepleje", "gebyr affald", "Tune Skole",
        "Mosede Fort", "budget opfølgning",
    ],
    "phrase": ['"Greve Kommune"', '"Tune Skole"', '"til efterretning"', '"kommunale bygninger"'],
}  # fmt: skip


def speed_figures(path: Path, items_wanted: int, greve_db: Path, figures: list[Figure]) -> None:
    start = time.perf_counter()
    items = build_real_archive(path, greve_db, items_wanted)
    built = time.perf_counter() - start
    with open_archive(path, create=False) as archive:
        _size_figure(archive, items, built, figures)
        runs = 5
        for kind, queries in SPEED_QUERIES.items():
            times: dict[bool, list[float]] = {True: [], False: []}
            for q in queries:
                for exact in (True, False):
                    search_text(archive, q, exact=exact)  # warm
                    samples = []
                    for _ in range(runs):
                        t = time.perf_counter()
                        search_text(archive, q, exact=exact)
                        samples.append(time.perf_counter() - t)
                    times[exact].append(median(samples))
            new, plain = times[False], times[True]
            p50, p95 = percentile(new, 0.5), percentile(new, 0.95)
            worst = max(range(len(queries)), key=lambda i: new[i])
            figures.append(
                Figure(
                    f"Search speed, {kind} (without the search index: FTS5 and its stems, as "
                    f"an archive that has none answers; {len(queries)} queries, top 20 items, "
                    f"{items:,}-item real-text archive), p50 / p95",
                    "plain FTS (`--exact`) on the same archive",
                    # issue 22's targets are the search index's: the rows "Search at N items"
                    "reported (with the index: the rows 'Search at … items')",
                    ratio=p50,
                    ratio_text=f"{fmt_s(p50)} / {fmt_s(p95)}",
                    absolute=f"plain {fmt_s(percentile(plain, 0.5))} / "
                    f"{fmt_s(percentile(plain, 0.95))}; slowest {queries[worst]!r} "
                    f"{fmt_s(new[worst])} (plain {fmt_s(plain[worst])})",
                )
            )


def _size_figure(archive: Archive, items: int, built: float, figures: list[Figure]) -> None:
    def kb(*patterns: str) -> float:
        where = " OR ".join("name LIKE ?" for _ in patterns)
        row = archive.conn.execute(f"SELECT sum(pgsize) FROM dbstat WHERE {where}", patterns)
        return float(row.fetchone()[0] or 0) / items / 1024

    plain = kb("sections_fts%", "items_fts%")
    stems = kb("section_stems%")
    vocab = kb("stem_vocab%", "sqlite_autoindex_stem_vocab%")
    text = kb("sections")
    figures.append(
        Figure(
            f"Search index size per item ({items:,}-item real-text archive)",
            "the full-text index before issue 11 (sections_fts + items_fts)",
            "reported",
            ratio=(plain + stems + vocab) / plain,
            ratio_text=f"{plain + stems + vocab:.1f} KB vs {plain:.1f} KB",
            absolute=f"stems: table (stemmed copy) and its index {stems:.1f} KB, vocabulary "
            f"{vocab:.2f} KB; the sections' text itself {text:.1f} KB; built in {fmt_s(built)}",
        )
    )


def search_bench(work: Path, smoke: bool, items: int, figures: list[Figure]) -> None:
    greve_db = relevance_figure(work, smoke, figures)
    if greve_db is None:
        return
    speed_figures(work / "real.db", items, greve_db, figures)
