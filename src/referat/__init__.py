"""referat: parse Danish municipal minutes into structured, searchable data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Meeting", "ParseWarning", "Parsed", "ReferatError", "parse_file", "parse_text"]

if TYPE_CHECKING:
    from .errors import ParseWarning, ReferatError
    from .models import Meeting
    from .parse import Parsed, parse_file, parse_text


def __getattr__(name: str) -> Any:
    # Lazy: `referat --help` must not pay for pydantic and friends.
    if name in ("parse_file", "parse_text", "Parsed"):
        from . import parse

        return getattr(parse, name)
    if name == "Meeting":
        from .models import Meeting

        return Meeting
    if name in ("ParseWarning", "ReferatError"):
        from . import errors

        return getattr(errors, name)
    raise AttributeError(name)
