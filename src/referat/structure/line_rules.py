"""The rule table of :mod:`referat.structure.classify`: which role a line has, in context.

Each rule gets the classifier (the lines, the zone, the profile, what came before), the line's
index and the line, and returns the role's data or None.  :data:`RULES` is read top to bottom
and the first rule that claims a line wins; a new kind of line is a new row here.
"""

from __future__ import annotations

from collections.abc import Callable

from referat.read.lines import PARAGRAPH_GAP, Line
from referat.structure import rules
from referat.structure.heads import form_of
from referat.structure.line_context import LineContext
from referat.structure.recognise import (
    HEADING_MAX,
    SENTENCE_END,
    Data,
    case_number,
    inline_heading,
    is_heading_style,
    looks_like_heading,
    section_heading,
)

Rule = Callable[[LineContext, int, Line], Data | None]


# --- rules: (text, style, context) -> data or None ----------------------------------------------


def _item(c: LineContext, i: int, line: Line) -> Data | None:
    if c.choice is not None:  # the document's choice (referat.heads)
        if i not in c.choice.heads:
            return None
        found = form_of(c.profile.items, line.text)
        assert found is not None
        return {"number": found[1]["number"], "title": found[1]["title"].strip()}
    if c.state.zone == "toc" and c._ends_toc_page(line.text):
        return None
    if c.runs_on(i, line):
        return None  # "... og af Byrådet den 19. juni 2023," / "punkt 24." is a sentence
    m = c.head_match(c.profile.items, i, line)
    if m is None:
        return None
    if c.items_styled and not is_heading_style(line, c.body):
        return None  # "Pkt. 2: Godkendt." in a decision, where the items are set as headings
    return {"number": m["number"], "title": m["title"].strip()}


def _subitem(c: LineContext, i: int, line: Line) -> Data | None:
    s = c.state
    # Sub-items come before an item's own headings, or follow other sub-items.
    if not s.in_item or (s.item_has_heading and not s.has_subitems):
        return None
    m = c.head_match(c.profile.subitems, i, line)
    if m is None:
        return None
    # Unless set as a heading, a sub-item title is a short line, not a sentence's lettered point.
    plain = not c.styled or not is_heading_style(line, c.body)
    if plain and (len(line.text) > HEADING_MAX or line.text.endswith((".", ",", ";"))):
        return None
    return {"label": m["label"].rstrip(".)"), "title": m["title"].strip()}


def _title(c: LineContext, i: int, line: Line) -> Data | None:
    """The next line of a wrapped item title: set like the head, no gap, not structure."""
    head = c.state.title_style
    # A title that wraps onto the next page goes on below the running header (its gap).
    turned = i > 0 and c.lines[i - 1].page != line.page
    if head is None or (line.gap >= PARAGRAPH_GAP and not turned):
        return None
    if c.styled:
        # Set like a head that ran to the margin: the title goes on, whatever its words
        # ("… samt øget" / "borgerinddragelse" is no heading).
        same = line.bold == head.bold and line.size == head.size and is_heading_style(head, c.body)
        if same and not head.short and case_number(line.text) is None:
            return {}
        if _is_structure(c, line):
            return None
        hanging = line.indent > head.indent + 1 and line.size == head.size and not head.short
        lower = line.text[:1].islower() and line.size == head.size
        return {} if same or hanging or lower else None
    return None if _is_structure(c, line) else {}


def _is_structure(c: LineContext, line: Line) -> bool:
    text = line.text
    return bool(
        case_number(text)
        or section_heading(text, c.profile)
        or inline_heading(text, c.profile)
        or rules.ITEM_ABSENT.match(text)
        or rules.ITEM_NOT_TAKING_PART.match(text)
        or rules.ITEM_FIELD.match(text)
        or text.startswith("- ")
        or line.cells is not None
    )


def _title_after_gap(c: LineContext, i: int, line: Line) -> Data | None:
    """Text files: a title's lower-case continuation after a blank line (old layouts)."""
    prev = c.state.previous
    if c.styled or prev is None or prev.role not in ("item", "title"):
        return None
    if line.text[:1].islower() and not _is_structure(c, line):
        return {}
    return None


def _part(c: LineContext, i: int, line: Line) -> Data | None:
    m = rules.PART.match(line.text)
    if m is None:
        return None
    return {"closed": "1" if m["part"].lower().startswith("luk") else ""}


