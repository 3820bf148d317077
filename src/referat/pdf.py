"""PDF reading (placeholder until the PDF issue lands: PDFs are reported as unsupported)."""

from __future__ import annotations

from .errors import ReadError


def read_pdf_pages(data: bytes, name: str, *, engine: str | None = None) -> list[str]:
    raise ReadError(f"{name}: PDF input is not supported yet")
