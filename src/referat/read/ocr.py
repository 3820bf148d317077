"""OCR for scanned PDFs (opt-in: ``referat import --ocr`` / ``parse --ocr``).

A PDF without a text layer is run through OCRmyPDF (the ``referat[ocr]`` extra) with Tesseract's
Danish model (Debian: ``tesseract-ocr-dan``); the PDF it returns, with a text layer under each
page image, is read as any PDF.  Pages are rasterised by PDFium (no Ghostscript needed) and the
output is a plain PDF (no PDF/A conversion).  A document read this way carries ``ocr=True``, and
the parse warns that its text is OCR (names, numbers and dates may be misread).
"""

from __future__ import annotations

import io
import logging
import shutil
from typing import Any

from referat.errors import ReadError

LANGUAGE = "dan"
INSTALL_HINT = (
    "install OCR with pip install 'referat[ocr]' and Tesseract's Danish model "
    "(Debian/Ubuntu: apt-get install tesseract-ocr-dan)"
)
# OCRmyPDF's settings: a plain PDF out, pages rasterised by PDFium, nothing optimised.
SETTINGS: dict[str, Any] = {
    "language": [LANGUAGE],
    "output_type": "pdf",
    "rasterizer": "pypdfium",
    "optimize": 0,
    "progress_bar": False,
    "jobs": 1,
}


def available() -> str | None:
    """None when OCR can run here, else what is missing (with how to install it)."""
    try:
        import ocrmypdf  # noqa: F401
    except ImportError:
        return f"OCRmyPDF is not installed; {INSTALL_HINT}"
    if shutil.which("tesseract") is None:
        return f"Tesseract is not installed; {INSTALL_HINT}"
    return None


def ocr_pdf(data: bytes, name: str) -> bytes:
    """A scanned PDF -> the same PDF with a text layer (ReadError when OCR cannot run)."""
    if missing := available():
        raise ReadError(f"{name}: the PDF has no text layer (a scanned document?); {missing}")
    import ocrmypdf
    from ocrmypdf import exceptions

    logging.getLogger("ocrmypdf").setLevel(logging.ERROR)  # its progress is not our message
    out = io.BytesIO()
    try:
        ocrmypdf.ocr(io.BytesIO(data), out, **SETTINGS)
    except exceptions.MissingDependencyError as exc:
        raise ReadError(f"{name}: OCR cannot run ({_first_line(exc)}); {INSTALL_HINT}") from None
    except (exceptions.ExitCodeException, OSError, ValueError) as exc:
        raise ReadError(f"{name}: OCR failed ({_first_line(exc)})") from None
    return out.getvalue()


def _first_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return (text or type(exc).__name__)[:200]
