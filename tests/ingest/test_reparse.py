"""``referat reparse`` and the lossless check over what the archive stores."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from referat.archive.load import SourceText, load_meeting, source_text
from referat.archive.store import Archive, open_archive
from referat.cli import cli
from referat.ingest.batch import import_paths
from referat.ingest.reparse import describe_changes, reparse_archive
from referat.models import SubItem
from referat.read.files import text_lines
from referat.read.joining import join_wrapped
from referat.structure.clean import clean_lines
from referat.structure.paragraphs import vocabulary_of

from lossless import lossless_diff

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
TEXTS = sorted(FIXTURES.glob("*.txt"))
PDFS = sorted(FIXTURES.glob("*.pdf"))


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    a = open_archive(tmp_path / "a.db")
    report = import_paths(a, [str(p) for p in [*TEXTS, *PDFS]])
    assert report.ok, report.failures
    return a


def meeting_ids(archive: Archive) -> list[str]:
    return [r[0] for r in archive.conn.execute("SELECT id FROM meetings ORDER BY id")]


def _rejoined(text: str) -> str:
    """A PDF's stored text after the cleaners, every wrapped line joined to the next with
    hyphenation undone: only the words (``plan-`` + ``lægningen``) change."""
    lines = clean_lines(text_lines(text))
    vocabulary = vocabulary_of(lines)
    joined = ""
    for line in lines:
        joined = join_wrapped(joined, line.text, vocabulary)
    return joined


def test_every_stored_meeting_is_lossless_against_its_stored_source(archive: Archive) -> None:
    """The source text kept in the archive holds no word that its stored meeting lacks.  For a
    PDF the check runs on the text after the cleaners (page furniture removed) with its wrapped
    lines re-joined (hyphenation undone): the only words a meeting may lack."""
    for meeting_id in meeting_ids(archive):
        meeting = load_meeting(archive, meeting_id)
        text = source_text(archive, meeting_id).text or ""
        if meeting.source.format == "pdf":
            text = _rejoined(text)
        lost, invented = lossless_diff(text, meeting)
        assert not lost, f"{meeting_id}: words lost: {dict(lost)}"
        assert not invented, f"{meeting_id}: words invented: {dict(invented)}"


def test_reparse_of_a_fresh_archive_is_unchanged(archive: Archive) -> None:
    report = reparse_archive(archive)
    assert report.summary() == f"{len(meeting_ids(archive))} unchanged, 0 changed, 0 failed"


def test_reparse_reports_and_writes_what_changed(archive: Archive) -> None:
    meeting_id = "referat-direktionen-2023-02-06"
    # An older parser stored item 2 without its case number and with a shorter title.
    archive.conn.execute(
        "UPDATE items SET case_number = NULL, title = 'Rekrutteringspulje' "
        "WHERE meeting_id = ? AND number = 2",
        (meeting_id,),
    )
    before = load_meeting(archive, meeting_id)
    report = reparse_archive(archive)
    changed = [r for r in report.results if r.status == "changed"]
    assert [r.meeting_id for r in changed] == [meeting_id]
    assert changed[0].changes == (
        "item 2 title: 'Rekrutteringspulje' -> 'Rekrutteringspulje 2023 - konkretiseri…",
        "item 2 case_number: None -> '22/21670'",
    )
    assert load_meeting(archive, meeting_id) == before  # not written without write=True
    written = reparse_archive(archive, write=True)
    assert written.count("changed") == 1
    assert load_meeting(archive, meeting_id).items[1].case_number == "22/21670"
    assert reparse_archive(archive).count("changed") == 0


def test_reparse_writes_the_stored_layout_back(archive: Archive) -> None:
    meeting_id = "referat-direktionen-2023-02-06"
    layout = "[[1,1,0.0,12.0,1,0,0.0,1,false]]"
    archive.conn.execute("UPDATE sources SET layout = ? WHERE meeting_id = ?", (layout, meeting_id))
    archive.conn.execute("UPDATE items SET title = 'x' WHERE meeting_id = ?", (meeting_id,))
    seen = source_text(archive, meeting_id)
    assert seen.layout == layout
    assert reparse_archive(archive, write=True).count("changed") == 1
    assert load_meeting(archive, meeting_id).items[0].title != "x"
    assert source_text(archive, meeting_id) == SourceText(seen.text, seen.encoding, layout)


def test_reparse_failure_keeps_the_meeting(archive: Archive) -> None:
    meeting_id = "referat-direktionen-2023-02-06"
    archive.conn.execute("UPDATE sources SET text = 'kladde' WHERE meeting_id = ?", (meeting_id,))
    report = reparse_archive(archive, write=True)
    failed = [r for r in report.results if r.status == "failed"]
    assert [(r.meeting_id, "no minutes structure" in (r.reason or "")) for r in failed] == [
        (meeting_id, True)
    ]
    assert load_meeting(archive, meeting_id).items  # still there


def test_describe_changes_is_short(archive: Archive) -> None:
    old = load_meeting(archive, "referat-hoeje-taastrup-direktionen-2023-01-16")
    new = old.model_copy(update={"location": "Byrådssalen", "items": old.items[:2]})
    assert describe_changes(old, new) == ["location: 'Mødelokale B105' -> 'Byrådssalen'",
                                          "items: 6 -> 2"]  # fmt: skip


def test_describe_changes_sees_system_and_subitems(archive: Archive) -> None:
    old = load_meeting(archive, "referat-hoeje-taastrup-direktionen-2023-01-16")
    items = [old.items[0].model_copy(update={"subitems": [SubItem(label="a", title="A")]})]
    attendees = [old.attendees[0].model_copy(update={"party": "A"}), *old.attendees[1:]]
    new = old.model_copy(
        update={"system": "edoc", "attendees": attendees, "items": items + old.items[1:]}
    )
    assert describe_changes(old, new) == [
        "system: 'firstagenda' -> 'edoc'",
        "attendees changed",
        "item 1 subitems [] -> ['a']",
    ]
    renamed = [items[0].model_copy(update={"subitems": [SubItem(label="a", title="B")]})]
    newer = new.model_copy(update={"items": renamed + old.items[1:]})
    assert describe_changes(new, newer) == ["item 1 subitems changed"]


def test_cli_reparse(tmp_path: Path) -> None:
    runner = CliRunner(env={"REFERAT_DB": None})
    db = str(tmp_path / "cli.db")
    assert runner.invoke(cli, ["import", "--db", db, *map(str, TEXTS)]).exit_code == 0
    result = runner.invoke(cli, ["reparse", "--db", db])
    assert result.exit_code == 0
    assert result.stderr == "Re-parsed: 3 unchanged, 0 changed, 0 failed\n"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE sources SET text = '' WHERE meeting_id LIKE '%2024-11-04'")
        conn.execute("UPDATE items SET title = 'x' WHERE meeting_id LIKE '%2023-02-06'")
    result = runner.invoke(cli, ["reparse", "--db", db, "--json"])
    assert result.exit_code == 1
    statuses = {r["meeting"]: r["status"] for r in json.loads(result.stdout)}
    assert statuses == {
        "referat-direktionen-2023-01-16": "unchanged",
        "referat-direktionen-2023-02-06": "changed",
        "referat-direktionen-2024-11-04": "failed",
    }
    assert result.stderr.startswith("Re-parsed: 1 unchanged, 1 changed, 1 failed")
    assert runner.invoke(cli, ["reparse", "--db", str(tmp_path / "none.db")]).exit_code == 1
