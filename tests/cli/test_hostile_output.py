"""Hostile input, round 2 (issue 13): what referat prints and writes.

Terminal escapes in the data are shown, never obeyed; ``export -o`` writes in place to what is not
a regular file and reports an OS error as one line; closed or odd standard streams never lose an
import nor end in a traceback.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from referat.cli import cli, render
from referat.cli.controls import json_text, visible

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "fixtures" / "htk-direktionen-2023-01-16.txt").read_text(encoding="utf-8")
MEETING = "referat-direktionen-2023-01-16"

# What a hostile PDF could put in a title: a clipboard write (OSC 52), clear screen, a window
# title, an 8-bit CSI, a bell, a carriage return that overwrites the line, a bidi override.
OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
HOSTILE = f"{OSC52}\x1b[2J\x1b]0;owned\x07\x9b31m\rX\u202eevil"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.delenv("REFERAT_DB", raising=False)
    render.stdout.cache_clear()  # consoles made for each test's environment
    yield CliRunner(env={"COLUMNS": "120", "REFERAT_DB": None, "FORCE_COLOR": None})
    render.stdout.cache_clear()


@pytest.fixture
def hostile_db(runner: CliRunner, tmp_path: Path) -> Path:
    text = SEED.replace("Punkt 4: Sygefraværspulje", f"Punkt 4: Sygefravær{HOSTILE}pulje")
    text = text.replace("Mødelokale B105", f"Mødelokale {HOSTILE}")
    text = text.replace("Direktionen drøftede kort", f"Direktionen {HOSTILE} drøftede kort")
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "a.db"
    result = runner.invoke(cli, ["import", "--db", str(db), "--jobs", "1", str(path)])
    assert result.exit_code == 0, result.stderr
    return db


COMMANDS = [
    ["show", MEETING],
    ["show", f"{MEETING}#4"],
    ["list"],
    ["search", "sygefravær*"],
    ["search", "22/23184"],
    ["search", "drøftede"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_escape_sequences_in_the_data_are_shown_not_sent(
    runner: CliRunner, hostile_db: Path, command: list[str], as_json: bool
) -> None:
    args = [command[0], "--db", str(hostile_db), *command[1:], *(["--json"] if as_json else [])]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    out = result.stdout + result.stderr
    assert UNSAFE.search(out) is None, repr(UNSAFE.search(out))
    if command[0] == "list":
        return
    if as_json:  # the same value, escaped
        assert "\\u001b]52;c;ZWNobyBwd25lZA==\\u0007" in out and "\\u009b31m" in out
    else:
        assert "␛]52;c;ZWNobyBwd25lZA==␇" in out and "\\x9b31m" in out and "\\u202e" in out


@pytest.mark.parametrize("command", COMMANDS[:4], ids=[" ".join(c) for c in COMMANDS[:4]])
def test_on_a_colour_terminal_only_our_own_styles_are_sent(
    runner: CliRunner, hostile_db: Path, command: list[str]
) -> None:
    render.stdout.cache_clear()  # a console made for this environment
    result = runner.invoke(
        cli, [command[0], "--db", str(hostile_db), *command[1:]], env={"FORCE_COLOR": "1"}
    )
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" in result.stdout  # Rich's colours are there ...
    assert UNSAFE.search(re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)) is None  # ... only they


def test_messages_show_control_characters_in_names_and_queries(
    runner: CliRunner, hostile_db: Path, tmp_path: Path
) -> None:
    name = tmp_path / "x\x1b]0;t\x07.txt"
    result = runner.invoke(cli, ["import", "--db", str(hostile_db), str(name)])
    assert result.exit_code == 1
    assert "x␛]0;t␇.txt: no such file" in result.stderr
    assert UNSAFE.search(result.stderr) is None
    search = runner.invoke(cli, ["search", "--db", str(hostile_db), "zz\x1b[2Jzz"])
    assert search.exit_code == 1 and UNSAFE.search(search.stderr) is None


def test_visible_and_json_text() -> None:
    assert visible("a\tb\nc\x1b[2J\x00\x7f\x9b") == "a\tb\nc␛[2J␀␡\\x9b"
    assert visible("a\nb", one_line=True) == "a␊b"
    assert visible("fil-\udcf8.txt") == "fil-\ufffd.txt"  # a file name that is not UTF-8
    assert visible("Høje-Taastrup – 2023") == "Høje-Taastrup – 2023"
    assert json_text('"\x9b\u202e\udcf8"') == '"\\u009b\\u202e\\udcf8"'


# --------------------------------------------------------------------------------------------
# export -o: special files are written in place, OS errors are one line
# --------------------------------------------------------------------------------------------


@pytest.fixture
def seed_db(runner: CliRunner, tmp_path: Path) -> Path:
    db = tmp_path / "seed.db"
    path = ROOT / "fixtures" / "htk-direktionen-2023-01-16.txt"
    assert runner.invoke(cli, ["import", "--db", str(db), "--jobs", "1", str(path)]).exit_code == 0
    return db


def test_export_to_a_fifo_writes_into_it(runner: CliRunner, seed_db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = runner.invoke(cli, ["export", "--db", str(seed_db), "--jsonl", "-o", str(fifo)])
    if result.exit_code:  # release the reader
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still a FIFO, not replaced by a regular file
    assert received[0].decode().startswith(f'{{"id":"{MEETING}"')
    assert not list(tmp_path.glob(".pipe*"))  # no temporary file left


def test_export_through_a_symlink_to_a_device_writes_the_device(
    runner: CliRunner, seed_db: Path, tmp_path: Path
) -> None:
    link = tmp_path / "sink"
    link.symlink_to("/dev/null")
    result = runner.invoke(cli, ["export", "--db", str(seed_db), "-o", str(link)])
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_through_a_symlink_to_a_file_replaces_the_file(
    runner: CliRunner, seed_db: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = runner.invoke(cli, ["export", "--db", str(seed_db), "-o", str(link)])
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and real.read_text().startswith('{"format": "referat"')
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


@pytest.mark.parametrize(
    ("output", "reason"),
    [("missing-folder/out.json", "No such file or directory"), ("full", "No space left on device")],
)
def test_export_os_errors_are_one_line(
    runner: CliRunner, seed_db: Path, tmp_path: Path, output: str, reason: str
) -> None:
    target = str(tmp_path / output)
    if output == "full":  # a link, so that a failure cannot replace /dev/full itself
        Path(target).symlink_to("/dev/full")
    result = runner.invoke(cli, ["export", "--db", str(seed_db), "-o", target])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target}: cannot write ({reason})\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_export_to_dev_stdout_in_a_pipe(seed_db: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "referat", "export", "--db", str(seed_db), "-o", "/dev/stdout"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith('{"format": "referat"') and "Traceback" not in proc.stderr


# --------------------------------------------------------------------------------------------
# Closed and odd standard streams (real processes: the shell closes the descriptors)
# --------------------------------------------------------------------------------------------

FIXTURE_TEXTS = sorted(str(p) for p in (ROOT / "fixtures").glob("*.txt"))


def sh(command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``referat`` run by the shell, so that ``<&-``, ``>&-`` and ``2>&-`` really close."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("REFERAT_", "LC_", "LANG"))}
    line = f'"{sys.executable}" -m referat {command}'
    return subprocess.run(
        ["sh", "-c", line],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        env={**clean, **env},
        cwd=ROOT,
    )


def meetings(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM meetings").fetchone()[0])


@pytest.mark.parametrize("closing", ["2>&-", "<&-", ">&-", "<&- >&- 2>&-"])
def test_closed_streams_never_lose_an_import(tmp_path: Path, closing: str) -> None:
    db = tmp_path / "a.db"
    proc = sh(f"import --db {db} --jobs 2 {' '.join(FIXTURE_TEXTS)} {closing}")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert meetings(db) == len(FIXTURE_TEXTS)
    if "2>&-" not in closing:
        assert proc.stderr.endswith(f"Imported: {len(FIXTURE_TEXTS)} inserted, 0 updated, 0 "
                                    "unchanged, 0 failed\n")  # fmt: skip


def test_stdin_closed_reads_as_empty(tmp_path: Path) -> None:
    proc = sh(f"import --db {tmp_path / 'a.db'} - <&-")
    assert proc.returncode == 1 and proc.stderr.startswith("failed: <stdin>: empty file\n")


@pytest.mark.parametrize(
    "command", ["export", "export --jsonl", "list --json", "list", f"show {MEETING}", "schema"]
)
def test_closed_stdout_is_an_error_for_data(seed_db: Path, command: str) -> None:
    name, *rest = command.split()
    args = f"{name} {'' if name == 'schema' else f'--db {seed_db}'} {' '.join(rest)}"
    proc = sh(f"{args} >&-")
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == "Error: cannot write the output: standard output is closed\n"


@pytest.mark.parametrize(
    "env", [{"LC_ALL": "C"}, {"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"}]
)
@pytest.mark.parametrize(
    "command",
    [
        "parse fixtures/htk-direktionen-2023-01-16.txt",
        f"show {MEETING}#4",
        "search sygefravær",
        "search 22/21089",
        "list",
        "export --jsonl",
    ],
)
@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_any_locale_prints(seed_db: Path, env: dict[str, str], command: str, as_json: bool) -> None:
    json_flag = " --json" if as_json and not command.startswith("export") else ""
    name, *rest = command.split()
    db = "" if name == "parse" else f" --db {seed_db}"
    proc = sh(f"{name}{db} {' '.join(rest)}{json_flag}", **env)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout.strip()
    if as_json or name == "export":
        data = [json.loads(line) for line in proc.stdout.splitlines()] if name == "export" else [
            json.loads(proc.stdout)]  # fmt: skip
        expected = "Direktionen" if name == "list" else "Sygefravær"
        assert expected in json.dumps(data, ensure_ascii=False)  # the same data, escaped


@pytest.mark.parametrize("columns", ["0", "1", "-3", "abc", "99999999"])
def test_odd_columns_still_print(seed_db: Path, columns: str) -> None:
    for command in ("list", f"show {MEETING}#4", "search sygefravær"):
        name, *rest = command.split()
        proc = sh(f"{name} --db {seed_db} {' '.join(rest)}", COLUMNS=columns)
        assert proc.returncode == 0, proc.stderr
        assert "22/21089" in proc.stdout or MEETING in proc.stdout
        assert max(len(line) for line in proc.stdout.splitlines()) <= 1000


def test_reader_gone_is_no_traceback(tmp_path: Path) -> None:
    db = tmp_path / "big.db"
    assert sh(f"import --db {db} {' '.join(FIXTURE_TEXTS)}").returncode == 0
    proc = sh(f"export --db {db} | head -c 10")
    assert proc.returncode == 0 and proc.stdout == '{"format":'
    piped = sh(f"export --db {db} | (head -c 10 >/dev/null; exit 0); echo $?>&2")
    assert "Traceback" not in piped.stderr and "Exception ignored" not in piped.stderr
