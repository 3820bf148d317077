from __future__ import annotations

from pathlib import Path

import pytest

from referat import parse_file
from referat.read.files import decode_text

from lossless import lossless_diff
from regen_golden import fixture_paths


@pytest.mark.parametrize(
    "path", [p for p in fixture_paths() if p.suffix == ".txt"], ids=lambda p: p.name
)
def test_fixture_is_lossless(path: Path) -> None:
    text, _ = decode_text(path.read_bytes())
    lost, invented = lossless_diff(text, parse_file(path).meeting)
    assert not lost, f"words lost: {dict(lost)}"
    assert not invented, f"words invented: {dict(invented)}"


def test_lossless_check_catches_a_dropped_line(seed_2024) -> None:  # type: ignore[no-untyped-def]
    text, _ = decode_text(Path(seed_2024.meeting.source.path).read_bytes())
    meeting = seed_2024.meeting.model_copy(deep=True)
    section = meeting.items[1].sections[3]
    section.text = section.text.replace("Tryghedsundersøgelse\n\n", "")
    lost, _ = lossless_diff(text, meeting)
    assert lost == {"tryghedsundersøgelse": 1}
