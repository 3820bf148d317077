"""Deterministic synthetic minutes in the seeds' structure, for benchmarks.

Text is drawn from the real seed minutes in ``fixtures/``: every generated meeting has the
seeds' header, attendee line, table of contents, ``Punkt`` items with case numbers, sections
(Baggrund, Indstilling, Beslutning, Sagsfremstilling, Økonomi, Bilag) and ``Afbud`` lines.
Bodies, dates and case numbers vary; a share of case numbers recurs across meetings so case
timelines are longer than one.

    python bench/corpus.py OUT_DIR --meetings 1000 [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from referat import parse_file  # noqa: E402
from referat.danish import MONTH_NAMES, WEEKDAY_NAMES  # noqa: E402
from referat.models import Item, slugify  # noqa: E402

BODIES = [
    "Direktionen",
    "Byrådet",
    "Økonomiudvalget",
    "Børne- og Skoleudvalget",
    "Teknik- og Miljøudvalget",
    "Social- og Sundhedsudvalget",
    "Kultur- og Fritidsudvalget",
    "Beskæftigelsesudvalget",
    "Plan- og Boligudvalget",
    "Ældre- og Handicapudvalget",
    "Klima- og Miljøudvalget",
    "Erhvervsudvalget",
    "Integrationsudvalget",
    "Folkeoplysningsudvalget",
    "Hovedudvalget",
]
NAMES = [
    "Lars Holte",
    "Jørgen Lerhard",
    "Charlotte Markussen",
    "Anya Krogh Manghezi",
    "Michael Ziegler",
    "Mette Sørensen",
    "Søren Åberg",
    "Pia Østergaard",
    "Ali Hassan",
    "Birgitte Nørgaard",
]
HEADINGS = {
    "baggrund": "Baggrund",
    "indstilling": "Indstilling",
    "sagsfremstilling": "Sagsfremstilling",
    "okonomi": "Økonomi",
}


class Material:
    """Paragraphs and titles from the seed minutes, by section kind."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        for path in sorted((ROOT / "fixtures").glob("htk-*.txt")):
            self.items.extend(parse_file(path).meeting.items)
        self.titles = [i.title for i in self.items]
        self.paragraphs: dict[str, list[str]] = {}
        for item in self.items:
            for section in item.sections:
                paras = [p for p in section.text.split("\n\n") if p.strip()]
                self.paragraphs.setdefault(section.kind, []).extend(paras)
        self.attachments = [a for i in self.items for a in i.attachments]


def meeting_text(
    rng: random.Random,
    material: Material,
    body: str,
    date: dt.date,
    case_pool: list[str],
    n_items: int,
) -> str:
    people = rng.sample(NAMES, rng.randint(3, 7))
    absent = {p for p in people if rng.random() < 0.15}
    lines = ["", "", f"REFERAT {body} d. {date:%d-%m-%Y}", ""]
    weekday, month = WEEKDAY_NAMES[date.weekday()].capitalize(), MONTH_NAMES[date.month - 1]
    start = rng.choice(["09:00", "10:00", "16:00", "17:30"])
    lines += [
        f"Mødedato {weekday} d. {date.day:02d}. {month} {date.year} kl. {start}",
        "",
    ]
    lines += [f"Mødested Mødelokale {rng.choice(['B105', '1.14', 'Byrådssalen', 'A2'])}", ""]
    lines += ["Mødedeltagere " + ", ".join(f"{p} (Afbud)" if p in absent else p for p in people)]
    titles = [rng.choice(material.titles) for _ in range(n_items)]
    lines += ["", "Indholdsfortegnelse", ""]
    lines += [f"{t}.....\t{3 + 2 * i}" for i, t in enumerate(titles)]
    for number, title in enumerate(titles, start=1):
        lines += ["", f"Punkt {number}: {title}", "", rng.choice(case_pool), ""]
        for kind in ("baggrund", "indstilling"):
            lines += [HEADINGS[kind], "", *_paras(rng, material, kind, 1, 2)]
        decisions = [date] + ([date + dt.timedelta(days=7)] if rng.random() < 0.1 else [])
        for when in decisions:
            lines += [
                f"Beslutning {body} den {when:%d-%m-%Y}",
                "",
                *_paras(rng, material, "beslutning", 1, 2),
            ]
        lines += ["Sagsfremstilling", "", *_paras(rng, material, "sagsfremstilling", 2, 8)]
        if rng.random() < 0.5:
            lines += ["Økonomi", "", *_paras(rng, material, "okonomi", 1, 2)]
        if rng.random() < 0.4 and material.attachments:
            lines += ["Bilag", ""]
            for attachment in rng.sample(material.attachments, rng.randint(1, 2)):
                lines += [attachment, ""]
        if absent:
            lines += ["Afbud " + ", ".join(sorted(absent)), ""]
    return "\n".join(lines) + "\n"


def _paras(rng: random.Random, material: Material, kind: str, low: int, high: int) -> list[str]:
    out: list[str] = []
    for para in rng.sample(
        material.paragraphs[kind], min(rng.randint(low, high), len(material.paragraphs[kind]))
    ):
        out += [para, ""]
    return out


def generate(
    n_meetings: int, *, seed: int = 1, items: tuple[int, int] = (3, 9)
) -> Iterator[tuple[str, str]]:
    """Yield (file name, text) for ``n_meetings`` meetings; same seed, same corpus."""
    rng = random.Random(seed)
    material = Material()
    shared = [
        f"{rng.randint(15, 25)}/{rng.randint(100, 29999)}" for _ in range(max(50, n_meetings))
    ]
    start = dt.date(2015, 1, 5)
    seen: set[tuple[str, dt.date]] = set()
    for i in range(n_meetings):
        body = BODIES[i % len(BODIES)]
        date = start + dt.timedelta(days=7 * (i // len(BODIES)) + rng.randint(0, 4))
        while (body, date) in seen:
            date += dt.timedelta(days=1)
        seen.add((body, date))
        n_items = rng.randint(*items)
        # ~30 % of items continue a case seen before (timelines > 1), the rest are new cases.
        pool = [
            rng.choice(shared)
            if rng.random() < 0.3
            else f"{date.year % 100}/{rng.randint(100, 99999)}"
            for _ in range(n_items)
        ]
        name = f"{date:%Y-%m-%d}-{slugify(body)}.txt"
        yield name, meeting_text(rng, material, body, date, pool, n_items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--meetings", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in generate(args.meetings, seed=args.seed):
        (args.out / name).write_text(text, encoding="utf-8")
    print(f"wrote {args.meetings} meetings to {args.out}")


if __name__ == "__main__":
    main()
