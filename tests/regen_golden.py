"""Rewrite the golden files ``fixtures/<name>.json`` from the current parser (``make regen``).

Review the diff before committing: a golden file is a reviewed statement of what is right.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from referat.pipeline import parse_document  # noqa: E402
from referat.read.files import read_document  # noqa: E402

SUFFIXES = (".txt", ".pdf")


def fixture_paths(folder: Path = ROOT / "fixtures") -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def golden_json(path: Path) -> str:
    """The golden text for a fixture: its meeting as indented JSON, path relative to the repo."""
    name = path.resolve().relative_to(ROOT).as_posix()
    meeting = parse_document(read_document(path.read_bytes(), name)).meeting
    return json.dumps(meeting.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    for path in fixture_paths():
        target = path.with_suffix(".json")
        if path.suffix == ".pdf" and path.with_suffix(".txt").exists():
            target = path.with_name(path.stem + ".pdf.json")
        text = golden_json(path)
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if old != text:
            target.write_text(text, encoding="utf-8")
            print(f"{'updated' if old else 'created'} {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
