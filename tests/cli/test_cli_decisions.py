"""``referat decisions``, ``search --outcome``, outcome marks in ``show`` and reparse filling in
outcomes: exact output and exit codes on an archive of the bundled fixtures."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from referat.archive.decisions import body_key
from referat.cli import cli

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("REFERAT_DB", raising=False)
    return CliRunner(env={"COLUMNS": "80", "REFERAT_DB": None})


@pytest.fixture
def db(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(ROOT)
    path = str(tmp_path / "archive.db")
    texts = sorted(str(p.relative_to(ROOT)) for p in FIXTURES.glob("*.txt"))
    assert runner.invoke(cli, ["import", "--db", path, *texts]).exit_code == 0
    return path


def test_decisions_by_outcome(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["decisions", "--db", db, "--outcome", "udsat"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "2023-01-16  Direktionen, punkt 3  sag 22/21670  udsat\n"
        "    Rekrutteringspulje 2023 til at understøtte rekrutteringsindsatsen\n"
        "2023-01-16  Direktionen, punkt 4  sag 22/21089  udsat\n"
        "    Sygefraværspulje\n"
    )


def test_decisions_json_and_csv(runner: CliRunner, db: str) -> None:
    args = ["decisions", "--db", db, "--body", "direktionen", "--since", "2024-01-01"]
    rows = json.loads(runner.invoke(cli, [*args, "--json"]).stdout)
    assert [(r["item"], r["outcome"]) for r in rows] == [
        (2, "godkendt"), (3, "godkendt_med_aendringer"), (4, "godkendt"),
    ]  # fmt: skip
    assert rows[1]["evidence"] == "godkendte sagens indstilling med præcisering"
    assert rows[0]["amount_kroner"] == 111_248  # the largest amount in item 2's Økonomi
    csv = runner.invoke(cli, [*args, "--csv"]).stdout.splitlines()
    assert csv[0].startswith("meeting,date,body,case_number,item,title,subitem,outcome,")
    assert len(csv) == 4


def test_decisions_by_case_and_nothing_found(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["decisions", "--db", db, "--case", "22/21670", "--json"])
    assert [r["outcome"] for r in json.loads(result.stdout)] == [
        "udsat",
        "godkendt_med_aendringer",
        "godkendt",
    ]
    result = runner.invoke(cli, ["decisions", "--db", db, "--outcome", "afvist"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "No decisions found.\n")
    result = runner.invoke(cli, ["decisions", "--db", db, "--outcome", "vedtaget"])
    assert result.exit_code == 2


def test_search_by_outcome(runner: CliRunner, db: str) -> None:
    every = runner.invoke(cli, ["search", "--db", db, "rekrutter*", "--json"])
    assert len(json.loads(every.stdout)) == 3
    result = runner.invoke(
        cli, ["search", "--db", db, "rekrutter*", "--outcome", "udsat", "--json"]
    )
    assert [(h["meeting"], h["item"]) for h in json.loads(result.stdout)] == [
        ("referat-direktionen-2023-01-16", 3)
    ]
    timeline = runner.invoke(
        cli, ["search", "--db", db, "22/21670", "--outcome", "udsat", "--json"]
    )
    assert [e["meeting"] for e in json.loads(timeline.stdout)] == ["referat-direktionen-2023-01-16"]


def test_show_marks_outcomes(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["show", "--db", db, "referat-direktionen-2023-01-16#3"])
    assert "├── Beslutning Direktionen 2023-01-16  udsat\n" in result.stdout
    assert "Beslutning Direktionen 2023-01-23  godkendt_med_aendringer\n" in result.stdout


def test_reparse_fills_in_outcomes_of_an_older_archive(runner: CliRunner, db: str) -> None:
    with sqlite3.connect(db) as conn:  # as an archive written before outcomes
        conn.execute("DELETE FROM outcomes")
        conn.execute("DELETE FROM amounts")
    conn.close()
    before = runner.invoke(cli, ["decisions", "--db", db, "--json"])
    assert {r["outcome"] for r in json.loads(before.stdout)} == {None}
    result = runner.invoke(cli, ["reparse", "--db", db, "--write"])
    assert result.exit_code == 0
    assert "item 3 outcome: none -> udsat" in result.stderr
    assert "section text changed" not in result.stderr
    after = runner.invoke(cli, ["decisions", "--db", db, "--outcome", "udsat", "--json"])
    assert [r["item"] for r in json.loads(after.stdout)] == [3, 4]


def test_body_key() -> None:
    assert body_key("Byrådet") == body_key("Byråd 2022-2025") == "byråd"
    assert body_key("Økonomiudvalget") == body_key("økonomiudvalg")
    assert body_key("Direktionen") != body_key("Byrådet")


def test_decisions_view_has_outcomes(db: str) -> None:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT decision_date, outcome FROM decisions WHERE case_key = '22/21670'"
        ).fetchall()
    conn.close()
    assert rows == [
        ("2023-01-16", "udsat"), ("2023-01-23", "godkendt_med_aendringer"),
        ("2023-02-06", "godkendt"),
    ]  # fmt: skip


def test_amounts_are_stored_and_indexed(db: str) -> None:
    with sqlite3.connect(db) as conn:
        plan = " ".join(
            str(r)
            for r in conn.execute("EXPLAIN QUERY PLAN SELECT * FROM amounts WHERE kroner > 1")
        )
        big = conn.execute("SELECT max(kroner) FROM amounts").fetchone()[0]
    conn.close()
    assert "idx_amounts_kroner" in plan
    assert big == 5_358_282  # model 1 of the Egmontfonden application (2023-01-16, item 6)
