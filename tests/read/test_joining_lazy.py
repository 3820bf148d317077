"""Joining asks for the last word only at a line-end hyphen (issue 22 part 3): the joins are
those of the join that found the last word before every line, here a plain reference (the whole
text so far, ``text.split()[-1]``), on random wrapped lines full of hyphens, soft hyphens,
suspended hyphens, tabs and words of the vocabulary."""

from __future__ import annotations

import random
from collections.abc import Container

from referat.read import joining
from referat.read.joining import Joined, join_all


def _reference_join_all(lines: list[str], vocabulary: Container[str]) -> str:
    text = ""
    for line in lines:
        right = line.lstrip()
        text = text.rstrip()
        if not text or not right:
            text += right
            continue
        head = text.split()[-1]
        cut, piece = joining._join(text[-2:], right, lambda head=head: head, vocabulary)
        text = (text[:-cut] if cut else text) + piece
    return text


WORDS = [
    *("plan-", "lægningen", "IT-", "udstyr", "børne-", "og", "unge", "kick-", "off", "2023-"),
    *("2026", "Høje-", "Taastrup", "be\u00ad", "slutning", "a", "-", "‐", "\t", "x-y", "  ", ""),
]


def test_joins_are_those_of_the_eager_join() -> None:
    rng = random.Random(22)
    vocabulary = frozenset({"kick-off", "planlægningen", "it-udstyr"})
    for _ in range(3000):
        lines = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 4)))
            for _ in range(rng.randint(1, 6))
        ]
        expected = _reference_join_all(lines, vocabulary)
        assert join_all(lines, vocabulary) == expected, lines
        joined = Joined("", vocabulary)
        for line in lines:
            joined.add(line)
        assert joined.text() == expected
