"""Many readers, one writer (issue 22, README "Many readers"): processes that only read the
archive (SQLite opened read-only, as Datasette on a replica does, and ``referat search``) keep
answering while ``referat import`` writes to it, and nobody waits for or breaks anybody."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from seed_variants import seed_variants

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120  # seconds: the test must not hang

READER = r"""
import json, os, sqlite3, sys
from referat.archive.search import search_text
from referat.archive.store import open_archive

db, stop = sys.argv[1], sys.argv[2]
reads = 0
while True:
    last = os.path.exists(stop)  # one more round after the writer is done
    ro = sqlite3.connect(f"file:{db}?mode=ro", uri=True)  # as Datasette --immutable/-i reads
    n = ro.execute(
        "SELECT count(*) FROM sections_fts WHERE sections_fts MATCH 'direktionen'"
    ).fetchone()[0]
    ro.close()
    with open_archive(db, create=False) as archive:
        hits = search_text(archive, "direktionen", limit=5)
    assert n > 0 and hits, (n, hits)
    reads += 1
    if last:
        break
print(json.dumps({"reads": reads, "rows": n}))
"""


def _run(*args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFERAT_")}
    return subprocess.Popen(
        [sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=env, cwd=ROOT,
    )  # fmt: skip


def test_readers_keep_answering_while_an_import_writes(tmp_path: Path) -> None:
    db, stop = tmp_path / "a.db", tmp_path / "writer-done"
    first = seed_variants(tmp_path / "first", 4)
    later = seed_variants(tmp_path / "later", 60, start=dt.date(2024, 1, 1))
    assert first and later
    setup = _run("-m", "referat", "import", "--db", str(db), str(tmp_path / "first"))
    _, err = setup.communicate(timeout=TIMEOUT)
    assert setup.returncode == 0, err

    readers = [_run("-c", READER, str(db), str(stop)) for _ in range(3)]
    writer = _run(
        "-m", "referat", "import", "--db", str(db), "--jobs", "1", str(tmp_path / "later")
    )
    try:
        _, err = writer.communicate(timeout=TIMEOUT)
        stop.touch()
        outputs = [r.communicate(timeout=TIMEOUT) for r in readers]
    finally:
        for p in (writer, *readers):
            p.kill()
    assert writer.returncode == 0, err
    assert err.strip().splitlines()[-1].startswith("Imported: 60 inserted")
    for reader, (out, err) in zip(readers, outputs, strict=True):
        assert reader.returncode == 0, err
        assert '"reads"' in out
