"""Library tests for the store: schema, save / replace / load, import batches, concurrency."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from referat.archive import migrations, schema, views
from referat.archive.identity import facts
from referat.archive.load import SourceText, load_item, load_meeting, source_text
from referat.archive.save import rebuild_search, save_meeting
from referat.archive.stems import stem
from referat.archive.store import open_archive
from referat.cli.export import export_meetings
from referat.errors import ArchiveError, NotFoundError
from referat.ingest.batch import expand_paths, import_paths
from referat.models import Attendee, Item, Meeting, Section, Source
from referat.pipeline import parse_document
from referat.read.files import read_document
from referat.structure.classify import case_key

from council import LAYOUT, council_meeting

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = sorted((ROOT / "fixtures").glob("*.txt"))
ALL_FIXTURES = sorted(p for p in (ROOT / "fixtures").iterdir() if p.suffix in (".txt", ".pdf"))
SEED1 = ROOT / "fixtures" / "htk-direktionen-2023-01-16.txt"


def parsed(path: Path) -> Meeting:
    return parse_document(read_document(path.read_bytes(), str(path))).meeting


def hand_meeting(day: int = 1, sha: str = "a", text: str = "Godkendt.") -> Meeting:
    date = dt.date(2023, 3, day)
    return Meeting(
        id=f"referat-byraadet-{date.isoformat()}",
        kind="referat",
        body="Byrådet",
        date=date,
        start="17:00",
        fields={"Mødested": "Rådhuset", "Afbud": "Ole [Sen]"},
        attendees=[Attendee(name="Ole Sen", absent=True), Attendee(name="Åse Ør")],
        notes=["En note"],
        source=Source(path="x.txt", sha256=sha * 64, format="text"),
        items=[
            Item(
                number=1,
                title="Budget",
                case_number="Sagsnr.: 23/14607",
                page=2,
                closed=True,
                absent=["Ole Sen"],
                sections=[
                    Section(kind="baggrund", heading="Baggrund", text="Om budgettet."),
                    Section(
                        kind="beslutning",
                        heading="Beslutning Byrådet den 01-03-2023",
                        text=text,
                        body="Byrådet",
                        date=date,
                    ),
                ],
                attachments=["Bilag 1.pdf", "Bilag 2.pdf"],
            ),
            Item(number=2, title="Uden afsnit"),
        ],
    )


@pytest.fixture
def archive():
    with open_archive(":memory:") as a:
        yield a


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"


def count(archive, table: str) -> int:
    return int(archive.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


# --- schema and settings -------------------------------------------------------------------


def test_file_archive_settings(db_path: Path) -> None:
    with open_archive(db_path) as a:
        assert a.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert a.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert a.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert a.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.schema_version()
        versions = [r[0] for r in a.conn.execute("SELECT version FROM _migrations")]
        assert versions == [n for n, _, _ in migrations.MIGRATIONS]


def test_schema_has_declared_tables_views_indexes(archive) -> None:
    names = {(r[0], r[1]) for r in archive.conn.execute("SELECT type, name FROM sqlite_master")}
    for table in schema.TABLES:
        assert ("table", table.name) in names
    for view in views.VIEWS:
        assert ("view", view) in names
    for index in schema.INDEXES:
        assert ("index", index) in names
    for trigger in views.TRIGGERS:
        assert ("trigger", trigger) in names
    for fts in schema.FTS_INDEXES:
        sql = archive.conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = ?", (fts.name,)
        ).fetchone()[0]
        assert "remove_diacritics 0" in sql
        assert f'content="{fts.table}"' in sql  # external content: no copy of the text
        for suffix in ("_ai", "_ad", "_au"):  # sqlite-utils' triggers
            assert ("trigger", fts.table + suffix) in names


def test_reopen_is_idempotent(db_path: Path) -> None:
    with open_archive(db_path) as a:
        save_meeting(a, hand_meeting())
    with open_archive(db_path) as a:
        assert count(a, "meetings") == 1
        assert count(a, "_migrations") == len(migrations.MIGRATIONS)


def test_older_archive_is_upgraded_in_place(db_path: Path, monkeypatch) -> None:
    with open_archive(db_path) as a:
        save_meeting(a, hand_meeting())

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE meetings ADD COLUMN committee TEXT")

    n = migrations.schema_version() + 1
    monkeypatch.setattr(
        migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (n, "committee", add_column)]
    )
    with open_archive(db_path) as a:
        assert a.conn.execute("PRAGMA user_version").fetchone()[0] == n
        assert [r[0] for r in a.conn.execute("SELECT version FROM _migrations")] == [
            *range(1, n + 1)
        ]
        columns = [r[1] for r in a.conn.execute("PRAGMA table_info(meetings)")]
        assert "committee" in columns
        assert load_meeting(a, hand_meeting().id) == hand_meeting()  # nothing dropped


def old_archive(path: Path, version: int) -> Meeting:
    """An archive as referat of schema ``version`` wrote it (tests/data/make_archive_dump.py);
    returns the meeting it holds."""
    with sqlite3.connect(path) as conn:
        conn.executescript((DATA / f"archive-v{version}.sql").read_text(encoding="utf-8"))
    conn.close()
    return Meeting.model_validate_json((DATA / f"archive-v{version}.json").read_bytes())


_INFO = {"table": "table_info", "view": "table_info", "index": "index_xinfo"}


def shape(archive) -> dict[str, list[tuple[object, ...]]]:
    """Every table's and view's columns (name, type, not null, default, primary key), the
    names of every index and trigger, and each index's columns."""
    objects = archive.conn.execute(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    columns = {
        name: [tuple(r)[1:] for r in archive.conn.execute(f'PRAGMA {pragma}("{name}")')]
        for kind, name in objects
        if (pragma := _INFO.get(kind))
    }
    return {"": [tuple(r) for r in objects], **columns}


@pytest.mark.parametrize("version", [1, 2])
def test_older_archive_is_upgraded_to_the_current_shape(
    db_path: Path, tmp_path: Path, version: int
) -> None:
    stored = old_archive(db_path, version)
    with open_archive(db_path) as a:
        assert a.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.schema_version()
        assert [r[0] for r in a.conn.execute("SELECT version FROM _migrations")] == [
            n for n, _, _ in migrations.MIGRATIONS
        ]
        with open_archive(tmp_path / "new.db") as new:
            assert shape(a) == shape(new)
        assert load_meeting(a, stored.id) == stored  # nothing dropped
        assert source_text(a, stored.id) == SourceText(
            "Referat\nByrådet\n\nPunkt 1: Budget", "utf-8"
        )
        source = a.conn.execute("SELECT kept, facts FROM sources").fetchone()
        assert tuple(source) == (1, facts(stored))  # the one source is the kept one
        hits = a.conn.execute("SELECT rowid FROM sections_fts WHERE sections_fts MATCH 'budgettet'")
        assert [r[0] for r in hits] == [1]
        # migration 4: the section's Danish stems, indexed (referat.archive.stems)
        hits = a.conn.execute(
            "SELECT rowid FROM section_stems_fts WHERE section_stems_fts MATCH ?", (stem("budget"),)
        )
        exact = a.conn.execute("SELECT rowid FROM sections_fts WHERE sections_fts MATCH 'budget'")
        assert [r[0] for r in hits] == [r[0] for r in exact] == [1, 2]  # a title is in each
        assert not a.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search'").fetchone()
        # the upgraded archive takes the new fields
        assert save_meeting(a, council_meeting(), SourceText("t", "utf-8", LAYOUT)) == "inserted"
        assert load_meeting(a, council_meeting().id) == council_meeting()
        assert rebuild_search(a) == count(a, "sections") == 2 + 7
    with open_archive(db_path) as a:  # and opens again without migrating
        assert count(a, "_migrations") == len(migrations.MIGRATIONS)


def test_newer_archive_is_refused(db_path: Path) -> None:
    with open_archive(db_path) as a:
        a.conn.execute("PRAGMA user_version = 99")
    with pytest.raises(ArchiveError, match="schema version 99"):
        open_archive(db_path)


def test_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(ArchiveError, match="not a referat archive"):
        open_archive(bad)


def test_other_sqlite_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE dogs (name TEXT)")
    conn.close()
    with pytest.raises(ArchiveError, match="other tables"):
        open_archive(other)


def test_missing_archive_without_create(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="no archive here"):
        open_archive(tmp_path / "nope.db", create=False)
    assert not (tmp_path / "nope.db").exists()


# --- save, load, replace -------------------------------------------------------------------


def test_hand_built_meeting_round_trips(archive) -> None:
    meeting = hand_meeting()
    assert save_meeting(archive, meeting, SourceText("linje 1\nlinje 2", "utf-8")) == "inserted"
    assert load_meeting(archive, meeting.id) == meeting
    assert source_text(archive, meeting.id) == SourceText("linje 1\nlinje 2", "utf-8")
    assert load_item(archive, meeting.id, 2).title == "Uden afsnit"


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: p.name)
def test_fixture_round_trip_through_export(archive, path: Path, tmp_path: Path) -> None:
    meeting = parsed(path)
    save_meeting(archive, meeting)
    out = tmp_path / "export.json"
    with out.open("w", encoding="utf-8") as f:
        assert export_meetings(archive, [meeting.id], f) == 1
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["format"] == "referat" and exported["version"] == 4
    assert exported["meetings"] == [meeting.model_dump(mode="json")]


