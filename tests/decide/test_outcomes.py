"""The outcomes stage: outcome classes, points, votes, positions (referat.decide.outcomes) and money
amounts (referat.decide.amounts).  Sentences here are our own or the seeds'; real minutes are
scored in test_outcomes_corpus.py."""

from __future__ import annotations

import pytest

from referat.decide.amounts import find_amounts
from referat.decide.outcome_rules import OUTCOMES
from referat.decide.outcomes import classify

TAGET = "taget_til_efterretning"

CASES = [
    ("Godkendt.", "godkendt", "Godkendt"),
    ("Dagsordenen blev godkendt.", "godkendt", "godkendt"),
    ("Direktionen godkender sagens indstillinger.", "godkendt", "godkender"),
    ("Indstillingen vedtaget.", "godkendt", "vedtaget"),
    ("Godkendt med bemærkning om, at mødet flyttes.", "godkendt_med_aendringer", None),
    (
        "Byrådet godkendte udvalgets indstilling med bemærkning om, at x.",
        "godkendt_med_aendringer",
        None,
    ),
    (
        "Direktionen godkendte sagens indstilling med præcisering af, at x.",
        "godkendt_med_aendringer",
        None,
    ),
    ("Godkendte punkt 1. Kunne ikke godkende punkt 2.", "godkendt_med_aendringer", None),
    ("Anbefales.", "anbefalet", "Anbefales"),
    ("Udvalget anbefaler overfor Byrådet, at indstillingen godkendes.", "anbefalet", "anbefaler"),
    ("Orienteringen blev taget til efterretning.", "taget_til_efterretning", None),
    ("Udvalget tog orienteringen til efterretning.", "taget_til_efterretning", None),
    ("Tages til efterretning.", "taget_til_efterretning", None),
    (
        "Udvalget drøftede sagen. Orienteringen blev taget til efterretning.",
        "taget_til_efterretning",
        None,
    ),
    ("Sagen blev drøftet.", "droeftet", "blev drøftet"),
    ("Sagen blev ikke behandlet på direktionens møde, afklares særskilt.", "udsat", None),
    ("Sagen blev udsat til næste møde.", "udsat", "Sagen blev udsat"),
    ("Punktet udsættes.", "udsat", "udsættes"),
    ("Punktet genoptages.", "udsat", "genoptages"),
    ("Sagen udskydes til næste møde.", "udsat", "udskydes"),
    ("Ikke godkendt.", "afvist", "Ikke godkendt"),
    ("Kan ikke godkendes.", "afvist", "Kan ikke godkendes"),
    ("Kan ikke anbefales, idet udvalget ønsker et salg.", "afvist", "Kan ikke anbefales"),
    ("Med stemmerne 1 for og 19 imod afviste Byrådet forslaget.", "afvist", "afviste"),
    ("Sagen sendes tilbage til administrationen.", "oversendt", "sendes tilbage"),
    ("Sagen oversendes til Byrådet.", "oversendt", "oversendes"),
    ("Et flertal i udvalget kunne tiltræde indstillingen.", "godkendt", "kunne tiltræde"),
    ("Udvalget besluttede at udsætte sagens behandling.", "udsat", "udsætte sagens behandling"),
    ("Der var ingen orienteringer.", "andet", None),
    ("Temamødet blev holdt.", "andet", None),
    ("Direktionen beslutter, at der holdes et temamøde.", "godkendt", "beslutter"),
]


@pytest.mark.parametrize(("text", "outcome", "evidence"), CASES)
def test_outcome_class(text: str, outcome: str, evidence: str | None) -> None:
    got = classify(text)
    assert got.outcome == outcome
    if evidence is not None:
        assert got.evidence == evidence
    assert 0 < got.confidence <= 1


def test_every_class_is_reachable() -> None:
    assert {outcome for _, outcome, _ in CASES} == set(OUTCOMES)


