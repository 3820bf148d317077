"""Many different meetings from one seed: the seed minutes re-dated, one file a day (for tests
that need a batch: faults, the worker pool, group commits)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from referat.danish import MONTH_NAMES

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "htk-direktionen-2023-01-16.txt"


def seed_variants(
    folder: Path,
    count: int | None = None,
    *,
    names: list[str] | None = None,
    start: dt.date = dt.date(2020, 1, 1),
) -> list[Path]:
    """``count`` copies of the seed minutes (or one per name), each a meeting of its own day
    from ``start`` on.  Files are ``YYYY-MM-DD.txt``, or ``NNN-<name>.txt`` with ``names``."""
    labels: list[str | None] = list(names) if names is not None else [None] * (count or 0)
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    paths = []
    for n, label in enumerate(labels):
        day = start + dt.timedelta(days=n)
        variant = text.replace("16-01-2023", f"{day:%d-%m-%Y}").replace(
            "16. januar 2023", f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"
        )
        path = folder / (f"{day:%Y-%m-%d}.txt" if label is None else f"{n:03d}-{label}.txt")
        path.write_text(variant, encoding="utf-8")
        paths.append(path)
    return paths
