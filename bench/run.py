"""The benchmarks of issue 5: every figure against a baseline measured in the same run.

    python bench/run.py            # make bench: full sizes, writes bench/RESULTS.md (~10 min)
    python bench/run.py --smoke    # make bench-smoke: tiny sizes, seconds; asserts nothing

Each figure is the median of interleaved runs (baseline and subject take turns) and is reported
as a ratio against its baseline; absolute times are for reading only (the machine is shared).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from pdf_bench import pdf_figures  # noqa: E402
from scale_bench import scale_figures  # noqa: E402
from search_bench import relevance_figure, search_bench  # noqa: E402

from referat.archive.query import search_case  # noqa: E402
from referat.archive.search import search_text  # noqa: E402
from referat.archive.store import open_archive  # noqa: E402
from referat.ingest.batch import expand_paths, import_paths  # noqa: E402

from archive import build_archive  # noqa: E402
from corpus import generate  # noqa: E402
from measure import (  # noqa: E402
    BIN,
    FULL,
    SMOKE,
    Figure,
    Sizes,
    clock,
    fmt_s,
    fresh_db,
    interleaved,
    machine,
    median,
    percentile,
    referat,
    run_process,
)
from report import update_results, write_results  # noqa: E402

# Topic queries a user of a municipal archive types (words as written, our quoting applies).
TOPICS = [
    "sygefravær",
    "rekrutter*",
    "digitaliseringsstrategi",
    "Høje-Taastrup",
    "børne- og ungeområdet",
    "vintervedligeholdelse",
    "kompetenceudvikling",
    "pædagoger",
    "Egmontfonden",
    "udviklingsstrategi*",
    "temadrøftelse",
    "borgerdialog*",
    "Taastrup Station",
    "tryghed",
    "budgetforlig",
    "standardisering OR automatisering",
    '"fælles om fremtiden"',
    "mio. kr.",
    "efter- og videreuddannelse",
    "velfærdsområderne",
]

# The raw baseline runs exactly the SQL the library runs, so the ratio is our overhead alone.
from referat.archive.query import _CASE_BY_KEY as CASE_SQL  # noqa: E402

# The plain FTS5 way: best rows by bm25 with a snippet, joined to item and meeting.
FTS_SQL = """SELECT m.id, m.date, m.body, i.number, i.title, i.case_number, s.kind,
       snippet(sections_fts, 2, char(2), char(3), '…', 16), bm25(sections_fts, 4.0, 1.0, 1.0)
