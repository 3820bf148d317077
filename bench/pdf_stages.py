"""Where a PDF import's time goes, stage by stage (issue 22), beside poppler's ``pdftotext``.

    python bench/pdf_stages.py FILE.pdf [--runs 3]

Start-up is a fresh interpreter importing what ``referat import`` imports; the stages are the
pipeline's own functions called in turn on the file (best of ``--runs``): read (PDFium text
and the layout of its lines), clean, classify, parse, outcomes, rows (stems and vocabulary),
save (one transaction into a new archive).  ``pdftotext`` is timed as a whole process.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STARTUP = (
    "import referat.cli, referat.ingest.batch, referat.pipeline, referat.read.files, "
    "referat.archive.save"
)


def _best(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def stages(path: Path, runs: int) -> list[tuple[str, float]]:
    from referat.archive.load import SourceText
    from referat.archive.rows import meeting_rows
    from referat.archive.save import save_meeting
    from referat.archive.store import open_archive
    from referat.decide.outcomes import analyse_meeting
    from referat.models import Source
    from referat.read.files import read_document
    from referat.read.layout import body_size_of
    from referat.structure import profiles
    from referat.structure.classify import classify_document
    from referat.structure.clean import clean_lines
    from referat.structure.paragraphs import vocabulary_of
    from referat.structure.parse import Context, Parser
    from referat.structure.parse_header import find_municipality

    out: list[tuple[str, float]] = []
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", STARTUP], check=True)
    out.append(("start-up (interpreter + imports)", time.perf_counter() - start))
    data = path.read_bytes()
    t, doc = _best(lambda: read_document(data, path.name), runs)
    out.append(("read + layout (PDFium, lines)", t))
    t, lines = _best(lambda: clean_lines(list(doc.lines)), runs)
    out.append(("clean", t))
    profile, evidence = profiles.detect(line.text for line in lines)
    size = body_size_of(lines)
    t, (roles, notes) = _best(lambda: classify_document(lines, profile, size), runs)
    out.append(("classify", t))
    town = find_municipality(doc.lines, doc.metadata)
    source = Source(path=doc.path, sha256=doc.sha256, format=doc.format, pages=doc.pages)

    def parse() -> Any:
        ctx = Context(source, profile.name, evidence, vocabulary_of(lines), None, None, town)
        ctx.structure_notes = notes
        return Parser(roles, ctx).parse()

    t, parsed = _best(parse, runs)
    out.append(("parse (items, sections)", t))
    t, meeting = _best(lambda: analyse_meeting(parsed.meeting), runs)
    out.append(("outcomes, votes, amounts", t))
    t, _ = _best(lambda: meeting_rows(meeting), runs)
    out.append(("rows (stems, vocabulary)", t))
    work = Path(tempfile.mkdtemp(prefix="referat-stages-"))

    def save() -> None:
        for f in work.glob("a.db*"):
            f.unlink()
        with open_archive(work / "a.db") as archive:
            save_meeting(archive, meeting, SourceText(doc.source_text(), doc.encoding))

    t, _ = _best(save, runs)
    out.append(("save (one transaction, FTS triggers)", t))
    shutil.rmtree(work, ignore_errors=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = stages(args.pdf, args.runs)
    total = sum(t for _, t in rows)
    pdftotext = shutil.which("pdftotext")
    for name, t in rows:
        print(f"| {name} | {t * 1000:.0f} ms | {100 * t / total:.0f} % |")
    print(f"| **sum** | {total * 1000:.0f} ms | |")
    if pdftotext:
        t, _ = _best(
            lambda: subprocess.run([pdftotext, "-q", str(args.pdf), "-"], capture_output=True),
            args.runs,
        )
        print(f"| pdftotext, whole process | {t * 1000:.0f} ms | {total / t:.1f}× ours |")


if __name__ == "__main__":
    main()
