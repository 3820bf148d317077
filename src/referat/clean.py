"""Clean stage: small ``list[str] -> list[str]`` functions, run in order.

Text cleaners keep one output line per input line, so warnings can cite source line numbers.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence

from .read import PAGE_BREAK

Cleaner = Callable[[list[str]], list[str]]

# Characters with a canonical replacement (NBSP, soft hyphen, zero-width, ligatures, ...).
CHAR_MAP: dict[str, str] = {
    "\u00a0": " ",  # no-break space
    "\u2007": " ",  # figure space
    "\u202f": " ",  # narrow no-break space
    "\u2009": " ",  # thin space
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",  # stray BOM / zero-width no-break space
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_CHAR_TABLE = str.maketrans(CHAR_MAP)

# Leftover markup from agenda systems that export rich text: the tags go, their words stay.
_HTML_PARAGRAPH_GAP = re.compile(r"</p>\s*<p[^>]*>", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:p|u|b|i|em|strong|span|div|br|font|sup|sub|li|ul|ol)\b[^>]*>", re.IGNORECASE
)
_HTML_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,5}|#x[0-9a-fA-F]{1,4});")

# A bullet at the start of a line: "- ", "• ", "", "▪", a "?" left by a lost glyph, or both
# ("- ? text").  Private-use glyphs (Symbol/Wingdings bullets) count as bullets too.
BULLET_GLYPHS = "-•·▪▫◦●○■□►▶➢➤✓✔–*?\uf0b7\uf0a7\uf0d8\uf0fc\uf076\uf0a8"
_BULLET = re.compile(
    rf"^(?P<indent>[ \t]*)(?:[{re.escape(BULLET_GLYPHS)}](?:[ \t]+|(?=[\ue000-\uf8ff])))+"
    rf"|^(?P<indent2>[ \t]*)[\ue000-\uf8ff][ \t]*"
)
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")


def normalize_chars(lines: list[str]) -> list[str]:
    """NFC, NBSP -> space, soft hyphens and zero-width characters gone, ligatures spelled out."""
    return [unicodedata.normalize("NFC", line).translate(_CHAR_TABLE) for line in lines]


def strip_html(lines: list[str]) -> list[str]:
    """``<p>a</p> <p>b</p>`` -> ``a b``; ``<u>x</u>`` -> ``x``; entities decoded."""
    out = []
    for line in lines:
        if "<" in line:
            line = _HTML_PARAGRAPH_GAP.sub(" ", line)
            line = _HTML_TAG.sub("", line)
        if "&" in line and _HTML_ENTITY.search(line):
            line = html.unescape(line)
        out.append(line)
    return out


def normalize_bullets(lines: list[str]) -> list[str]:
    """Every bullet becomes ``- ``; an indented bullet becomes ``  - `` (one nesting level)."""
    out = []
    for line in lines:
        match = _BULLET.match(line)
        if match and line[match.end() :].strip():
            indent = (match["indent"] or match["indent2"] or "") and "  "
            rest = _PRIVATE_USE.sub("", line[match.end() :]).strip()
            out.append(f"{indent}- {rest}")
        else:
            out.append(line)
    return out


def strip_trailing_spaces(lines: list[str]) -> list[str]:
    """Trailing spaces go; tabs stay (an empty last table cell is a trailing tab)."""
    return [line.rstrip(" ") for line in lines]


TEXT_CLEANERS: Sequence[Cleaner] = (
    normalize_chars,
    strip_html,
    normalize_bullets,
    strip_trailing_spaces,
)


def clean_lines(lines: list[str], cleaners: Sequence[Cleaner] = TEXT_CLEANERS) -> list[str]:
    for cleaner in cleaners:
        lines = cleaner(lines)
    return lines


def is_blank(line: str) -> bool:
    return not line.strip() or line == PAGE_BREAK
