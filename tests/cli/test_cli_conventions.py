"""The command line follows the conventions of sqlite-utils and llm: --json, --csv, --tsv and
--nl; a note when results are cut; shell completion of meeting ids; help that reads (issue 10)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from referat.cli import cli

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "fixtures").glob("*.txt"))


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("REFERAT_DB", raising=False)
    monkeypatch.chdir(ROOT)
    return CliRunner(env={"COLUMNS": "80", "REFERAT_DB": None})


@pytest.fixture
def db(runner: CliRunner, tmp_path: Path) -> str:
    path = str(tmp_path / "a.db")
    assert runner.invoke(cli, ["import", "--db", path, *TEXTS]).exit_code == 0
    return path


def test_list_in_every_format(runner: CliRunner, db: str) -> None:
    as_json = json.loads(runner.invoke(cli, ["list", "--db", db, "--json"]).stdout)
    ids = [r["id"] for r in as_json]
    assert ids == [
        "referat-direktionen-2023-01-16",
        "referat-direktionen-2023-02-06",
        "referat-direktionen-2024-11-04",
    ]
    nl = runner.invoke(cli, ["list", "--db", db, "--nl"]).stdout.splitlines()
    assert [json.loads(line) for line in nl] == as_json
    rows = list(
        csv.DictReader(io.StringIO(runner.invoke(cli, ["list", "--db", db, "--csv"]).stdout))
    )
    assert [r["id"] for r in rows] == ids and rows[0]["items"] == "6"
    tsv = runner.invoke(cli, ["list", "--db", db, "--tsv"]).stdout.splitlines()
    assert tsv[0].split("\t") == list(as_json[0])
    assert tsv[1].split("\t")[0] == ids[0]


def test_search_in_every_format_and_timeline_flat(runner: CliRunner, db: str) -> None:
    hits = json.loads(runner.invoke(cli, ["search", "--db", db, "sygefravær", "--json"]).stdout)
    assert [h["title"] for h in hits] == ["Sygefraværspulje"]
    out = runner.invoke(cli, ["search", "--db", db, "sygefravær", "--csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["meeting"], r["item"], r["case_number"]) for r in rows] == [
        ("referat-direktionen-2023-01-16", "4", "22/21089")
    ]
    nl = runner.invoke(cli, ["search", "--db", db, "sygefravær", "--nl"]).stdout
    assert [json.loads(line) for line in nl.splitlines()] == hits
    # a case timeline: nested as JSON, one row per decision as CSV, oldest first
    out = runner.invoke(cli, ["search", "--db", db, "22/21670", "--csv"]).stdout
    decisions = list(csv.DictReader(io.StringIO(out)))
    assert [d["decision_date"] for d in decisions] == ["2023-01-16", "2023-01-23", "2023-02-06"]
    assert decisions[0]["decision_text"].startswith("Sagen blev ikke behandlet")


def test_cut_results_say_how_many_there_are(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["list", "--db", db, "--limit", "2", "--json"])
    assert len(json.loads(result.stdout)) == 2
    assert result.stderr == "showing 2 of 3 — use --limit to see more\n"
    whole = runner.invoke(cli, ["list", "--db", db, "--limit", "3"])
    assert whole.stderr == ""  # nothing was cut
    result = runner.invoke(cli, ["search", "--db", db, "direktionen", "--limit", "1", "--nl"])
    assert len(result.stdout.splitlines()) == 1
    total = len(json.loads(runner.invoke(cli, ["search", "--db", db, "direktionen",
                                               "--limit", "100", "--json"]).stdout))  # fmt: skip
    assert total > 1
    assert result.stderr == f"showing 1 of {total} — use --limit to see more\n"


def test_shell_completion_offers_meeting_ids_from_the_archive(runner: CliRunner, db: str) -> None:
    env = {"_REFERAT_COMPLETE": "bash_complete", "COMP_WORDS": f"referat show --db {db} "
           "referat-direktionen-2023-0", "COMP_CWORD": "4"}  # fmt: skip
    result = runner.invoke(cli, [], env=env, prog_name="referat")
    offered = [line.split(",", 1)[1] for line in result.stdout.splitlines()]
    assert offered == ["referat-direktionen-2023-02-06", "referat-direktionen-2023-01-16"]
    env["COMP_WORDS"] = f"referat export --db {db} --meeting referat-direktionen-2024"
    env["COMP_CWORD"] = "5"
    result = runner.invoke(cli, [], env=env, prog_name="referat")
    assert result.stdout.splitlines() == ["plain,referat-direktionen-2024-11-04"]


def test_help_summaries_are_whole_sentences(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"], env={"COLUMNS": "100"})
    commands = result.stdout.split("Commands:\n", 1)[1].splitlines()
    assert len(commands) == len(cli.commands)
    for line in commands:
        summary = line.split(None, 1)[1]
        assert summary.endswith(".") and not summary.endswith("..."), line
        assert "{" not in summary, line  # no cut-off JSON