FROM sections_fts
JOIN sections s ON s.id = sections_fts.rowid
JOIN items i ON i.id = s.item_id
JOIN meetings m ON m.id = i.meeting_id
WHERE sections_fts MATCH ?
ORDER BY bm25(sections_fts, 4.0, 1.0, 1.0)
LIMIT 20"""


# --------------------------------------------------------------------------------------------
# Text import


def text_figures(work: Path, sizes: Sizes, figures: list[Figure]) -> None:
    import sqlite_utils

    from referat.archive.schema import schema_sql

    folder = work / "text"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, text in generate(sizes.text_meetings, seed=1):
        (folder / name).write_text(text, encoding="utf-8")
    db = work / "text.db"
    jobs = os.cpu_count() or 1

    def import_all(n: int) -> Callable[[], None]:
        def go() -> None:
            archive = open_archive(fresh_db(db))
            try:
                report = import_paths(archive, expand_paths([str(folder)]), jobs=n)
                assert report.count("inserted") == sizes.text_meetings, report.summary()
            finally:
                archive.close()

        return go

    import_all(1)()  # warm the page cache; also the source of the baseline's rows
    rows = _final_rows(db)
    base = work / "baseline.db"

    def insert_all(tables: tuple[str, ...]) -> Callable[[], None]:
        def go() -> None:
            conn = sqlite3.connect(fresh_db(base))
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            for statement in schema_sql():
                conn.execute(statement)
            target = sqlite_utils.Database(conn)
            for table in tables:
                target[table].insert_all(rows[table], batch_size=1000)
            conn.close()

        return go

    imp_n, imp_1, baseline, older = interleaved(
        sizes.runs, import_all(jobs), import_all(1), insert_all(tuple(rows)), insert_all(SIX)
    )
    t_n, t_1, t_base, t_six = median(imp_n), median(imp_1), median(baseline), median(older)
    figures.append(
        Figure(
            f"Text import, {sizes.text_meetings} meetings (library `import_paths`, "
            f"jobs={jobs}, the CLI default)",
            "plain sqlite-utils `insert_all` of the same final rows (every table the import "
            "writes, same schema: its FTS triggers fill the three indexes)",
            "≤ 3× its time",
            ratio=t_n / t_base,
            ratio_text=f"{t_n / t_base:.2f}× its time",
            met=t_n / t_base <= 3,
            absolute=f"{fmt_s(t_n)} (jobs=1: {fmt_s(t_1)}, {t_1 / t_base:.2f}×) vs "
            f"{fmt_s(t_base)}; against the six tables of this figure before issues 11 and 12 "
            f"({fmt_s(t_six)}): {t_n / t_six:.2f}×",
        )
    )

    archive = open_archive(fresh_db(db))
    try:
        first = clock(lambda: import_paths(archive, expand_paths([str(folder)]), jobs=jobs))
        again = []
        for _ in range(sizes.runs):
            again.append(
                clock(lambda: import_paths(archive, expand_paths([str(folder)]), jobs=jobs))
            )
    finally:
        archive.close()
    t_again = median(again)
    figures.append(
        Figure(
            f"Re-import of the unchanged corpus ({sizes.text_meetings} meetings)",
            "the first import",
            "≤ 5% of its time",
            ratio=t_again / first,
            ratio_text=f"{100 * t_again / first:.1f}%",
            met=t_again / first <= 0.05,
            absolute=f"{fmt_s(t_again)} vs {fmt_s(first)}",
        )
    )


# The tables the text figure's baseline wrote until issues 11 (stems) and 12 (outcomes, amounts)
# gave the import more to write; still measured, for comparison with earlier runs.
SIX = ("meetings", "sources", "attendees", "items", "sections", "attachments")


def _final_rows(db: Path) -> dict[str, list[dict[str, object]]]:
    """Every row of every table the import wrote (not the indexes: the triggers fill them)."""
    from referat.archive.schema import TABLES

    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    out: dict[str, list[dict[str, object]]] = {}
    for table in TABLES:
        out[table.name] = [dict(r) for r in conn.execute(f"SELECT * FROM {table.name}")]
    conn.close()
    return out


# --------------------------------------------------------------------------------------------
# Search on the large archive


def search_figures(work: Path, sizes: Sizes, figures: list[Figure]) -> None:
    db = work / f"archive-{sizes.archive_items}.db"
    built = clock(lambda: build_archive(fresh_db(db), sizes.archive_items))
    archive = open_archive(db, create=False)
    conn = archive.conn
    items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db.stat().st_size
    text_bytes = conn.execute("SELECT sum(length(text)) FROM sources").fetchone()[0]
    fts_bytes = conn.execute(
        "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'sections_fts%' OR name LIKE 'items_fts%'"
    ).fetchone()[0]
    figures.append(
        Figure(
            f"Archive size per item ({items:,} items)",
            "—",
            "reported",
            ratio=size / items,
            ratio_text=f"{size / items / 1024:.1f} KB",
            absolute=f"{size / 2**20:.0f} MB in all; the source texts alone "
            f"{text_bytes / items / 1024:.1f} KB/item, the full-text index (external content: "
            f"no copy of the text) {fts_bytes / items / 1024:.1f} KB/item; built in "
            f"{fmt_s(built)} (bulk path)",
        )
    )

    rng = random.Random(11)
    keys = [r[0] for r in conn.execute("SELECT DISTINCT case_key FROM items ORDER BY case_key")]
    longest = conn.execute(
        "SELECT case_key FROM items GROUP BY case_key ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    cases = [longest, *rng.sample(keys, min(sizes.cases, len(keys)) - 1)]
    raw_cur = conn.cursor()
    raw_cur.row_factory = None

    # Interleaved search by search (not run by run): one search takes ~50 µs, and a noisy
    # spell on a shared machine would otherwise land on one side only.  Each key's pages are
    # warmed by an untimed query first, and the two take turns at going first: whichever runs
    # second would otherwise find the pages in SQLite's cache.
    lib: list[float] = []
    raw: list[float] = []
    now = time.perf_counter
    for run in range(sizes.runs * 4):
        t_l = t_r = 0.0
        for n, key in enumerate(cases):
            raw_cur.execute(CASE_SQL, (key,)).fetchall()
            for side in (0, 1) if (run + n) % 2 else (1, 0):
                start = now()
                if side:
                    search_case(archive, key)
                    t_l += now() - start
                else:
                    raw_cur.execute(CASE_SQL, (key,)).fetchall()
                    t_r += now() - start
        lib.append(t_l)
        raw.append(t_r)
    t_lib, t_raw = median(lib), median(raw)
    per = len(cases)
    figures.append(
        Figure(
            f"Case-number search on the {items:,}-item archive (library `search_case`)",
            "the same SQL, raw (`execute(...).fetchall()` of tuples)",
            "≤ 1.2×",
            ratio=t_lib / t_raw,
            ratio_text=f"{t_lib / t_raw:.2f}×",
            met=t_lib / t_raw <= 1.2,
            absolute=f"{fmt_s(t_lib / per)} vs {fmt_s(t_raw / per)} per search "
            f"({per} case numbers; longest timeline {_timeline(conn, longest)} items)",
        )
    )

    lib_t: list[float] = []
    raw_t: list[float] = []
    from referat.archive.fts import fts_query

    for topic in TOPICS:
        match = fts_query(topic)
        a, b = interleaved(
            sizes.slow_runs,
            lambda t=topic: search_text(archive, t, limit=20, exact=True),  # type: ignore[misc]
            lambda m=match: raw_cur.execute(FTS_SQL, (m,)).fetchall(),  # type: ignore[misc]
        )
        lib_t.append(median(a))
        raw_t.append(median(b))
    p50l, p50r = percentile(lib_t, 0.5), percentile(raw_t, 0.5)
    p95l, p95r = percentile(lib_t, 0.95), percentile(raw_t, 0.95)
    worst = max(range(len(TOPICS)), key=lambda i: lib_t[i] / raw_t[i])
    figures.append(
        Figure(
            f"Full-text search, {len(TOPICS)} topic queries (library `search_text`, words as "
            "written: `exact=True`, top 20 items), p50 / p95",
            "raw FTS5: `MATCH` + `bm25` + `snippet`, top 20 rows joined to item and meeting",
            "≤ 1.2×; absolute p50 reported",
            ratio=max(p50l / p50r, p95l / p95r),
            ratio_text=f"{p50l / p50r:.2f}× / {p95l / p95r:.2f}×",
            met=p50l / p50r <= 1.2 and p95l / p95r <= 1.2,
            absolute=f"p50 {fmt_s(p50l)} vs {fmt_s(p50r)}; p95 {fmt_s(p95l)} vs "
            f"{fmt_s(p95r)}; worst query {TOPICS[worst]!r} "
            f"{fmt_s(lib_t[worst])} vs {fmt_s(raw_t[worst])}",
        )
    )
    archive.close()

    case_arg = longest
    sql_utils = str(BIN / "sqlite-utils")
    whole_lib, whole_raw = interleaved(
        sizes.runs * 2,
        lambda: run_process(referat("search", "--db", str(db), "--case", case_arg)),
        lambda: run_process(
            [sql_utils, "query", str(db), CASE_SQL.replace("?", ":k"), "-p", "k", case_arg]
        ),
        warmup=True,
    )
    t_wl, t_wr = median(whole_lib), median(whole_raw)
    figures.append(
        Figure.at_most(
            "`referat search --case …` whole process",
            "`sqlite-utils query` of the same SQL on the same db, whole process",
            1.5,
            t_wl,
            t_wr,
        )
    )


def _timeline(conn: sqlite3.Connection, key: str) -> int:
    return int(conn.execute("SELECT count(*) FROM items WHERE case_key = ?", (key,)).fetchone()[0])


def html_figure(sizes: Sizes, figures: list[Figure]) -> None:
    """Web pages (lxml tree -> blocks -> styled lines -> parse) against the same meetings as
    text files: what reading a meeting from HTML costs beyond reading it from text."""
    import html

    from referat.pipeline import parse_document
    from referat.read.files import read_document

    pages: list[bytes] = []
    texts: list[bytes] = []
    for _, text in generate(sizes.text_meetings // 4 or 1, seed=3):
        texts.append(text.encode())
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        body = "".join(
            f"<h2>{html.escape(p)}</h2>" if p.startswith("Punkt ") else
            "<p>" + "<br>".join(html.escape(x) for x in p.splitlines()) + "</p>"
            for p in paragraphs
        )  # fmt: skip
        pages.append(f"<html><body><nav>Menu</nav><main>{body}</main></body></html>".encode())

    def ours() -> None:
        for i, page in enumerate(pages):
            parse_document(read_document(page, f"m{i}.html"))

    def theirs() -> None:
        for i, text in enumerate(texts):
            parse_document(read_document(text, f"m{i}.txt"))

    t_o, t_t = (median(x) for x in interleaved(sizes.runs, ours, theirs, warmup=True))
    ratio = t_o / t_t
    figures.append(
        Figure(
            f"HTML pages read and parsed ({len(pages)} pages)",
            "the same meetings as text, read and parsed",
            "reported",
            ratio=ratio,
            ratio_text=f"{ratio:.1f}×",
            absolute=f"{fmt_s(t_o)} vs {fmt_s(t_t)}",
        )
    )


def startup_figure(sizes: Sizes, figures: list[Figure]) -> None:
    ours, theirs = interleaved(
        sizes.runs * 2,
        lambda: run_process(referat("--help")),
        lambda: run_process([str(BIN / "sqlite-utils"), "--help"]),
        warmup=True,
    )
    t_o, t_t = median(ours), median(theirs)
    name, baseline = "`referat --help` start-up", "`sqlite-utils --help`"
    figures.append(Figure.at_most(name, baseline, 1.5, t_o, t_t))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, seconds")
    parser.add_argument("--out", type=Path, help="results file (default: bench/RESULTS.md)")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument(
        "--only",
        choices=("startup", "text", "pdf", "search", "html", "danish", "relevance", "scale"),
        action="append",
        help="run only this stage (repeatable; danish: relevance, real-text speed and index size "
        "of the Danish search) and replace its rows in the results file",
    )
    parser.add_argument("--real-items", type=int, help="items of the real-text archive")
    parser.add_argument(
        "--real-dir",
        type=Path,
        default=BENCH.parent / ".cache" / "real",
        help="scale: where the large real-text archives are built once and kept",
    )
    parser.add_argument(
        "--scale-sizes",
        type=int,
        nargs="+",
        default=[200_000, 1_000_000],
        help="scale: archive sizes in items (built on first use: hours for a million)",
    )
    args = parser.parse_args()
    sizes = SMOKE if args.smoke else FULL
    if args.real_items:
        sizes = dataclasses.replace(sizes, real_items=args.real_items)
    work = args.work or Path(tempfile.mkdtemp(prefix="referat-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    out = args.out or (work / "RESULTS.md" if args.smoke else BENCH / "RESULTS.md")
    info = machine()
    figures: list[Figure] = []
    started = time.perf_counter()
    try:
        stages = {
            "startup": lambda: startup_figure(sizes, figures),
            "text": lambda: text_figures(work, sizes, figures),
            "pdf": lambda: pdf_figures(work, sizes, figures),
            "search": lambda: search_figures(work, sizes, figures),
            "html": lambda: html_figure(sizes, figures),
            "danish": lambda: search_bench(work, args.smoke, sizes.real_items, figures),
            "relevance": lambda: relevance_figure(work, args.smoke, figures),
            "scale": lambda: scale_figures(
                work,
                work / "real" if args.smoke else args.real_dir,
                [300, 600] if args.smoke else args.scale_sizes,
                args.smoke,
                figures,
            ),
        }
        for name, stage in stages.items():
            if args.only and name not in args.only:
                continue
            if not args.only and name == "relevance":  # the danish stage measures it too
                continue
            stage()
            print(f"[{time.perf_counter() - started:6.1f} s] {figures[-1].name}", flush=True)
        info["took"] = fmt_s(time.perf_counter() - started)
        if args.only:
            update_results(out, figures, info, args.only)
        else:
            write_results(out, figures, info, smoke=args.smoke)
        print(out.read_text() if args.smoke else f"wrote {out}")
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
