"""Clean stage: small ``list[str] -> list[str]`` functions, run in order.

Text cleaners keep one output line per input line, so warnings can cite source line numbers.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import rules
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


def remove_form_feed_furniture(lines: list[str]) -> list[str]:
    """A text file with form feeds (``pdftotext`` output) has pages, and running headers and
    footers on them: blanked as in a PDF (:func:`remove_page_furniture`), keeping one line per
    input line.  One page: no-op."""
    return remove_page_furniture(lines, blank=True)


# Character-level cleaners shared by text and PDF: one output line per input line.
CHARACTER_CLEANERS: Sequence[Cleaner] = (
    normalize_chars,
    strip_html,
    normalize_bullets,
    strip_trailing_spaces,
)
TEXT_CLEANERS: Sequence[Cleaner] = (remove_form_feed_furniture, *CHARACTER_CLEANERS)


def clean_lines(lines: list[str], cleaners: Sequence[Cleaner] = TEXT_CLEANERS) -> list[str]:
    for cleaner in cleaners:
        lines = cleaner(lines)
    return lines


def is_blank(line: str) -> bool:
    return not line.strip() or line == PAGE_BREAK


# ---------------------------------------------------------------------------------------------
# PDF cleaners.  The PDF read stage gives visual lines, an empty line where a paragraph gap was,
# leading spaces for indentation and a tab-separated line per table row (see referat.pdf).
# These cleaners remove the page furniture and re-join the lines so the result looks like a text
# minute: one line per paragraph, a blank line between paragraphs, list items and table rows on
# consecutive lines.  PAGE_BREAK lines are kept (the parser counts them for item pages).

# A running header/footer line can be told from text by repeating on most pages once its numbers
# are masked, and by having numbers (a page number, the meeting date): a line without digits, or
# one the parser reads as structure (see _structural), is kept however often it repeats.
# Lines matching these (numbers masked as "#") never count as furniture either.
FURNITURE_EXEMPT: tuple[re.Pattern[str], ...] = (re.compile(r"^Punkt\s+#", re.IGNORECASE),)
# Limitation: a text line with numbers that stands once on that many pages and is not structure
# (say the same dated sentence closing every page) is taken for furniture; text alone cannot tell.
FURNITURE_SHARE = 0.8  # of pages, when there are more than FURNITURE_ALL_PAGES pages
FURNITURE_ALL_PAGES = 4  # up to this many pages a furniture line must be on every page

_DIGITS = re.compile(r"\d+")


def furniture_key(line: str) -> str:
    """``Side 3 af 14`` -> ``Side # af #``: what stays the same from page to page."""
    return _DIGITS.sub("#", " ".join(line.split()))


def remove_page_furniture(lines: list[str], *, blank: bool = False) -> list[str]:
    """Drop running headers, footers and page numbers: lines that, numbers masked, occur once on
    most pages.  Position on the page is not used (PDFium gives content-stream order).
    ``blank=True`` blanks them instead, so line numbers stay those of the input."""
    pages: list[list[str]] = [[]]
    for line in lines:
        if line == PAGE_BREAK:
            pages.append([])
        else:
            pages[-1].append(line)
    if len(pages) < 2:
        return lines
    on_pages: dict[str, int] = {}
    repeated_on_a_page: set[str] = set()
    for page in pages:
        seen: set[str] = set()
        for line in page:
            if line.strip():
                key = furniture_key(line)
                if key in seen:
                    repeated_on_a_page.add(key)
                seen.add(key)
        for key in seen:
            on_pages[key] = on_pages.get(key, 0) + 1
    n = len(pages)
    need = n if n <= FURNITURE_ALL_PAGES else max(2, math.ceil(FURNITURE_SHARE * n))
    furniture = {
        key
        for key, count in on_pages.items()
        if count >= need
        and "#" in key
        and key not in repeated_on_a_page
        and not any(p.match(key) for p in FURNITURE_EXEMPT)
    }
    if not furniture:
        return lines
    kept = [
        line == PAGE_BREAK or furniture_key(line) not in furniture or _structural(line)
        for line in lines
    ]
    if blank:
        return [line if keep else "" for line, keep in zip(lines, kept, strict=True)]
    return [line for line, keep in zip(lines, kept, strict=True) if keep]


