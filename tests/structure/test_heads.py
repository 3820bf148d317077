"""Item heads chosen for the whole document (issue 20 part 1), on made-up minutes."""

from __future__ import annotations

from referat import parse_text

HEAD = "REFERAT Direktionen d. 16-01-2023\n\n"


def test_points_of_a_decision_are_not_items() -> None:
    text = HEAD + (
        "Punkt 1: Godkendelse af budget\n\n22/1\n\nBeslutning\n\n"
        "Pkt. 1: Godkendt.\nPkt. 2: Udsat til næste møde.\n\n"
        "Punkt 2: Næste sag\n\n22/2\n\nBeslutning\n\nGodkendt.\n"
    )
    parsed = parse_text(text)
    items = parsed.meeting.items
    assert [i.number for i in items] == [1, 2]
    decision = items[0].sections[-1]
    assert decision.kind == "beslutning"
    assert decision.text.startswith("Pkt. 1: Godkendt.")
    assert "Pkt. 2: Udsat" in decision.text


def test_a_table_of_contents_of_titles_only_is_the_toc() -> None:
    text = HEAD + (
        "Indholdsfortegnelse\n"
        "Punkt 1: Godkendelse af dagsorden\n"
        "Punkt 2: Salg af grund\n\n"
        "Punkt 1: Godkendelse af dagsorden\n\n22/1\n\nBeslutning\n\nGodkendt.\n\n"
        "Punkt 2: Salg af grund\n\n22/2\n\nBeslutning\n\nGodkendt.\n"
    )
    parsed = parse_text(text)
    m = parsed.meeting
    assert [(i.number, i.title) for i in m.items] == [
        (1, "Godkendelse af dagsorden"), (2, "Salg af grund"),
    ]  # fmt: skip
    assert [t.title for t in m.toc] == [
        "Punkt 1: Godkendelse af dagsorden", "Punkt 2: Salg af grund",
    ]  # fmt: skip
    assert [w.code for w in parsed.warnings] == []


def test_duplicates_with_case_numbers_stay_items_with_a_warning() -> None:
    text = HEAD + "Punkt 1: Et\n\n22/1\n\nPunkt 1: To\n\n22/2\n"
    parsed = parse_text(text)
    assert [i.number for i in parsed.meeting.items] == [1, 1]
    assert [w.code for w in parsed.warnings] == ["duplicate_item"]


def test_a_document_that_runs_its_headings_in() -> None:
    text = HEAD + (
        "Punkt 1: Budget 2026\n\n22/1\n\n"
        "Resume: Kort om sagen.\n\n"
        "Indstilling: Direktionen indstiller, at budgettet godkendes.\n\n"
        "Beslutning: Godkendt.\n\n"
        "Punkt 2: Nye cykelstier\n\n22/2\n\n"
        "Resume: Stierne forbinder skolerne.\n\n"
        "Beslutning: Udsat.\n"
    )
    items = parse_text(text).meeting.items
    assert [(s.heading, s.kind, s.text) for s in items[0].sections] == [
        ("Resume", "baggrund", "Kort om sagen."),
        ("Indstilling", "indstilling", "Direktionen indstiller, at budgettet godkendes."),
        ("Beslutning", "beslutning", "Godkendt."),
    ]
    assert [s.heading for s in items[1].sections] == ["Resume", "Beslutning"]


def test_where_headings_stand_alone_a_label_in_the_text_is_text() -> None:
    text = HEAD + (
        "Punkt 1: Budget 2026\n\n22/1\n\nSagsfremstilling\n\n"
        "Økonomi: Der er afsat 2 mio. kr. til formålet.\n\n"
        "Baggrund: Sagen blev drøftet i maj.\n\n"
        "Tidsplan: Arbejdet begynder i juni.\n\nBeslutning\n\nGodkendt.\n"
    )
    items = parse_text(text).meeting.items
    assert [s.heading for s in items[0].sections] == ["Sagsfremstilling", "Beslutning"]
    assert "Økonomi: Der er afsat" in items[0].sections[0].text


