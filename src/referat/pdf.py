"""Read stage for PDF: bytes -> one text per page, laid out the way the cleaners expect.

Two engines behind one interface, both imported lazily (``referat --help`` stays fast):

* ``pypdfium2`` (default): PDFium's text page, about two orders of magnitude faster;
* ``pdfplumber``: pdfminer's characters with full geometry.

Both are reduced to the same :class:`Segment` values (a run of text with its start point, baseline
and font size) and :class:`Rule` values (thin ruling lines), and one layout function turns those
into page text, so both engines give the same text.  The page text is:

* visual lines top to bottom (furniture included: the clean stage removes it by repetition);
* an empty line where the vertical gap says a new paragraph starts;
* leading spaces for indentation (about one space per 9 pt), so list items can be told apart;
* a ruled table row as one line, cells separated by tabs, a cell's wrapped lines joined.

Pages are released as soon as they are read, so memory stays flat on long documents.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from .clean import join_wrapped
from .errors import CorruptPdfError, EncryptedPdfError, NoTextLayerError

PDF_ENGINES: tuple[str, ...] = ("pypdfium2", "pdfplumber")
DEFAULT_ENGINE = "pypdfium2"
_ALIASES = {"pdfium": "pypdfium2", "pypdfium2": "pypdfium2", "pdfplumber": "pdfplumber"}

# PDFium marks a hyphen it thinks was added by line-end hyphenation with one of these.
_PDFIUM_HYPHENS = frozenset("\ufffe\x02")
_PDFIUM_BREAKS = re.compile("[\r\n \ufffe\x02]")

# Layout thresholds, as fractions of the font size (or points).
PARAGRAPH_GAP = 1.6  # baseline distance above this x font size starts a new paragraph
SAME_LINE = 0.3  # baselines closer than this x font size are one visual line
SPACE_GAP = 0.15  # a horizontal gap wider than this x font size is a word space (pdfplumber)
SPLIT_GAP = 0.6  # a gap wider than this x font size starts a new segment (pdfplumber)
INDENT_UNIT = 9.0  # points of indentation per leading space
THIN = 2.5  # a ruling line is at most this thick (points)


class Segment(NamedTuple):
    """A run of text on one baseline: start x, baseline y (from the top), font size, text."""

    x: float
    y: float
    size: float
    text: str


class Rule(NamedTuple):
    """A thin ruling line (table border), in top-down page coordinates."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def vertical(self) -> bool:
        return self.x1 - self.x0 <= THIN and self.bottom - self.top > THIN

    @property
    def horizontal(self) -> bool:
        return self.bottom - self.top <= THIN and self.x1 - self.x0 > THIN


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


def read_pdf_pages(data: bytes, name: str, *, engine: str | None = None) -> list[str]:
    """PDF bytes -> one laid-out text per page.

    Raises :class:`EncryptedPdfError`, :class:`CorruptPdfError` (also for a truncated file) or
    :class:`NoTextLayerError` (a scan), each naming the file.
    """
    chosen = resolve_engine(engine)
    _check_complete(data, name)
    reader = _pdfium_pages if chosen == "pypdfium2" else _plumber_pages
    pages = [layout_page(segments, rules) for segments, rules in reader(data, name)]
    if not any(page.strip() for page in pages):
        raise NoTextLayerError(
            f"{name}: the PDF has no text layer (a scanned document?); "
            "OCR is not supported, so run it through an OCR tool first"
        )
    return pages


def _check_complete(data: bytes, name: str) -> None:
    """A PDF ends with ``%%EOF``; without it the file was cut short (an interrupted download)."""
    if b"%%EOF" not in data[-2048:]:
        raise CorruptPdfError(
            f"{name}: the PDF is truncated (no end-of-file marker); download it again"
        )


# ---------------------------------------------------------------------------------------------
# Engine: pypdfium2


def _pdfium_pages(data: bytes, name: str) -> Iterator[PageGeometry]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedPdfError(
                f"{name}: the PDF is encrypted (password-protected); save an unprotected copy"
            ) from None
        raise CorruptPdfError(f"{name}: not a readable PDF ({exc})") from None
    try:
        for index in range(len(doc)):
            page = doc[index]
            try:
                textpage = page.get_textpage()
                try:
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
    """Split PDFium's text at line ends, hyphen marks and generated spaces; one origin each."""
    import ctypes

    import pypdfium2.raw as raw

    handle = textpage.raw
    count = textpage.count_chars()
    text = textpage.get_text_range()
    if len(text) != count:  # characters outside the BMP: ask for each one
        text = "".join(chr(raw.FPDFText_GetUnicode(handle, i)) for i in range(count))
    x, y = ctypes.c_double(), ctypes.c_double()
    segments: list[Segment] = []
    is_generated = raw.FPDFText_IsGenerated

    def emit(begin: int, stop: int, hyphen: str) -> None:
        # A segment starts at its first non-blank character (its origin is that character's).
        piece = text[begin:stop]
        lead = len(piece) - len(piece.lstrip())
        if lead == len(piece):
            return
        piece = (piece[lead:] + hyphen).rstrip()
        raw.FPDFText_GetCharOrigin(handle, begin + lead, x, y)
        size = raw.FPDFText_GetFontSize(handle, begin + lead)
        segments.append(Segment(x.value, height - y.value, size, piece))

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


