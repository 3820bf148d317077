"""Word-level losslessness: every word of the source is in the model, and nothing else is.

The source is tokenised after removing HTML tags; punctuation, bullets and TOC leaders are not
words, so they may differ.  A few structural labels (``Punkt``, ``Afbud``, ``Lukket``, case
number labels) are represented by model fields rather than text and may be missing from it.
"""

from __future__ import annotations

import re
from collections import Counter

from referat.models import Meeting

WORD = re.compile(r"[^\W_]+")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
STRUCTURAL = {
    "punkt", "pkt", "dagsordenspunkt", "lukket", "afbud", "fraværende", "fravær",
    "sagsnr", "sagsnummer", "sag", "nr", "j", "journalnr", "indholdsfortegnelse", "indhold",
}  # fmt: skip


def words(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in WORD.findall(TAG.sub(" ", text)))


def model_words(meeting: Meeting) -> Counter[str]:
    parts: list[str] = [meeting.title or ""]
    parts += [f"{k} {v}" for k, v in meeting.fields.items()]
    parts += meeting.notes
    parts += [f"{t.title} {t.page if t.page is not None else ''}" for t in meeting.toc]
    for item in meeting.items:
        parts += [str(item.number), item.title, item.case_number or "", *item.absent]
        for section in item.sections:
            parts += [section.heading or "", section.text]
    return words("\n".join(parts))


def lossless_diff(source_text: str, meeting: Meeting) -> tuple[Counter[str], Counter[str]]:
    """(words lost from the source, words the model invented); both empty when lossless."""
    source, model = words(source_text), model_words(meeting)
    lost = source - model
    for label in STRUCTURAL:
        lost.pop(label, None)
    # "A og B" in an Afbud line is a list of names; the "og" is list syntax.
    lost["og"] -= sum(len(item.absent) - 1 for item in meeting.items if item.absent)
    lost = +lost
    return lost, model - source
