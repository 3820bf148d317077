"""``make corpus``: print every Greve meeting in every layout, parse the prints, score them.

    PYTHONPATH=tools python -m greve [--jobs 2] [--layout chromium ...] [--limit N]
        [--family office-runin ...] [--meetings all] [--only layouts|variants|corpus]
        [--markdown FILE]

Prints how long each layout took to print (0 when the cache had it), a field-accuracy table per
layout and per category, the worst documents, and the scores of the goldened corpus PDFs
(``tests/corpus/*.expected.json``, parsed from ``../shared/corpus/pdf/<document>``).

Then the layout family (:mod:`greve.styles`): every variant's share of the meetings (or all of
them with ``--meetings all``), scored per family, tuned and held-out families apart.  Held-out
families are reported by family only (mean and min): their documents are not listed, so tuning
cannot look at them.  ``--markdown FILE`` writes the family table as Markdown.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import prints, variants
from .facts import expected_text, facts
from .styles import FAMILIES, HELD_OUT, VARIANTS
from facts_score import CATEGORIES, Score, goldens, load_expected, score

SHOWN = ("items", "titles", "case_numbers", "headings", "decisions", "attendees", "closed")


@dataclass
class Result:
    layout: str
    document: str
    score: Score | None
    error: str | None = None

    @property
    def accuracy(self) -> float:
        return self.score.accuracy if self.score else 0.0

    @property
    def fidelity(self) -> float:
        if self.score is None or self.score.fidelity is None:
            return 0.0
        return self.score.fidelity

    def why(self) -> str:
        """What went wrong: the parser's error or the categories not fully right."""
        if self.error or self.score is None:
            return self.error or "?"
        return ", ".join(f"{c} {v}" for c, v in self.score.wrong().items())


Task = tuple[str, Path, Path | None, dict[str, object] | None]


def parse_and_score(task: Task) -> Result:
    layout, pdf, json_path, expected = task
    from referat.pipeline import parse_file

    try:
        meeting = parse_file(pdf).meeting
    except Exception as exc:  # a parser failure is a result here, not a crash
        return Result(layout, pdf.name, None, f"{type(exc).__name__}: {exc}")
    if json_path is not None and layout in VARIANTS:
        variant = VARIANTS[layout]
        want = variants.styled_facts(variant, json_path)
        found = score(meeting, want, variants.styled_text(variant, json_path))
        return Result(layout, pdf.name, found)
    if json_path is not None:
        return Result(layout, pdf.name, score(meeting, facts(json_path), expected_text(json_path)))
    assert expected is not None
    return Result(layout, pdf.name, score(meeting, expected))


def summary(results: list[Result], worst: int) -> list[str]:
    """Each variant's mean and minimum field accuracy, then the ``worst`` prints (for the
    tuning tools: :mod:`greve.explore`, :mod:`greve.as_word`)."""
    lines = []
    for name in dict.fromkeys(r.layout for r in results):
        acc = [r.accuracy for r in results if r.layout == name]
        lines.append(f"{name}: mean {_mean(acc):.3f} min {min(acc):.3f} ({len(acc)})")
    for r in sorted(results, key=lambda r: r.accuracy)[:worst]:
        lines.append(f"{r.accuracy:.3f} {r.layout} {r.document} {r.why()}")
    return lines


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _share(results: list[Result], category: str) -> str:
    right = sum(r.score.counts[category][0] for r in results if r.score)
    total = sum(r.score.counts[category][1] for r in results if r.score)
    return f"{right / total:.3f}" if total else "  -  "


def table(results: list[Result]) -> list[str]:
    head = ["layout", "docs", "acc mean", "acc min", "fid mean", "fid min", *SHOWN]
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for layout in sorted({r.layout for r in results}):
        rows = [r for r in results if r.layout == layout]
        acc = [r.accuracy for r in rows]
        fid = [r.fidelity for r in rows]
        cells = [
            layout, str(len(rows)), f"{_mean(acc):.3f}", f"{min(acc):.3f}", f"{_mean(fid):.3f}",
            f"{min(fid):.3f}", *(_share(rows, c) for c in SHOWN),
        ]  # fmt: skip
        lines.append(" | ".join(cells))
    return lines


def family_rows(results: list[Result]) -> list[list[str]]:
    """Per family: generator, held out or tuned, prints, field accuracy mean and min, fidelity;
    then the tuned and the held-out families pooled."""
    rows: list[list[str]] = []
    pooled: dict[str, list[Result]] = {"tuned": [], "held out": []}
    for family in FAMILIES:
        mine = [r for r in results if r.layout in VARIANTS and VARIANTS[r.layout].family == family]
        if not mine:
            continue
        group = "held out" if family.name in HELD_OUT else "tuned"
        pooled[group] += mine
        rows.append(_family_row(family.name, family.generator, group, mine))
    for group, mine in pooled.items():
        if mine:
            rows.append(_family_row(f"all {group}", "", group, mine))
    return rows


def _family_row(name: str, generator: str, group: str, rows: list[Result]) -> list[str]:
    acc = [r.accuracy for r in rows]
    fid = [r.fidelity for r in rows]
    below = sum(a < 0.95 for a in acc)
    return [
        name, generator, group, str(len(rows)), f"{_mean(acc):.3f}", f"{min(acc):.3f}",
        str(below), f"{_mean(fid):.3f}",
    ]  # fmt: skip


FAMILY_HEAD = [
    "family", "generator", "group", "prints", "acc mean", "acc min", "< 0.95", "fid mean",
]  # fmt: skip


