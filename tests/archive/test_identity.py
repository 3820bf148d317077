"""Whose meeting it is and which meeting a document is: municipality, same-day meetings,
several sources per meeting, a meeting deleted by hand (issue 10)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from referat.archive.identity import facts, ranking
from referat.archive.load import load_meeting, meeting_sources
from referat.archive.query import Filters, list_meetings
from referat.archive.search import search_text
from referat.archive.store import open_archive
from referat.cli import cli
from referat.ingest.batch import ImportReport, expand_paths, import_paths
from referat.pipeline import parse_file
from referat.read.lines import Line
from referat.structure.parse_header import find_municipality

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
TXT = FIXTURES / "htk-direktionen-2023-01-16.txt"
PDF = FIXTURES / "htk-direktionen-2023-01-16.pdf"
OTHER = FIXTURES / "htk-direktionen-2023-02-06.txt"  # another meeting, other items


def variant(tmp_path: Path, name: str, source: Path, *, first: str = "", **replace: str) -> Path:
    """A copy of a text fixture with a line put first and words replaced."""
    text = source.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old.replace("_", " ") in text
        text = text.replace(old.replace("_", " "), new)
    path = tmp_path / name
    path.write_text(first + "\n" + text, encoding="utf-8")
    return path


def run(db: Path, *paths: Path | str, **options: object) -> ImportReport:
    with open_archive(db) as archive:
        return import_paths(archive, list(expand_paths(str(p) for p in paths)), **options)  # type: ignore[arg-type]


def statuses(report: ImportReport) -> list[str]:
    return [r.status for r in report.results]


def stored(db: Path) -> dict[str, tuple[str | None, str | None, int]]:
    """id -> (municipality, start, items) of every stored meeting."""
    with open_archive(db) as a:
        return {
            r[0]: (r[1], r[2], r[3])
            for r in a.conn.execute(
                "SELECT id, municipality, start, (SELECT count(*) FROM items i "
                "WHERE i.meeting_id = m.id) FROM meetings m"
            )
        }


# --- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "metadata", "expected"),
    [
        (["HØJE-TAASTRUP KOMMUNE", "Referat"], {}, "Høje-Taastrup"),
        (["Greve Kommune – Økonomiudvalget", "Dagsorden"], {}, "Greve"),
        (["Referat", "Aarhus Byråd", "onsdag den 8. oktober 2025"], {}, "Aarhus"),
        (["Høje-Taastrup Kommune Referat Direktionen 16-01-2023"], {}, "Høje-Taastrup"),
        (["Referat", "Direktionen"], {"Author": "Greve Kommune, Sekretariatet"}, "Greve"),
        # prose that starts with a municipality, a body, a meeting kind: no municipality
        (["Høje-Taastrup Kommune vil styrke den digitale service"], {}, None),
        (["Referat fra Byrådets møde den 21. marts 2023"], {}, None),
        (["REFERAT Direktionen d. 16-01-2023"], {"Title": "Referat"}, None),
    ],
)
def test_find_municipality(lines: list[str], metadata: dict[str, str], expected: str) -> None:
    found = find_municipality([Line(t, number=n) for n, t in enumerate(lines, 1)], metadata)
    assert found == expected


def test_running_header_deep_in_the_document_counts_only_when_it_repeats() -> None:
    body = [Line(f"Linje {n}", page=p, number=n) for p in (1, 2, 3) for n in range(1, 30)]
    header = [Line("Greve Kommune", page=p, number=0) for p in (2, 3)]
    assert find_municipality(sorted(body + header, key=lambda ln: (ln.page, ln.number)), {}) == (
        "Greve"
    )
    assert find_municipality(body + header[:1], {}) is None  # once, on page 2: not furniture


def test_pdf_running_header_names_the_municipality() -> None:
    meeting = parse_file(PDF).meeting
    assert meeting.municipality == "Høje-Taastrup"
    assert meeting.id == "referat-hoeje-taastrup-direktionen-2023-01-16"
    assert parse_file(TXT).meeting.municipality is None  # the text has no header line


# --- identity ---------------------------------------------------------------------------------


def test_two_municipalities_same_day_are_two_meetings(tmp_path: Path) -> None:
    htk = variant(tmp_path, "htk.txt", TXT, first="HØJE-TAASTRUP KOMMUNE")
    greve = variant(tmp_path, "greve.txt", TXT, first="Greve Kommune – Direktionen")
    db = tmp_path / "a.db"
    assert statuses(run(db, htk, greve)) == ["inserted", "inserted"]
    assert stored(db) == {
        "referat-hoeje-taastrup-direktionen-2023-01-16": ("Høje-Taastrup", "09:30", 6),
        "referat-greve-direktionen-2023-01-16": ("Greve", "09:30", 6),
    }
    assert statuses(run(db, htk, greve)) == ["unchanged", "unchanged"]
    with open_archive(db) as a:
        rows = list_meetings(a, filters=Filters(municipality="greve kommune"))
        assert [r.id for r in rows] == ["referat-greve-direktionen-2023-01-16"]
        hits = search_text(a, "sygefravær", filters=Filters(municipality="Høje-Taastrup"))
        assert {h.meeting_id for h in hits} == {"referat-hoeje-taastrup-direktionen-2023-01-16"}


def test_municipality_option_wins_over_the_document(tmp_path: Path) -> None:
    htk = variant(tmp_path, "htk.txt", TXT, first="HØJE-TAASTRUP KOMMUNE")
    db = tmp_path / "a.db"
    report = run(db, htk, TXT, reading={"municipality": "Greve"})
    assert statuses(report) == ["inserted", "updated"]  # the same meeting, twice
    assert stored(db) == {"referat-greve-direktionen-2023-01-16": ("Greve", "09:30", 6)}


def test_two_meetings_of_one_body_on_one_day(tmp_path: Path) -> None:
    morning = TXT
    afternoon = variant(tmp_path, "pm.txt", OTHER, **{"06-02-2023": "16-01-2023",
                        "06._februar_2023_kl._09:00": "16. januar 2023 kl. 14:00"})  # fmt: skip
    db = tmp_path / "a.db"
    report = run(db, morning, afternoon)
    assert statuses(report) == ["inserted", "inserted"]
    assert report.results[1].meeting_id == "referat-direktionen-2023-01-16-1400"
    assert "another meeting of Direktionen" in (report.results[1].note or "")
    assert stored(db) == {
        "referat-direktionen-2023-01-16": (None, "09:30", 6),
        "referat-direktionen-2023-01-16-1400": (None, "14:00", 3),
    }
    assert statuses(run(db, morning, afternoon)) == ["unchanged", "unchanged"]


def test_text_without_municipality_joins_the_meeting_with_its_items(tmp_path: Path) -> None:
    greve = variant(tmp_path, "greve.txt", OTHER, first="Greve Kommune",
                    **{"06-02-2023": "16-01-2023", "06._februar": "16. januar"})  # fmt: skip
    db = tmp_path / "a.db"
    assert statuses(run(db, greve, PDF, TXT)) == ["inserted", "inserted", "updated"]
    meetings = stored(db)
    assert meetings == {
        "referat-greve-direktionen-2023-01-16": ("Greve", "09:00", 3),
        "referat-hoeje-taastrup-direktionen-2023-01-16": ("Høje-Taastrup", "09:30", 6),
    }
    with open_archive(db) as a:  # the text is a second source of the Høje-Taastrup meeting
        paths = [
            s.path for s in meeting_sources(a, "referat-hoeje-taastrup-direktionen-2023-01-16")
        ]
        assert sorted(paths) == sorted([str(PDF), str(TXT)])


# --- several sources --------------------------------------------------------------------------


def kept_by_rule(*paths: Path) -> Path:
    """The source the documented rule keeps: more facts, then format; newest on a tie."""
    best = None
    for path in paths:  # in import order: a later one wins a tie
        meeting = parse_file(path).meeting
        rank = ranking(facts(meeting), meeting.source.format)
        if best is None or rank >= best[0]:
            best = (rank, path)
    assert best is not None
    return best[1]


@pytest.mark.parametrize("order", [(TXT, PDF), (PDF, TXT)], ids=["txt-pdf", "pdf-txt"])
def test_txt_and_pdf_are_one_meeting_with_two_sources(tmp_path: Path, order) -> None:
    db = tmp_path / "a.db"
    report = run(db, *order)
    assert statuses(report) == ["inserted", "updated"]
    assert report.results[1].note  # says what it replaced, or that it was added, and why
    meeting_id = "referat-hoeje-taastrup-direktionen-2023-01-16"
    assert list(stored(db)) == [meeting_id]
    keep = kept_by_rule(*order)
    with open_archive(db) as a:
        sources = meeting_sources(a, meeting_id)
        assert (sources[0].path, sources[0].kept) == (str(keep), True)
        assert sorted(s.path for s in sources) == sorted([str(TXT), str(PDF)])
        loaded = load_meeting(a, meeting_id)
    expected = parse_file(keep).meeting
    assert loaded.items == expected.items  # the kept parse, whole
    assert loaded.municipality == "Høje-Taastrup"  # from the PDF, whichever parse is kept
    assert statuses(run(db, *order)) == ["unchanged", "unchanged"]


def test_importing_a_folder_twice_is_all_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in FIXTURES.glob("htk-*"):
        if path.suffix in (".txt", ".pdf"):
            (folder / path.name).write_bytes(path.read_bytes())
    db = tmp_path / "a.db"
    first = run(db, folder)
    assert first.count("inserted") == 3 and first.count("updated") == 2, first.summary()
    second = run(db, folder)
    assert statuses(second) == ["unchanged"] * 5


def test_corrected_republication_replaces_the_parse_and_keeps_both(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    fixed = variant(tmp_path, "fixed.txt", TXT, Mødelokale_B105="Mødelokale B106")
    assert statuses(run(db, TXT, fixed)) == ["inserted", "updated"]
    with open_archive(db) as a:
        assert load_meeting(a, "referat-direktionen-2023-01-16").location == "Mødelokale B106"
        assert len(meeting_sources(a, "referat-direktionen-2023-01-16")) == 2


# --- a meeting deleted by hand ------------------------------------------------------------------


def test_meeting_deleted_by_hand_is_restored_by_reimport(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    run(db, TXT, OTHER)
    with open_archive(db) as a:
        before = load_meeting(a, "referat-direktionen-2023-01-16")
    # as in the sqlite3 shell: foreign keys off, so its items, sections and sources stay behind
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM meetings WHERE id = 'referat-direktionen-2023-01-16'")
    conn.commit()
    conn.close()
    report = run(db, TXT, OTHER)
    assert statuses(report) == ["inserted", "unchanged"]
    with open_archive(db) as a:
        assert load_meeting(a, "referat-direktionen-2023-01-16") == before
        orphans = a.conn.execute(
            "SELECT count(*) FROM items WHERE meeting_id NOT IN (SELECT id FROM meetings)"
        ).fetchone()[0]
        assert orphans == 0
        assert a.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 6 + 3
        assert a.conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 2
        hits = search_text(a, "sygefraværspulje")
        assert [h.meeting_id for h in hits] == ["referat-direktionen-2023-01-16"]
    assert statuses(run(db, TXT, OTHER)) == ["unchanged", "unchanged"]


# --- the command line ---------------------------------------------------------------------------


def test_cli_says_what_an_import_replaces_and_shows_the_municipality(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    runner = CliRunner(env={"COLUMNS": "80", "REFERAT_DB": None})
    db = str(tmp_path / "a.db")
    txt, pdf = str(TXT.relative_to(ROOT)), str(PDF.relative_to(ROOT))
    result = runner.invoke(cli, ["import", "--db", db, "--jobs", "1", txt, pdf])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"updated: {pdf}: ")
    assert "referat-direktionen-2023-01-16" in lines[0]
    assert lines[-1] == "Imported: 1 inserted, 1 updated, 0 unchanged, 0 failed"
    listed = runner.invoke(cli, ["list", "--db", db, "--municipality", "høje-taastrup kommune"])
    assert listed.stdout.splitlines()[1].startswith("2023-01-16 Høje-Taastrup Direktionen")
    shown = runner.invoke(
        cli, ["show", "--db", db, "referat-hoeje-taastrup-direktionen-2023-01-16"]
    )
    assert "│ Kommune    Høje-Taastrup" in shown.stdout
    assert f"│ Også       {txt}" in shown.stdout  # the other source
    none = runner.invoke(cli, ["list", "--db", db, "--municipality", "Greve", "--json"])
    assert none.stdout.strip() == "[]"
    exported = runner.invoke(
        cli, ["export", "--db", db, "--jsonl", "--municipality", "HØJE-TAASTRUP"]
    )
    assert [json.loads(line)["municipality"] for line in exported.stdout.splitlines()] == [
        "Høje-Taastrup"
    ]
    other = runner.invoke(cli, ["export", "--db", db, "--jsonl", "--municipality", "Greve"])
    assert other.exit_code == 0 and other.stdout == ""
