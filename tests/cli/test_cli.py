"""CLI tests: exact exit codes, JSON on stdout, one-line errors on stderr, help everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from referat import __version__
from referat.cli import cli

from conftest import SEED_2023, SEED_2024


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert (result.exit_code, result.output) == (0, f"referat, version {__version__}\n")


def test_every_command_has_help(runner: CliRunner) -> None:
    assert isinstance(cli, click.Group)
    for name, command in cli.commands.items():
        assert command.help, f"command {name!r} has no help text"
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Usage: referat" in result.output


def test_parse_json_is_the_model(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["parse", str(SEED_2023), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == "referat-direktionen-2023-01-16"
    assert [i["case_number"] for i in data["items"]] == [
        "22/23184", "23/910", "22/21670", "22/21089", "22/13568", "22/11606",
    ]  # fmt: skip
    assert result.stderr == ""


def test_parse_renders_meeting(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["parse", str(SEED_2024)])
    assert result.exit_code == 0
    out = result.stdout
    assert "referat-direktionen-2024-11-04" in out
    assert "Punkt 4: Oplæg til opgavesnit i Fremtidens Administration spor 1" in out
    assert "sag 23/14607" in out
    assert "Beslutning Direktionen 2024-11-04" in out
    assert "bilag: Bilag 2 - uddybende opgavebeskrivelser" in out


def test_parse_stdin(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["parse", "-", "--json"], input=SEED_2024.read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["source"]["path"] == "<stdin>"


def test_parse_missing_file_is_one_line_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = runner.invoke(cli, ["parse", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {missing}: no such file\n"
    assert result.stdout == ""


def test_parse_not_minutes_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    prose = tmp_path / "prosa.txt"
    prose.write_text("Bare en tekst.\n", encoding="utf-8")
    result = runner.invoke(cli, ["parse", str(prose)])
    assert result.exit_code == 1
    assert "no minutes structure found" in result.stderr
    assert "Traceback" not in result.output


def test_warnings_go_to_stderr_and_strict_fails(runner: CliRunner, tmp_path: Path) -> None:
    text = SEED_2024.read_text(encoding="utf-8").replace("23/22369\n", "", 1)
    path = tmp_path / "no-case.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["parse", str(path), "--json"])
    assert result.exit_code == 0
    assert f"{path}:19: warning: item 1 has no case number [missing_case_number]" in result.stderr
    assert json.loads(result.stdout)["items"][0]["case_number"] is None
    strict = runner.invoke(cli, ["parse", str(path), "--strict"])
    assert strict.exit_code == 1
    assert f"{path}:19: error: item 1 has no case number" in strict.stderr
    assert strict.stdout == ""


def test_usage_error_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["parse"]).exit_code == 2
    assert runner.invoke(cli, ["nosuchcommand"]).exit_code == 2


def test_readme_documents_every_command() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert isinstance(cli, click.Group)
    for name in cli.commands:
        assert f"referat {name}" in readme, f"README does not show `referat {name}`"
    for line in readme.splitlines():
        if line.startswith("$ referat ") and "--" in line:
            command = cli.commands.get(line.split()[2])
            assert command is not None, line
            known = {opt for p in command.params for opt in getattr(p, "opts", [])}
            for word in line.split():
                if word.startswith("--"):
                    assert word.split("=")[0] in known, f"{word} is not an option: {line}"
