"""Read stage for PDF: bytes -> styled lines (:mod:`referat.read.layout`), nothing joined.

Two engines behind one interface, both imported lazily (``referat --help`` stays fast):

* ``pypdfium2`` (default): PDFium's text page, about two orders of magnitude faster;
* ``pdfplumber``: pdfminer's characters with full geometry.

Both are reduced to the same :class:`~referat.read.layout.Segment` values (a run of text with its
start and end, baseline, font size, weight and slant) and :class:`~referat.read.layout.Rule` values
(thin ruling lines); one layout step turns those into lines, so both engines give the same lines.
Page furniture is kept here: the clean stage removes it by repetition.

Pages are released as soon as they are read, so memory stays flat on long documents.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterator, Sequence
from typing import Any

from referat.errors import CorruptPdfError, EncryptedPdfError, NoTextLayerError, PdfTooComplexError
from referat.read.layout import RawLine, Rule, Segment, font_style, page_lines
from referat.read.lines import Line

PDF_ENGINES: tuple[str, ...] = ("pypdfium2", "pdfplumber")
DEFAULT_ENGINE = "pypdfium2"
_ALIASES = {"pdfium": "pypdfium2", "pypdfium2": "pypdfium2", "pdfplumber": "pdfplumber"}

# PDFium marks a hyphen it thinks was added by line-end hyphenation with one of these.
_PDFIUM_HYPHENS = frozenset("\ufffe\x02")
_PDFIUM_BREAKS = re.compile("[\r\n \ufffe\x02]")

# Layout thresholds for pdfplumber's characters, as fractions of the font size.
SAME_LINE = 0.3  # baselines closer than this x font size are one visual line
SPACE_GAP = 0.15  # a horizontal gap wider than this x font size is a word space
SPLIT_GAP = 0.6  # a gap wider than this x font size starts a new segment
# Trailing bytes a PDF writer may pad the file with after its end-of-file marker.
_PADDING = b"\x00 \t\r\n"

# A budget for one PDF, checked before the expensive work: minutes of one meeting (with their
# appendices) have hundreds of pages, a page a few thousand characters and drawing objects.  A
# PDF beyond it (100,000 tiny text objects on a page) is refused with a message, not read for
# minutes on end.  Together with the byte cap (referat.read.files) this bounds time and memory.
MAX_PAGES = 5_000
MAX_PAGE_OBJECTS = 50_000  # text runs, paths and images placed directly on one page
MAX_PAGE_CHARS = 50_000  # characters on one page (a dense A4 page of 8 pt type has ~8,000)
MAX_CHARS = 10_000_000  # characters in the whole PDF (about 2,000 dense pages)


PageGeometry = tuple[list[Segment], list[Rule]]


def resolve_engine(engine: str | None) -> str:
    if engine is None:
        return DEFAULT_ENGINE
    try:
        return _ALIASES[engine.lower()]
    except KeyError:
        raise ValueError(
            f"unknown PDF engine {engine!r}; choose one of {', '.join(PDF_ENGINES)}"
        ) from None


def read_pdf_lines(
    data: bytes, name: str, *, engine: str | None = None
) -> tuple[list[RawLine], int]:
    """PDF bytes -> (visual lines of every page, page count).

    Raises :class:`EncryptedPdfError`, :class:`CorruptPdfError` (also for a truncated file) or
    :class:`NoTextLayerError` (a scan), each naming the file.
    """
    chosen = resolve_engine(engine)
    _check_complete(data, name)
    if chosen == "pdfplumber":  # pdfminer is slow on a page beyond the budget: PDFium counts
        for _ in _pdfium_pages(data, name, geometry=False):
            pass
    reader = _pdfium_pages if chosen == "pypdfium2" else _plumber_pages
    lines: list[RawLine] = []
    pages = 0
    for pages, (segments, rules) in enumerate(reader(data, name), start=1):
        lines.extend(page_lines(pages, segments, rules))
    if not lines:
        raise NoTextLayerError(
            f"{name}: the PDF has no text layer (a scanned document?); "
            "import it with --ocr (OCR with Tesseract's Danish model, pip install 'referat[ocr]')"
        )
    return lines, pages


def read_pdf_pages(data: bytes, name: str, *, engine: str | None = None) -> list[list[Line]]:
    """PDF bytes -> styled lines, one list per page (see :mod:`referat.read.layout`)."""
    from referat.read.layout import finish_lines

    raw, count = read_pdf_lines(data, name, engine=engine)
    pages: list[list[Line]] = [[] for _ in range(count)]
    for line in finish_lines(raw):
        pages[line.page - 1].append(line)
    return pages


def _check_complete(data: bytes, name: str) -> None:
    """A PDF ends with ``%%EOF``; without it the file was cut short (an interrupted download)."""
    if b"%%EOF" not in data.rstrip(_PADDING)[-2048:]:
        raise CorruptPdfError(
            f"{name}: the PDF is truncated (no end-of-file marker); download it again"
        )


# ---------------------------------------------------------------------------------------------
# Engine: pypdfium2


def _over_budget(name: str, where: str, found: int, limit: int, what: str) -> PdfTooComplexError:
    """``x.pdf: page 1 has 100,000 objects; referat reads up to 50,000 objects on a page``."""
    scope = " on a page" if where.startswith("page") else " in a PDF" if what != "pages" else ""
    return PdfTooComplexError(
        f"{name}: {where} has {found:,} {what}; referat reads up to {limit:,} {what}{scope} "
        "(minutes never come near that), so it is not read"
    )


def _pdfium_pages(data: bytes, name: str, *, geometry: bool = True) -> Iterator[PageGeometry]:
    """Each page's segments and rules (``geometry=False``: only check the budget, yield
    nothing useful).  Raises PdfTooComplexError for a PDF beyond the budget."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedPdfError(
                f"{name}: the PDF is encrypted (password-protected); save an unprotected copy"
            ) from None
        raise CorruptPdfError(f"{name}: not a readable PDF ({exc})") from None
    try:
        if len(doc) > MAX_PAGES:
            raise _over_budget(name, "the PDF", len(doc), MAX_PAGES, "pages")
        total = 0
        for index in range(len(doc)):
            page = doc[index]
            try:
                objects = raw.FPDFPage_CountObjects(page.raw)
                if objects > MAX_PAGE_OBJECTS:
                    where = f"page {index + 1}"
                    raise _over_budget(name, where, objects, MAX_PAGE_OBJECTS, "objects")
                textpage = page.get_textpage()
                try:
                    chars = textpage.count_chars()
                    if chars > MAX_PAGE_CHARS:
                        where = f"page {index + 1}"
                        raise _over_budget(name, where, chars, MAX_PAGE_CHARS, "characters")
                    total += chars
                    if total > MAX_CHARS:
                        raise _over_budget(name, "the PDF", total, MAX_CHARS, "characters")
                    if not geometry:
                        yield [], []
                        continue
                    segments = _pdfium_segments(textpage, page.get_height())
                finally:
                    textpage.close()
                rules = _pdfium_rules(page, page.get_height())
            except pdfium.PdfiumError as exc:
                raise CorruptPdfError(f"{name}: page {index + 1} cannot be read ({exc})") from None
            finally:
                page.close()
            yield segments, rules
    finally:
        doc.close()


