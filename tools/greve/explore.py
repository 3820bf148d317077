"""Extra random print styles for tuning.

    PYTHONPATH=tools:src python -m greve.explore fpdf2:20:8 libreoffice:6:8

Each argument ``generator:count:step`` draws ``count`` variants of an exploration family that
draws every knob, the structure too (:data:`greve.styles.STRUCTURE_CHOICES`), and prints every
``step``-th meeting in each (a different share per variant); then parses and scores them and
lists the worst prints.  These styles are not families of the layout family (``make corpus``
does not report them): they are tuning material, seeded like every variant (the family name is
``explore-<generator>``), so a miss found here is found again by the same command.  Variants
print in this process (one at a time), since they are not in :data:`greve.styles.VARIANTS` of a
fresh process.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import variants
from .prints import CORPUS
from .report import parse_and_score, summary
from .styles import STRUCTURE_CHOICES, VARIANTS, Family, Variant

SOURCES = CORPUS / "firstagenda-json"


def plan(specs: list[str], sources: list[Path]) -> dict[str, list[Path]]:
    """Register the exploration variants ``specs`` asks for; variant name -> its meetings."""
    out: dict[str, list[Path]] = {}
    for spec in specs:
        generator, count, step = spec.split(":")
        family = Family(f"explore-{generator}", generator, "exploration", {}, STRUCTURE_CHOICES)
        for k in range(int(count)):
            variant = Variant(family, k)
            VARIANTS[variant.name] = variant
            out[variant.name] = sources[k % int(step) :: int(step)]
    return out


def main(argv: list[str] | None = None) -> int:
    specs = argv if argv is not None else sys.argv[1:]
    if not specs or not SOURCES.is_dir():
        print(__doc__)
        return 2
    wanted = plan(specs, sorted(SOURCES.glob("*.json")))
    for name in wanted:
        print(name, VARIANTS[name].style.describe(), flush=True)
    results = [
        parse_and_score((name, pdf, source, None))
        for name, done in variants.print_all(wanted, jobs=1).items()
        for source, pdf in done.items()
    ]
    print("\n".join(summary(results, worst=20)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
