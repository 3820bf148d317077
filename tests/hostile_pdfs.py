"""Pathological PDFs, written as raw PDF bytes at test time (no tool needed, nothing committed).

One Type 1 font (Helvetica, which every PDF reader has), each page's content stream compressed.
"""

from __future__ import annotations

import random
import zlib

_VOCABULARY = "budget plan sag udvalg kommune borger skole vej park indstilling beslutning økonomi"
WORDS = tuple(f"{_VOCABULARY} tid og af til med for på".split())


def pdf(pages: list[bytes], size: tuple[float, float] = (595, 842)) -> bytes:
    """Page content streams -> a PDF; identical streams are stored once."""
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    streams: dict[bytes, int] = {}
    kids = []
    for content in pages:
        if content not in streams:
            packed = zlib.compress(content, 9)
            objects.append(
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
                + packed
                + b"\nendstream"
            )
            streams[content] = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (size[0], size[1], streams[content])
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def text_page(lines: list[str], size: float, top: float = 800, left: float = 40) -> bytes:
    """Lines of text, one under the other at ``size`` points."""
    shown = b"".join(_string(line) + b" '\n" for line in lines)
    return b"BT /F1 %g Tf %g TL %g %g Td " % (size, size * 1.2, left, top) + shown + b"ET"


def dotted_lines(size: float = 2, pages: int = 40, lines: int = 340, dots: int = 240) -> bytes:
    """The issue's PDF: page after page of dotted lines in ``size`` pt type (a few KB)."""
    page = text_page(["." * dots] * lines, size, top=838, left=4)
    return pdf([page] * pages)


def tiny_text_objects(count: int = 100_000, size: float = 4) -> bytes:
    """``count`` text objects of one letter each, all on one page."""
    parts = [b"BT /F1 %g Tf " % size]
    for i in range(count):
        x, y = 5 + i % 580, (5 + (i // 580) * 4.8) % 830
        parts.append(b"1 0 0 1 %d %.1f Tm (a) Tj\n" % (x, y))
    parts.append(b"ET")
    return pdf([b"".join(parts)])


def empty_pages(count: int) -> bytes:
    return pdf([b"BT ET"] * count)


MINUTES_HEAD = [
    "REFERAT Direktionen d. 16-01-2023",
    "Mødedato 16. januar 2023 kl. 09:00",
    "Punkt 1: Et langt punkt",
    "22/1",
    "Baggrund",
]


def paragraph_lines(lines: int, words: int, seed: int = 1) -> list[str]:
    """Lines of random words, each ending in ``ta-`` (a word hyphenated at the line end)."""
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(words)) + " ta-" for _ in range(lines)]


def long_paragraph(
    lines: int = 10_000, words: int = 20, size: float = 6, per_page: int = 100, seed: int = 1
) -> bytes:
    """Minutes whose one section is a single paragraph of ``lines`` lines, each ending in a
    hyphen (every join undoes hyphenation, and the sentence runs on over every page break)."""
    text = [*MINUTES_HEAD, *paragraph_lines(lines, words, seed)]
    pages = [text_page(text[i : i + per_page], size) for i in range(0, len(text), per_page)]
    return pdf(pages, size=(words * 7 * size, 842))
