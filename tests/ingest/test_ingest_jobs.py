"""Parallel import (--jobs): same archive as a serial import, results in input order."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from referat.archive.load import iter_meetings
from referat.archive.store import open_archive
from referat.cli import cli
from referat.ingest.batch import import_paths

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


def batch(tmp_path: Path) -> list[str]:
    """Text and PDF minutes, a broken PDF and a missing file, in a fixed order."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("htk-direktionen-2023-01-16.txt", "htk-direktionen-2024-11-04.pdf",
                 "htk-direktionen-2023-02-06.txt"):  # fmt: skip
        shutil.copy(FIXTURES / name, folder / name)
    shutil.copy(FIXTURES / "pdf-errors" / "truncated.pdf", folder / "truncated.pdf")
    return [
        str(folder / "htk-direktionen-2023-01-16.txt"),
        str(folder / "truncated.pdf"),
        str(folder / "missing.txt"),
        str(folder / "htk-direktionen-2024-11-04.pdf"),
        str(folder / "htk-direktionen-2023-02-06.txt"),
    ]


def dump(db: Path) -> list[dict[str, object]]:
    archive = open_archive(db)
    ids = [r[0] for r in archive.conn.execute("SELECT id FROM meetings ORDER BY id")]
    return [m.model_dump(mode="json") for m in iter_meetings(archive, ids)]


def test_jobs_2_gives_the_same_archive_and_order_as_jobs_1(tmp_path: Path) -> None:
    paths = batch(tmp_path)
    reports = {}
    for jobs in (1, 2):
        archive = open_archive(tmp_path / f"j{jobs}.db")
        reports[jobs] = import_paths(archive, paths, jobs=jobs)
        archive.conn.close()
    for jobs, report in reports.items():
        assert [(Path(r.path).name, r.status) for r in report.results] == [
            ("htk-direktionen-2023-01-16.txt", "inserted"),
            ("truncated.pdf", "failed"),
            ("missing.txt", "failed"),
            ("htk-direktionen-2024-11-04.pdf", "inserted"),
            ("htk-direktionen-2023-02-06.txt", "inserted"),
        ], jobs
    assert "truncated" in (reports[2].results[1].reason or "")
    assert "no such file" in (reports[2].results[2].reason or "")
    assert dump(tmp_path / "j1.db") == dump(tmp_path / "j2.db")
    assert len(dump(tmp_path / "j2.db")) == 3


def test_reimport_with_jobs_is_unchanged_without_parsing(tmp_path: Path) -> None:
    paths = [p for p in batch(tmp_path) if "missing" not in p and "truncated" not in p]
    archive = open_archive(tmp_path / "a.db")
    import_paths(archive, paths, jobs=2)
    again = import_paths(archive, paths, jobs=2)
    assert [r.status for r in again.results] == ["unchanged"] * 3


def test_cli_jobs_option(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(cli, ["import", "--db", str(db), "--jobs", "2", *batch(tmp_path)])
    assert result.exit_code == 1  # two inputs failed
    assert result.stderr.endswith("Imported: 3 inserted, 0 updated, 0 unchanged, 2 failed\n")
    assert CliRunner().invoke(cli, ["import", "--db", str(db), "--jobs", "0", "x"]).exit_code == 2
