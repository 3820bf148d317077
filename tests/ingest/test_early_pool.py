"""Workers started early (issue 22 part 3): ``referat import --jobs N`` of several files starts
its pool before it opens the archive; the batch takes that pool, the workers have the parse
stages loaded, the archive is the one a serial import writes, and a pool no batch takes is
shut down."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_ingest_jobs import dump

from referat.archive.store import open_archive
from referat.cli import cli
from referat.ingest import workers
from referat.ingest.early import load_stages

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


def _loaded() -> list[str]:
    return [
        m for m in ("referat.pipeline", "referat.ingest.batch", "pypdfium2") if m in sys.modules
    ]


def test_a_batch_takes_the_pool_started_early() -> None:
    workers.start_early(2, load_stages)
    try:
        if os.cpu_count() == 1:
            assert workers._early == {}  # one CPU: no pool
            return
        early = workers._early[2]
        with workers.Parsers(2, failed=lambda job: None) as parsers:
            job = parsers.submit(_loaded)
            assert parsers.pool is early
            assert parsers.result(job) == ["referat.pipeline", "referat.ingest.batch", "pypdfium2"]
        assert workers._early == {}
    finally:
        workers.stop_early()


def test_a_pool_no_batch_took_is_shut_down() -> None:
    workers.start_early(2, load_stages)
    pool = workers._early.get(2)
    workers.stop_early()
    assert workers._early == {}
    if pool is not None:
        with pytest.raises(RuntimeError):
            pool.submit(os.getpid)  # shut down


def test_one_job_starts_no_pool() -> None:
    workers.start_early(1, load_stages)
    assert workers._early == {}


def test_import_with_early_workers_writes_what_a_serial_import_writes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("htk-direktionen-2023-01-16.txt", "htk-direktionen-2024-11-04.pdf",
                 "htk-direktionen-2023-02-06.txt"):  # fmt: skip
        shutil.copy(FIXTURES / name, folder / name)
    runner = CliRunner()
    for jobs in ("1", "2"):
        db = tmp_path / f"jobs{jobs}.db"
        result = runner.invoke(cli, ["import", "--db", str(db), "--jobs", jobs, str(folder)])
        assert result.exit_code == 0, result.output
        assert workers._early == {}
    assert dump(tmp_path / "jobs2.db") == dump(tmp_path / "jobs1.db")
    open_archive(tmp_path / "jobs2.db").close()