def _case(c: LineContext, i: int, line: Line) -> Data | None:
    s = c.state
    if not s.in_item or s.item_has_heading or s.item_has_case:
        return None
    value = case_number(line.text)
    return {"value": value} if value else None


def _item_field(c: LineContext, i: int, line: Line) -> Data | None:
    if not c.state.in_item or c.state.item_has_heading:
        return None
    m = rules.ITEM_FIELD.match(line.text)
    return {"label": m["label"], "value": m["value"].strip()} if m else None


def _history(c: LineContext, i: int, line: Line) -> Data | None:
    """``Udvalg: Magistraten`` over ``Dato: 02-09-2025``: an earlier decision on the case."""
    m = rules.HISTORY_BODY.match(line.text)
    after = c.next_line(i)
    if m is None or after is None or not (d := rules.HISTORY_DATE.match(after.text)):
        return None
    return {
        "kind": "beslutning",
        "heading": line.text,
        "body": m["body"].strip(),
        "date": d["date"],
    }


def _history_field(c: LineContext, i: int, line: Line) -> Data | None:
    prev = c.state.previous
    if prev is None or prev.role not in ("history", "history_field"):
        return None
    return {} if rules.HISTORY_FIELD.match(line.text) else None


def _heading(c: LineContext, i: int, line: Line) -> Data | None:
    if c.styled and line.size is not None and c.body is not None and line.size < c.body - 1.0:
        return None  # small print (a footnote) is not a heading
    found = section_heading(line.text, c.profile)
    if c.runs_in:
        # A document that runs its headings in: "Resume: …" starts a section wherever it
        # stands (a tight layout leaves no gap above it).  Its template heads each section once
        # per item: a second "Indstilling" in the item is a line of its text (a quote).
        found = found or c.run_in(line)
        if found is not None:
            # Where its labels are bold, a bold label is a heading however often it comes (the
            # style says so); a line of its own is judged as before.
            again = found["heading"].rstrip(":").strip().lower() in c.state.headings
            bold_label = c.run_ins_bold and "rest" in found
            if again and found["kind"] != "beslutning" and not bold_label:
                return None
            if "rest" in found:
                return found
    if c.runs_on(i, line):
        return None  # a sentence that wraps onto a line starting "Beslutning …"
    # Where the document sets its headings apart, a heading word in body type is text (a label
    # inside a section: "Indstilling" above one of several proposals; an earlier body's
    # "Beslutning i … den …:" quoted in a supplementary presentation).  Decision headings naming
    # a body are judged apart: some systems set only those in body type.
    # A document that sets its run-in labels bold sets its headings apart too, its decision
    # headings as well.
    styled_kind = found is not None and (
        (c.decisions_styled if "body" in found else c.headings_styled) or c.run_ins_bold
    )
    if styled_kind and not is_heading_style(line, c.body):
        return None
    return found or inline_heading(line.text, c.profile)


def _absent(c: LineContext, i: int, line: Line) -> Data | None:
    if c.state.in_history:
        # An absence line in a case's history closes an earlier body's decision: it is that
        # history's text.  The item's own stand under its decision or close the item, set
        # apart from the history by a heading.
        return None
    m = rules.ITEM_NOT_TAKING_PART.match(line.text)
    if m is not None:
        return {"names": m["names"].strip()}
    m = rules.ITEM_ABSENT.match(line.text)
    if m is None:
        return None
    # "Afbud ..." counts only at the item's end (the next line ends the item) or at the end of
    # a decision printed before the presentation (the next line is a heading).
    after = c.next_line(i)
    if after is None or _ends_item(c, i + 1, after):
        return {"names": m["names"].strip()}
    if c.state.section == "beslutning" and _starts_section(c, after):
        return {"names": m["names"].strip()}
    # Closing a decision's words, a labelled line of its own (``Fraværende: A``, not run on
    # into the next line) names who was away, whatever text follows it; one that opens the
    # decision (``Fraværende: A.`` over what was decided) is the decision's own words.
    labelled = ":" in line.text.split(None, 1)[0]
    prev = c.state.previous
    closing = prev is not None and (prev.role != "heading" or bool(prev.data.get("rest")))
    if c.state.section == "beslutning" and labelled and closing and not c.runs_on(i + 1, after):
        return {"names": m["names"].strip()}
    return None


def _starts_section(c: LineContext, line: Line) -> bool:
    text = line.text
    if section_heading(text, c.profile) is not None:
        return True
    return c.run_in(line) is not None


