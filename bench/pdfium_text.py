"""The floor of any reader built on PDFium in Python: a process that loads each page of the PDFs
it is given, builds its text page and takes its text, and nothing else (no positions, no fonts,
no parsing, no archive).  ``bench/pdf_bench.py`` times it beside ``pdftotext``: what a
``referat import`` may spend beyond it is what the PDF targets leave for everything else."""

from __future__ import annotations

import sys

import pypdfium2 as pdfium


def main(paths: list[str]) -> None:
    for path in paths:
        doc = pdfium.PdfDocument(path)
        try:
            for index in range(len(doc)):
                page = doc[index]
                textpage = page.get_textpage()
                textpage.get_text_range()
                textpage.close()
                page.close()
        finally:
            doc.close()


if __name__ == "__main__":
    main(sys.argv[1:])
