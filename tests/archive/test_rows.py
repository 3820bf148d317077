"""A meeting's archive rows built apart from the archive (referat.archive.rows), inserted several
to a statement (schema.Table.insert_rows), and the one-pass finders that stand in for many regex
passes (outcome phrases and stances, agenda-system evidence, years): each gives what the slow
way gives."""

from __future__ import annotations

import pickle
import re
import sqlite3
from pathlib import Path

import pytest

from referat.archive.rows import meeting_rows
from referat.archive.save import save_document
from referat.archive.schema import TABLE, Table, _rows_per_statement
from referat.archive.store import open_archive
from referat.danish import LOOKS_LIKE_DATE
from referat.decide import outcome_rules, outcomes
from referat.decide.amounts import _CASE_NUMBER, _YEAR, years_in
from referat.pipeline import parse_file
from referat.structure import profiles

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEEDS = sorted(FIXTURES.glob("htk-*.txt"))


def decisions() -> list[str]:
    """Every decision and Økonomi text of the seed minutes, and some written to be awkward."""
    texts = [
        s.text
        for path in SEEDS
        for item in parse_file(path).meeting.items
        for s in [*item.sections, *(x for sub in item.subitems for x in sub.sections)]
    ]
    return [
        *texts,
        "Godkendt med bemærkning om tidsplanen. Forhåndsgodkendt med ændringer.",
        "Indstillingen anbefales. Sagen blev udsat. Ikke godkendt.",
        "Imod stemte: A, F og Ø. For stemte: V og C. (Ø) stemte imod.",
        "Hans Hansen (D) undlod at stemme. Udvalget kunne ikke tiltræde.",
        "GODKENDT. AFVIST. Taget til efterretning. Drøftet.",
        "",
    ]


def test_rows_travel_between_processes_and_give_the_same_archive(tmp_path: Path) -> None:
    """What a parse worker sends (pickled rows) is stored as the rows built in the writer."""
    stored = {}
    for prepared in (False, True):
        db = tmp_path / f"{prepared}.db"
        with open_archive(db) as archive:
            for path in SEEDS:
                meeting = parse_file(path).meeting
                rows = pickle.loads(pickle.dumps(meeting_rows(meeting))) if prepared else None
                save_document(archive, meeting, prepared=rows)
        conn = sqlite3.connect(db)
        stored[prepared] = {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
            for t in ("items", "sections", "section_stems", "stem_vocab", "outcomes", "amounts")
        }
        conn.close()
    assert stored[True]["sections"] and stored[True]["section_stems"]
    assert stored[True] == stored[False]


def test_rows_number_an_items_sections_consecutively() -> None:
    meeting = parse_file(SEEDS[0]).meeting
    placed = meeting_rows(meeting).placed(meeting.id, 100, 500)
    assert [r[0] for r in placed.items] == list(range(100, 100 + len(meeting.items)))
    assert [r[0] for r in placed.sections] == list(range(500, 500 + len(placed.sections)))
    assert [r[0] for r in placed.stems] == [r[0] for r in placed.sections]
    items = [r[1] for r in placed.sections]
    assert items == sorted(items)  # an item's sections are one id range (snippets)
    assert {r[0] for r in placed.outcomes} <= {r[0] for r in placed.sections}


@pytest.mark.parametrize("columns", [1, 3, 10, 14])
def test_insert_rows_writes_every_row_in_order(columns: int) -> None:
    table = Table("t", tuple((f"c{n}", "INTEGER") for n in range(columns)))
    assert _rows_per_statement(columns) * columns <= 999  # SQLite's oldest variable limit
    conn = sqlite3.connect(":memory:")
    conn.execute(table.create_sql())
    total = 0
    for count in (0, 1, 2, 3, 63, 64, 65, 130, 1000):
        rows = [tuple(total + n + c for c in range(columns)) for n in range(count)]
        table.insert_rows(conn, rows)
        total += count
        got = conn.execute(f"SELECT * FROM t ORDER BY rowid LIMIT -1 OFFSET {total - count}")
        assert got.fetchall() == rows
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == total


def test_insert_rows_feeds_the_full_text_index() -> None:
    with open_archive(":memory:") as archive:
        meeting = parse_file(SEEDS[0]).meeting
        save_document(archive, meeting)
        conn = archive.conn
        count = conn.execute("SELECT count(*) FROM sections").fetchone()[0]
        hits = conn.execute(
            "SELECT count(*) FROM sections_fts WHERE sections_fts MATCH 'direktionen'"
        ).fetchone()[0]
        assert count > 10 and hits > 0
        assert TABLE["sections"].insert_sql(2).count("(?, ") == 2


def test_phrase_finder_finds_where_the_patterns_do() -> None:
    """One alternation with the leading word boundary tested once starts where the phrase
    patterns, tried one by one, start."""
    naive = re.compile("|".join(f"(?:{p.pattern})" for _, p in outcomes._PHRASES), outcomes._FLAGS)
    for text in decisions():
        assert [m.start() for m in outcomes._ANY_PHRASE.finditer(text)] == [
            m.start() for m in naive.finditer(text)
        ], text


def test_top_level_alternation_keeps_its_boundary() -> None:
    assert outcomes._top_level_or(r"\bfoo|bar")
    assert not outcomes._top_level_or(r"\b(?:foo|bar)")
    assert not outcomes._top_level_or(r"\bfoo[|]bar")
    assert not outcomes._top_level_or(r"\bfoo\|bar")
    finder = outcomes._any_of([r"\bfoo|bar", r"\bbaz"])
    assert [m.start() for m in finder.finditer("xbar baz")] == [1, 5]  # bar inside a word


def test_stance_prefilter_lets_every_stance_through() -> None:
    for text in decisions():
        found = any(p.search(text) for _, p in (*outcomes._AFTER, *outcomes._BEFORE))
        assert not found or outcomes._ANY_STANCE.search(text), text
    assert outcome_rules.STANCE_AFTER and outcome_rules.STANCE_BEFORE


def test_evidence_prefilter_lets_every_systems_evidence_through() -> None:
    lines = [line for path in SEEDS for line in path.read_text(encoding="utf-8").splitlines()]
    lines += [
        "Punkt 3: Budget",
        "EMN-2024-001234",
        "Sagsnr.: 2023-12345",
        "Byrådets beslutning den 12.03.2024 Punkt 4",
        "Oplæg: se bilag",
        "1.2 Økonomi",
        "Åbent referat",
    ]
    for line in lines:
        any_evidence = any(
            pattern.search(line) for p in profiles.PROFILES for _, pattern in p.evidence
        )
        assert any_evidence == any(p.search(line) for p in profiles._ANY_EVIDENCE), line


@pytest.mark.parametrize(
    "sentence",
    [
        "Budget 2025-2028 og 1.1.2024",
        "sag 22/21670 fra 2023",
        "Beløbet 2.000 kr. i 2019/20",
        "mødet 16-01-2023 kl. 9",
        "ingen år her",
        "20245 og 1949 og 1950",
        "EMN-2024-001234 i 2026",
    ],
)
def test_years_prefilter_gives_what_masking_gives(sentence: str) -> None:
    masked = _CASE_NUMBER.sub(" ", LOOKS_LIKE_DATE.sub(" ", sentence))
    expected: list[int] = []
    for m in _YEAR.finditer(masked):
        if int(m[1]) not in expected:
            expected.append(int(m[1]))
    assert years_in(sentence) == expected