def test_jsonl_export_one_meeting_per_line(archive, tmp_path: Path) -> None:
    meetings = [parsed(p) for p in FIXTURES]
    for m in meetings:
        save_meeting(archive, m)
    out = tmp_path / "export.jsonl"
    with out.open("w", encoding="utf-8") as f:
        export_meetings(archive, [m.id for m in meetings], f, jsonl=True)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [Meeting.model_validate_json(line) for line in lines] == meetings


def test_council_meeting_round_trips_with_system_parties_and_subitems(archive) -> None:
    meeting = council_meeting()
    assert save_meeting(archive, meeting, SourceText("linje", "utf-8", LAYOUT)) == "inserted"
    assert load_meeting(archive, meeting.id) == meeting
    assert load_item(archive, meeting.id, 2) == meeting.items[1]
    assert source_text(archive, meeting.id) == SourceText("linje", "utf-8", LAYOUT)
    assert count(archive, "subitems") == 5
    # an item's sections: its own, then its sub-items', one position sequence, consecutive ids
    rows = archive.conn.execute(
        "SELECT id, position, subitem FROM sections WHERE item_id = "
        "(SELECT id FROM items WHERE number = 1) ORDER BY position"
    ).fetchall()
    assert [(r[1], r[2]) for r in rows] == [(0, None), (1, None), (2, 0), (3, 0), (4, 2)]
    assert [r[0] for r in rows] == list(range(rows[0][0], rows[0][0] + 5))


