"""The PDF import figures: `referat import` of generated PDFs as a whole process, against
pdfplumber, poppler's `pdftotext` and itself with `--jobs 2`; peak memory on a long PDF; and the
floor any PDFium reader in Python stands on (``pdfium_text.py``), so a target below it reads as
such."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from referat.archive.store import open_archive
from referat.ingest.batch import expand_paths, import_paths

from measure import (
    Figure,
    Sizes,
    fmt_s,
    fresh_db,
    interleaved,
    median,
    peak_rss_mb,
    referat,
    run_process,
)
from pdfs import big_pdf, generate_pdfs

FLOOR = Path(__file__).resolve().parent / "pdfium_text.py"


def pdf_figures(work: Path, sizes: Sizes, figures: list[Figure]) -> None:
    import pdfplumber

    folder = work / "pdfs"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in generate_pdfs(sizes.pdf_meetings, seed=5):
        (folder / name).write_bytes(data)
    paths = sorted(folder.glob("*.pdf"))
    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            pages += len(pdf.pages)
    db = work / "pdf.db"

    def import_jobs(jobs: int) -> Callable[[], None]:
        def go() -> None:
            fresh_db(db)
            run_process(referat("import", "--db", str(db), "--jobs", str(jobs), str(folder)))

        return go

    plumber, poppler = _plumber(paths), _poppler(paths)
    pdftotext = shutil.which("pdftotext")

    imp1, plumb = interleaved(sizes.slow_runs, import_jobs(1), plumber)
    t_import, t_plumb = median(imp1), median(plumb)
    where = f"{len(paths)} PDFs, {pages} pages"
    figures.append(
        Figure(
            "PDF import, pages/s end to end (`referat import --jobs 1`, whole process)",
            "pdfplumber `extract_text` alone (pages closed), in process",
            "≥ 50× faster",
            ratio=t_plumb / t_import,
            ratio_text=f"{t_plumb / t_import:.0f}× faster",
            met=t_plumb / t_import >= 50,
            absolute=f"{pages / t_import:.0f} vs {pages / t_plumb:.1f} pages/s ({where})",
        )
    )
    if pdftotext is None:
        figures.append(
            Figure(
                "PDF import vs poppler",
                "poppler `pdftotext` (not installed: apt-get install poppler-utils)",
                "≤ 2.5× its time",
                ratio_text="skipped",
                notes=["pdftotext is missing; `make bench` installs or requires it"],
            )
        )
    else:
        imp, pop = interleaved(sizes.runs, import_jobs(1), poppler, warmup=True)
        t_imp, t_pop = median(imp), median(pop)
        figures.append(
            Figure(
                "PDF import, end to end (`referat import --jobs 1`, whole process)",
                "poppler `pdftotext` on the same PDFs (one process per file)",
                "≤ 2.5× its time",
                ratio=t_imp / t_pop,
                ratio_text=f"{t_imp / t_pop:.2f}× its time",
                met=t_imp / t_pop <= 2.5,
                absolute=f"{fmt_s(t_imp)} vs {fmt_s(t_pop)}; "
                f"{pages / t_imp:.0f} vs {pages / t_pop:.0f} pages/s",
            )
        )
        figures.append(floor_figure(where, paths, poppler, t_imp, t_plumb, sizes.runs))
    one, two = interleaved(sizes.runs, import_jobs(1), import_jobs(2), warmup=True)
    t1, t2 = median(one), median(two)

    def library_jobs(jobs: int) -> Callable[[], None]:
        def go() -> None:
            archive = open_archive(fresh_db(db))
            try:
                import_paths(archive, expand_paths([str(folder)]), jobs=jobs)
            finally:
                archive.close()

        return go

    lib1, lib2 = interleaved(sizes.runs, library_jobs(1), library_jobs(2))
    l1, l2 = median(lib1), median(lib2)
    figures.append(
        Figure(
            "PDF import with `--jobs 2` vs `--jobs 1` (whole process)",
            "itself with `--jobs 1`",
            "≥ 1.7× on 2 cores",
            ratio=t1 / t2,
            ratio_text=f"{t1 / t2:.2f}×",
            met=t1 / t2 >= 1.7 if (os.cpu_count() or 1) >= 2 else None,
            absolute=f"{fmt_s(t2)} vs {fmt_s(t1)} ({where}); the library call alone "
            f"(no start-up): {l1 / l2:.2f}×, {fmt_s(l2)} vs {fmt_s(l1)}",
        )
    )
    long_pdf_figure(work, sizes, figures, plumber_pages_s=pages / t_plumb)
    big = work / "big.pdf"
    big.write_bytes(big_pdf(sizes.big_pages))
    with pdfplumber.open(big) as pdf:
        big_pages = len(pdf.pages)
    rss, seconds = [], []
    for _ in range(sizes.runs):
        mb, s = peak_rss_mb(["import", "--db", str(fresh_db(db)), "--jobs", "1", str(big)])
        rss.append(mb)
        seconds.append(s)
    figures.append(
        Figure(
            f"Peak RSS importing a {big_pages}-page PDF (`referat import --jobs 1`)",
            "—",
            "≤ 150 MB",
            ratio=median(rss),
            ratio_text=f"{median(rss):.0f} MB",
            met=median(rss) <= 150,
            absolute=f"{fmt_s(median(seconds))} ({big_pages / median(seconds):.0f} pages/s)",
        )
    )


def long_pdf_figure(
    work: Path, sizes: Sizes, figures: list[Figure], *, plumber_pages_s: float
) -> None:
    """The pdfplumber target reads "at 300+ pages": one long PDF (a city council's minutes,
    ``big_pdf``), beside the rows of the 32 meetings (which it does not replace): our start-up
    is spread over more pages, pdfplumber's time per page stays what it is."""
    import pdfplumber

    long = work / "long.pdf"
    long.write_bytes(big_pdf(sizes.long_pages))
    with pdfplumber.open(long) as pdf:
        pages = len(pdf.pages)
    db = work / "long.db"

    def ours() -> None:
        fresh_db(db)
        run_process(referat("import", "--db", str(db), "--jobs", "1", str(long)))

    plumber, poppler = _plumber([long]), _poppler([long])
    pdftotext = shutil.which("pdftotext")

    imp, plumb = interleaved(sizes.slow_runs, ours, plumber)
    imp2, pop = interleaved(sizes.runs, ours, poppler, warmup=True)
    t_imp, t_plumb = median(imp + imp2), median(plumb)
    if pdftotext is not None:
        where = f"one PDF, {pages} pages"
        figures.append(floor_figure(where, [long], poppler, t_imp, t_plumb, sizes.runs))
    versus = (
        f"; `pdftotext` (one process) {fmt_s(median(pop))}: {median(imp2) / median(pop):.2f}× "
        "its time"
        if pdftotext is not None
        else ""
    )
    figures.append(
        Figure(
            f"PDF import of one long PDF, pages/s end to end (`referat import --jobs 1`, whole "
            f"process, {pages} pages)",
            "pdfplumber `extract_text` alone (pages closed), in process, the same PDF",
            "≥ 50× faster",
            ratio=t_plumb / t_imp,
            ratio_text=f"{t_plumb / t_imp:.0f}× faster",
            met=t_plumb / t_imp >= 50,
            absolute=f"{pages / t_imp:.0f} vs {pages / t_plumb:.1f} pages/s ({fmt_s(t_imp)} vs "
            f"{fmt_s(t_plumb)}; pdfplumber on the 32 meetings: {plumber_pages_s:.1f} pages/s)"
            + versus,
        )
    )


