"""CLI tests for the archive commands: exact output and exit codes, via Click's CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from referat.archive.save import save_meeting
from referat.archive.store import open_archive
from referat.cli import cli
from referat.pipeline import parse_document
from referat.read.files import read_document

from council import ID as COUNCIL
from council import council_meeting

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
SEED1 = FIXTURES / "htk-direktionen-2023-01-16.txt"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("REFERAT_DB", raising=False)
    return CliRunner(env={"COLUMNS": "80", "REFERAT_DB": None})


@pytest.fixture
def db(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(ROOT)  # source paths in the archive are relative, as in the README
    path = str(tmp_path / "archive.db")
    texts = sorted(str(p.relative_to(ROOT)) for p in FIXTURES.glob("*.txt"))
    result = runner.invoke(cli, ["import", "--db", path, *texts])
    assert result.exit_code == 0, result.output
    return path


def plain(text: str) -> str:
    """Output with trailing spaces dropped (Rich pads wrapped lines and table cells)."""
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def test_import_summary_and_reimport(runner: CliRunner, db: str) -> None:
    texts = sorted(str(p.relative_to(ROOT)) for p in FIXTURES.glob("*.txt"))
    result = runner.invoke(cli, ["import", "--db", db, *texts])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "Imported: 0 inserted, 0 updated, 3 unchanged, 0 failed\n"


def test_import_folder_recurses_and_reports_failures(runner: CliRunner, tmp_path: Path) -> None:
    # fixtures/ holds each seed as .txt and .pdf (the same meeting: the later file replaces the
    # earlier one, "updated") and fixtures/pdf-errors/ five PDFs that cannot be imported.
    result = runner.invoke(cli, ["import", "--db", str(tmp_path / "a.db"), str(FIXTURES)])
    assert result.exit_code == 1
    assert result.stderr.count("failed: ") == 5
    assert result.stderr.endswith("Imported: 3 inserted, 2 updated, 0 unchanged, 5 failed\n")


def test_import_failure_exit_1_and_others_imported(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00binary")
    path = str(tmp_path / "a.db")
    result = runner.invoke(cli, ["import", "--db", path, str(bad), str(SEED1)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"failed: {bad}: binary file (contains NUL bytes), not a text document\n"
        "Imported: 1 inserted, 0 updated, 0 unchanged, 1 failed\n"
    )
    listed = runner.invoke(cli, ["list", "--db", path, "--json"])
    assert [m["id"] for m in json.loads(listed.stdout)] == ["referat-direktionen-2023-01-16"]


def test_import_stdin_and_env_db(runner: CliRunner, tmp_path: Path) -> None:
    path = str(tmp_path / "env.db")
    result = runner.invoke(cli, ["import", "-"], input=SEED1.read_bytes(), env={"REFERAT_DB": path})
    assert result.exit_code == 0, result.output
    assert result.stderr == "Imported: 1 inserted, 0 updated, 0 unchanged, 0 failed\n"
    assert Path(path).exists()


def test_search_finds_a_prefixed_case_number_as_a_case(runner: CliRunner, tmp_path: Path) -> None:
    """``referat search EMN-2025-003928`` is a case lookup (it used to run a word search)."""
    minutes = tmp_path / "teknisk-udvalg.txt"
    minutes.write_text(
        "REFERAT Teknisk Udvalg d. 01-10-2025\n\nPunkt 1: Vejbelysning\n\nEMN-2025-003928\n\n"
        "Beslutninger\n\nGodkendt.\n",
        encoding="utf-8",
    )
    path = str(tmp_path / "a.db")
    assert runner.invoke(cli, ["import", "--db", path, str(minutes)]).exit_code == 0
    result = runner.invoke(cli, ["search", "--db", path, "EMN-2025-003928"])
    assert result.exit_code == 0, result.output
    assert plain(result.stdout).startswith("Sag EMN-2025-003928: 1 punkt(er), 1 beslutning(er)")


def test_search_case_timeline(runner: CliRunner, db: str) -> None:
    result = runner.invoke(
        cli, ["search", "--db", db, "Sagsnr.:", "22/21670", "--since", "2023-02-01"]
    )
    assert result.exit_code == 0
    assert (
        plain(result.stdout)
        == """\