def test_subitem_sections_are_in_the_search_index(archive) -> None:
    save_meeting(archive, council_meeting())
    rows = archive.conn.execute(
        "SELECT s.item_title, s.text FROM sections_fts JOIN sections s ON s.id = sections_fts.rowid"
        " ORDER BY s.id"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("Meddelelser", "Orientering fra borgmesteren."),
        ("Meddelelser", "Meddelelserne blev taget til efterretning."),
        ("Meddelelser Status på sygefravær", "Sygefraværet faldt til 4 procent."),
        ("Meddelelser Status på sygefravær", "Taget til efterretning."),
        ("Meddelelser Kommende møder", "Næste møde holdes i Rådhushallen."),
        ("Budget 2025 Driftsbudget", "Administrationen indstiller, at driftsbudgettet godkendes."),
        ("Budget 2025 Anlægsbudget", "Godkendt."),
    ]
    # the item without sections is found by its title
    titles = archive.conn.execute("SELECT rowid FROM items_fts WHERE items_fts MATCH 'eventuelt'")
    assert [r[0] for r in titles] == [3]


def matches(archive, words: str) -> list[tuple[object, ...]]:
    """Sections whose item title, heading or text match, through the index."""
    query = (
        "SELECT s.id, s.item_title, s.text FROM sections_fts JOIN sections s "
        "ON s.id = sections_fts.rowid WHERE sections_fts MATCH ? ORDER BY s.id"
    )
    return [tuple(r) for r in archive.conn.execute(query, (words,))]


def check_index(archive) -> None:
    """FTS5's own check that an external-content index matches its table."""
    for fts in schema.FTS_INDEXES:
        archive.conn.execute(
            f"INSERT INTO {fts.name}({fts.name}, rank) VALUES ('integrity-check', 1)"
        )