def _plumber(paths: list[Path]) -> Callable[[], None]:
    """pdfplumber's ``extract_text`` of every page, in process (pages closed)."""
    import pdfplumber

    def run() -> None:
        for path in paths:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.close()

    return run


def _poppler(paths: list[Path]) -> Callable[[], None]:
    """``pdftotext`` once per file (nothing when poppler is not installed)."""
    pdftotext = shutil.which("pdftotext")

    def run() -> None:
        for path in paths:
            if pdftotext is not None:
                run_process([pdftotext, "-q", str(path), "-"])

    return run


def floor_figure(
    where: str,
    paths: list[Path],
    poppler: Callable[[], None],
    t_import: float,
    t_plumber: float,
    runs: int,
) -> Figure:
    """PDFium's text alone, as a process (``pdfium_text.py``), against ``pdftotext`` in the same
    run: the part of the PDF targets' budgets (2.5x pdftotext, 1/50 of pdfplumber) that any
    PDFium reader in Python spends before it knows where a character is, and what is left."""

    def bare() -> None:
        run_process([sys.executable, str(FLOOR), *map(str, paths)])

    floor, pop = interleaved(runs, bare, poppler, warmup=True)
    t_floor, t_pop = median(floor), median(pop)
    budget_pop, budget_plumb = 2.5 * t_pop, t_plumber / 50

    def left(budget: float) -> str:
        if budget >= t_floor:
            return fmt_s(budget - t_floor)
        return f"nothing (the floor alone is {fmt_s(t_floor - budget)} over it)"

    return Figure(
        f"The floor under the PDF targets: PDFium's text alone, whole process ({where})",
        "poppler `pdftotext`, same PDFs, same run",
        "reported",
        ratio=t_floor / t_pop,
        ratio_text=f"{t_floor / t_pop:.2f}× its time",
        absolute=f"{fmt_s(t_floor)} vs {fmt_s(t_pop)}; left for positions, fonts, layout, "
        f"parsing, outcomes, stems and the archive: {left(budget_pop)} within 2.5× "
        f"pdftotext, {left(budget_plumb)} within 1/50 of pdfplumber; "
        f"`referat import` spends {fmt_s(t_import - t_floor)} there",
    )
