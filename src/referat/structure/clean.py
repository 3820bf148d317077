"""Clean stage: small ``list[Line] -> list[Line]`` functions, run in order.

Character cleaners change a line's text and keep the line (so a warning still points at the page
and line of the source); the furniture cleaner drops running headers, footers and page numbers.
Nothing here joins lines: prose is joined after structure is known
(:mod:`referat.structure.paragraphs`).
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Callable, Sequence

from referat.read.lines import Line
from referat.structure import rules
from referat.structure.recognise import case_number, section_heading

Cleaner = Callable[[list[Line]], list[Line]]
TextCleaner = Callable[[list[str]], list[str]]

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


_CHARS_TO_MAP = re.compile("[" + "".join(CHAR_MAP) + "]")


def normalize_chars(lines: list[str]) -> list[str]:
    """NFC, NBSP -> space, soft hyphens and zero-width characters gone, ligatures spelled out."""
    # str.translate with a dict table is slow (~6 µs a line); most lines need nothing.
    out = []
    for line in lines:
        if not line.isascii():
            if not unicodedata.is_normalized("NFC", line):
                line = unicodedata.normalize("NFC", line)
            if _CHARS_TO_MAP.search(line):
                line = line.translate(_CHAR_TABLE)
        out.append(line)
    return out


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


def on_text(cleaner: TextCleaner) -> Cleaner:
    """A ``list[str] -> list[str]`` cleaner (one line out per line in) applied to lines' text;
    a line left empty is dropped."""

    def run(lines: list[Line]) -> list[Line]:
        texts = cleaner([line.text for line in lines])
        return [
            line if text == line.text else line.with_text(text)
            for line, text in zip(lines, texts, strict=True)
            if text.strip()
        ]

    run.__name__ = cleaner.__name__
    run.__doc__ = cleaner.__doc__
    return run


def normalize_bullet_lines(lines: list[Line]) -> list[Line]:
    """:func:`normalize_bullets`, except for a PDF line that runs on from the line above and
    starts with a dash (``papiret`` / ``– også som …`` is a sentence, not a list item)."""
    out: list[Line] = []
    previous: Line | None = None
    for line in lines:
        runs_on = (
            previous is not None
            and previous.page == line.page
            and not line.breaks_paragraph
            and previous.text[-1:] not in ".:!?"
            and line.text[:1] == "–"
        )
        text = line.text if runs_on else normalize_bullets([line.text])[0]
        out.append(line if text == line.text else line.with_text(text))
        previous = line
    return out


def clean_lines(lines: list[Line], cleaners: Sequence[Cleaner] | None = None) -> list[Line]:
    for cleaner in CLEANERS if cleaners is None else cleaners:
        lines = cleaner(lines)
    return lines


# ---------------------------------------------------------------------------------------------
# Page furniture: running headers, footers and page numbers.
#
# A furniture line repeats on most pages once its numbers are masked.  Where the lines have a
# position (PDF), a line that stands at the same height on those pages is furniture with or
# without digits (``HØJE-TAASTRUP KOMMUNE``); a text file's form-feed pages give no position, so
# there a repeated line must have numbers (a page number, the date) to count.  A line the
# recogniser reads as item structure (an item head, a case number, a heading) is never furniture.
FURNITURE_EXEMPT: tuple[re.Pattern[str], ...] = (re.compile(r"^Punkt\s+#", re.IGNORECASE),)
# Page numbers are furniture wherever they stand: "Side 3", "Side 3 af 14", "- 3 -", "3/14".
_SIDE = r"Side\s+\d+(?:\s*(?:af|/)\s*\d+)?"
PAGE_NUMBER = re.compile(
    rf"^(?:{_SIDE}|-\s*\d+\s*-|\d{{1,3}}\s*/\s*\d{{1,3}}|\d{{1,3}})$", re.IGNORECASE
)
PAGE_LABEL = re.compile(rf"^{_SIDE}$", re.IGNORECASE)  # a cell of a header or footer: "Side 2"
SAME_HEIGHT = 3.0  # points: furniture stands at the same height on every page
# Limitation: a text line with numbers that stands once on that many pages and is not structure
# (say the same dated sentence closing every page) is taken for furniture; text alone cannot tell.
FURNITURE_SHARE = 0.8  # of pages, when there are more than FURNITURE_ALL_PAGES pages
FURNITURE_ALL_PAGES = 4  # up to this many pages a furniture line must be on every page

_DIGITS = re.compile(r"\d+")


def furniture_key(line: str) -> str:
    """``Side 3 af 14`` -> ``Side # af #``: what stays the same from page to page."""
    return _DIGITS.sub("#", " ".join(line.split()))