def test_search_triggers_follow_edits_of_items_subitems_and_sections(archive) -> None:
    save_meeting(archive, council_meeting())
    edits = [
        "UPDATE items SET title = 'Orienteringer' WHERE number = 1",
        "UPDATE subitems SET title = 'Fravær' WHERE label = 'a'",
        "UPDATE sections SET text = 'Udsat.' WHERE text = 'Godkendt.'",
        "UPDATE sections SET subitem = 1 WHERE text LIKE 'Næste møde%'",
    ]
    for sql in edits:
        archive.conn.execute(sql)
        check_index(archive)
    assert [r[1:] for r in matches(archive, "fravær")] == [
        ("Orienteringer Fravær", "Sygefraværet faldt til 4 procent."),
        ("Orienteringer Fravær", "Taget til efterretning."),
    ]
    assert matches(archive, "meddelelser") == []
    assert [r[2] for r in matches(archive, "udsat")] == ["Udsat."]
    assert matches(archive, "godkendt") == []


def test_deleting_a_subitem_deletes_its_sections(archive) -> None:
    save_meeting(archive, council_meeting())
    archive.conn.execute("DELETE FROM subitems WHERE label = 'a'")
    check_index(archive)
    assert matches(archive, "sygefraværet") == []
    item = load_item(archive, council_meeting().id, 1)
    assert [(s.label, len(s.sections)) for s in item.subitems] == [("b", 0), ("c", 1)]
    assert item.sections == council_meeting().items[0].sections
    archive.conn.execute("DELETE FROM meetings")
    assert count(archive, "subitems") == count(archive, "sections") == 0
    assert matches(archive, "borgmesteren") == []


def test_views_count_and_label_subitem_decisions(archive) -> None:
    save_meeting(archive, council_meeting())
    rows = archive.conn.execute(
        "SELECT item_number, subitem_label, subitem_title, decision_text FROM decisions "
        "ORDER BY item_number, subitem_label"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        (1, None, None, "Meddelelserne blev taget til efterretning."),
        (1, "a", "Status på sygefravær", "Taget til efterretning."),
        (2, "2.2", "Anlægsbudget", "Godkendt."),
    ]
    summary = archive.conn.execute("SELECT items, decisions FROM meeting_summary").fetchone()
    assert tuple(summary) == (3, 3)


def test_same_sha_is_unchanged_and_writes_nothing(archive) -> None:
    save_meeting(archive, hand_meeting())
    before = archive.conn.total_changes
    assert save_meeting(archive, hand_meeting()) == "unchanged"
    assert archive.conn.total_changes == before


def test_changed_source_replaces_rows(archive) -> None:
    save_meeting(archive, hand_meeting(text="Udsat."))
    assert save_meeting(archive, hand_meeting(sha="b", text="Vedtaget.")) == "updated"
    texts = [r[0] for r in archive.conn.execute("SELECT decision_text FROM decisions")]
    assert texts == ["Vedtaget."]
    assert count(archive, "items") == 2
    assert count(archive, "attendees") == 2
    assert count(archive, "attachments") == 2
    assert matches(archive, "udsat") == []
    assert [r[2] for r in matches(archive, "vedtaget")] == ["Vedtaget."]


def test_search_index_follows_rows(archive) -> None:
    save_meeting(archive, hand_meeting())
    assert len(matches(archive, "budget")) == 2  # each section, by its item's title
    archive.conn.execute("DELETE FROM meetings")
    check_index(archive)
    assert matches(archive, "budget") == []
    assert count(archive, "sections") == 0


def test_load_missing_meeting(archive) -> None:
    with pytest.raises(NotFoundError, match="no meeting 'referat-x-2020-01-01'"):
        load_meeting(archive, "referat-x-2020-01-01")
    save_meeting(archive, hand_meeting())
    with pytest.raises(NotFoundError, match="has no item 7"):
        load_item(archive, hand_meeting().id, 7)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("22/21670", "22/21670"),
        ("Sagsnr.: 22/21670", "22/21670"),
        ("22 / 21670", "22/21670"),
        ("sagsnr 22/21670", "22/21670"),
        ("J.nr. 2023/123-4", "2023/123-4"),
        ("EMN-2025-003928", "emn-2025-003928"),
        ("Sagsnr.: 2012-28504", "2012-28504"),
        ("20-055908K", "20-055908k"),
        ("  ", None),
        (None, None),
    ],
)
def test_case_key(written: str | None, key: str | None) -> None:
    assert case_key(written) == key


# --- import batches ------------------------------------------------------------------------


def test_import_fixtures_then_reimport_unchanged(archive) -> None:
    paths = [str(p) for p in FIXTURES]
    first = import_paths(archive, paths)
    assert first.count("inserted") == len(paths) and first.ok
    second = import_paths(archive, paths)
    assert second.count("unchanged") == len(paths)
    assert second.summary() == f"0 inserted, 0 updated, {len(paths)} unchanged, 0 failed"
    stored = archive.conn.execute(
        "SELECT text FROM sources WHERE meeting_id = ?", ("referat-direktionen-2023-01-16",)
    ).fetchone()[0]
    assert "Punkt 3: Rekrutteringspulje 2023" in stored


