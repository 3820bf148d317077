"""A Word table -> blocks, read as a reader sees it: a table of figures by rows, a table that
lays out the page (agenda systems such as Acadre set items, headings and text in tables) by its
cells' paragraphs.

Word tables serve two purposes, and a print shows which:

* **A table of data** (figures, a budget): each row is one line of cells, as before
  (:class:`referat.read.html.Block` ``row``; a merged cell once); a row of labels and their values
  (``Sagsnr.:`` | ``24/1234`` | ``Sagsbehandler:`` | ``Kim Lund``) a line per label.
* **A layout table**: a cell holds paragraphs (more than one, a heading), a nested table or a
  text box, or a row holds prose beside a bold line (a heading in the left column).  It is read
  row by row, cell by cell, every paragraph a line of its own with its own style, so an item's
  headings and text reach the recogniser as in a print.
  In such a table a row whose first cell is an item number (``1``, ``1.``, ``Punkt 1:``) and
  whose next cell starts with a title is the item's head, written as printed
  (``1. Godkendelse af dagsorden``, set bold); a row whose first cell is a label
  (``Deltagere:``) reads as the label with its value (``Deltagere: Anna Berg``), further
  paragraphs of the value on lines of their own.  A table of one such number row (an item head
  in a frame of its own) is read the same way.
* **A table of people** (``Jesper Mathiesen (A)`` | ``Ole Bjerregaard (V)``, names in two or
  more columns): every name a line of its own, row by row, so the attendance reads as a list.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from referat.read.html import Block, norm

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A paragraph of this many words is prose: a table holding one lays out text.
PROSE_WORDS = 12
# An item number alone in a cell: "1", "1.", "12)", "Punkt 3:", "Pkt. 3".
ITEM_NUMBER = re.compile(r"^(?P<punkt>(?:Punkt|Pkt\.?)\s*)?(?P<number>\d{1,6})(?P<mark>[.:)]?)$")
TITLE_START = re.compile(r"^[A-ZÆØÅ0-9\"“'(§]")
# A label cell: "Deltagere:", "Mødedato:", "Afbud:" (a few words and a colon).
LABEL = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ./ -]{0,30}:$")
# A person: two to six capitalised names, a party letter in brackets, a role after a dash or
# comma ("Lolan Ottesen (A) - formand").
_NAME = r"[A-ZÆØÅ][\wæøåÆØÅéü'’.-]*"
PERSON = re.compile(
    rf"^{_NAME}(?:\s+(?:{_NAME}|von|van|de|af|la))+"
    r"(?:\s*\([A-ZÆØÅ]{1,3}\))?(?:\s*[-–,]\s*[a-zæøå]+)?(?:\s*\([a-zæøå ]+\))?$"
)


class Reader(Protocol):
    """What :mod:`referat.word` gives this module: the document read part by part."""

    def elements(self, parent: Any) -> Any: ...
    def body(self, parent: Any) -> list[Block]: ...
    def paragraph(self, p: Any) -> list[Block]: ...
    def texts(self, p: Any) -> list[str]: ...
    def heading_level(self, p: Any) -> int: ...
    def bold(self, p: Any) -> bool: ...


def table_blocks(tbl: Any, reader: Reader) -> list[Block]:
    rows = [[tc for tc in tr.iterchildren(f"{W}tc")] for tr in tbl.iterchildren(f"{W}tr")]
    if _lays_out(rows, reader):
        return [b for row in rows for b in _cell_row(row, reader)]
    texts = [[_cell_text(tc, reader) for tc in row] for row in rows]
    if len(rows) == 1 and _item_row(texts[0]):
        return _cell_row(rows[0], reader)
    if _people(texts):
        return [Block("para", t) for row in texts for t in row if t]
    return _data_rows(texts)


def _lays_out(rows: list[list[Any]], reader: Reader) -> bool:
    """A cell with more than one paragraph, a heading, a nested table or a text box; or a row
    with prose beside a bold line (a heading in the left column, its text in the right)."""
    for row in rows:
        prose = bold = False
        for tc in row:
            paragraphs = 0
            for el in reader.elements(tc):
                if el.tag == f"{W}tbl" or next(el.iter(f"{W}txbxContent"), None) is not None:
                    return True
                texts = [t for t in reader.texts(el) if t]
                paragraphs += len(texts)
                if paragraphs > 1 or (texts and reader.heading_level(el)):
                    return True
                prose = prose or any(len(t.split()) >= PROSE_WORDS for t in texts)
                bold = bold or (bool(texts) and reader.bold(el))
        if prose and bold:
            return True
    return False


def _cell_text(tc: Any, reader: Reader) -> str:
    return " ".join(t for p in tc.iter(f"{W}p") for t in reader.texts(p) if t)


def _item_row(cells: list[str]) -> bool:
    """A row ``number | title`` (and perhaps ``| Sagsnr.: 24/1234``): an item head."""
    return (
        len(cells) >= 2
        and ITEM_NUMBER.match(cells[0]) is not None
        and TITLE_START.match(cells[1]) is not None
    )


def _people(rows: list[list[str]]) -> bool:
    """Every filled cell a person (or a label such as ``Deltagere:``), two people at least, and
    more than one column of them: a list of names set in columns."""
    filled = [c for row in rows for c in row if c]
    people = [c for c in filled if PERSON.match(c)]
    labels = [c for c in filled if LABEL.match(c)]
    wide = any(sum(1 for c in row if PERSON.match(c)) > 1 for row in rows)
    return len(people) >= 2 and wide and len(people) + len(labels) == len(filled)


def _data_rows(texts: list[list[str]]) -> list[Block]:
    """Rows of cells; a row of labels and values (``Sagsnr.:`` | ``24/1234`` | ``Sagsbehandler:``
    | ``Kim Lund``) is a line per label, as the fields of a form read."""
    rows = [tuple(r) for r in texts if any(r)]
    width = max((len(r) for r in rows if not _pairs(r)), default=0)
    out: list[Block] = []
    for cells in rows:
        if _pairs(cells):
            pairs = zip(cells[::2], cells[1::2], strict=True)
            out.extend(Block("para", norm(f"{label} {value}")) for label, value in pairs)
        else:
            padded = cells + ("",) * (width - len(cells))
            out.append(Block("row", "\t".join(padded), cells=padded))
    return out


def _pairs(cells: tuple[str, ...]) -> bool:
    return len(cells) % 2 == 0 and all(LABEL.match(label) for label in cells[::2])


def _cell_row(row: list[Any], reader: Reader) -> list[Block]:
    """One row of a layout table: its cells' paragraphs in order, an item head or a label
    joined to what follows it."""
    cells = [reader.body(tc) for tc in row]
    filled = [c for c in cells if c]
    if len(filled) >= 2 and len(cells[0]) == 1:
        first, rest = cells[0][0], [b for c in cells[1:] for b in c]
        number = ITEM_NUMBER.match(first.text)
        if number and rest and rest[0].kind != "row" and TITLE_START.match(rest[0].text):
            return [_head(number, rest[0]), *rest[1:]]
        if LABEL.match(first.text) and rest and rest[0].kind == "para":
            return [Block("para", f"{first.text} {rest[0].text}", bold=first.bold), *rest[1:]]
    return [b for c in cells for b in c]


def _head(number: re.Match[str], title: Block) -> Block:
    """``1`` | ``Title`` -> ``1. Title``; ``Punkt 3:`` | ``Title`` -> ``Punkt 3: Title``."""
    mark = number["mark"] or ("" if number["punkt"] else ".")
    if number["punkt"] and not mark:
        mark = ":"
    text = norm(f"{number['punkt'] or ''}{number['number']}{mark} {title.text}")
    if title.kind == "heading":
        return Block("heading", text, title.level)
    return Block("para", text, bold=True)