def remove_page_furniture(lines: list[Line]) -> list[Line]:
    """Drop running headers, footers and page numbers (see above).  One page: only page
    numbers at the foot or head of the page go."""
    pages = max((line.page for line in lines), default=1)
    keys = [furniture_key(line.text) for line in lines] if pages > 1 else []
    furniture = _repeated(lines, keys, pages) if pages > 1 else set()
    ends = _page_ends(lines)
    out = []
    for n, line in enumerate(lines):
        if _is_page_number(line, ends) or (
            furniture and (keys[n], _height(line)) in furniture and not _structural(line.text)
        ):
            continue
        out.append(line)
    return out


def _height(line: Line) -> float | None:
    return None if line.y is None else round(line.y / SAME_HEIGHT)


def _repeated(lines: list[Line], keys: list[str], pages: int) -> set[tuple[str, float | None]]:
    on_pages: dict[tuple[str, float | None], set[int]] = {}
    twice_on_a_page: set[tuple[str, float | None]] = set()
    for line, text_key in zip(lines, keys, strict=True):
        key = (text_key, _height(line))
        seen = on_pages.setdefault(key, set())
        if line.page in seen:
            twice_on_a_page.add(key)
        seen.add(line.page)
    need = _need(pages)
    # A first page without the running header (a title page, Word's "different first page")
    # leaves the header on every other page: that is furniture too, from four pages on.
    need_after_first = _need(pages - 1) if pages >= 4 else pages + 1
    return {
        key
        for key, found in on_pages.items()
        if (len(found) >= need or (1 not in found and len(found) >= need_after_first))
        and ("#" in key[0] or key[1] is not None)
        and key not in twice_on_a_page
        and not any(p.match(key[0]) for p in FURNITURE_EXEMPT)
    }


def _need(pages: int) -> int:
    """On how many of ``pages`` pages a line must stand to be furniture."""
    return pages if pages <= FURNITURE_ALL_PAGES else max(2, math.ceil(FURNITURE_SHARE * pages))


def _page_ends(lines: list[Line]) -> set[int]:
    """The ids of each page's first and last line."""
    first: dict[int, Line] = {}
    last: dict[int, Line] = {}
    for line in lines:
        first.setdefault(line.page, line)
        last[line.page] = line
    return {id(line) for line in (*first.values(), *last.values())}


def _is_page_number(line: Line, ends: set[int]) -> bool:
    """A page number line at the top or the foot of its page, or the first or last line of a
    page whose last cell is ``Side N`` (a running header or footer: ``Økonomiudvalget | Side
    2``, however few pages).  A text file's page numbers are found by repetition only: there a
    number alone may be anything."""
    if line.y is None:
        return False
    if PAGE_NUMBER.match(line.text):
        return id(line) in ends or line.text[:1].isalpha()
    cells = line.text.rsplit("\t", 1)
    return len(cells) == 2 and id(line) in ends and PAGE_LABEL.match(cells[1].strip()) is not None


def _structural(text: str) -> bool:
    """Item structure is never furniture, however often it repeats: one item per page can put
    the same decision heading, case number or Afbud line on every page, or the same run-in
    ``Sagsprocedure: Social- og Handicapudvalget.`` at the same height."""
    label, colon, _ = text.partition(":")
    return bool(
        section_heading(text.strip())
        or (colon and len(label) <= 60 and section_heading(label.strip()))
        or case_number(text)
        or rules.ITEM_ABSENT.match(text.strip())
        or _ITEM_HEAD.match(text.strip())
    )


_ITEM_HEAD = re.compile(r"^(?:Punkt|Pkt\.?)\s*\d", re.IGNORECASE)


# The cleaners, in order.
CLEANERS: Sequence[Cleaner] = (
    remove_page_furniture,
    on_text(normalize_chars),
    on_text(strip_html),
    normalize_bullet_lines,
    on_text(strip_trailing_spaces),
)