def test_modified_file_is_updated_and_old_decisions_gone(archive, tmp_path: Path) -> None:
    copy = tmp_path / "seed.txt"
    copy.write_text(SEED1.read_text(encoding="utf-8"), encoding="utf-8")
    import_paths(archive, [str(copy)])
    old = "Taget til efterretning."
    assert old in [r[0] for r in archive.conn.execute("SELECT decision_text FROM decisions")]
    copy.write_text(
        SEED1.read_text(encoding="utf-8").replace(old, "Ansøgningen blev trukket tilbage."),
        encoding="utf-8",
    )
    report = import_paths(archive, [str(copy)])
    assert [r.status for r in report.results] == ["updated"]
    decisions = [r[0] for r in archive.conn.execute("SELECT decision_text FROM decisions")]
    assert old not in decisions
    assert "Ansøgningen blev trukket tilbage." in decisions
    assert count(archive, "meetings") == 1


def test_failing_file_leaves_others_imported(archive, tmp_path: Path) -> None:
    binary = tmp_path / "broken.txt"
    binary.write_bytes(b"\x00\x01\x02")
    notes = tmp_path / "notes.txt"
    notes.write_text("Indkøbsliste: mælk, brød\n", encoding="utf-8")
    paths = [str(FIXTURES[0]), str(binary), str(tmp_path / "missing.txt"), str(notes)]
    paths.append(str(FIXTURES[1]))
    report = import_paths(archive, paths)
    assert [r.status for r in report.results] == [
        "inserted",
        "failed",
        "failed",
        "failed",
        "inserted",
    ]
    assert not report.ok
    assert "binary file" in (report.results[1].reason or "")
    assert "no such file" in (report.results[2].reason or "")
    assert count(archive, "meetings") == 2


def test_import_stdin(archive) -> None:
    report = import_paths(archive, ["-"], read_stdin=SEED1.read_bytes)
    assert [(r.path, r.status) for r in report.results] == [("<stdin>", "inserted")]
    assert load_meeting(archive, "referat-direktionen-2023-01-16").source.path == "<stdin>"


def test_expand_paths_recurses_folders(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/1.txt", "a/b/2.PDF", "a/b/3.md", "0.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in expand_paths([str(tmp_path)])]
    assert found == ["0.txt", "a/1.txt", "a/b/2.PDF"]
    assert list(expand_paths(["-", "file.txt"])) == ["-", "file.txt"]


# --- two writers ---------------------------------------------------------------------------

_WRITER = """
import sys
from pathlib import Path
from referat.ingest.batch import import_paths
from referat.archive.store import open_archive
db, folder = sys.argv[1], Path(sys.argv[2])
with open_archive(db) as archive:
    report = import_paths(archive, sorted(str(p) for p in folder.glob("*.txt")))
print(report.summary())
sys.exit(0 if report.ok else 1)
"""


def _variants(folder: Path, month: int) -> None:
    folder.mkdir()
    text = SEED1.read_text(encoding="utf-8")
    for day in range(1, 13):
        variant = text.replace("16-01-2023", f"{day:02d}-{month:02d}-2023").replace(
            "16. januar 2023", f"{day}. {['', 'januar', 'februar'][month]} 2023"
        )
        (folder / f"{day:02d}.txt").write_text(variant, encoding="utf-8")


def test_two_imports_at_once_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    _variants(tmp_path / "jan", 1)
    _variants(tmp_path / "feb", 2)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(db), str(tmp_path / folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in ("jan", "feb")
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert out.strip() == "12 inserted, 0 updated, 0 unchanged, 0 failed"
    with open_archive(db) as a:
        assert count(a, "meetings") == 24
        assert count(a, "items") == 24 * 6


def test_rebuild_search_matches_saved_rows(archive) -> None:
    for path in FIXTURES:
        save_meeting(archive, parsed(path))
    save_meeting(archive, council_meeting())
    before = matches(archive, "sygefravær OR budget*")
    assert before
    assert rebuild_search(archive) == count(archive, "sections")
    check_index(archive)
    assert matches(archive, "sygefravær OR budget*") == before
