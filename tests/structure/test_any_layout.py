"""Rules found on the "any" families of the layout family (issue 20), on made-up lines: a plain
item head's wrapped title, a title wrapped at a hyphen, and an earlier decision quoted in a
document of bold run-in labels."""

from __future__ import annotations

from referat.models import Item
from referat.pipeline import parse_document
from referat.read.joining import document_vocabulary
from referat.read.lines import Document, Line
from referat.structure.parse_header import join_title

BODY = 10.0


def _line(n: int, text: str, *, size: float = BODY, bold: bool = False, prefix: int = 0) -> Line:
    # A line that runs to the margin (not short) is one a wrapped text goes on from, with no gap.
    short = not text.endswith(" i")
    gap = 0.0 if text == "Greve Kommune" else 0.5
    return Line(text, 1, n, size=size, bold=bold, gap=gap, short=short, bold_prefix=prefix)


SIZES = {"head": 15.0, "item": 13.0, "heading": 11.0}  # a kind's type size; any other: BODY


def _items(rows: list[tuple[str, str]]) -> list[Item]:
    """The items of made-up lines ``(kind, text)``: a kind of :data:`SIZES` set bold at its
    size, ``body`` plain, any other kind (a bold list) bold at body size."""
    lines = [
        _line(n, text, size=SIZES.get(kind, BODY), bold=kind != "body")
        for n, (kind, text) in enumerate(rows, start=1)
    ]
    return parse_document(_doc(lines)).meeting.items


def _doc(lines: list[Line], pages: int = 1) -> Document:
    return Document("made-up.pdf", "0" * 64, "pdf", lines, pages=pages, styled=True)


def _titles(head_size: float, head_bold: bool) -> list[str]:
    """Two items whose heads (``N. Title``) are set at ``head_size``; item 1's title wraps."""
    rows = [
        (BODY * 1.5, True, "Referat"),
        (BODY, False, "Mødedato: 06-11-2023"),
        (head_size, head_bold, "1. Temamøde om aktivitetsparate kontanthjælpsmodtagere i"),
        (head_size, head_bold, "Greve Kommune"),
        (BODY, False, "23-002285"),
        (BODY * 1.15, True, "Beslutning"),
        (BODY, False, "Orienteringen blev taget til efterretning."),
        (head_size, head_bold, "2. Nye cykelstier"),
        (BODY, False, "23-002286"),
        (BODY * 1.15, True, "Beslutning"),
        (BODY, False, "Godkendt."),
    ]
    lines = [_line(n, t, size=s, bold=b) for n, (s, b, t) in enumerate(rows, start=1)]
    return [item.title for item in parse_document(_doc(lines)).meeting.items]


def test_a_plain_larger_head_keeps_its_wrapped_title() -> None:
    # Set apart by size alone (not bold), the head's next line set alike goes on with the title.
    assert _titles(BODY * 1.3, head_bold=False) == [
        "Temamøde om aktivitetsparate kontanthjælpsmodtagere i Greve Kommune",
        "Nye cykelstier",
    ]


def test_a_bold_head_keeps_its_wrapped_title_as_before() -> None:
    assert _titles(BODY * 1.3, head_bold=True)[0].endswith("i Greve Kommune")


def _quoted(bold_labels: bool) -> list[tuple[str | None, str]]:
    """An item whose template runs its headings in, decision first; its Sagsbeskrivelse quotes
    an earlier body's dated decision heading on a line of its own, in body type."""
    texts = [
        ("head", "Referat"),
        ("body", "Mødedato: 07-01-2025"),
        ("item", "1 Aftaler om boliganvisning"),
        ("run", "Beslutning: Anbefales."),
        ("run", "Indstilling: Administrationen indstiller, at aftalerne godkendes."),
        ("run", "Sagsbeskrivelse: Sagen var på udvalgets møde i oktober."),
        ("body", "Beslutning i Plan- og Tryghedsudvalget den 8. oktober 2024"),
        ("body", "Anbefales med bemærkninger."),
        ("item", "2 Nye cykelstier"),
        ("run", "Beslutning: Godkendt."),
        ("run", "Indstilling: Administrationen indstiller, at stierne anlægges."),
    ]
    lines = []
    for n, (kind, text) in enumerate(texts, start=1):
        big = kind in ("head", "item")
        prefix = len(text.partition(":")[0]) + 1 if kind == "run" and bold_labels else 0
        lines.append(_line(n, text, size=14.0 if big else BODY, bold=big, prefix=prefix))
    item = parse_document(_doc(lines), system="firstagenda").meeting.items[0]
    return [(d.heading, d.text) for d in item.decisions]


def test_a_quoted_earlier_decision_is_text_where_run_in_labels_are_bold() -> None:
    assert _quoted(bold_labels=True) == [("Beslutning", "Anbefales.")]


def test_without_bold_labels_the_quoted_decision_reads_as_before() -> None:
    # No style tells the template's headings from the author's: the dated heading is a decision.
    headings = [h for h, _ in _quoted(bold_labels=False)]
    assert headings == ["Beslutning", "Beslutning i Plan- og Tryghedsudvalget den 8. oktober 2024"]


