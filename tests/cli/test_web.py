"""The archive in the tools its users have: sqlite-utils and Datasette find the text with no
configuration, and ``referat serve`` works in a real (headless) browser (issue 10)."""

from __future__ import annotations

import asyncio
import html
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from referat.archive.store import open_archive
from referat.ingest.batch import import_paths

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
BIN = Path(sys.executable).parent
PAIR = [FIXTURES / "htk-direktionen-2023-01-16.txt", FIXTURES / "htk-direktionen-2023-01-16.pdf"]
OTHERS = [FIXTURES / "htk-direktionen-2023-02-06.txt", FIXTURES / "htk-direktionen-2024-11-04.pdf"]


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("web") / "arkiv.db"
    with open_archive(db) as archive:
        report = import_paths(archive, [str(p.relative_to(ROOT)) for p in [*PAIR, *OTHERS]])
    assert report.ok, report.failures
    return db


def test_sqlite_utils_search_finds_sections(archive_db: Path) -> None:
    result = subprocess.run(
        [str(BIN / "sqlite-utils"), "search", str(archive_db), "sections", "sygefravær",
         "-c", "item_title", "-c", "kind", "--csv"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()
    assert rows[0] == "item_title,kind"
    assert set(rows[1:]) == {"Sygefraværspulje,baggrund", "Sygefraværspulje,indstilling",
                             "Sygefraværspulje,sagsfremstilling"}  # fmt: skip


def test_datasette_search_on_sections_needs_no_configuration(archive_db: Path) -> None:
    datasette = pytest.importorskip("datasette.app")

    async def get(path: str) -> list[dict[str, object]]:
        ds = datasette.Datasette([str(archive_db)])  # no metadata: the archive as it is
        response = await ds.client.get(path)
        assert response.status_code == 200, response.text
        rows: list[dict[str, object]] = response.json()
        return rows

    found = asyncio.run(get("/arkiv/sections.json?_search=sygefravær&_shape=array"))
    assert len(found) == 3
    assert all("sygefravær" in str(r["text"]).lower() for r in found)
    everything = asyncio.run(get("/arkiv/sections.json?_shape=array&_size=max"))
    assert len(everything) > len(found)  # the search filtered: not every row


# --- referat serve in a browser ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(archive_db: Path) -> Iterator[str]:
    pytest.importorskip("datasette")
    port = _free_port()
    log = archive_db.with_suffix(".log")
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(BIN / "referat"), "serve", "--db", str(archive_db), "--port", str(port)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/-/versions.json", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"referat serve did not start: {log.read_text()}")
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def browser() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("chromium is not installed (.ci/run installs it with apt-get)")
    return found


def dom(url: str) -> str:
    """The page as a headless Chromium renders it (scripts run)."""
    result = subprocess.run(
        [browser(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--user-data-dir=/tmp/referat-test-chromium", "--dump-dom", url],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def cells(page: str, column: str) -> list[str]:
    """The texts of a results table's column (Datasette: ``<td class="col-NAME …">``)."""
    found = re.findall(rf'<td class="col-{column}\b[^"]*"[^>]*>(.*?)</td>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in found]


def test_browser_front_page_loads(server: str) -> None:
    page = dom(server + "/")
    assert re.search(r"<title>Referat-arkiv\b", page)
    assert "Søg i afsnittene, filtrér på kommune" in page  # our description, in Danish
    database = dom(server + "/arkiv")
    for title in ("En sags forløb", "Et organs beslutninger mellem to datoer",
                  "Hvem havde afbud hvornår"):  # fmt: skip
        assert title in database


def test_browser_search_finds_the_item_and_links_its_source_page(server: str) -> None:
    page = dom(f"{server}/arkiv/sections_in_context?_search={quote('sygefravær')}")
    assert set(cells(page, "item_title")) == {"Sygefraværspulje"}
    assert "Rekrutteringspulje" not in page
    links = re.findall(r'<a href="(/-/kilde/\d+#page=\d+)">kilde, side (\d+)</a>', page)
    assert links and {page_no for _, page_no in links} == {"10"}
    # the link opens the kept source: the PDF, at the item's page
    with urllib.request.urlopen(server + links[0][0].split("#")[0]) as response:
        assert response.headers["content-type"] == "application/pdf"
        assert response.read(5) == b"%PDF-"
    facets = re.findall(r'data-column="([a-z_]+)"', page)
    assert {"municipality", "body", "year", "kind"} <= set(facets)


def test_browser_case_timeline_shows_decisions_in_order(server: str) -> None:
    page = dom(f"{server}/arkiv/sagsforloeb?sag={quote('22/21670')}")
    dates = cells(page, "dato")
    assert dates == ["2023-01-16", "2023-01-23", "2023-02-06"]
    decisions = cells(page, "beslutning")
    assert decisions[0].startswith("Sagen blev ikke behandlet")
    assert decisions[-1].startswith("Direktionen godkendte indstillingen")


def test_canned_queries_decisions_between_dates_and_absences(archive_db: Path) -> None:
    datasette = pytest.importorskip("datasette.app")
    from referat.cli.web import metadata

    async def get(path: str) -> list[dict[str, object]]:
        ds = datasette.Datasette([str(archive_db)], metadata=metadata("arkiv", ROOT))
        response = await ds.client.get(path)
        assert response.status_code == 200, response.text
        rows: list[dict[str, object]] = response.json()
        return rows

    decided = asyncio.run(
        get("/arkiv/beslutninger.json?organ=direktionen&fra=2023-01-01&til=2023-01-31&_shape=array")
    )
    dates = [str(r["dato"]) for r in decided]
    assert dates and dates == sorted(dates)
    assert set(dates) == {"2023-01-16", "2023-01-23"}  # the later decision is in an earlier item
    absent = asyncio.run(get("/arkiv/fravaer.json?navn=Anya&_shape=array"))
    assert ("2023-01-16", "Anya Krogh Manghezi", "hele mødet") in [
        (r["dato"], r["navn"], r["fravær"]) for r in absent
    ]
    assert all("Anya" in str(r["navn"]) for r in absent)
