"""OCR of scanned PDFs (``--ocr``): a scan we make ourselves at test time (a seed PDF's pages
rendered to images and put back into an image-only PDF) reads as the same meeting.  Runs where
OCRmyPDF and Tesseract's Danish model are installed (CI: .ci/run installs them), else skips.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from referat.errors import NoTextLayerError, ReadError
from referat.pipeline import parse_document, parse_file
from referat.read import ocr
from referat.read.files import read_document

from conftest import FIXTURES

SEED_PDF = FIXTURES / "htk-direktionen-2024-11-04.pdf"
PAGES = 2  # the front page (header, TOC) and the first item
DPI = 200


def _danish_model() -> bool:
    if shutil.which("tesseract") is None:
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return "dan" in langs.stdout.split()


needs_ocr = pytest.mark.skipif(
    ocr.available() is not None or not _danish_model(),
    reason="OCR needs OCRmyPDF (referat[ocr]) and Tesseract with tesseract-ocr-dan",
)


def scanned(pdf: Path, pages: int = PAGES) -> bytes:
    """The first ``pages`` pages of ``pdf`` as an image-only PDF: a scan, without a text layer."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    images = [document[i].render(scale=DPI / 72).to_pil().convert("L") for i in range(pages)]
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return out.getvalue()


def test_a_scan_without_ocr_says_how_to_read_it() -> None:
    with pytest.raises(NoTextLayerError, match=r"scan\.pdf: the PDF has no text layer.*--ocr"):
        read_document(scanned(SEED_PDF, 1), "scan.pdf")


def test_ocr_without_the_tools_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    with pytest.raises(
        ReadError, match=r"scan\.pdf: .*pip install 'referat\[ocr\]'.*tesseract-ocr-dan"
    ):
        read_document(scanned(SEED_PDF, 1), "scan.pdf", ocr=True)


@needs_ocr
def test_a_scan_reads_by_ocr_as_the_same_meeting() -> None:
    data = scanned(SEED_PDF)
    doc = read_document(data, "scan.pdf", ocr=True)
    assert doc.ocr and doc.format == "pdf" and doc.pages == PAGES
    parsed = parse_document(doc)
    assert parsed.warnings[0].code == "ocr_text"
    got, want = parsed.meeting, parse_file(SEED_PDF).meeting
    assert (got.id, got.start, got.location) == (want.id, want.start, want.location)
    assert [a.name for a in got.attendees] == [a.name for a in want.attendees]
    first, expected = got.items[0], want.items[0]
    assert (first.number, first.title, first.case_number) == (
        expected.number, expected.title, expected.case_number,
    )  # fmt: skip
    assert got.source.sha256 == hashlib.sha256(data).hexdigest()  # the scan's, not the OCR's


@needs_ocr
def test_import_ocr_from_the_command_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from referat.cli import cli

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned(SEED_PDF))
    runner = CliRunner()
    db = str(tmp_path / "a.db")
    refused = runner.invoke(cli, ["import", "--db", db, str(scan)])
    assert refused.exit_code == 1 and "--ocr" in refused.stderr
    done = runner.invoke(cli, ["import", "--db", db, "--ocr", str(scan)])
    assert done.exit_code == 0, done.stderr
    assert "1 inserted" in done.stderr
    assert "ocr_text" in done.stderr or "OCR" in done.stderr