def markdown(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(FAMILY_HEAD) + " |", "|" + "---|" * len(FAMILY_HEAD)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _variant_tasks(args: argparse.Namespace, paths: list[Path]) -> list[Task]:
    names = {f.name for f in FAMILIES}
    wanted = args.family or sorted(names)
    plan = {
        name: meetings
        for name, meetings in variants.default_plan(paths, every=args.meetings == "all").items()
        if VARIANTS[name].family.name in wanted
    }
    started = time.perf_counter()
    printed = variants.print_all(plan, jobs=args.jobs)
    skipped = sorted(set(plan) - set(printed))
    count = sum(len(v) for v in printed.values())
    print(f"  {len(printed)} variants, {count} prints, {time.perf_counter() - started:.1f} s")
    if skipped:
        print(f"  skipped (generator missing): {', '.join(skipped)}")
    return [(name, pdf, src, None) for name, done in printed.items() for src, pdf in done.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m greve", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--layout", action="append", choices=sorted(prints.LAYOUTS))
    parser.add_argument("--family", action="append", choices=[f.name for f in FAMILIES])
    parser.add_argument("--meetings", choices=("share", "all"), default="share")
    parser.add_argument("--only", choices=("layouts", "variants", "corpus"))
    parser.add_argument("--markdown", type=Path, help="write the family table here")
    parser.add_argument("--limit", type=int, help="only the first N meetings")
    args = parser.parse_args(argv)
    paths = prints.json_files()[: args.limit]
    if not paths:
        print(f"no meetings in {prints.JSON_DIR}", file=sys.stderr)
        return 1
    layouts = [] if args.only in ("variants", "corpus") else (args.layout or list(prints.LAYOUTS))
    tasks: list[Task] = []
    print(f"Printing {len(paths)} meetings ({args.jobs} processes):")
    for layout in layouts:
        if reason := prints.missing(layout):
            print(f"  {layout:12} skipped: {reason}")
            continue
        started = time.perf_counter()
        printed = prints.print_all(paths, [layout], jobs=args.jobs)[layout]
        took = time.perf_counter() - started
        print(f"  {layout:12} {prints.cache_dir(layout).name:30} {took:6.1f} s")
        tasks += [(layout, pdf, src, None) for src, pdf in printed.items()]
    if args.only in (None, "variants"):
        tasks += _variant_tasks(args, paths)
    if args.only in (None, "corpus"):
        for golden in goldens():
            expected = load_expected(golden)
            pdf = prints.CORPUS / "pdf" / str(expected["document"])
            if pdf.exists():
                tasks.append(("corpus-pdf", pdf, None, expected))
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(args.jobs, mp_context=context) as pool:
        results = list(pool.map(parse_and_score, tasks, chunksize=4))
    print(f"Parsed and scored {len(results)} PDFs in {time.perf_counter() - started:.1f} s\n")

    prints_only = [r for r in results if r.layout in prints.LAYOUTS]
    if prints_only:
        _layout_report(prints_only)
    styled = [r for r in results if r.layout in VARIANTS]
    if styled:
        _family_report(styled, args.markdown)
    corpus = [r for r in results if r.layout == "corpus-pdf"]
    if corpus:
        print("\nGoldened corpus PDFs (tests/corpus/*.expected.json):")
        for r in corpus:
            print(f"  {r.accuracy:.3f} {r.document}  {r.why()}")
    return 0


def _layout_report(prints_only: list[Result]) -> None:
    print("Field accuracy (acc) and text fidelity (fid) per layout; categories pooled:")
    print("\n".join(table(prints_only)))
    every = [c for c in CATEGORIES if c not in SHOWN]
    print("\nOther categories: " + ", ".join(f"{c} {_share(prints_only, c)}" for c in every))

    print("\nWorst 10 documents:")
    for r in sorted(prints_only, key=lambda r: (r.accuracy, r.fidelity))[:10]:
        print(f"  {r.accuracy:.3f} {r.fidelity:.3f} {r.layout:11} {r.document}  {r.why()}")
    print("\nWorst 3 per layout:")
    for layout in sorted({r.layout for r in prints_only}):
        rows = sorted((r for r in prints_only if r.layout == layout), key=lambda r: r.accuracy)
        for r in rows[:3]:
            print(f"  {r.accuracy:.3f} {r.fidelity:.3f} {r.layout:11} {r.document}  {r.why()}")
    errors = [r for r in prints_only if r.error]
    if errors:
        print(f"\n{len(errors)} prints failed to parse")


def _family_report(styled: list[Result], target: Path | None) -> None:
    rows = family_rows(styled)
    print("\nLayout family: field accuracy per family (held-out families: no documents shown):")
    widths = [max(len(str(c)) for c in col) for col in zip(FAMILY_HEAD, *rows, strict=False)]
    for row in [FAMILY_HEAD, *rows]:
        print("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)))
    tuned = [r for r in styled if VARIANTS[r.layout].family.name not in HELD_OUT]
    categories = ", ".join(f"{c} {_share(tuned, c)}" for c in CATEGORIES)
    print(f"\nTuned families, categories pooled: {categories}")
    print("\nWorst 15 documents of the tuned families:")
    for r in sorted(tuned, key=lambda r: (r.accuracy, r.fidelity))[:15]:
        print(f"  {r.accuracy:.3f} {r.fidelity:.3f} {r.layout:22} {r.document}  {r.why()}")
    failed = [r for r in styled if r.error]
    if failed:
        print(f"\n{len(failed)} styled prints failed to parse")
    if target is not None:
        target.write_text(markdown(rows), encoding="utf-8")
        print(f"\nwrote {target}")
