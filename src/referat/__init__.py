"""referat: parse Danish municipal minutes into structured, searchable data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Meeting", "ParseWarning", "Parsed", "ReferatError", "parse_file", "parse_text"]

if TYPE_CHECKING:
    from referat.errors import ParseWarning, ReferatError
    from referat.models import Meeting
    from referat.pipeline import Parsed, parse_file, parse_text


def __getattr__(name: str) -> Any:
    # Lazy: `referat --help` must not pay for pydantic and friends.
    if name in ("parse_file", "parse_text", "Parsed"):
        from referat import pipeline

        return getattr(pipeline, name)
    if name == "Meeting":
        from referat.models import Meeting

        return Meeting
    if name in ("ParseWarning", "ReferatError"):
        from referat import errors

        return getattr(errors, name)
    raise AttributeError(name)
