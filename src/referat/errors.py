"""Errors (exceptions) and warnings (values) raised or returned by referat.

Everything a user can cause is a :class:`ReferatError` with a message that names the file and the
reason; the CLI turns it into one line on stderr, never a traceback.  Problems the parser can
survive are :class:`ParseWarning` values returned next to the parsed meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


class ReferatError(Exception):
    """Base class for every error referat reports to a user."""


class ReadError(ReferatError):
    """A file could not be read or decoded (missing, unreadable, binary, ...)."""


class EncryptedPdfError(ReadError):
    """A password-protected PDF: referat does not try to open it."""


class CorruptPdfError(ReadError):
    """A PDF that is damaged or cut short (an interrupted download)."""


class PdfTooComplexError(ReadError):
    """A PDF beyond referat's page and object budget (see :mod:`referat.read.pdf`)."""


class NoTextLayerError(ReadError):
    """A PDF without text, such as a scan: OCR is not supported."""


class NotMinutesError(ReferatError):
    """The text has no recognisable minutes structure (no header and no items)."""


class StrictError(ReferatError):
    """Warnings were found and ``--strict`` asked for them to be errors."""


class ArchiveError(ReferatError):
    """The archive database cannot be opened, is not an archive, or is from a newer referat."""


class ExportError(ReferatError):
    """The export's destination cannot be written (no such folder, no permission, disk full)."""


class NotFoundError(ReferatError):
    """A meeting or item asked for by id is not in the archive."""


class QueryError(ReferatError):
    """A search query that cannot be run (stray quote, a lone ``*``, no words, ...)."""


Level = Literal["warning", "error"]


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """A problem the parser survived: what, where (1-based line) and a stable code."""

    code: str
    message: str
    line: int | None = None
    path: str | None = None
    level: Level = "warning"

    def __str__(self) -> str:
        where = self.path or "<text>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.level}: {self.message} [{self.code}]"
