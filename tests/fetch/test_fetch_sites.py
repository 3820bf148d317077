"""``referat fetch``'s parts: which site a SITE argument means, the listing and the meetings a run
asks for, the client's pace; ``--list``.  No network beyond 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from referat.cli import cli
from referat.errors import ReferatError
from referat.fetch import Client, Settings, resolve_site
from referat.fetch.cache import cache_folder, keep
from referat.fetch.discover import item_ids, read_listing, select
from referat.fetch.sites import HOSTS

from replay_site import CORPUS, ReplaySite

EXCERPT = CORPUS / "firstagenda-api" / "udvalgsliste_EXCERPT.json"
HOST_TABLE = CORPUS / "firstagenda-api" / "hosts_dnnk.json"


@pytest.mark.parametrize(
    ("given", "name", "base"),
    [
        ("greve", "Greve", "https://dagsordener.greve.dk"),
        ("GREVE", "Greve", "https://dagsordener.greve.dk"),
        ("Greve Kommune", "Greve", "https://dagsordener.greve.dk"),
        ("Høje-Taastrup", "Høje-Taastrup", "https://dagsordener.htk.dk"),
        ("høje taastrup", "Høje-Taastrup", "https://dagsordener.htk.dk"),
        ("HOEJE-TAASTRUP", "Høje-Taastrup", "https://dagsordener.htk.dk"),
        ("hoje-taastrup", "Høje-Taastrup", "https://dagsordener.htk.dk"),
        ("htk", "Høje-Taastrup", "https://dagsordener.htk.dk"),
        ("ltk", "Lyngby-Taarbæk", "https://dagsordener.ltk.dk"),
        ("Århus", "Aarhus", "https://dagsordener.aarhus.dk"),
        ("brondby", "Brøndby", "https://dagsordener.brondby.dk"),
        ("egedal", "Egedal", "https://dagsordener.egedalkommune.dk"),
        ("kolding", "Kolding", "https://udvalg.kolding.dk"),
        ("https://dagsordener.greve.dk/", "Greve", "https://dagsordener.greve.dk"),
        ("http://127.0.0.1:8123", None, "http://127.0.0.1:8123"),
        ("http://127.0.0.1:8123/replay/", None, "http://127.0.0.1:8123/replay"),
        (
            "https://dagsordener.greve.dk/vis?id=abc&punktid=d",
            "Greve",
            "https://dagsordener.greve.dk",
        ),
        (
            "HTTPS://Dagsordener.Greve.dk/api/agenda/udvalgsliste",
            "Greve",
            "https://dagsordener.greve.dk",
        ),
    ],
)
def test_site_resolution(given: str, name: str | None, base: str) -> None:
    site = resolve_site(given)
    assert (site.municipality, site.base) == (name, base)


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("Grevee", "unknown municipality 'Grevee'; did you mean Greve?"),
        ("Atlantis", "unknown municipality 'Atlantis' ('referat fetch --list'"),
        ("Billund", "Billund: not a FirstAgenda Publication site (Billund publishes through"),
        ("http://", "http://: not a site URL (no host)"),
        ("http://127.0.0.1:99999", "not a site URL (bad port)"),
    ],
)
def test_unknown_sites_say_why(given: str, says: str) -> None:
    with pytest.raises(ReferatError) as caught:
        resolve_site(given)
    assert says in str(caught.value)


def test_the_host_table_has_88_municipalities_each_found_by_name_and_slug() -> None:
    assert len(HOSTS) == 88 == len({name for name, _ in HOSTS}) == len({h for _, h in HOSTS})
    for name, host in HOSTS:
        assert resolve_site(name).host == host
        assert resolve_site(host.split(".")[-2]).host == host


@pytest.mark.skipif(not HOST_TABLE.is_file(), reason="corpus host table not present")
def test_the_host_table_agrees_with_the_published_one() -> None:
    published = json.loads(HOST_TABLE.read_text(encoding="utf-8"))
    hosts = {n.removesuffix(" Kommune"): h for n, h in published.items() if isinstance(h, str)}
    assert dict(HOSTS) == hosts


def test_cli_list_prints_every_known_municipality() -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(cli, ["fetch", "--list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1 + 88
    assert lines[0].split() == ["municipality", "slug", "site"]
    assert ["Høje-Taastrup", "htk", "https://dagsordener.htk.dk"] in [ln.split() for ln in lines]


def test_cli_without_a_site_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["fetch"])
    assert result.exit_code == 2 and "give a SITE" in result.stderr


@pytest.mark.skipif(not EXCERPT.is_file(), reason="corpus listing not present")
def test_the_real_listing_and_what_a_run_asks_for() -> None:
    listed = read_listing(EXCERPT.read_bytes(), "excerpt")
    assert len(listed) == 9 and len({m.site_id for m in listed}) == 9
    assert [m.date for m in listed] == sorted(m.date for m in listed)  # oldest first
    unfinished = [m for m in listed if not m.finished]
    assert {m.committee for m in unfinished} == {
        "Kommunalbestyrelsen",
        "Børne- og Uddannelsesudvalget",
    }
    assert all(m.released for m in listed if m.finished)
    chosen = select(listed)
    assert len(chosen) == 7 and all(m.finished for m in chosen)
    by = select(listed, committees=("by- og plan",), since=dt.date(2026, 3, 1))
    assert [m.date for m in by] == [dt.date(2026, 3, 2), dt.date(2026, 4, 7), dt.date(2026, 5, 4)]
    assert {m.committee for m in select(listed, committees=("kommunalbestyrelsen",))} == {
        "Kommunalbestyrelsen"
    }
    with pytest.raises(ReferatError, match="no committee 'Økonomiudvalget' on the site"):
        select(listed, committees=("Økonomiudvalget",))


def test_a_listing_that_is_not_one_says_so() -> None:
    with pytest.raises(ReferatError, match="not a FirstAgenda Publication committee listing"):
        read_listing(b'{"Dagsordner": []}', "x")
    with pytest.raises(ReferatError, match="the committee listing is not valid JSON"):
        read_listing(b"<html>", "x")


def test_item_ids_by_number() -> None:
    body = json.dumps(
        {"Dagsordenpunkter": [{"Punktnummer": 1, "Id": "a"}, {"Punktnummer": "2", "Id": "b"},
                              {"Punktnummer": None, "Id": "c"}]}
    ).encode()  # fmt: skip
    assert item_ids(body) == {1: "a", 2: "b"}


def test_at_most_rate_requests_a_second_per_host() -> None:
    replay = ReplaySite().start()
    try:
        with Client(Settings(rate=10, retries=0)) as client:
            started = time.monotonic()
            for _ in range(4):
                client.get(replay.url + "/", accept="text/html")
            took = time.monotonic() - started
        # four pages, the first with two redirects (the cookie): six requests, 0.1 s apart
        assert took >= 0.5
    finally:
        replay.stop()


def test_the_cache_is_content_addressed(tmp_path: Path) -> None:
    folder = cache_folder(tmp_path / "referat.db")
    assert folder == tmp_path / "referat.cache"
    first = keep(folder, b"{}", ".json")
    assert first == folder / "44" / (
        "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a.json"
    )
    assert first.read_bytes() == b"{}" and keep(folder, b"{}", ".json") == first


def test_a_committee_named_exactly_is_not_taken_for_others_containing_it() -> None:
    meeting = {"Id": "m", "Dato": "2024-01-01T17:00:00+01:00", "Afsluttet": True}
    listing = {
        "Udvalg": {
            "2022-2025": [
                {"Id": "a", "Navn": "Byråd 2022-2025", "Moeder": [{**meeting, "Id": "1"}]},
                {"Id": "b", "Navn": ".Spørgsmål / Svar til Byrådet 2022-2025",
                 "Moeder": [{**meeting, "Id": "2"}]},
            ]
        }
    }  # fmt: skip
    listed = read_listing(json.dumps(listing).encode(), "x")
    assert [m.site_id for m in select(listed, committees=("byraad 2022-2025",))] == ["1"]
    assert sorted(m.site_id for m in select(listed, committees=("byråd",))) == ["1", "2"]