def _structural(line: str) -> bool:
    """A line the parser reads as structure is never furniture, however often it repeats: one
    item per page can put the same decision heading, case number or Afbud line on every page."""
    text = line.strip()
    if rules.SECTION_HEADINGS.get(text.rstrip(":").strip().lower()) is not None:
        return True
    return any(
        p.match(text)
        for p in (
            rules.ITEM_START,
            rules.CASE_NUMBER_LINE,
            rules.ITEM_ABSENT,
            *rules.DECISION_HEADINGS,
        )
    ) or bool(rules.CASE_LABEL.match(text) and any(c.isdigit() for c in text))


# Words after which a line-end hyphen is a Danish "suspended" hyphen: "børne- og ungeområdet".
SUSPENDED_HYPHEN_NEXT = frozenset({"og", "eller", "samt", "el.", "&", "til", "hhv."})
_HYPHENS = "-\u2010"
_WORD_EDGE = ".,;:!?()[]\"'”“»«"


def _word_key(word: str) -> str:
    return word.strip(_WORD_EDGE).lower()


def join_wrapped(left: str, right: str, vocabulary: frozenset[str] = frozenset()) -> str:
    """Join a wrapped line to the next one, undoing line-end hyphenation.

    ``plan-`` + ``lægningen`` -> ``planlægningen``; real hyphens stay: ``IT-`` + ``udstyr``,
    ``2023-`` + ``2026``, ``Høje-`` + ``Taastrup``, ``børne-`` + ``og`` (-> ``børne- og``) and
    ``kick-`` + ``off`` when ``kick-off`` occurs elsewhere in ``vocabulary`` (the document's words).
    """
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return left or right
    if left.endswith("\u00ad"):
        return left[:-1] + right
    if left[-1] not in _HYPHENS or len(left) < 2 or not left[-2].isalnum():
        return f"{left} {right}"
    head, tail = left.split()[-1], right.split()[0]
    if tail.lower() in SUSPENDED_HYPHEN_NEXT:
        return f"{left} {right}"
    hyphenated, joined = _word_key(head + tail), _word_key(head[:-1] + tail)
    if hyphenated in vocabulary and joined not in vocabulary:
        return left + right
    if joined in vocabulary:
        return left[:-1] + right
    if left[-2].isupper() or left[-2].isdigit() or right[0].isupper() or right[0].isdigit():
        return left + right
    return left[:-1] + right


def document_vocabulary(lines: list[str]) -> frozenset[str]:
    """Every word of the text, except a line's last word when it ends in a hyphen."""
    words: set[str] = set()
    for line in lines:
        tokens = line.split()
        if tokens and tokens[-1][-1] in _HYPHENS:
            tokens.pop()
        words.update(_word_key(t) for t in tokens)
    return frozenset(words)


# List items: a strong bullet glyph always starts an item; a dash or a number only where a list
# is going on (a wrapped line may start with "– november" or "4. november").
_STRONG_BULLET = re.compile(r"^(?:[•·▪▫◦●○■□►▶➢➤✓✔](?:\s|$)|[\ue000-\uf8ff])")
_WEAK_ITEM = re.compile(r"^(?:[-–*](?:\s|$)|\d{1,2}[.)]\s)")
TOC_ENTRY = re.compile(r"^(?P<title>.*?\S)\s*(?:\.\s*){3,}(?P<page>\d+)$")
LIST_INDENT = 2  # leading spaces (about 18 pt) that make an unmarked first line a list item


