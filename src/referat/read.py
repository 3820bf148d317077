"""Read stage: a path (or bytes) -> a :class:`~referat.lines.Document` of lines.

Text files may be UTF-8 (with or without BOM), UTF-16 with BOM, or Windows cp1252 / latin-1;
their lines carry no style, a blank line becomes the ``gap`` of the line after it and a form feed
starts a new page.  PDF files are read by :mod:`referat.pdf` (imported lazily, so start-up stays
fast) into styled lines.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from pathlib import Path

from .errors import NoTextLayerError, ReadError
from .lines import PAGE_BREAK, Document, Line

__all__ = ["PAGE_BREAK", "Document", "Line", "read_document", "read_file", "text_lines"]

# Text minutes are small (a 200-page meeting is well under 1 MB of text); a larger text file is
# almost surely not one meeting (a database dump, many meetings in one file).  It is refused
# before it is read, so memory stays bounded: parsing takes about 12x the file size in memory.
MAX_TEXT_BYTES = 10 * 1024 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Bytes -> (text, encoding).  UTF-8 first, then cp1252, then latin-1; never garbles æøå.

    UTF-8 with stray cp1252 bytes (``utf-8+cp1252``) keeps its UTF-8 and reads those bytes as
    cp1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ReadError(f"{name}: not valid {encoding} text ({exc.reason})") from None
    if b"\x00" in data:
        raise ReadError(f"{name}: binary file (contains NUL bytes), not a text document")
    controls = sum(data.count(bytes([b])) for b in _BINARY_CONTROLS)
    if controls > max(8, len(data) // 100):
        raise ReadError(f"{name}: binary file ({controls} control bytes), not a text document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(data):
        # Mostly UTF-8 with some Windows-1252 bytes (a file pasted together from two sources):
        # decode each byte that is not UTF-8 as cp1252 rather than garble every æøå in the file.
        return data.decode("utf-8", errors=_CP1252_FALLBACK), "utf-8+cp1252"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


# A valid UTF-8 sequence of two or more bytes: cp1252 text almost never contains one.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_CP1252_FALLBACK = "referat-cp1252"
# C0 control bytes that text never holds (tab, LF, CR, form feed and ESC-free text excepted).
_BINARY_CONTROLS = bytes(b for b in range(1, 32) if b not in b"\t\n\r\f\x0b")


def _decode_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: undecodable bytes as cp1252 (its five holes as latin-1)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    chunk = exc.object[exc.start : exc.end]
    text = "".join(
        bytes([b]).decode("cp1252", errors="ignore") or bytes([b]).decode("latin-1") for b in chunk
    )
    return text, exc.end


codecs.register_error(_CP1252_FALLBACK, _decode_cp1252)


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF and lone CR; a form feed (PDF page break) becomes its own line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[str] = []
    for line in text.split("\n"):
        if PAGE_BREAK in line:
            parts = line.split(PAGE_BREAK)
            for i, part in enumerate(parts):
                if i:
                    lines.append(PAGE_BREAK)
                if part:
                    lines.append(part)
        else:
            lines.append(line)
    return lines


INDENT_PER_SPACE = 4.5  # points of indent per leading space of a text line (a tab is 4 spaces)


def text_lines(text: str) -> list[Line]:
    """Text -> lines without style: a blank line adds to the next line's ``gap``, a form feed
    starts a new page (line numbers stay those of the file, so a warning points at the line)."""
    lines: list[Line] = []
    page, blanks = 1, 0
    for number, raw in enumerate(split_lines(text), start=1):
        if raw == PAGE_BREAK:
            page += 1
            continue
        stripped = raw.strip()
        if not stripped:
            blanks += 1
            continue
        body = raw.rstrip(" \v")
        expanded = body.expandtabs(4) if "\t" in body[: len(body) - len(body.lstrip())] else body
        lead = len(expanded) - len(expanded.lstrip(" "))
        # A table row (tab-separated cells) keeps its tabs, an empty first or last cell too.
        cells = tuple(c.strip() for c in body.strip(" ").split("\t")) if "\t" in stripped else None
        text = body.strip(" ") if cells is not None else body.strip()
        lines.append(
            Line(text, page, number, indent=lead * INDENT_PER_SPACE, gap=float(blanks),
                 cells=cells)
        )  # fmt: skip
        blanks = 0
    return lines


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


def _too_large(name: str, size: int) -> ReadError:
    return ReadError(
        f"{name}: text file too large ({size / 1024 / 1024:.1f} MB; referat reads text minutes "
        f"up to {MAX_TEXT_BYTES // 1024 // 1024} MB): split it into one file per meeting"
    )


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes.  A text file over MAX_TEXT_BYTES is refused without reading it."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_TEXT_BYTES:
                head = f.read(1024)
                if not is_pdf(head):
                    raise _too_large(str(p), size)
                return head + f.read()
            return f.read()
    except FileNotFoundError:
        raise ReadError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise ReadError(f"{p}: is a directory") from None
    except PermissionError:
        raise ReadError(f"{p}: permission denied") from None
    except OSError as exc:
        raise ReadError(f"{p}: cannot read ({exc.strerror or exc})") from None


def read_document(
    data: bytes, name: str, *, pdf_engine: str | None = None, ocr: bool = False
) -> Document:
    """Bytes of a text, PDF, HTML, JSON or Word file -> Document.  ``ocr``: a PDF without a
    text layer is run through OCR (:mod:`referat.ocr`) instead of refused."""
    if len(data) > MAX_TEXT_BYTES and not is_pdf(data):
        raise _too_large(name, len(data))
    digest = hashlib.sha256(data).hexdigest()
    if is_pdf(data):
        from . import pdf  # heavy dependencies: only when a PDF is read

        scanned = False
        try:
            pages = pdf.read_pdf_pages(data, name, engine=pdf_engine)
        except NoTextLayerError:
            if not ocr:
                raise
            from .ocr import ocr_pdf

            data, scanned = ocr_pdf(data, name), True
            pages = pdf.read_pdf_pages(data, name, engine=pdf_engine)
        lines = [line for page in pages for line in page]
        return Document(
            name, digest, "pdf", lines, pages=len(pages), metadata=pdf.read_metadata(data),
            styled=True, ocr=scanned,
        )  # fmt: skip
    if is_zip(data):  # a Word file (.docx is a zip of XML)
        from .word import read_docx

        return read_docx(data, name, digest)
    text, encoding = decode_text(data, name)
    if not text.strip():
        raise ReadError(f"{name}: {'only whitespace, no text' if text else 'empty file'}")
    kind = markup_of(text, name)
    if kind == "json":
        from .firstagenda import read_json

        return read_json(text, name, digest, encoding)
    if kind == "html":
        from .html_page import read_html

        return read_html(text, name, digest, encoding)
    return Document(name, digest, "text", text_lines(text), encoding=encoding, text=text)


# How a text names its markup: by the file's suffix, else by how it begins.
MARKUP_SUFFIXES = {".json": "json", ".html": "html", ".htm": "html", ".xhtml": "html"}
HTML_STARTS = ("<!doctype html", "<html")


def markup_of(text: str, name: str) -> str | None:
    """``json``, ``html`` or None (plain text) for a decoded document."""
    if kind := MARKUP_SUFFIXES.get(Path(name).suffix.lower()):
        return kind
    head = text.lstrip("\ufeff \t\r\n")[:256].lower()
    if head.startswith(HTML_STARTS):
        return "html"
    if head.startswith("{"):
        import json

        try:
            json.loads(text)
        except ValueError:
            return None  # text that happens to start with a brace
        return "json"
    return None


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def read_file(path: str | Path, *, pdf_engine: str | None = None, ocr: bool = False) -> Document:
    return read_document(read_bytes(path), str(path), pdf_engine=pdf_engine, ocr=ocr)