def test_an_empty_heading_is_kept() -> None:
    text = HEAD + (
        "Punkt 1: Budget 2026\n\n22/1\n\nFremstilling\n\nSagsprocedure\n\nDirektionen.\n\n"
        "Beslutning\n\nGodkendt.\n"
    )
    items = parse_text(text).meeting.items
    assert [(s.heading, s.text) for s in items[0].sections] == [
        ("Fremstilling", ""), ("Sagsprocedure", "Direktionen."), ("Beslutning", "Godkendt."),
    ]  # fmt: skip


def test_members_side_by_side_are_read_by_cell() -> None:
    text = HEAD + (
        "Mødedeltagere\nAnna Holm (A)\tBo Krag (V)\nCarl Dam (C)\n"
        "Afbud: Dorte Lund (F)\n\nPunkt 1: Budget\n\n22/1\n"
    )
    people = parse_text(text).meeting.attendees
    assert [(a.name, a.party, a.absent) for a in people] == [
        ("Anna Holm", "A", False), ("Bo Krag", "V", False), ("Carl Dam", "C", False),
        ("Dorte Lund", "F", True),
    ]  # fmt: skip


def test_a_title_page_gives_body_date_and_start() -> None:
    text = "Referat\nFor Udvalget for teknik\n3. marts 2025 - kl. 16:30\n\nPunkt 1: Budget\n\n"
    text += "22/1\n"
    m = parse_text(text).meeting
    assert (m.body, str(m.date), m.start) == ("Udvalget for teknik", "2025-03-03", "16:30")


def test_columns_set_apart_are_tab_separated() -> None:
    from referat.read.layout import Segment, finish_lines, page_lines

    def seg(x: float, y: float, text: str) -> Segment:
        return Segment(x, y, 11.0, text, x + 5.5 * len(text))

    lines = finish_lines(
        page_lines(
            1,
            [seg(57, 100, "Anna Holm (A)"), seg(300, 100, "Bo Krag (V)"), seg(57, 114.5, "1."),
             seg(90, 114.5, "Første punkt"), seg(57, 129, "to"), seg(72, 129, "ord")],
            [],
        )
    )  # fmt: skip
    assert [line.text for line in lines] == [
        "Anna Holm (A)\tBo Krag (V)", "1. Første punkt", "to ord",
    ]  # fmt: skip


def test_a_run_in_heading_heads_one_section_per_item() -> None:
    text = HEAD + (
        "Punkt 1: Budget 2026\n\n22/1\n\n"
        "Resume: Kort om sagen.\n\n"
        "Indstilling: Direktionen indstiller, at budgettet godkendes.\n\n"
        "Sagsbeskrivelse: Udvalget fik tidligere forelagt:\n\n"
        "Indstilling: Forvaltningen indstiller, at sagen udsættes.\n\n"
        "Beslutning: Godkendt.\n"
    )
    sections = parse_text(text).meeting.items[0].sections
    assert [s.heading for s in sections] == [
        "Resume", "Indstilling", "Sagsbeskrivelse", "Beslutning",
    ]  # fmt: skip
    assert "Indstilling: Forvaltningen indstiller" in sections[2].text


def test_a_numbered_list_in_the_same_form_as_the_heads_is_text() -> None:
    """Bold ``1. …`` lines in item 1 of a document headed ``1. Title``: numbers would run
    backwards; the heads with a case number under them win."""
    from referat.read.lines import Line
    from referat.structure.heads import choose
    from referat.structure.profiles import get

    texts = [
        ("1. Budget 2026", "item"), ("22/1", "case"), ("Sagsfremstilling", "heading"),
        ("1. Bedre cykelstier", "item"), ("Stierne forbindes.", "prose"),
        ("2. Flere bænke", "item"), ("Ved søen.", "prose"), ("3. Nye p-pladser", "item"),
        ("2. Næste sag", "item"), ("22/2", "case"),
    ]  # fmt: skip
    lines = [Line(text, number=n) for n, (text, _) in enumerate(texts, start=1)]
    roles = [role for _, role in texts]
    case_after = [r == "item" and n + 1 < len(roles) and roles[n + 1] == "case"
                  for n, r in enumerate(roles)]  # fmt: skip
    choice = choose(lines, roles, [{} for _ in roles], get("generic"), case_after, [False] * 10)
    assert choice is not None
    assert sorted(choice.heads) == [0, 8]