Sag 22/21670: 1 punkt(er), 1 beslutning(er)
2023-02-06 Direktionen, punkt 2: Rekrutteringspulje 2023 - konkretisering af
kompetenceudvikling
referat-direktionen-2023-02-06#2
└── Beslutning Direktionen 2023-02-06  godkendt
    └── Direktionen godkendte indstillingen. Charlotte orienterede om, at
        samarbejdsgrundlaget på dagtilbudsområdet er drøftet, og at rammen på 1
        mio. kr. til dagtilbudsområdet fastholdes.

        Direktionen bemærkede, at HR-Centret skal følge op på effekten af
        puljerne og give en status til direktionen efter sommerferien 2023.
"""
    )


def test_search_case_shows_the_latest_items_of_a_long_timeline(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["search", "--db", db, "22/21670", "--limit", "1"])
    assert result.exit_code == 0, result.output
    head, when = plain(result.stdout).splitlines()[:2]
    assert head == "Sag 22/21670: 2 punkt(er); de seneste 1 vist, med 1 beslutning(er)"
    assert when.startswith("2023-02-06 Direktionen, punkt 2:")
    assert result.stderr == "showing the latest 1 of 2 — use --limit to see more\n"
    whole = runner.invoke(cli, ["search", "--db", db, "22/21670", "--limit", "2"])
    assert plain(whole.stdout).startswith("Sag 22/21670: 2 punkt(er), 3 beslutning(er)")
    assert whole.stderr == ""


def test_a_case_search_loads_neither_models_nor_the_search_index(db: str) -> None:
    # `referat search 22/21670` reads tuples from SQLite: Pydantic and Tantivy (~120 ms of
    # imports) are for word searches and imports (bench: `referat search --case` whole process).
    code = (
        "import sys\n"
        "from referat.cli.entry import main\n"
        f"sys.argv = ['referat', 'search', '--db', {db!r}, '22/21670']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert exit.code in (0, None), exit\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'tantivy')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Sag 22/21670" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_search_case_json_oldest_first(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["search", "--db", db, "--json", "22 / 21670"])
    assert result.exit_code == 0
    entries = json.loads(result.stdout)
    assert [(e["date"], e["item"]) for e in entries] == [("2023-01-16", 3), ("2023-02-06", 2)]
    assert [(d["date"], d["outcome"]) for e in entries for d in e["decisions"]] == [
        ("2023-01-16", "udsat"),
        ("2023-01-23", "godkendt_med_aendringer"),
        ("2023-02-06", "godkendt"),
    ]


def test_search_words(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["search", "--db", db, "sygefravær"])
    assert result.exit_code == 0
    assert (
        result.stdout
        == """\
1. Sygefraværspulje
   referat-direktionen-2023-01-16#4  sag 22/21089  (baggrund)
   I budgetforlig 2023 blev der afsat 600.000 kroner til nedbringelse af
   sygefravær. Denne sag fremlægger…