def test_a_title_wrapped_at_a_hyphen_keeps_the_hyphen_the_document_writes() -> None:
    toc = ["Indholdsfortegnelse", "4. Budgetanalyse 9 - katalog over kan- og skal-opgaver 9"]
    vocabulary = document_vocabulary(toc)
    parts = ["Budgetanalyse 9 - katalog over kan- og skal-", "opgaver"]
    assert join_title(parts, vocabulary) == "Budgetanalyse 9 - katalog over kan- og skal-opgaver"
    # A word the document never writes with its hyphen is one word (line-end hyphenation).
    wrapped = ["Udvikling af plan-", "lægningen"]
    assert join_title(wrapped, vocabulary) == "Udvikling af planlægningen"


def test_heads_after_a_decision_printed_last_are_items_when_sections_follow() -> None:
    # Decisions printed last put every head after a decision; a head with sections under it is
    # an item, not a point of that decision, even where one head in four has a case number
    # under it and an item holds a bold numbered list of as many lines.
    rows = [
        ("head", "Referat"),
        ("body", "Mødedato: 08-09-2025"),
        ("item", "Punkt 1: Godkendelse af dagsorden"),
        ("heading", "Beslutning"),
        ("body", "Godkendt."),
        ("item", "Punkt 2: Besøg på bostedet"),
        ("body", "25-010259"),
        ("heading", "Beslutning"),
        ("body", "Taget til efterretning."),
        ("item", "Punkt 3: Huskeliste"),
        ("heading", "Sagsfremstilling"),
        ("body", "Administrationen har fire mål."),
        *(("list", f"{n}. {t}") for n, t in enumerate(
            ("Fælles indkøb", "Bedre overblik", "Kortere ventetider", "Styrket samarbejde"), 1
        )),
        ("heading", "Beslutning"),
        ("body", "Godkendt."),
        ("item", "Punkt 4: Eventuelt"),
        ("heading", "Beslutning"),
        ("body", "Intet."),
    ]  # fmt: skip
    items = _items(rows)
    assert [(i.number, i.title) for i in items] == [
        (1, "Godkendelse af dagsorden"), (2, "Besøg på bostedet"), (3, "Huskeliste"),
        (4, "Eventuelt"),
    ]  # fmt: skip
    assert "4. Styrket samarbejde" in items[2].sections[0].text


def test_a_toc_of_titles_whose_titles_end_in_numbers_is_read_as_titles() -> None:
    # "… status 2" over "2025" looks like an entry with its page (the lines above it its wrapped
    # first lines); read as titles, the run of head-like lines (the wrapped "(Lukket)" and
    # "2025" going on with theirs) explains more entries and is the table of contents: eight
    # items, none lost to it.
    titles = [
        "Godkendelse af dagsorden", "Udbud af levering af mad - vindende leverandør",
        "Det specialiserede voksenområde, status 2", "Reform - status", "Pilotprojekt",
        "Budgetopfølgning 2", "Henvendelser til formanden", "Underskriftsark",
    ]  # fmt: skip
    wraps = {2: "(Lukket)", 3: "2025"}
    rows: list[tuple[str, str, bool]] = [
        ("head", "Referat", True), ("body", "Mødedato: 20-10-2025", True),
        ("heading", "Indholdsfortegnelse", True),
    ]  # fmt: skip
    for n, title in enumerate(titles, start=1):
        rows.append(("toc", f"{n} {title}", n not in wraps))  # a wrapped one runs to the margin
        if n in wraps:
            rows.append(("toc", wraps[n], True))
    toc_end = len(rows)
    for n, title in enumerate(titles, start=1):
        rows += [("item", f"{n} {title}", True), ("heading", "Beslutning", True)]
        rows.append(("body", "Godkendt.", True))
    lines = [  # an item a page after the title page and its TOC: "status 2" could be a page
        Line(text, 1 if n <= toc_end else 2 + (n - toc_end - 1) // 3, n,
             size=SIZES.get(kind, BODY), bold=kind in SIZES,
             gap=0.0 if kind == "toc" else 0.8, short=short)
        for n, (kind, text, short) in enumerate(rows, start=1)
    ]  # fmt: skip
    items = parse_document(_doc(lines, pages=9)).meeting.items
    assert [i.number for i in items] == list(range(1, 9))
    assert items[2].title == "Det specialiserede voksenområde, status 2"
    assert [s.text for s in items[7].sections] == ["Godkendt."]


def test_of_two_runs_as_heavy_the_one_set_larger_heads_the_items() -> None:
    # No case numbers, no TOC: the heads 1-3 (13 pt) and a bold list 1-3 (body size) inside
    # item 2 make runs of the same weight and length; the heads are set larger.
    rows = [
        ("head", "Referat"), ("body", "Mødedato: 06-11-2023"),
        ("item", "1. Godkendelse af dagsorden"), ("heading", "Beslutning"), ("body", "Godkendt."),
        ("item", "2. Budgetopfølgning"), ("heading", "Sagsfremstilling"), ("body", "Tre mål:"),
        ("list", "1. Fælles indkøb"), ("list", "2. Bedre overblik"),
        ("list", "3. Kortere ventetider"), ("heading", "Beslutning"), ("body", "Godkendt."),
        ("item", "3. Eventuelt"), ("heading", "Beslutning"), ("body", "Intet."),
    ]  # fmt: skip
    items = _items(rows)
    assert [i.title for i in items] == ["Godkendelse af dagsorden", "Budgetopfølgning", "Eventuelt"]
