"""The PDFium segment reader as it was before issue 22 part 3 (one closure call and one
font-info buffer read per segment), kept as the reference the fast reader is checked against
(tests/read/test_pdf_fast_path.py): every segment, and so every line, must be the same."""

from __future__ import annotations

import re
from typing import Any

from referat.read.layout import Segment
from referat.read.pdf import _font_style

_PDFIUM_HYPHENS = frozenset("\ufffe\x02")
_PDFIUM_BREAKS = re.compile("[\r\n \ufffe\x02]")


def reference_segments(textpage: Any, height: float) -> list[Segment]:
    """Split PDFium's text at line ends, hyphen marks and generated spaces; one origin each."""
    import ctypes

    import pypdfium2.raw as raw

    handle = textpage.raw
    count = textpage.count_chars()
    text = textpage.get_text_range()
    if len(text) != count:  # characters outside the BMP: ask for each one
        text = "".join(chr(raw.FPDFText_GetUnicode(handle, i)) for i in range(count))
    x, y = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    segments: list[Segment] = []
    is_generated = raw.FPDFText_IsGenerated

    def style(index: int) -> tuple[bool, bool]:
        raw.FPDFText_GetFontInfo(handle, index, name, len(name), ctypes.byref(flags))
        return _font_style(name.value)

    def emit(begin: int, stop: int, hyphen: str) -> None:
        # A segment starts at its first non-blank character (its origin is that character's).
        piece = text[begin:stop]
        lead = len(piece) - len(piece.lstrip())
        if lead == len(piece):
            return
        last = begin + len(piece.rstrip()) - 1
        piece = (piece[lead:] + hyphen).rstrip()
        first = begin + lead
        raw.FPDFText_GetCharOrigin(handle, first, x, y)
        size = raw.FPDFText_GetFontSize(handle, first)
        raw.FPDFText_GetCharBox(handle, last, left, right, bottom, top)
        bold, italic = style(first)
        prefix = len(piece) if bold else 0
        if last != first and (bold or italic):  # bold when it starts and ends bold
            bold_end, italic_end = style(last)
            if bold and not bold_end:  # a bold label run in with its text: where it ends
                prefix = next(
                    (j for j in range(len(piece)) if not text[first + j].isspace()
                     and not style(first + j)[0]),
                    len(piece),
                )  # fmt: skip
            bold, italic = bold and bold_end, italic and italic_end
        segments.append(
            Segment(x.value, height - y.value, size, piece, right.value, bold, italic, prefix)
        )

    # Only these characters can end a segment; a space does when PDFium generated it (a gap).
    begin = 0
    for found in _PDFIUM_BREAKS.finditer(text):
        i = found.start()
        ch = text[i]
        if ch == " " and not is_generated(handle, i):
            continue
        emit(begin, i, "-" if ch in _PDFIUM_HYPHENS else "")
        begin = i + 1
    emit(begin, len(text), "")
    return segments