def _pdfium_segments(textpage: Any, height: float) -> list[Segment]:
    """Split PDFium's text at line ends, hyphen marks and generated spaces; one origin each.

    The page's text comes in one call; PDFium is asked only about the characters that can end
    a segment (is a space generated?) and, per segment, its first character (origin, size,
    font) and last (right edge, font).  One loop, no closures: this runs for every segment of
    every page (tests/read/test_pdf_fast_path.py checks it against the reader it replaced)."""
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
    size_of_name = len(name)
    font_info, font_style = raw.FPDFText_GetFontInfo, _font_style
    char_origin, char_box = raw.FPDFText_GetCharOrigin, raw.FPDFText_GetCharBox
    font_size, is_generated = raw.FPDFText_GetFontSize, raw.FPDFText_IsGenerated
    segments: list[Segment] = []
    append = segments.append
    # Only these characters can end a segment; a space does when PDFium generated it (a gap).
    ends = [
        (i, ch)
        for i, ch in ((m.start(), m.group()) for m in _PDFIUM_BREAKS.finditer(text))
        if ch != " " or is_generated(handle, i)
    ]
    ends.append((len(text), ""))
    begin = 0
    for stop, ch in ends:
        # A segment starts at its first non-blank character (its origin is that character's).
        piece = text[begin:stop]
        begin = stop + 1
        lstripped = piece.lstrip()
        if not lstripped:
            continue
        first = stop - len(lstripped)
        last = stop - len(piece) + len(piece.rstrip()) - 1
        # A hyphen PDFium marked as added at a line end is printed as one (after any blank).
        stripped = lstripped + "-" if ch in _PDFIUM_HYPHENS else lstripped.rstrip()
        char_origin(handle, first, x, y)
        size = font_size(handle, first)
        char_box(handle, last, left, right, bottom, top)
        font_info(handle, first, name, size_of_name, flags)
        bold, italic = font_style(name.value)
        prefix = len(stripped) if bold else 0
        if last != first and (bold or italic):  # bold when it starts and ends bold
            font_info(handle, last, name, size_of_name, flags)
            bold_end, italic_end = font_style(name.value)
            if bold and not bold_end:  # a bold label run in with its text: where it ends
                prefix = len(stripped)
                for j in range(len(stripped)):
                    if not text[first + j].isspace():
                        font_info(handle, first + j, name, size_of_name, flags)
                        if not font_style(name.value)[0]:
                            prefix = j
                            break
            bold, italic = bold and bold_end, italic and italic_end
        append(
            Segment(x.value, height - y.value, size, stripped, right.value, bold, italic, prefix)
        )
    return segments