def _pdfium_rules(page: Any, height: float) -> list[Rule]:
    import pypdfium2.raw as raw

    rules = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=1):
        left, bottom, right, top = obj.get_bounds()
        rule = Rule(left, height - top, right, height - bottom)
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

    def flush() -> None:
        piece = "".join(text).strip()
        if piece:
            segments.append(Segment(x0, y0, size0, piece))
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
        elif x - end > SPACE_GAP * size and text[-1] != " " and not glyph.isspace():
            text.append(" ")
        text.append(" " if glyph.isspace() else glyph)
        end = float(char["x1"])
    flush()
    return segments


# ---------------------------------------------------------------------------------------------
# Layout: segments and rules -> page text (the same for both engines)


class _Line(NamedTuple):
    y: float
    size: float
    x: float
    text: str
    table: int  # -1 for text, else the table's index on the page


class _Table(NamedTuple):
    x0: float
    top: float
    x1: float
    bottom: float
    rows: list[float]  # horizontal rule positions (top-down)
    verticals: list[Rule]

    def holds(self, seg: Segment) -> bool:
        return self.x0 - 1 <= seg.x <= self.x1 + 1 and self.top <= seg.y <= self.bottom


def _merge_close(values: list[float], tolerance: float = 2.0) -> list[float]:
    merged: list[float] = []
    for value in sorted(values):
        if not merged or value - merged[-1] > tolerance:
            merged.append(value)
    return merged


def _find_tables(rules: list[Rule]) -> list[_Table]:
    """Ruled tables: groups of vertical rules whose heights overlap, cut into rows by the
    horizontal rules that span the table."""
    verticals = sorted((r for r in rules if r.vertical), key=lambda r: r.top)
    groups: list[list[Rule]] = []
    for rule in verticals:
        if groups and rule.top <= max(r.bottom for r in groups[-1]) + 2:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    tables = []
    for group in groups:
        if len(_merge_close([r.x0 for r in group])) < 2:
            continue
        x0, x1 = min(r.x0 for r in group), max(r.x1 for r in group)
        top, bottom = min(r.top for r in group), max(r.bottom for r in group)
        rows = _merge_close(
            [
                (r.top + r.bottom) / 2
                for r in rules
                if r.horizontal
                and top - 2 <= r.top <= bottom + 2
                and r.x1 - r.x0 >= 0.9 * (x1 - x0)
            ]
        )
        tables.append(_Table(x0, top, x1, bottom, [top, *rows, bottom], group))
    return tables


def _visual_lines(segments: list[Segment]) -> list[list[Segment]]:
    lines: list[list[Segment]] = []
    for seg in sorted(segments, key=lambda s: (s.y, s.x)):
        if lines and seg.y - lines[-1][0].y <= SAME_LINE * max(seg.size, lines[-1][0].size):
            lines[-1].append(seg)
        else:
            lines.append([seg])
    return [sorted(line, key=lambda s: s.x) for line in lines]


def _line_text(line: list[Segment]) -> str:
    return " ".join(" ".join(seg.text for seg in line).split())


def _table_rows(table: _Table, number: int, segments: list[Segment]) -> list[_Line]:
    rows: list[_Line] = []
    bands = list(zip(table.rows, table.rows[1:], strict=False))
    for top, bottom in bands:
        inside = [s for s in segments if top <= s.y < bottom]
        if not inside:
            continue
        middle = (top + bottom) / 2
        edges = _merge_close([r.x0 for r in table.verticals if r.top - 1 <= middle <= r.bottom + 1])
        cells: list[list[Segment]] = [[] for _ in range(max(1, len(edges) - 1))]
        for seg in inside:
            column = sum(1 for edge in edges[1:-1] if seg.x >= edge)
            cells[column].append(seg)
        texts = []
        for cell in cells:
            text = ""
            for line in _visual_lines(cell):
                text = join_wrapped(text, _line_text(line)) if text else _line_text(line)
            texts.append(text)
        first = min(inside, key=lambda s: s.y)
        rows.append(_Line(first.y, first.size, table.x0, "\t".join(texts), number))
    return rows


def layout_page(segments: list[Segment], rules: list[Rule]) -> str:
    """Segments and ruling lines of one page -> the page's text (see the module docstring)."""
    tables = _find_tables(rules)
    in_table: list[list[Segment]] = [[] for _ in tables]
    free: list[Segment] = []
    for seg in segments:
        for i, table in enumerate(tables):
            if table.holds(seg):
                in_table[i].append(seg)
                break
        else:
            free.append(seg)
    lines = [
        _Line(line[0].y, max(s.size for s in line), line[0].x, _line_text(line), -1)
        for line in _visual_lines(free)
    ]
    for i, table in enumerate(tables):
        lines.extend(_table_rows(table, i, in_table[i]))
    lines.sort(key=lambda line: (line.y, line.x))
    text_lines = [line for line in lines if line.table < 0]
    margin = min((line.x for line in text_lines), default=0.0)
    out: list[str] = []
    previous: _Line | None = None
    for line in lines:
        if previous is not None:
            if line.table >= 0 or previous.table >= 0:
                gap = line.table != previous.table
            else:
                gap = line.y - previous.y > PARAGRAPH_GAP * max(line.size, previous.size)
            if gap:
                out.append("")
        indent = 0 if line.table >= 0 else min(40, int((line.x - margin) / INDENT_UNIT + 0.5))
        out.append(" " * indent + line.text)
        previous = line
    return "\n".join(out)
