from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED_2023 = FIXTURES / "htk-direktionen-2023-01-16.txt"
SEED_2024 = FIXTURES / "htk-direktionen-2024-11-04.txt"

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tools"))  # tools/greve: real-minutes material (test_corpus_greve)


@pytest.fixture(scope="session")
def seed_2023():  # type: ignore[no-untyped-def]
    from referat import parse_file

    return parse_file(SEED_2023)


@pytest.fixture(scope="session")
def seed_2024():  # type: ignore[no-untyped-def]
    from referat import parse_file

    return parse_file(SEED_2024)


@pytest.fixture(autouse=True)
def _fresh_consoles():  # type: ignore[no-untyped-def]
    """Rich consoles are cached per process; each test gets ones made for its environment
    (COLUMNS, FORCE_COLOR), whatever ran before it."""
    from referat.cli import render

    render.stdout.cache_clear()
    render.stderr.cache_clear()
    yield
    render.stdout.cache_clear()
    render.stderr.cache_clear()