@functools.lru_cache(maxsize=256)
def _font_style(name: bytes) -> tuple[bool, bool]:
    return font_style(name.decode("latin-1"))


def _pdfium_rules(page: Any, height: float) -> list[Rule]:
    """The page's top-level straight paths (table borders), through the raw API: the helper's
    object wrappers cost more than the page's text on a bordered page."""
    import ctypes

    import pypdfium2.raw as raw

    handle = page.raw
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    rules = []
    for index in range(raw.FPDFPage_CountObjects(handle)):
        obj = raw.FPDFPage_GetObject(handle, index)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        rule = Rule(left.value, height - top.value, right.value, height - bottom.value)
        if rule.vertical or rule.horizontal:
            rules.append(rule)
    return rules


# ---------------------------------------------------------------------------------------------
# Engine: pdfplumber


def _plumber_pages(data: bytes, name: str) -> Iterator[PageGeometry]:
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if "password" in type(cause).__name__.lower() or "encrypt" in str(cause).lower():
            raise EncryptedPdfError(
                f"{name}: the PDF is encrypted (password-protected); save an unprotected copy"
            ) from None
        raise CorruptPdfError(f"{name}: not a readable PDF ({cause})") from None
    with pdf:
        for index, page in enumerate(pdf.pages):
            try:
                segments = _chars_to_segments(page.chars, float(page.height))
                rules = []
                for kind in ("line", "rect"):
                    for obj in page.objects.get(kind, []):
                        rule = Rule(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
                        if rule.vertical or rule.horizontal:
                            rules.append(rule)
            except PdfminerException as exc:
                raise CorruptPdfError(f"{name}: page {index + 1} cannot be read ({exc})") from None
            finally:
                page.close()  # drop pdfplumber's per-page caches: memory stays flat
            yield segments, rules


def _chars_to_segments(chars: Sequence[dict[str, Any]], height: float) -> list[Segment]:
    """pdfminer characters (content-stream order) -> runs on one baseline without big gaps."""
    segments: list[Segment] = []
    text: list[str] = []
    x0 = y0 = size0 = 0.0
    end = 0.0  # right edge of the previous character
    first_font = last_font = ""
    bold_run, in_bold = 0, True  # characters set bold from the segment's start

    def flush() -> None:
        piece = "".join(text).strip()
        if piece:
            bold, italic = font_style(first_font)
            bold_end, italic_end = font_style(last_font)
            prefix = min(bold_run, len(piece))
            segments.append(
                Segment(x0, y0, size0, piece, end, bold and bold_end, italic and italic_end, prefix)
            )
        text.clear()

    for char in chars:
        if not char.get("upright", True):
            continue
        matrix = char["matrix"]
        x, y, size = float(matrix[4]), height - float(matrix[5]), float(char["size"])
        glyph = char["text"]
        jump = abs(x - end) > SPLIT_GAP * size  # a gap, or back to the left
        if text and (abs(y - y0) > SAME_LINE * size0 or jump):
            flush()
        if not text:
            if glyph.isspace():
                continue
            x0, y0, size0 = x, y, size
            first_font = char.get("fontname", "")
            bold_run, in_bold = 0, True
        elif x - end > SPACE_GAP * size and text[-1] != " " and not glyph.isspace():
            text.append(" ")
        if in_bold and not glyph.isspace() and not font_style(char.get("fontname", ""))[0]:
            in_bold = False
        text.append(" " if glyph.isspace() else glyph)
        if in_bold:
            bold_run = len(text)  # the bold start so far (spaces between bold words with it)
        if not glyph.isspace():
            end, last_font = float(char["x1"]), char.get("fontname", "")
    flush()
    return segments


def read_metadata(data: bytes) -> dict[str, str]:
    """The PDF's document information (Title, Author, Creator, Producer, ...), non-empty values
    only; an unreadable dictionary gives an empty one (the text was read already)."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return {}
    try:
        found = doc.get_metadata_dict(skip_empty=True)
    finally:
        doc.close()
    return {k: v.strip("\x00 ") for k, v in found.items() if v.strip("\x00 ")}