def _ends_item(c: LineContext, i: int, line: Line) -> bool:
    return bool(
        c.head_match(c.profile.items, i, line)
        or rules.PART.match(line.text)
        or rules.ITEM_ABSENT.match(line.text)
    )


def _names(c: LineContext, i: int, line: Line) -> Data | None:
    prev = c.state.previous
    if prev is None or prev.role not in ("absent", "names") or line.gap >= PARAGRAPH_GAP:
        return None
    if (c.styled and prev.line.short) or rules.ITEM_ABSENT.match(line.text):
        return None  # the names ended with the line above; a new absence line is its own
    if len(line.text) > HEADING_MAX or SENTENCE_END.search(line.text.rstrip(",")):
        return None
    if _starts_section(c, line):
        return None
    return {"names": line.text}


def _bullet(c: LineContext, i: int, line: Line) -> Data | None:
    return {} if line.text.startswith("- ") else None


def _row(c: LineContext, i: int, line: Line) -> Data | None:
    return {} if line.cells is not None else None


def _styled_heading(c: LineContext, i: int, line: Line) -> Data | None:
    """A heading known by its style only: a short bold line over text that is not bold."""
    if not c.styled or not c.state.in_item or not line.bold or c.item_knows_headings(i):
        return None
    if not looks_like_heading(line.text.rstrip(":")):
        return None
    after = c.next_line(i)
    if after is None or after.bold:
        return None
    return {"kind": "other", "heading": line.text, "unknown": "1"}


def _text_heading(c: LineContext, i: int, line: Line) -> Data | None:
    """Text files: an item's first line after its case number, heading-like, blank after it."""
    s = c.state
    if c.styled or not s.in_item or s.item_has_heading:
        return None
    prev = s.previous
    if prev is None or prev.role not in ("case", "item", "title", "item_field"):
        return None
    after = c.next_line(i)
    if after is None or after.gap < PARAGRAPH_GAP or not rules.HEADING_LIKE.match(line.text):
        return None
    return {"kind": "other", "heading": line.text, "unknown": "1"}


# Preamble rules.


def _toc_start(c: LineContext, i: int, line: Line) -> Data | None:
    return {} if rules.TOC_START.match(line.text) else None


def _toc_entry(c: LineContext, i: int, line: Line) -> Data | None:
    if c.choice is not None and i in c.choice.toc:
        return c.choice.toc[i]
    text = line.text
    m = c._ends_toc_page(text) if c.state.zone == "toc" else rules.TOC_ENTRY.match(text)
    if m is not None:
        return {"title": m["title"].strip(), "page": m["page"]}
    if c.state.zone != "toc":
        return None
    # A wrapped entry's line: the page number is on a later line (up to three lines on).
    for after in c.lines[i + 1 : i + 4]:
        if after.gap >= PARAGRAPH_GAP:
            return None
        if c._ends_toc_page(after.text):
            return {"title": text, "page": ""}
    return None


def _header(c: LineContext, i: int, line: Line) -> Data | None:
    if c.state.header_seen:
        return None
    m = rules.HEADER.match(line.text)
    if m is None:
        return None
    return {"kind": m["kind"], "rest": m["rest"]}


def _field(c: LineContext, i: int, line: Line) -> Data | None:
    m = rules.FIELD.match(line.text)
    return {"label": m["label"], "value": m["value"].strip()} if m else None


PRE = ("preamble",)
TOC = ("toc",)
BEFORE = ("preamble", "toc")
ITEMS = ("items",)
ALL = ("preamble", "toc", "items")

# The table: (role, zones where the rule applies, rule).  Order matters: first match wins.
RULES: tuple[tuple[str, tuple[str, ...], Rule], ...] = (
    ("item", ALL, _item),
    ("title", ITEMS, _title),
    ("title", ITEMS, _title_after_gap),
    ("toc_start", BEFORE, _toc_start),
    ("part", ALL, _part),
    ("toc_entry", BEFORE, _toc_entry),
    ("header", PRE, _header),
    ("field", PRE, _field),
    ("subitem", ITEMS, _subitem),
    ("case", ITEMS, _case),
    ("item_field", ITEMS, _item_field),
    ("absent", ITEMS, _absent),
    ("names", ITEMS, _names),
    ("history", ITEMS, _history),
    ("history_field", ITEMS, _history_field),
    ("heading", ITEMS, _heading),
    ("bullet", ITEMS, _bullet),
    ("row", ITEMS, _row),
    ("heading", ITEMS, _styled_heading),
    ("heading", ITEMS, _text_heading),
)
