"""Styled prints of the Greve meetings, one per variant (:mod:`greve.styles`), cached.

``.cache/corpus/variants/<variant>-<generator version>/<stem>.pdf`` beside a ``.key`` file holding
a digest of the JSON, the style and the code that shapes the print, as :mod:`greve.prints` does
for the three fixed layouts.  The facts of a styled print are those of the styled meeting
(:func:`styled_facts`): what the style injected is text of its items.
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
from typing import Any

from . import styled_chromium, styled_fpdf, styled_office
from .facts import meeting_facts, meeting_text
from .inject import styled_meeting
from .prints import CACHE, PACKAGE
from .source import Meeting, read_meeting
from .styles import FONTS, VARIANTS, Variant

PRINTERS: dict[str, ModuleType] = {
    "libreoffice": styled_office,
    "chromium": styled_chromium,
    "fpdf2": styled_fpdf,
}
# The code that shapes a print.  Not styles.py: a print's key holds its style's repr (every
# choice it makes) and the fonts its names stand for, and its directory the variant's name (the
# seed of what it injects), so a new family or a changed held-out set reprints nothing.
CODE = (
    "source.py", "wording.py", "inject.py", "compose.py", "print_office.py",
    "print_chromium.py", "print_fpdf.py",
)  # fmt: skip


def printer(variant: Variant) -> ModuleType:
    return PRINTERS[variant.family.generator]


@cache
def _version(generator: str) -> str | None:
    found = PRINTERS[generator].version()
    return str(found) if found else None


def missing(variant: Variant) -> str | None:
    """Why ``variant`` cannot print here, or None."""
    reason = printer(variant).missing()
    return str(reason) if reason else None


@cache
def _code_digest(generator: str) -> str:
    digest = hashlib.sha256()
    module = PRINTERS[generator].__file__
    assert module
    for path in (*(PACKAGE / name for name in CODE), Path(module)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_dir(variant: Variant) -> Path:
    return CACHE / "variants" / f"{variant.name}-{_version(variant.family.generator)}"


def pdf_path(variant: Variant, json_path: Path) -> Path:
    return cache_dir(variant) / f"{json_path.stem}.pdf"


def _key(variant: Variant, json_path: Path) -> str:
    code = _code_digest(variant.family.generator) + repr(variant.style) + repr(FONTS)
    return hashlib.sha256(json_path.read_bytes() + code.encode()).hexdigest()


def _fresh(variant: Variant, json_path: Path) -> bool:
    pdf = pdf_path(variant, json_path)
    key = pdf.with_suffix(".key")
    return pdf.exists() and key.exists() and key.read_text() == _key(variant, json_path)


def styled(variant: Variant, json_path: Path) -> Meeting:
    """The meeting as ``variant`` prints it (what it injects included)."""
    return styled_meeting(read_meeting(json_path), variant.style, variant.name)


def styled_facts(variant: Variant, json_path: Path) -> dict[str, Any]:
    return meeting_facts(styled(variant, json_path), parties=variant.style.parties)


def styled_text(variant: Variant, json_path: Path) -> str:
    return meeting_text(styled(variant, json_path))


@dataclass(frozen=True)
class Job:
    variant: str
    json_paths: tuple[Path, ...]


def _run(job: Job) -> None:
    variant = VARIANTS[job.variant]
    style = variant.style
    triples = [(styled(variant, p), style, pdf_path(variant, p)) for p in job.json_paths]
    for _, _, target in triples:
        target.parent.mkdir(parents=True, exist_ok=True)
    printer(variant).print_many(triples)
    for path, (_, _, target) in zip(job.json_paths, triples, strict=True):
        target.with_suffix(".key").write_text(_key(variant, path))


def _chunks(paths: Sequence[Path], n: int) -> list[tuple[Path, ...]]:
    return [tuple(paths[i::n]) for i in range(n) if paths[i::n]]


def print_all(
    plan: dict[str, Iterable[Path]], jobs: int | None = None
) -> dict[str, dict[Path, Path]]:
    """Print what the cache lacks of ``plan`` (variant name -> meetings); variant -> json -> PDF.

    Variants that cannot print here are left out of the result (see :func:`missing`).
    """
    jobs = jobs or min(2, os.cpu_count() or 1)
    work: list[Job] = []
    result: dict[str, dict[Path, Path]] = {}
    for name, json_paths in plan.items():
        variant = VARIANTS[name]
        if missing(variant):
            continue
        paths = list(json_paths)
        result[name] = {p: pdf_path(variant, p) for p in paths}
        stale = [p for p in paths if not _fresh(variant, p)]
        stale.sort(key=lambda p: -p.stat().st_size)
        # LibreOffice starts once per job: few big jobs; the others print one by one anyway.
        n = jobs if variant.family.generator == "libreoffice" else max(1, len(stale) // 4)
        work += [Job(name, chunk) for chunk in _chunks(stale, n)]
    if len(work) > 1 and jobs > 1:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            list(pool.map(_run, work))
    else:
        for job in work:
            _run(job)
    return result


def default_plan(json_paths: Sequence[Path], every: bool = False) -> dict[str, list[Path]]:
    """Each variant's meetings: its share of them (see :mod:`greve.styles`), or all."""
    return {
        name: [p for i, p in enumerate(json_paths) if every or v.takes(i)]
        for name, v in VARIANTS.items()
    }
