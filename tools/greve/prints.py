"""Printed PDFs of the Greve meetings, cached in ``.cache/corpus/<layout>-<version>/<stem>.pdf``.

The directory names the generator's version, so a new LibreOffice, Chromium or fpdf2 prints
anew; beside each PDF a ``.key`` file holds a digest of the JSON and of the code that shapes the
print (reader, wording, that layout's printer), so a changed meeting or layout prints anew too.
A layout whose generator is missing is reported by :func:`missing` (tests skip on it).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

from . import print_chromium, print_fpdf, print_office
from .source import read_meeting

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "corpus"
CORPUS = ROOT.parent / "shared" / "corpus"
JSON_DIR = CORPUS / "firstagenda-json"
PACKAGE = Path(__file__).resolve().parent

LAYOUTS: dict[str, ModuleType] = {
    "libreoffice": print_office,
    "chromium": print_chromium,
    "fpdf2": print_fpdf,
}


def json_files() -> list[Path]:
    return sorted(JSON_DIR.glob("*.json"))


@cache
def version(layout: str) -> str | None:
    result = LAYOUTS[layout].version()
    return str(result) if result else None


def missing(layout: str) -> str | None:
    """Why ``layout`` cannot print here, or None."""
    reason = LAYOUTS[layout].missing()
    return str(reason) if reason else None


@cache
def _code_digest(layout: str) -> str:
    """The code that shapes a print of ``layout``: the JSON reader, the wording, the printer."""
    digest = hashlib.sha256()
    module = LAYOUTS[layout].__file__
    assert module
    for path in (PACKAGE / "source.py", PACKAGE / "wording.py", Path(module)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_dir(layout: str) -> Path:
    return CACHE / f"{layout}-{version(layout)}"


def pdf_path(layout: str, json_path: Path) -> Path:
    return cache_dir(layout) / f"{json_path.stem}.pdf"


def _key(layout: str, json_path: Path) -> str:
    return hashlib.sha256(json_path.read_bytes() + _code_digest(layout).encode()).hexdigest()


def _fresh(layout: str, json_path: Path) -> bool:
    pdf = pdf_path(layout, json_path)
    key = pdf.with_suffix(".key")
    return pdf.exists() and key.exists() and key.read_text() == _key(layout, json_path)


@dataclass(frozen=True)
class Job:
    layout: str
    json_paths: tuple[Path, ...]


def _run(job: Job) -> None:
    pairs = [(read_meeting(p), pdf_path(job.layout, p)) for p in job.json_paths]
    for _, target in pairs:
        target.parent.mkdir(parents=True, exist_ok=True)
    LAYOUTS[job.layout].print_many(pairs)
    for path, (_, target) in zip(job.json_paths, pairs, strict=True):
        target.with_suffix(".key").write_text(_key(job.layout, path))


def _chunks(paths: Sequence[Path], n: int) -> list[tuple[Path, ...]]:
    return [tuple(paths[i::n]) for i in range(n) if paths[i::n]]


def print_all(
    json_paths: Iterable[Path], layouts: Iterable[str] | None = None, jobs: int | None = None
) -> dict[str, dict[Path, Path]]:
    """Print what the cache lacks, ``jobs`` processes at a time; layout -> json -> PDF.

    Layouts that cannot print here are left out of the result (see :func:`missing`).
    """
    paths = list(json_paths)
    names = [n for n in (layouts or LAYOUTS) if not missing(n)]
    jobs = jobs or min(2, os.cpu_count() or 1)
    work: list[Job] = []
    for name in names:
        stale = sorted((p for p in paths if not _fresh(name, p)), key=lambda p: -p.stat().st_size)
        work += [Job(name, chunk) for chunk in _chunks(stale, jobs)]
    if len(work) > 1 and jobs > 1:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            list(pool.map(_run, work))
    else:
        for job in work:
            _run(job)
    return {name: {p: pdf_path(name, p) for p in paths} for name in names}