def test_a_member_not_approving_is_a_position_not_the_outcome() -> None:
    got = classify("Godkendt.\nLone Hansen (Ø) kunne ikke tiltræde indstillingen.")
    assert got.outcome == "godkendt"
    assert [(p.who, p.party, p.stance) for p in got.positions] == [
        ("Lone Hansen", "Ø", "kunne_ikke_tiltraede")
    ]


def test_members_who_could_and_could_not_agree() -> None:
    got = classify(
        "Et flertal i udvalget kunne tiltræde indstillingen.\n"
        "Ida Holm og Bo Ravn kunne tiltræde indstillingen.\n"
        "Eva Lund tog forbehold.\nOle Dam kunne ikke tiltræde indstillingen."
    )
    assert got.outcome == "godkendt"
    assert [(p.who, p.stance) for p in got.positions] == [
        ("Ida Holm", "for"), ("Bo Ravn", "for"), ("Eva Lund", "forbehold"),
        ("Ole Dam", "kunne_ikke_tiltraede"),
    ]  # fmt: skip


def test_confidence_is_lower_when_phrases_are_weighed_or_weak() -> None:
    lead = classify("Godkendt.").confidence
    weighed = classify("Udvalget drøftede sagen og godkendte indstillingen.").confidence
    weak = classify("Direktionen beslutter, at der holdes et temamøde.").confidence
    none = classify("Der var ingen orienteringer.").confidence
    assert lead > weighed > weak > none


# --- point by point ---------------------------------------------------------------------------


def test_points_of_the_issue_example() -> None:
    got = classify("1.-2. Anbefales. 3. Godkendt.")
    assert [(p.point, p.outcome) for p in got.points] == [
        (1, "anbefalet"), (2, "anbefalet"), (3, "godkendt"),
    ]  # fmt: skip
    assert got.outcome == "godkendt"


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("Pkt. 1: Godkendt.\nPkt. 2: Tages til efterretning.", {1: "godkendt", 2: TAGET}),
        ("Ad 1-2 anbefales.", {1: "anbefalet", 2: "anbefalet"}),
        ("1. Taget til efterretning\n2. a-c Godkendt", {1: TAGET, 2: "godkendt"}),
        ("1. - 3. Godkendt.", {1: "godkendt", 2: "godkendt", 3: "godkendt"}),
        ("Ad 1. Sagen blev drøftet\nAd 2. Ikke godkendt.", {1: "droeftet", 2: "afvist"}),
    ],
)  # fmt: skip
def test_point_markers(text: str, points: dict[int, str]) -> None:
    assert {p.point: p.outcome for p in classify(text).points} == points


def test_numbers_inside_sentences_are_no_points() -> None:
    got = classify("Godkendt med den bemærkning at sagen (pkt. 4) genoptages den 2. marts.")
    assert got.points == []
    assert got.outcome == "godkendt_med_aendringer"


def test_points_approved_and_rejected_are_approved_with_changes() -> None:
    got = classify("1. Godkendt.\n2. Kan ikke godkendes.")
    assert got.outcome == "godkendt_med_aendringer"


# --- votes and positions --------------------------------------------------------------------


def test_vote_of_the_issue_example() -> None:
    got = classify("Med stemmerne 17 for (A, C, F, O, V) og 4 imod (Ø) godkendte Byrådet sagen.")
    [vote] = got.votes
    assert (vote.votes_for, vote.votes_against, vote.votes_abstain) == (17, 4, None)
    assert vote.parties_for == ["A", "C", "F", "O", "V"]
    assert vote.parties_against == ["Ø"]
    assert got.outcome == "godkendt"


def test_vote_parties_from_the_lines_that_follow() -> None:
    got = classify(
        "Med stemmerne 13 for og 8 imod godkendte Byrådet indstillingen.\n"
        "For stemte: (V), (D), Lis Berg (UP) og (C).\n"
        "Imod stemte: (A), (F) og (Ø) med bemærkning om, at opgaven løses af kommunen.\n"
        "(B) undlod at stemme."
    )
    [vote] = got.votes
    assert (vote.votes_for, vote.votes_against) == (13, 8)
    assert vote.parties_for == ["V", "D", "UP", "C"]
    assert vote.parties_against == ["A", "F", "Ø"]
    assert vote.parties_abstain == ["B"]
    assert ("Lis Berg", "UP", "for") in [(p.who, p.party, p.stance) for p in got.positions]


