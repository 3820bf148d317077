"""A Word file (``.docx``) -> styled lines, through python-docx.

The body is read in order, paragraphs and tables alike.  A paragraph's style gives its role:
``Heading 1``-``6`` (Danish Word: ``Overskrift 1``-``6``) and ``Title`` are headings, set bold
and larger as in a print; Word's automatic numbers are written out as printed (``Punkt 3:``,
``1.1``; :mod:`referat.read.word_numbers`); a bulleted paragraph (or one in a list style without
numbers) is a ``- `` bullet at its level; a paragraph whose runs are all bold is a bold line.
A table is its rows, each a line of cells (a merged cell once).  Field codes (``TOC \\o "1-3"``,
``PAGEREF _Toc123 \\h``) are instructions, not text: only a field's shown result is kept, so a
table of contents reads as its entries (``Title<TAB>3``).  Deleted revisions are left out; a line
break (``<w:br/>``) starts a new line.  The lines then go through the same recogniser as a PDF's.
"""

from __future__ import annotations

import io
import re
import zipfile
from itertools import takewhile
from typing import Any

from referat.errors import ReadError
from referat.read.html import Block, norm
from referat.read.html_page import block_lines
from referat.read.lines import Document
from referat.read.word_numbers import Numbering
from referat.read.word_tables import table_blocks

# A Word file's parts unpacked (XML and images): a year of minutes is far below this.
MAX_UNPACKED = 200 * 1024 * 1024
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Style names (English and Danish Word) -> heading level.
HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(?P<level>[1-6])$", re.IGNORECASE)
TITLE_STYLES = frozenset({"title", "titel"})
LIST_STYLE = re.compile(r"\blist|\bliste|opstilling", re.IGNORECASE)
# Elements whose text is not the document's: field instructions, deleted or moved-away text
# (tracked changes), and what a run holds besides text (drawings, text boxes, objects).
SKIP = frozenset(
    {f"{W}instrText", f"{W}delText", f"{W}del", f"{W}moveFrom", f"{W}drawing", f"{W}object",
     f"{W}pict"}
)  # fmt: skip


def read_docx(data: bytes, name: str, sha256: str) -> Document:
    import docx  # python-docx: only when a Word file is read
    from docx.opc.exceptions import PackageNotFoundError

    _check_size(data, name)
    try:
        word = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(f"{name}: not a readable Word file (.docx): {exc}") from None
    lines = block_lines(_Reader(word).body(word.element.body))
    if not lines:
        raise ReadError(f"{name}: the Word file has no text")
    return Document(name, sha256, "docx", lines, metadata=_metadata(word), styled=True)


class _Reader:
    """Reads a part of the document (the body, a table cell, a text box) into blocks, in
    reading order; the numbering counters run over the whole document."""

    def __init__(self, word: Any) -> None:
        self.word = word
        self.numbering = Numbering(word)
        self.sizes = _Sizes(word)

    def body(self, parent: Any) -> list[Block]:
        blocks: list[Block] = []
        for el in body_elements(parent):
            if el.tag == f"{W}tbl":
                blocks.extend(table_blocks(el, self))
            else:
                blocks.extend(self.paragraph(el))
        return blocks

    def paragraph(self, p: Any) -> list[Block]:
        """A paragraph's text boxes (a title page, a frame of its own: read where they are
        anchored, before the paragraph's own text), then the paragraph."""
        from docx.text.paragraph import Paragraph

        boxes = [b for box in text_boxes(p) for b in self.body(box)]
        paragraph = Paragraph(p, self.word)
        return boxes + _paragraph(paragraph, self.numbering, self.sizes.scale(paragraph))

    def elements(self, parent: Any) -> Any:
        return body_elements(parent)

    def texts(self, p: Any) -> list[str]:
        return _texts(p) if p.tag == f"{W}p" else []

    def heading_level(self, p: Any) -> int:
        from docx.text.paragraph import Paragraph

        return _level(Paragraph(p, self.word))

    def bold(self, p: Any) -> bool:
        from docx.text.paragraph import Paragraph

        return _all_bold(Paragraph(p, self.word))


def body_elements(parent: Any) -> Any:
    """The paragraphs and tables of a body, cell or text box in order, also those inside
    content controls (``<w:sdt>``: templates' fields, Word's table of contents) and custom XML."""
    for child in parent:
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag == f"{W}sdt":
            for content in child.iterchildren(f"{W}sdtContent"):
                yield from body_elements(content)
        elif child.tag == f"{W}customXml":
            yield from body_elements(child)


def text_boxes(p: Any) -> list[Any]:
    """The text boxes anchored in a paragraph (``<w:txbxContent>``), each once: Word writes a
    text box twice, as a drawing (``mc:Choice``) and as VML for old readers (``mc:Fallback``);
    the fallback is read only where the choice has none.  A box inside a box is read with it."""
    found = []
    for box in p.iter(f"{W}txbxContent"):
        between = list(takewhile(lambda a: a is not p, box.iterancestors()))
        if any(a.tag == f"{W}txbxContent" for a in between):
            continue
        fallback = next((a for a in between if a.tag == f"{MC}Fallback"), None)
        if fallback is not None:
            alternate = fallback.getparent()
            chosen = [c for c in alternate if c.tag == f"{MC}Choice"]
            if any(next(c.iter(f"{W}txbxContent"), None) is not None for c in chosen):
                continue
        found.append(box)
    return found


