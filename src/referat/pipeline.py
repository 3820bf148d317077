"""The one place the stages run: read -> clean -> classify -> parse -> outcomes.

The public entry points (:func:`parse_file`, :func:`parse_text`, re-exported by :mod:`referat`)
live here, above :mod:`referat.structure` and :mod:`referat.decide`, so the stages never call back
up into the pipeline.

``referat parse``, ``import`` and ``reparse`` all come through here, so a document gives the same
meeting whichever command reads it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from pathlib import Path

from referat.decide.outcomes import analyse_meeting
from referat.errors import ParseWarning
from referat.models import Source
from referat.read.layout import body_size_of
from referat.read.lines import Document
from referat.structure import profiles
from referat.structure.classify import classify_document
from referat.structure.clean import clean_lines
from referat.structure.paragraphs import vocabulary_of
from referat.structure.parse import Context, Parsed, Parser

__all__ = ["Parsed", "parse_document", "parse_file", "parse_text"]
from referat.read.files import read_file, text_lines
from referat.structure.parse_header import find_municipality, town_name


def parse_document(
    doc: Document,
    *,
    system: str | None = None,
    body: str | None = None,
    date: dt.date | None = None,
    municipality: str | None = None,
) -> Parsed:
    """Clean, classify and parse what the read stage produced, then find what each decision
    decided.  ``system`` names the agenda system's profile (detected when None); ``body``,
    ``date`` and ``municipality`` win over the document's."""
    parsed = _structure(doc, system, body, date, town_name(municipality) if municipality else None)
    if doc.ocr:
        parsed.warnings.insert(0, ParseWarning("ocr_text", OCR_WARNING, path=doc.path))
    return replace(parsed, meeting=analyse_meeting(parsed.meeting))


OCR_WARNING = (
    "the text was read by OCR from a scanned PDF (Tesseract, Danish): names, numbers and dates "
    "may be misread"
)


def _structure(
    doc: Document,
    system: str | None,
    body: str | None,
    date: dt.date | None,
    municipality: str | None,
) -> Parsed:
    if doc.format == "json":  # the API's JSON carries the structure: mapped, not recognised
        from referat.structure.firstagenda import parse_json

        return Parsed(parse_json(doc, municipality=municipality))
    if doc.format == "xml":  # SBSYS's publication XML: mapped the same way
        from referat.structure.sbsys import parse_sbsys

        meeting, warnings = parse_sbsys(doc, municipality=municipality)
        return Parsed(meeting, warnings)
    municipality = municipality or find_municipality(doc.lines, doc.metadata)
    lines = clean_lines(list(doc.lines))
    if system is None:
        profile, evidence = profiles.detect(line.text for line in lines)
    else:
        profile, evidence = profiles.get(system), "given with --system"
    size = body_size_of(lines) if doc.styled else None
    roles, notes = classify_document(lines, profile, size)
    source = Source(path=doc.path, sha256=doc.sha256, format=doc.format, pages=doc.pages)
    ctx = Context(source, profile.name, evidence, vocabulary_of(lines), body, date, municipality)
    ctx.structure_notes = notes
    return Parser(roles, ctx).parse()


def parse_file(
    path: str | Path, *, pdf_engine: str | None = None, system: str | None = None
) -> Parsed:
    """Read, clean, classify and parse a file (text, PDF, web page, Word, API JSON)."""
    return parse_document(read_file(path, pdf_engine=pdf_engine), system=system)


def parse_text(text: str, *, path: str = "<text>") -> Parsed:
    """Parse minutes given as a string."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return parse_document(Document(path, digest, "text", text_lines(text)))