def test_several_votes_and_abstentions_counted() -> None:
    got = classify(
        "Med stemmerne 1 for og 19 imod afviste Byrådet punkt 1a. "
        "Med stemmerne 18 for, 2 imod og 1 undlod godkendte Byrådet punkt 1b."
    )
    assert [(v.votes_for, v.votes_against, v.votes_abstain) for v in got.votes] == [
        (1, 19, None), (18, 2, 1),
    ]  # fmt: skip
    assert got.outcome == "godkendt_med_aendringer"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(Ø) stemte imod.", [("Ø", "Ø", "imod")]),
        ("Mette Holm (F) tog forbehold.", [("Mette Holm", "F", "forbehold")]),
        ("Bo Ravn (V) kunne ikke tiltræde forslaget.", [("Bo Ravn", "V", "kunne_ikke_tiltraede")]),
        ("A og C undlader.", [("A", "A", "undlod"), ("C", "C", "undlod")]),
        ("Ib Lund (A) deltog ikke i behandlingen af punktet.", [("Ib Lund", "A", "deltog_ikke")]),
        ("Ib Lund (A) var forhindret i at deltage.", [("Ib Lund", "A", "forhindret")]),
        ("Imod stemte (C) og Kaj Ib fra (A).", [("C", "C", "imod"), ("Kaj Ib", "A", "imod")]),
        ("Undlod: Ø", [("Ø", "Ø", "undlod")]),
        ("Imod stemte Ø. For så vidt angår punkt 2 ...", [("Ø", "Ø", "imod")]),
        ("Udvalget undlod at tage stilling.", []),  # the body's stance: not a member's
    ],
)  # fmt: skip
def test_positions(text: str, expected: list[tuple[str, str, str]]) -> None:
    got = classify(text).positions
    assert [(p.who, p.party, p.stance) for p in got] == expected
    assert all(p.evidence for p in got)


# --- amounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kroner", "written"),
    [
        ("I budgetforlig 2023 blev der afsat 600.000 kroner til x.", 600_000, "600.000 kroner"),
        ("Rammen er 1,316 mio. kr.", 1_316_000, "1,316 mio. kr."),
        ("Anlægget koster 2,5 mia. kr.", 2_500_000_000, "2,5 mia. kr."),
        ("Tilskuddet er t.kr. 450 årligt.", 450_000, "t.kr. 450"),
        ("Regningen lød på kr. 111.248.", 111_248, "kr. 111.248"),
        ("Der kan maks. søges 500 kr. pr. deltager.", 500, "500 kr."),
        ("rammen nedjusteres til 0,5 mio. kr. med en fordeling", 500_000, "0,5 mio. kr."),
        ("kassebeholdning (6,25 mio.) for at", 6_250_000, "6,25 mio."),
    ],
)  # fmt: skip
def test_amount_values(text: str, kroner: int, written: str) -> None:
    [amount] = find_amounts(text)
    assert (amount.kroner, amount.text) == (kroner, written)


def test_amount_sentence_and_years() -> None:
    text = "Budgettet er lagt. Der afsættes 1,2 mio. kr. i 2024 og 2025 til projektet. Tak."
    [amount] = find_amounts(text)
    assert amount.sentence == "Der afsættes 1,2 mio. kr. i 2024 og 2025 til projektet."
    assert amount.years == [2024, 2025]


