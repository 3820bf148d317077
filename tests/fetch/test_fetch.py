"""``referat fetch`` against a replay of Greve's site on 127.0.0.1 (tests/replay_site.py), built
from the 104 real meetings of ``../shared/corpus/firstagenda-json``: every finished meeting
imported once and the unfinished one not; a second run asks for no meeting; a republished meeting
is updated; a run whose server dies is repeated and ends with every meeting, none twice.

Skips when the corpus is absent.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from referat.archive.store import open_archive
from referat.cli import cli
from referat.fetch import Client, FetchOptions, Settings, fetch_site, resolve_site
from referat.fetch.cache import cache_folder

from replay_site import ReplaySite, greve_files, greve_site

FILES = greve_files()
corpus = pytest.mark.skipif(not FILES, reason="FirstAgenda corpus not present")
FAST = Settings(rate=0, connect_timeout=1, read_timeout=2, retries=2, backoff=0.01)
FAST_CLI = ["--rate", "0", "--timeout", "2", "--retries", "1"]


@pytest.fixture
def site() -> Iterator[ReplaySite]:
    replay = greve_site().start()
    yield replay
    replay.stop()


def finished() -> dict[str, bool]:
    found = {}
    for path in FILES:
        data = json.loads(path.read_bytes())
        found[data["Id"]] = data["Moede"]["Afsluttet"]
    return found


def run(db: Path, replay: ReplaySite, **options: object):  # type: ignore[no-untyped-def]
    with open_archive(db) as archive, Client(FAST) as client:
        opts = FetchOptions(cache=cache_folder(db), **options)  # type: ignore[arg-type]
        return fetch_site(archive, resolve_site(replay.url), client, opts)


def stored(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@corpus
def test_every_finished_meeting_once_then_nothing_asked_again(
    site: ReplaySite, tmp_path: Path
) -> None:
    db = tmp_path / "a.db"
    done = finished()
    first = run(db, site)
    assert first.summary() == f"Fetched: {sum(done.values())} new, 0 updated, 0 unchanged, 0 failed"
    assert first.listed == len(FILES) and first.ok
    asked = [p.rsplit("/", 1)[1] for p in site.meeting_requests()]
    assert sorted(asked) == sorted(i for i, f in done.items() if f)  # each finished one, once
    sources = stored(db, "SELECT site_id, format, url, released, link FROM sources")
    assert sorted(s[0] for s in sources) == sorted(asked)  # one source each
    assert all(str(s[2]).startswith(site.url + "/api/agenda/dagsorden/") for s in sources)
    assert all(s[3] and str(s[4]).startswith(f"{site.url}/vis?id=") for s in sources)
    assert stored(db, "SELECT count(*) FROM meetings") == [(sum(done.values()),)]
    assert stored(db, "SELECT DISTINCT municipality FROM meetings") == [("Greve",)]
    # The raw responses are in the cache, by content.
    cached = sorted(p.name for p in cache_folder(db).rglob("*.json"))
    assert len(cached) == len(asked) and all(len(n) == 64 + 5 for n in cached)

    site.requests.clear()
    second = run(db, site)
    assert (
        second.summary() == f"Fetched: 0 new, 0 updated, {sum(done.values())} unchanged, 0 failed"
    )
    assert site.meeting_requests() == []  # nothing asked for again
    assert any(ua.startswith("referat/") and "+http" in ua for ua in site.user_agents)


@corpus
def test_a_republished_meeting_is_fetched_again_and_updated(tmp_path: Path) -> None:
    files = FILES[:4]
    replay = greve_site(files).start()
    try:
        db = tmp_path / "a.db"
        run(db, replay)
        target = json.loads(files[0].read_bytes())
        site_id = target["Id"]
        item = next(i for i in target["Dagsordenpunkter"] if i["Felter"])
        item["Navn"] = "Rettet titel efter genudgivelse"
        replay.republish(site_id, json.dumps(target).encode(), "2099-01-02T03:04:05+01:00")
        replay.requests.clear()
        report = run(db, replay)
        assert report.summary() == "Fetched: 0 new, 1 updated, 3 unchanged, 0 failed"
        assert replay.meeting_requests() == [replay.meeting_path(site_id)]
        updated = next(r for r in report.results if r.status == "updated")
        assert "republished 2099-01-02T03:04:05+01:00" in updated.line()
        titles = stored(db, "SELECT title FROM items WHERE title LIKE 'Rettet titel%'")
        assert titles == [("Rettet titel efter genudgivelse",)]
        # The earlier release is replaced, not kept beside it: one source, the new release.
        rows = stored(db, "SELECT released FROM sources WHERE site_id = ?", (site_id,))
        assert rows == [("2099-01-02T03:04:05+01:00",)]
        assert stored(db, "SELECT count(*) FROM meetings") == [(4,)]
    finally:
        replay.stop()


@corpus
def test_a_run_whose_server_dies_is_repeated_and_ends_with_every_meeting_once(
    tmp_path: Path,
) -> None:
    files = FILES[:20]
    done = {k: v for k, v in finished().items() if any(k[:8] in f.name for f in files)}
    want = sum(done.values())
    db = tmp_path / "a.db"
    dying = greve_site(files)
    dying.die_after = 8
    dying.start()
    try:
        first = run(db, dying)
    finally:
        dying.stop()
    assert first.stopped is not None and "stopped answering" in first.stopped
    assert first.count("new") == 8 and first.left == want - 8
    assert stored(db, "SELECT count(*) FROM meetings") == [(8,)]

    again = greve_site(files).start()  # the site is back (on another port)
    try:
        second = run(db, again)
    finally:
        again.stop()
    assert second.summary() == f"Fetched: {want - 8} new, 0 updated, 8 unchanged, 0 failed"
    assert len(again.meeting_requests()) == want - 8
    assert stored(db, "SELECT count(*) FROM meetings") == [(want,)]
    assert stored(db, "SELECT count(*), count(DISTINCT site_id) FROM sources") == [(want, want)]


@corpus
def test_cli_since_committee_and_summary(site: ReplaySite, tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    args = ["fetch", site.url, "--db", db, "--since", "2024-01-01", *FAST_CLI]
    result = CliRunner().invoke(cli, [*args, "--committee", "økonomi"])
    assert result.exit_code == 0, result.output
    rows = stored(Path(db), "SELECT DISTINCT body, min(date) FROM meetings")
    assert rows[0][0] == "Økonomiudvalget" and str(rows[0][1]) >= "2024-01-01"
    count = stored(Path(db), "SELECT count(*) FROM meetings")[0][0]
    assert result.stderr.strip().splitlines()[-1] == (
        f"Fetched: {count} new, 0 updated, 0 unchanged, 0 failed"
    )
    # The link a person opens, in show and export.
    meeting_id = stored(Path(db), "SELECT id FROM meetings LIMIT 1")[0][0]
    wide = CliRunner(env={"COLUMNS": "250"})
    shown = wide.invoke(cli, ["show", str(meeting_id), "--db", db])
    assert f"{site.url}/vis?id=" in shown.stdout
    item = wide.invoke(cli, ["show", f"{meeting_id}#1", "--db", db])
    assert "&punktid=" in item.stdout
    exported = json.loads(CliRunner().invoke(cli, ["export", "--db", db]).stdout)
    assert exported["version"] == 4
    jsonschema.validate(exported, json.loads(CliRunner().invoke(cli, ["schema"]).stdout))
    fetched = exported["meetings"][0]["source"]["fetched"]
    assert fetched["link"].startswith(f"{site.url}/vis?id=") and fetched["released"]
    assert all("&punktid=" in link for link in fetched["item_links"].values())


@corpus
def test_cli_unfinished_meetings_are_not_fetched(tmp_path: Path) -> None:
    unfinished = [i for i, f in finished().items() if not f]
    assert unfinished, "the corpus has an unfinished meeting"
    files = [f for f in FILES if f.name.split("_")[-1][:8] == unfinished[0][:8]] + FILES[:5]
    replay = greve_site(files).start()
    try:
        db = str(tmp_path / "a.db")
        args = ["fetch", replay.url, "--db", db, "--until", "2025-12-31", *FAST_CLI]
        result = CliRunner().invoke(cli, args)
    finally:
        replay.stop()
    assert result.exit_code == 0, result.output
    asked = {p.rsplit("/", 1)[1] for p in replay.meeting_requests()}
    assert len(asked) == len(files) - 1 and not asked & set(unfinished)
    assert stored(Path(db), "SELECT count(*) FROM meetings") == [(len(files) - 1,)]


@corpus
@pytest.mark.parametrize(
    ("signum", "code", "says"),
    [(signal.SIGTERM, 143, "Terminated (SIGTERM): "), (signal.SIGINT, 130, "Interrupted: ")],
    ids=["SIGTERM", "Ctrl-C"],
)
def test_a_signal_mid_run_keeps_what_was_saved_and_the_next_run_goes_on(
    tmp_path: Path, signum: int, code: int, says: str
) -> None:
    files = FILES[:8]
    replay = greve_site(files).start()
    db = tmp_path / "a.db"
    try:
        command = [sys.executable, "-m", "referat", "fetch", replay.url, "--db", str(db)]
        proc = subprocess.Popen(
            [*command, "--rate", "3", "--no-cache"], stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not db.exists() or _count(db) < 2):
            time.sleep(0.05)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == code, err
        assert says in err and "left for the next run" in err and "Traceback" not in err
        saved = _count(db)
        assert 2 <= saved < 8
        assert not cache_folder(db).exists()  # --no-cache
        replay.requests.clear()
        report = run(db, replay)
    finally:
        replay.stop()
    assert report.summary() == f"Fetched: {8 - saved} new, 0 updated, {saved} unchanged, 0 failed"
    assert stored(db, "SELECT count(*), count(DISTINCT site_id) FROM sources") == [(8, 8)]


@corpus
def test_reparse_needs_no_network_and_keeps_the_provenance(tmp_path: Path) -> None:
    replay = greve_site(FILES[:3]).start()
    db = tmp_path / "a.db"
    try:
        run(db, replay)
    finally:
        replay.stop()  # the site is gone: reparse reads the archive only
    before = stored(db, "SELECT url, site_id, released, fetched_at, link, item_links FROM sources")
    result = CliRunner().invoke(cli, ["reparse", "--db", str(db), "--write"])
    assert result.exit_code == 0, result.output
    assert "3 unchanged, 0 changed, 0 failed" in result.stderr
    after = stored(db, "SELECT url, site_id, released, fetched_at, link, item_links FROM sources")
    assert after == before and all(row[0] for row in after)


@corpus
def test_datasette_shows_the_link_a_person_can_open(tmp_path: Path) -> None:
    datasette = pytest.importorskip("datasette.app")
    replay = greve_site(FILES[:1]).start()
    db, url = tmp_path / "arkiv.db", replay.url
    try:
        run(db, replay)
    finally:
        replay.stop()
    links = stored(db, "SELECT number, site_link FROM items_in_context ORDER BY number")
    assert links and all(f"{url}/vis?id=" in str(link) for _, link in links)
    assert all("&punktid=" in str(link) for _, link in links)
    assert stored(db, "SELECT count(*) FROM sections_in_context WHERE site_link IS NULL") == [(0,)]
    [(meeting_link,)] = stored(db, "SELECT site_link FROM meeting_summary")
    assert str(meeting_link).startswith(f"{url}/vis?id=")

    async def page() -> str:
        ds = datasette.Datasette([str(db)])
        response = await ds.client.get("/arkiv/items_in_context?_sort=number")
        return str(response.text)

    html = asyncio.run(page())
    first = str(links[0][1]).replace("&", "&amp;")
    assert f'href="{first}"' in html  # a link, not text


def _count(db: Path) -> int:
    try:
        return int(stored(db, "SELECT count(*) FROM meetings")[0][0])  # type: ignore[call-overload]
    except sqlite3.Error:
        return 0