def _check_size(data: bytes, name: str) -> None:
    """Refuse a zip that unpacks to more than MAX_UNPACKED bytes (a zip bomb) before reading."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ReadError(f"{name}: not a readable Word file (.docx): {exc}") from None
    if unpacked > MAX_UNPACKED:
        raise ReadError(
            f"{name}: Word file unpacks to {unpacked // 1024 // 1024} MB (referat reads up to "
            f"{MAX_UNPACKED // 1024 // 1024} MB); not one meeting's minutes"
        )


class _Sizes:
    """Type sizes: a paragraph's (its runs', else its style's, through the styles it is based
    on) against the body's (the ``Normal`` style's, else the document's default)."""

    def __init__(self, word: Any) -> None:
        self.word = word
        self.by_style: dict[str, float | None] = {}
        defaults = word.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:sz/@w:val")
        default = int(defaults[0]) / 2 if defaults and str(defaults[0]).isdigit() else None
        try:
            normal = self._style(word.styles["Normal"])
        except KeyError:
            normal = None
        self.body = normal or default

    def _style(self, style: Any) -> float | None:
        key = style.style_id
        if key not in self.by_style:
            self.by_style[key] = None  # a style based on itself ends here
            size = style.font.size
            base = style.base_style
            found = size.pt if size is not None else self._style(base) if base is not None else None
            self.by_style[key] = found
        return self.by_style[key]

    def scale(self, paragraph: Any) -> float:
        """The paragraph's size / the body's, 1.0 where either is unknown."""
        if not self.body:
            return 1.0
        sizes = {r.font.size.pt for r in paragraph.runs if r.text.strip() and r.font.size}
        if len(sizes) == 1:
            size: float | None = sizes.pop()
        else:
            size = self._style(paragraph.style) if paragraph.style is not None else None
        return round(size / self.body, 2) if size else 1.0


def _paragraph(paragraph: Any, numbering: Numbering, scale: float = 1.0) -> list[Block]:
    texts = _texts(paragraph._p)
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    level = _level(paragraph)
    label = numbering.label(paragraph) if any(texts) else None
    if label is not None and not label.bullet and label.text:
        # Word's own number, as printed: "Punkt 3: Title", "1.1 Status", "a. Møder".
        first = next(i for i, t in enumerate(texts) if t)
        texts[first] = f"{label.text} {texts[first]}"
    is_list = label.bullet if label is not None else bool(LIST_STYLE.search(style))
    depth = label.level if label is not None else 0
    bold = _all_bold(paragraph)
    lead = 0 if bold or label is not None else _bold_start(paragraph)
    out: list[Block] = []
    for i, text in enumerate(texts):
        if not text:
            continue
        if level:
            out.append(Block("heading", text, level))
        elif is_list and i == 0:
            out.append(Block("bullet", text, depth))
        else:
            prefix = len(text) if bold else min(lead, len(text)) if not out else 0
            out.append(
                Block("para", text, bold=bold, new_paragraph=not out, bold_prefix=prefix,
                      scale=scale)
            )  # fmt: skip
    return out


def _level(paragraph: Any) -> int:
    """The heading level of a paragraph's style (``Title`` 1), 0 for any other style."""
    style = ((paragraph.style.name if paragraph.style is not None else "") or "").strip()
    heading = HEADING_STYLE.match(style)
    return int(heading["level"]) if heading else 1 if style.lower() in TITLE_STYLES else 0


def _texts(p: Any) -> list[str]:
    """A paragraph's shown text, one string per line (a ``<w:br/>`` starts a new one)."""
    lines: list[list[str]] = [[]]
    in_instruction = False  # between a field's "begin" and "separate": its code

    def visit(el: Any) -> None:
        nonlocal in_instruction
        tag = el.tag
        if tag in SKIP:
            return
        if tag == f"{W}fldChar":
            kind = el.get(f"{W}fldCharType")
            in_instruction = kind == "begin"
            return
        if in_instruction:
            return
        if tag == f"{W}t":
            lines[-1].append(el.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            lines[-1].append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            lines.append([])
        elif tag == f"{W}noBreakHyphen":
            lines[-1].append("-")
        for child in el:
            visit(child)

    for child in p:
        if child.tag != f"{W}pPr":
            visit(child)
    return [_clean("".join(parts)) for parts in lines]


def _clean(text: str) -> str:
    """Collapse spaces but keep a tab (a TOC entry's leader, a tabbed table)."""
    return "\t".join(norm(part) for part in text.split("\t")).strip("\t ")


def _all_bold(paragraph: Any) -> bool:
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(_run_bold(r, style_bold) for r in runs)


def _bold_start(paragraph: Any) -> int:
    """How many characters of the paragraph's text its leading bold runs set (a run-in label
    ``Økonomi:`` before plain text)."""
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    lead: list[str] = []
    for run in paragraph.runs:
        if _run_bold(run, style_bold):
            lead.append(run.text)
        elif run.text.strip():
            break
    return len(norm("".join(lead)))


def _run_bold(run: Any, style_bold: bool) -> bool:
    """Bold by the run's own setting, else by its character style (a template's ``Strong``),
    else by the paragraph's style."""
    if run.bold is not None:
        return bool(run.bold)
    style = run.style
    if style is not None and style.font.bold is not None:
        return bool(style.font.bold)
    return style_bold


def _metadata(word: Any) -> dict[str, str]:
    props = word.core_properties
    found = {"Title": props.title, "Author": props.author, "Subject": props.subject}
    return {k: v for k, v in found.items() if v}