def test_amount_range() -> None:
    [amount] = find_amounts("Udgiften anslås til mellem 1 og 2 mio. kr. om året.")
    assert (amount.kroner, amount.kroner_to) == (1_000_000, 2_000_000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Udgiften er ca. 80-100.000 kr. i alt.", [(80_000, 100_000)]),
        ("puljen nedskrives i 2025 til 12,2 mio. kr.", [(12_200_000, None)]),
        ("271.000 kr. i 2024 og 360.000. kr. i overslagsårene", [(271_000, None), (360_000, None)]),
        ("Udvidelsen vil koste ca. 500 t. kr.", [(500_000, None)]),
    ],
)  # fmt: skip
def test_amounts_as_written_in_real_minutes(
    text: str, expected: list[tuple[int, int | None]]
) -> None:
    assert [(a.kroner, a.kroner_to) for a in find_amounts(text)] == expected


def test_money_column_and_year_column_with_unit() -> None:
    text = "Indkøb\tPris i alt\nGeneratorer\t611.880\nI alt\t1.019.045\n\n"
    text += "Nr.\tProjekt\t2024 (i t. kr.)\n497\tPuljen\t18.550"
    got = [(a.kroner, a.years) for a in find_amounts(text)]
    assert got == [(611_880, []), (1_019_045, []), (18_550_000, [2024])]


def test_per_year_table() -> None:
    text = "Beløb i 1.000 kr.\t2024\t2025\t2026\nDrift\t1.200\t-300\t0\nAnlæg\t500\t\t"
    got = [(a.kroner, a.years) for a in find_amounts(text)]
    assert got == [(1_200_000, [2024]), (-300_000, [2025]), (500_000, [2024])]


@pytest.mark.parametrize(
    "text",
    [
        "Ring på tlf. 43 97 97 97 eller 4397 9797.",
        "Mødet holdes den 16.01.2023 kl. 9.30.",
        "Sagsnr.: 22/21670 og 2012-28504.",
        "Fraværet steg med 2,5 % og 3 procent i 2024.",
        "Der er 1.200 borgere på venteliste i 2025.",
    ],
)
def test_no_money_without_a_money_unit(text: str) -> None:
    assert find_amounts(text) == []


def test_years_skip_dates_and_case_numbers() -> None:
    [amount] = find_amounts("Sag 2012-28504 af 04.12.2012: 3 mio. kr. i 2013.")
    assert amount.years == [2013]


# --- the stage on parsed minutes --------------------------------------------------------------


def test_seed_decisions(seed_2023) -> None:  # type: ignore[no-untyped-def]
    decisions = [
        (i.number, s.outcome.outcome) for i in seed_2023.meeting.items for s in i.decisions
    ]
    assert (3, "udsat") in decisions and (4, "udsat") in decisions
    assert (6, "taget_til_efterretning") in decisions
    assert (1, "droeftet") in decisions


def test_okonomi_sections_carry_amounts(seed_2024) -> None:  # type: ignore[no-untyped-def]
    item = next(i for i in seed_2024.meeting.items if i.number == 2)
    [okonomi] = [s for s in item.sections if s.kind == "okonomi"]
    first = okonomi.amounts[0]
    assert (first.kroner, first.years) == (111_248, [2023])
    assert [a.kroner for a in okonomi.amounts[:2]] == [111_248, 100_000]
    assert okonomi.amounts[1].years == [2024, 2025]
    assert all(s.outcome is None for s in item.sections if s.kind != "beslutning")


def test_initials_do_not_end_a_sentence() -> None:
    got = classify(
        "Med stemmerne 17 for og 2 imod godkendte Byrådet indstillingen.\n"
        "For stemte (V) samt John T. Olsen, Bo Lund fra (A).\n"
        "Ida K. Berg (S) og Ole Dam (UP) undlod at tage stilling."
    )
    assert [(p.who, p.party, p.stance) for p in got.positions] == [
        ("V", "V", "for"), ("John T. Olsen", "A", "for"), ("Bo Lund", "A", "for"),
        ("Ida K. Berg", "S", "undlod"), ("Ole Dam", "UP", "undlod"),
    ]  # fmt: skip
    assert got.votes[0].parties_abstain == ["S", "UP"]