@dataclass
class _Para:
    text: str
    indent: int
    kind: str  # "para", "item", "bare" (a list item whose bullet extracted as nothing), "row"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block_paragraphs(block: list[str], vocabulary: frozenset[str]) -> list[_Para]:
    paras: list[_Para] = []
    current: _Para | None = None
    first = block[0].strip()
    in_list = bool(_STRONG_BULLET.match(first) or _WEAK_ITEM.match(first))
    in_list = in_list or _indent(block[0]) >= LIST_INDENT
    for line in block:
        text, indent = line.strip(), _indent(line)
        if "\t" in line:
            current = None
            paras.append(_Para(line.strip(" "), 0, "row"))
            continue
        strong = bool(_STRONG_BULLET.match(text))
        weak = in_list and bool(_WEAK_ITEM.match(text))
        if current is not None and (strong or (weak and indent <= current.indent)):
            current = None
        if current is None:
            kind = "item" if (strong or weak) else ("bare" if in_list else "para")
            current = _Para(text, indent, kind)
            paras.append(current)
        else:
            current.text = join_wrapped(current.text, text, vocabulary)
        if TOC_ENTRY.match(current.text):
            current = None
    return paras


def _continues(before: _Para, after: _Para) -> bool:
    """Does a paragraph run on over a page break?"""
    if before.kind == "row" or after.kind in ("row", "item"):
        return False
    if after.kind == "bare" and before.kind not in ("item", "bare"):
        return False  # an indented first line after a page break: a list item's continuation
    text = before.text
    if len(text) > 1 and text[-1] in _HYPHENS and text[-2].isalpha():
        return True
    return text[-1] not in ".:!?" and after.text[:1].islower()


def _last_unmoved(paras: list[tuple[int, bool, _Para]]) -> _Para | None:
    return next((p for _, _, p in reversed(paras) if p.kind != "moved"), None)


def join_paragraphs(lines: list[str]) -> list[str]:
    """Visual lines -> one line per paragraph, joined across line (and page) breaks."""
    vocabulary = document_vocabulary(lines)
    # Blocks of lines with what separates them: how many page breaks went by.
    blocks: list[tuple[int, list[str]]] = []
    breaks = 0
    block: list[str] = []
    for line in [*lines, ""]:
        if line == PAGE_BREAK or not line.strip():
            if block:
                blocks.append((breaks, block))
                block, breaks = [], 0
            breaks += line == PAGE_BREAK
        else:
            block.append(line)
    trailing_breaks = breaks
    # Paragraphs with the page breaks before each, merged where one runs on over a page break.
    paras: list[tuple[int, bool, _Para]] = []  # (page breaks before, starts a block, paragraph)
    for breaks, block in blocks:
        for i, para in enumerate(_block_paragraphs(block, vocabulary)):
            # The paragraph it may continue: the last one that was not itself moved up (a
            # paragraph can run on over several pages).
            prev = _last_unmoved(paras) if i == 0 and breaks else None
            if prev is not None and _continues(prev, para):
                prev.text = join_wrapped(prev.text, para.text, vocabulary)
                paras.append((breaks, True, _Para("", 0, "moved")))  # keep the page count
                continue
            paras.append((breaks if i == 0 else 0, i == 0, para))
    out: list[str] = []
    run_indent = 0
    previous: _Para | None = None
    for breaks, starts, para in paras:
        listish = para.kind in ("item", "bare")
        if breaks:
            out.extend([PAGE_BREAK] * breaks)
        elif previous is not None and para.kind != "moved" and out[-1] != PAGE_BREAK:
            tight = (listish and previous.kind in ("item", "bare")) or (
                para.kind == "row" and previous.kind == "row" and not starts
            )
            if not tight:
                out.append("")
        if para.kind == "moved":
            continue
        if listish and (previous is None or previous.kind not in ("item", "bare")):
            run_indent = para.indent
        text = para.text
        if para.kind == "bare":
            text = f"- {text}"
        if listish and para.indent > run_indent:
            text = f" {text}"
        if para.kind == "para" and (m := TOC_ENTRY.match(text)):
            text = f"{m['title']}.....\t{m['page']}"
        out.append(text)
        previous = para
    out.extend([PAGE_BREAK] * trailing_breaks)
    return out


PDF_CLEANERS: Sequence[Cleaner] = (remove_page_furniture, join_paragraphs, *CHARACTER_CLEANERS)
