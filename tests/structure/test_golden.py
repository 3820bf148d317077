"""One test per fixture: the parsed meeting equals its reviewed golden JSON (``make regen``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regen_golden import fixture_paths, golden_json


def golden_target(path: Path) -> Path:
    if path.suffix == ".pdf" and path.with_suffix(".txt").exists():
        return path.with_name(path.stem + ".pdf.json")
    return path.with_suffix(".json")


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda p: p.name)
def test_fixture_matches_golden(path: Path) -> None:
    target = golden_target(path)
    assert target.exists(), f"no golden file for {path.name}: run `make regen` and review it"
    expected = json.loads(target.read_text(encoding="utf-8"))
    actual = json.loads(golden_json(path))
    assert actual == expected


def test_every_fixture_has_a_golden_file() -> None:
    assert len(fixture_paths()) >= 2
    for path in fixture_paths():
        assert golden_target(path).exists(), path.name
