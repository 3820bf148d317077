"""Read stage: a path (or bytes) -> a :class:`~referat.read.lines.Document` of lines.

Text files may be UTF-8 (with or without BOM), UTF-16 with BOM, or Windows cp1252 / latin-1;
their lines carry no style, a blank line becomes the ``gap`` of the line after it and a form feed
starts a new page.  PDF files are read by :mod:`referat.read.pdf` (imported lazily, so start-up
stays fast) into styled lines.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO

from referat.errors import NoTextLayerError, ReadError
from referat.read.lines import PAGE_BREAK, Document, Line

__all__ = ["PAGE_BREAK", "Document", "Line", "read_document", "read_file", "text_lines"]

# Every input is read with a byte cap, counted while reading (a FIFO, /dev/zero or an endless
# stdin has no size to trust), so memory stays bounded.  Text minutes are small (a 200-page
# meeting is well under 1 MB; parsing takes about 12x the file size in memory): a larger text is
# almost surely not one meeting.  PDFs carry images and fonts, so theirs is larger.  Both can be
# changed with $REFERAT_MAX_TEXT_MB and $REFERAT_MAX_PDF_MB.
MAX_TEXT_BYTES = 10 * 1024 * 1024
MAX_PDF_BYTES = 200 * 1024 * 1024
LIMIT_ENV = {"text": "REFERAT_MAX_TEXT_MB", "pdf": "REFERAT_MAX_PDF_MB"}
_DEFAULT_LIMIT = {"text": MAX_TEXT_BYTES, "pdf": MAX_PDF_BYTES}
_CHUNK = 1024 * 1024
MB = 1024 * 1024


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


def size_limit(kind: str) -> int:
    """The byte cap for ``kind`` (``text`` or ``pdf``): $REFERAT_MAX_TEXT_MB / $REFERAT_MAX_PDF_MB
    in megabytes, else the default.  A bad setting is a :class:`ReadError`."""
    variable = LIMIT_ENV[kind]
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return _DEFAULT_LIMIT[kind]
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 1024 * 1024:
        raise ReadError(f"{variable}={raw!r}: expected a number of megabytes (above 0)")
    return int(value * MB)


def check_limits() -> None:
    """Raise :class:`ReadError` for a bad $REFERAT_MAX_*_MB setting (before a batch starts)."""
    for kind in LIMIT_ENV:
        size_limit(kind)


def _too_large(name: str, kind: str, size: int | None) -> ReadError:
    """``kind``: text, pdf or zip (a Word file, which has the PDF's cap)."""
    limit = size_limit("text" if kind == "text" else "pdf")
    what = {"text": "text file", "pdf": "PDF", "zip": "Word file"}[kind]
    kind = "text" if kind == "text" else "pdf"  # a Word file has the PDF's cap
    cap = f"{round(limit / MB, 3):g} MB"
    seen = f"{size / MB:.1f} MB" if size is not None else f"more than {cap}"
    advice = ": split it into one file per meeting" if kind == "text" else ""
    return ReadError(
        f"{name}: {what} too large ({seen}; referat reads {what}s up to {cap}, "
        f"{LIMIT_ENV[kind]} changes that){advice}"
    )


def read_stream(stream: BinaryIO, name: str, size: int | None = None) -> bytes:
    """Read a whole input, text or PDF, but never more than its byte cap (:func:`size_limit`):
    counted while reading, so a FIFO, ``/dev/zero`` or an endless stdin stops at the cap.
    ``size`` (a regular file's, from fstat) refuses a file over the cap without reading it.
    A Word file (a zip) has the PDF's cap: both carry images and fonts."""
    head = _read_up_to(stream, 1024)
    kind = _kind(head)
    limit = size_limit("text" if kind == "text" else "pdf")
    if size is not None and size > limit:
        raise _too_large(name, kind, size)
    chunks, total = [head], len(head)
    while head and total <= limit:
        head = stream.read(min(_CHUNK, limit + 1 - total))
        chunks.append(head)
        total += len(head)
    if total > limit:
        raise _too_large(name, kind, size)
    return b"".join(chunks)


def _kind(head: bytes) -> str:
    """``pdf``, ``zip`` (a Word file) or ``text`` (also HTML and JSON), for the byte cap."""
    return "pdf" if is_pdf(head) else "zip" if is_zip(head) else "text"


def _read_up_to(stream: BinaryIO, count: int) -> bytes:
    """``count`` bytes, fewer only at the end (a pipe may return less per read)."""
    data = b""
    while len(data) < count and (more := stream.read(count - len(data))):
        data += more
    return data


def display_name(path: str | Path) -> str:
    """The path as it is shown and stored: a name that is not UTF-8 (its bytes kept as lone
    surrogates by Python) gets replacement characters, so it can be printed and stored."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, up to the byte cap (:func:`read_stream`).  A FIFO without a writer
    reads as empty instead of waiting for one."""
    p, name = Path(path), display_name(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ReadError(f"{name}: no such file") from None
    except PermissionError:
        raise ReadError(f"{name}: permission denied") from None
    except OSError as exc:
        raise ReadError(f"{name}: cannot read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError(f"{name}: is a directory")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", buffering=0, closefd=False) as f:
            regular = stat.S_ISREG(info.st_mode)
            return read_stream(f, name, info.st_size if regular else None)
    except PermissionError:
        raise ReadError(f"{name}: permission denied") from None
    except OSError as exc:
        raise ReadError(f"{name}: cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def read_document(
    data: bytes, name: str, *, pdf_engine: str | None = None, ocr: bool = False
) -> Document:
    """Bytes of a text, PDF, HTML, JSON, SBSYS XML or Word file -> Document.  ``ocr``: a PDF
    without a text layer is run through OCR (:mod:`referat.read.ocr`) instead of refused."""
    capped = _kind(data)
    if len(data) > size_limit("text" if capped == "text" else "pdf"):
        raise _too_large(name, capped, len(data))
    digest = hashlib.sha256(data).hexdigest()
    if is_pdf(data):
        from referat.read import pdf  # heavy dependencies: only when a PDF is read

        scanned = False
        try:
            pages = pdf.read_pdf_pages(data, name, engine=pdf_engine)
        except NoTextLayerError:
            if not ocr:
                raise
            from referat.read.ocr import ocr_pdf

            data, scanned = ocr_pdf(data, name), True
            pages = pdf.read_pdf_pages(data, name, engine=pdf_engine)
        lines = [line for page in pages for line in page]
        return Document(
            name, digest, "pdf", lines, pages=len(pages), metadata=pdf.read_metadata(data),
            styled=True, ocr=scanned,
        )  # fmt: skip
    if is_zip(data):  # a Word file (.docx is a zip of XML)
        from referat.read.word import read_docx

        return read_docx(data, name, digest)
    text, encoding = decode_text(data, name)
    if not text.strip():
        raise ReadError(f"{name}: {'only whitespace, no text' if text else 'empty file'}")
    kind = markup_of(text, name)
    if kind == "json":
        from referat.read.api_json import read_json

        return read_json(text, name, digest, encoding)
    if kind == "xml":
        from referat.read.sbsys_xml import read_sbsys

        return read_sbsys(text, name, digest, encoding)
    if kind == "html":
        from referat.read.html_page import read_html

        return read_html(text, name, digest, encoding)
    return Document(name, digest, "text", text_lines(text), encoding=encoding, text=text)


# How a text names its markup: by the file's suffix, else by how it begins.
MARKUP_SUFFIXES = {
    ".json": "json", ".html": "html", ".htm": "html", ".xhtml": "html", ".xml": "xml"
}  # fmt: skip
HTML_STARTS = ("<!doctype html", "<html")


def markup_of(text: str, name: str) -> str | None:
    """``json``, ``html``, ``xml`` or None (plain text) for a decoded document.  An SBSYS
    publication is known by its root element whatever its name."""
    from referat.read.sbsys_xml import is_publication

    if is_publication(text):
        return "xml"
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
    return read_document(read_bytes(path), display_name(path), pdf_engine=pdf_engine, ocr=ocr)
