"""A Word file's type sizes and bold set by its styles (issue 20: Word files of any system), on
documents made with python-docx: what a template sets in a paragraph or character style counts
as if it were set on the runs."""

from __future__ import annotations

import io
from typing import Any

from referat.pipeline import parse_document
from referat.read.files import read_document


def _minutes(plain_heads: bool = True) -> bytes:
    """Items headed ``N. Title`` in a paragraph style of their own, set larger and not bold
    (``plain_heads``), a case number under items 2 and 3 (not under the approval of the
    agenda, as in Greve's minutes); item 2 holds a bold numbered list of three lines; the run-in
    labels are bold through a character style."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)
    item = document.styles.add_style("Item", WD_STYLE_TYPE.PARAGRAPH)
    item.base_style = document.styles["Normal"]
    item.font.size = Pt(14)
    item.font.bold = not plain_heads
    label = document.styles.add_style("Label", WD_STYLE_TYPE.CHARACTER)
    label.font.bold = True

    def run_in(name: str, text: str) -> None:
        p = document.add_paragraph()
        p.add_run(f"{name}:", style="Label")
        p.add_run(f" {text}")

    def bold(text: str) -> Any:
        document.add_paragraph().add_run(text).bold = True

    document.add_paragraph("Referat")
    document.add_paragraph("Mødedato: 06-11-2023")
    document.add_paragraph("1. Godkendelse af dagsorden", style="Item")
    run_in("Beslutning", "Godkendt.")
    document.add_paragraph("2. Budgetopfølgning", style="Item")
    document.add_paragraph("23-002286")
    run_in("Indstilling", "Administrationen indstiller, at opfølgningen godkendes.")
    run_in("Sagsbeskrivelse", "Tre indsatser:")
    for text in ("1. Fælles indkøb", "2. Bedre overblik", "3. Kortere ventetider"):
        bold(text)
    run_in("Beslutning", "Godkendt.")
    run_in("Indstilling", "Et andet forslag, under beslutningen, sat som en rubrik.")
    document.add_paragraph("3. Eventuelt", style="Item")
    document.add_paragraph("23-002287")
    run_in("Beslutning", "Intet.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_style_set_larger_gives_its_lines_the_larger_size() -> None:
    lines = read_document(_minutes(), "made-up.docx").lines
    heads = [line for line in lines if line.text.endswith(("dagsorden", "Budgetopfølgning"))]
    body = next(line for line in lines if line.text.startswith("Mødedato"))
    assert body.size is not None
    assert all(h.size == body.size * 1.4 and not h.bold for h in heads)


def test_plain_larger_heads_are_the_items_not_a_bold_numbered_list() -> None:
    items = parse_document(read_document(_minutes(), "made-up.docx")).meeting.items
    assert [(i.number, i.title) for i in items] == [
        (1, "Godkendelse af dagsorden"), (2, "Budgetopfølgning"), (3, "Eventuelt"),
    ]  # fmt: skip
    assert (
        "3. Kortere ventetider"
        in dict((s.heading, s.text) for s in items[1].sections)["Sagsbeskrivelse"]
    )


def test_a_label_bold_by_its_character_style_is_a_bold_run_in_heading() -> None:
    lines = read_document(_minutes(), "made-up.docx").lines
    label = next(line for line in lines if line.text.startswith("Indstilling: Administr"))
    assert label.bold_prefix == len("Indstilling:")
    items = parse_document(read_document(_minutes(), "made-up.docx")).meeting.items
    # Bold, a second Indstilling in the item is a heading of its own (the style says so).
    assert [s.heading for s in items[1].sections] == [
        "Indstilling", "Sagsbeskrivelse", "Beslutning", "Indstilling",
    ]  # fmt: skip
