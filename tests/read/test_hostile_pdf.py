"""Hostile input, round 2 (issue 13): pathological documents end quickly with a clear message.

The PDFs are made here, as raw bytes (:mod:`hostile_pdfs`): the issue's few-KB PDF of dotted
lines in 2 pt type, 100,000 tiny text objects on one page, 5,001 pages, and minutes whose one
paragraph has 10,000 lines.

Linear time is tested without timing anything: each long document runs in a process with a
generous bound (``BOUND`` seconds) at a size where a quadratic join needs far longer (measured
on the code before the fix: 7 s at 2,000 lines of the paragraph below and 29 s at 4,000, so
about 700 s at 10,000 lines twice as long), while a linear one needs a few seconds.  A failure
here means an algorithm, not a slow machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import hostile_pdfs
from referat.read.pdf import MAX_PAGE_CHARS, MAX_PAGE_OBJECTS, MAX_PAGES

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "fixtures" / "htk-direktionen-2023-02-06.txt"
BOUND = 90  # seconds: a hundred times what the linear code needs at these sizes


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("REFERAT_DB", raising=False)
    return CliRunner(env={"COLUMNS": "120"})


def bounded(*args: str) -> subprocess.CompletedProcess[str]:
    """``referat ARGS`` in its own process; a run beyond BOUND seconds fails the test."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFERAT_")}
    try:
        return subprocess.run(
            [sys.executable, "-m", "referat", *args],
            capture_output=True,
            text=True,
            timeout=BOUND,
            env=env,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"referat {' '.join(args)[:80]} took more than {BOUND} s (not linear?)")


BUDGET = [
    (
        "dotted lines in 2 pt type",
        hostile_pdfs.dotted_lines,
        f"page 1 has 82,278 characters; referat reads up to {MAX_PAGE_CHARS:,} characters on "
        "a page (minutes never come near that), so it is not read",
    ),
    (
        "100,000 tiny text objects on one page",
        hostile_pdfs.tiny_text_objects,
        f"page 1 has 100,000 objects; referat reads up to {MAX_PAGE_OBJECTS:,} objects on a page",
    ),
    (
        "5,001 pages",
        lambda: hostile_pdfs.empty_pages(MAX_PAGES + 1),
        f"the PDF has 5,001 pages; referat reads up to {MAX_PAGES:,} pages",
    ),
]


@pytest.mark.parametrize("engine", ["pypdfium2", "pdfplumber"])
@pytest.mark.parametrize(("case", "make", "reason"), BUDGET, ids=[c[0] for c in BUDGET])
def test_pdf_beyond_the_budget_is_refused_and_the_batch_goes_on(
    runner: CliRunner, tmp_path: Path, engine: str, case: str, make: object, reason: str
) -> None:
    path = tmp_path / "hostile.pdf"
    path.write_bytes(make())  # type: ignore[operator]
    if case.startswith("dotted"):
        assert path.stat().st_size < 8 * 1024  # a few KB
    db = str(tmp_path / "a.db")
    args = ["import", "--db", db, "--jobs", "1", "--pdf-engine", engine, str(path), str(GOOD)]
    result = bounded(*args)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"failed: {path}: {reason}" in result.stderr
    assert result.stderr.endswith("Imported: 1 inserted, 0 updated, 0 unchanged, 1 failed\n")


def test_a_paragraph_of_10000_lines_is_joined_in_linear_time(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(hostile_pdfs.long_paragraph(lines=10_000, words=40))
    result = bounded("parse", str(path), "--json")
    assert result.returncode == 0, result.stderr[-2000:]

    text = json.loads(result.stdout)["items"][0]["sections"][0]["text"]
    assert "\n" not in text  # one paragraph: every line joined
    lines = hostile_pdfs.paragraph_lines(10_000, 40)
    kept = sum(1 for after in lines[1:] if after.split()[0] in ("og", "til"))  # "ta- og"
    assert text.count(" ta") == 10_000 and text.count("ta-") == kept + 1  # the rest undone


@pytest.mark.parametrize("label", ["Mødested", "Mødedeltagere"])
def test_a_header_field_of_10000_lines_is_read_in_linear_time(tmp_path: Path, label: str) -> None:
    words = ("budget", "borger", "skole", "vej", "park", "kommune", "plads")  # no field labels
    end = ", Anna Hans-" if label == "Mødedeltagere" else " ta-"  # a name wrapped at a hyphen
    rng_lines = [
        "med " + " ".join(words[(i * 3 + j) % len(words)] for j in range(20)) + end
        for i in range(10_000)
    ]
    path = tmp_path / "header.txt"
    path.write_text(
        "REFERAT Direktionen d. 16-01-2023\nMødedato 16. januar 2023\n"
        f"{label} " + "\n".join(rng_lines) + "\n\nPunkt 1: Et\n\n22/1\n",
        encoding="utf-8",
    )
    result = bounded("parse", str(path), "--json")
    assert result.returncode == 0, result.stderr[-2000:]

    fields = json.loads(result.stdout)["fields"]
    assert fields[label].count("\n") == 0 and len(fields[label]) > 10_000 * 100