"""
    )


def test_search_words_json_and_filters(runner: CliRunner, db: str) -> None:
    args = ["search", "--db", db, "--json", "rekrutter*", "--section", "beslutning"]
    hits = json.loads(runner.invoke(cli, args).stdout)
    assert hits and {h["section"] for h in hits} == {"beslutning"}
    seed1 = next(h for h in hits if h["meeting"] == "referat-direktionen-2023-01-16")
    assert "**rekrutteringsprocessen**" in seed1["snippet"]
    args = ["search", "--db", db, "--json", "direktionen", "--body", "Byrådet"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


def test_search_nothing_found_exit_1(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["search", "--db", db, "zzzz"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Nothing found for 'zzzz'.\n"


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ('år"', "Error: unbalanced quote in 'år\"': put a phrase in a pair of double quotes\n"),
        ("*", "Error: '*' must end a word for a prefix search, as in 'rekrutter*'\n"),
        ("AND", "Error: 'AND' needs a word on each side (in 'AND')\n"),
    ],
)
def test_search_bad_query_is_one_line(runner: CliRunner, db: str, words: str, message: str) -> None:
    result = runner.invoke(cli, ["search", "--db", db, words])
    assert result.exit_code == 1
    assert result.stderr == message
    assert "Traceback" not in result.output


def test_show_item(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["show", "--db", db, "referat-direktionen-2023-02-06#3"])
    assert result.exit_code == 0
    assert "│ Punkter    3" in result.stdout
    assert "Punkt 3: Vintervedligeholdelse af veje og stier 2023\n" in result.stdout
    assert "Punkt 2:" not in result.stdout


def test_show_json_is_the_model(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["show", "--db", db, "--json", "referat-direktionen-2024-11-04"])
    assert result.exit_code == 0
    path = FIXTURES / "htk-direktionen-2024-11-04.txt"
    meeting = parse_document(read_document(path.read_bytes(), "fixtures/" + path.name)).meeting
    assert json.loads(result.stdout) == meeting.model_dump(mode="json")
    item = runner.invoke(cli, ["show", "--db", db, "--json", f"{meeting.id}#2"])
    assert json.loads(item.stdout) == meeting.items[1].model_dump(mode="json")


@pytest.fixture
def council_db(tmp_path: Path) -> str:
    path = str(tmp_path / "council.db")
    with open_archive(path) as archive:
        save_meeting(archive, council_meeting())
    return path


def test_show_system_parties_roles_and_subitems(runner: CliRunner, council_db: str) -> None:
    result = runner.invoke(cli, ["show", "--db", council_db, COUNCIL])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert (
        plain(result.stdout)
        == """\
╭─ referat-byraadet-2024-05-02 ────────────────────────────────────────────────╮
│ Møde       REFERAT Byrådet                                                   │
│ Dato       2024-05-02                                                        │
│ Deltagere  Lolan Ottesen (A), formand                                        │
│            Ole Sen (V) (afbud)                                               │
│            Åse Ør (Ø), næstformand                                           │
│            Bo Berg, sekretær                                                 │
│            Kim Lund                                                          │
│ Punkter    3                                                                 │
│ Kilde      byraadet.pdf                                                      │
│ System     edoc  footer 'eDoc'; 'Meddelelser' a.-c.                          │
╰──────────────────────────────────────────────────────────────────────────────╯
Punkt 1: Meddelelser
sag 24/100
├── (uden overskrift)  other  3 ord
├── Beslutning Byrådet 2024-05-02
│   └── Meddelelserne blev taget til efterretning.
├── a. Status på sygefravær
│   ├── Baggrund  baggrund  5 ord
│   ├── Beslutning Byrådet 2024-05-02
│   │   └── Taget til efterretning.
│   └── bilag: Notat [udkast].pdf
├── b. Vintervedligeholdelse
├── c. Kommende møder
│   └── (uden overskrift)  other  5 ord
└── bilag: Oversigt.pdf
Punkt 2: Budget 2025
sag 24/200
├── 2.1 Driftsbudget
│   └── Indstilling  indstilling  5 ord
└── 2.2 Anlægsbudget
    └── Beslutning Byrådet 2024-05-02
        └── Godkendt.
Punkt 3: Eventuelt
ingen sagsnr.
"""
    )
    as_json = runner.invoke(cli, ["show", "--db", council_db, "--json", f"{COUNCIL}#1"])
    assert json.loads(as_json.stdout) == council_meeting().items[0].model_dump(mode="json")


def test_search_shows_the_item_of_a_subitem_section(runner: CliRunner, council_db: str) -> None:
    result = runner.invoke(cli, ["search", "--db", council_db, "Rådhushallen"])
    assert result.exit_code == 0
    assert (
        plain(result.stdout)
        == """\
1. Meddelelser
   referat-byraadet-2024-05-02#1  sag 24/100  (other)
   Næste møde holdes i Rådhushallen.
"""
    )


def test_export_of_subitems_validates_against_schema(runner: CliRunner, council_db: str) -> None:
    schema = json.loads(runner.invoke(cli, ["schema"]).stdout)
    assert schema["properties"]["version"] == {"const": 4}
    assert {"label", "title", "sections", "attachments"} <= set(
        schema["$defs"]["SubItem"]["properties"]
    )
    assert {"party", "role"} <= set(schema["$defs"]["Attendee"]["properties"])
    assert {"system", "system_evidence"} <= set(schema["$defs"]["Meeting"]["properties"])
    result = runner.invoke(cli, ["export", "--db", council_db])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema)
    assert data["version"] == 4
    assert data["meetings"] == [council_meeting().model_dump(mode="json")]


@pytest.mark.parametrize(
    ("target", "code", "message"),
    [
        ("nope", 1, "no meeting 'nope' in "),
        (
            "referat-direktionen-2024-11-04#9",
            1,
            "meeting 'referat-direktionen-2024-11-04' has no item 9",
        ),
        ("referat-direktionen-2024-11-04#x", 2, "item number must be a number"),
    ],
)
def test_show_errors(runner: CliRunner, db: str, target: str, code: int, message: str) -> None:
    result = runner.invoke(cli, ["show", "--db", db, target])
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stdout == ""


def test_list(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["list", "--db", db, "--until", "2023-12-31"])
    assert result.exit_code == 0
    assert (
        plain(result.stdout)
        == """\
Dato       Organ       Type    Punkter Besl. Id
2023-01-16 Direktionen referat       6     8 referat-direktionen-2023-01-16
2023-02-06 Direktionen referat       3     3 referat-direktionen-2023-02-06
"""
    )


def test_export_validates_against_schema(runner: CliRunner, db: str, tmp_path: Path) -> None:
    schema = json.loads(runner.invoke(cli, ["schema"]).stdout)
    out = tmp_path / "export.json"
    result = runner.invoke(cli, ["export", "--db", db, "-o", str(out)])
    assert result.exit_code == 0
    assert result.stderr == f"Exported 3 meeting(s) to {out}.\n"
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert [m["id"] for m in data["meetings"]] == [
        "referat-direktionen-2023-01-16",
        "referat-direktionen-2023-02-06",
        "referat-direktionen-2024-11-04",
    ]


def test_export_jsonl_with_case_filter(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["export", "--db", db, "--jsonl", "--case", "22/21670"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [
        "referat-direktionen-2023-01-16",
        "referat-direktionen-2023-02-06",
    ]


def test_export_unknown_meeting(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["export", "--db", db, "--meeting", "nope"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no meeting 'nope' in ")


def test_reading_commands_need_an_archive(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = runner.invoke(cli, ["list", "--db", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {missing}: no archive here (create one with 'referat import')\n"
    )
    assert not missing.exists()


def test_bad_database_file(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("hello, not a database " * 50, encoding="utf-8")
    result = runner.invoke(cli, ["search", "--db", str(bad), "x"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}: not a referat archive")
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["search"],
        ["search", "x", "--since", "16-01-2023"],
        ["search", "x", "--section", "nope"],
        ["import"],
        ["list", "--limit", "0"],
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, args: list[str]) -> None:
    assert runner.invoke(cli, args).exit_code == 2


@pytest.mark.parametrize("command", ["import", "search", "show", "list", "export", "schema"])
def test_every_archive_command_has_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert cli.commands[command].help
    assert "--db" in result.stdout or command == "schema"


def test_import_strict_fails_on_warnings(runner: CliRunner, tmp_path: Path) -> None:
    text = (FIXTURES / "htk-direktionen-2024-11-04.txt").read_text(encoding="utf-8")
    dup = tmp_path / "dup.txt"
    dup.write_text(text.replace("Punkt 3: Ramme", "Punkt 2: Ramme"), encoding="utf-8")
    path = str(tmp_path / "a.db")
    warning = f"{dup}: warning: item number 2 appears more than once [duplicate_item]"
    strict = runner.invoke(cli, ["import", "--db", path, "--strict", str(dup)])
    assert strict.exit_code == 1
    assert strict.stderr == (
        f"failed: {dup}: 1 warning(s) in strict mode: {warning}\n"
        "Imported: 0 inserted, 0 updated, 0 unchanged, 1 failed\n"
    )
    lenient = runner.invoke(cli, ["import", "--db", path, str(dup)])
    assert lenient.exit_code == 0
    assert lenient.stderr == f"{warning}\nImported: 1 inserted, 0 updated, 0 unchanged, 0 failed\n"
