"""``referat fetch`` against a replayed site that misbehaves: each fault gives its one clear line
(naming the meeting and the URL) and the run goes on; retries where a retry may help (503, 429, a
timeout), never on a 4xx; a site that does not answer or is not a site is one line and exit 1.

Uses a few of the real Greve meetings (``../shared/corpus``); skips when they are absent.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from referat.cli import cli

from replay_site import Fault, ReplaySite, greve_files, greve_site

FILES = greve_files()[:3]
corpus = pytest.mark.skipif(not FILES, reason="FirstAgenda corpus not present")
FAST = ["--rate", "0", "--timeout", "0.5", "--retries", "2"]


@pytest.fixture
def site() -> Iterator[ReplaySite]:
    replay = greve_site(FILES).start()
    yield replay
    replay.stop()


def fetch(replay: ReplaySite, db: Path, *more: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["fetch", replay.url, "--db", str(db), *FAST, *more])


def first_id(replay: ReplaySite) -> str:
    return sorted(replay.meetings, key=lambda i: replay.listed[i]["Dato"])[0]


def meetings(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM meetings").fetchone()[0])
    finally:
        conn.close()


def failed_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("failed: ")]


@corpus
@pytest.mark.parametrize("status", [503, 429, 502])
def test_busy_then_ok_is_retried_after_retry_after(
    site: ReplaySite, tmp_path: Path, status: int
) -> None:
    path = site.meeting_path(first_id(site))
    site.fault(path, Fault("status", status=status, retry_after="1"))
    started = time.monotonic()
    result = fetch(site, tmp_path / "a.db")
    assert result.exit_code == 0, result.stderr
    assert time.monotonic() - started >= 1.0  # Retry-After: 1 was waited for
    assert site.requests.count(path) == 2
    assert result.stderr.splitlines()[-1] == "Fetched: 3 new, 0 updated, 0 unchanged, 0 failed"


@corpus
def test_5xx_for_ever_fails_that_meeting_after_the_retries(
    site: ReplaySite, tmp_path: Path
) -> None:
    path = site.meeting_path(first_id(site))
    site.fault(path, *(Fault("status", status=502) for _ in range(5)))
    result = fetch(site, tmp_path / "a.db")
    assert result.exit_code == 1
    assert site.requests.count(path) == 3  # the first try and two retries
    [line] = failed_lines(result.stderr)
    assert f"{site.url}{path}: HTTP 502 Bad Gateway (after retries)" in line
    assert meetings(tmp_path / "a.db") == 2
    assert result.stderr.splitlines()[-1] == "Fetched: 2 new, 0 updated, 0 unchanged, 1 failed"


@corpus
def test_a_404_meeting_is_asked_for_once(site: ReplaySite, tmp_path: Path) -> None:
    gone = first_id(site)
    del site.meetings[gone]
    result = fetch(site, tmp_path / "a.db")
    assert result.exit_code == 1
    assert site.requests.count(site.meeting_path(gone)) == 1  # never retried
    [line] = failed_lines(result.stderr)
    assert line.endswith(f"({gone}): {site.url}{site.meeting_path(gone)}: HTTP 404 Not Found")


@corpus
@pytest.mark.parametrize(
    ("faults", "says"),
    [
        ([Fault("slow", seconds=1.5)] * 3, "no answer within 0.5 s (2 retries)"),
        ([Fault("truncated")], "the response ended early (truncated"),
        ([Fault("html")], "a web page, not JSON"),
        ([Fault("loop")] * 15, "more than 10 redirects (a redirect loop)"),
        ([Fault("error-json")], "JSON, but not a FirstAgenda Publication meeting (no "),
        ([Fault("other")], "the site answered with another meeting ("),
    ],
    ids=["slow", "truncated", "html", "redirect-loop", "error-json", "other-meeting"],
)
def test_a_bad_answer_is_one_clear_line_and_the_run_goes_on(
    site: ReplaySite, tmp_path: Path, faults: list[Fault], says: str
) -> None:
    target = first_id(site)
    path = site.meeting_path(target)
    site.fault(path, *faults)
    result = fetch(site, tmp_path / "a.db")
    assert result.exit_code == 1
    [line] = failed_lines(result.stderr)
    committee = site.committees[target][1]
    assert line.startswith(f"failed: {committee} ") and f"{site.url}{path}: {says}" in line
    assert line.count(site.url) == 1  # the URL named once
    assert meetings(tmp_path / "a.db") == 2  # the others are in
    assert "Traceback" not in result.output
    # Nothing of it was recorded: the next run asks for it again, and gets it.
    site.requests.clear()
    site.faults.clear()
    again = fetch(site, tmp_path / "a.db")
    assert again.exit_code == 0, again.stderr
    assert site.meeting_requests() == [path]
    assert again.stderr.splitlines()[-1] == "Fetched: 1 new, 0 updated, 2 unchanged, 0 failed"


@corpus
def test_one_slow_answer_is_retried(site: ReplaySite, tmp_path: Path) -> None:
    path = site.meeting_path(first_id(site))
    site.fault(path, Fault("slow", seconds=1.5))
    result = fetch(site, tmp_path / "a.db")
    assert result.exit_code == 0, result.stderr
    assert site.requests.count(path) == 2


@corpus
def test_the_session_cookie_is_fetched_first(site: ReplaySite, tmp_path: Path) -> None:
    fetch(site, tmp_path / "a.db")
    assert site.requests[:2] == ["/", "/api/agenda/udvalgsliste"]


def test_a_dead_site_is_one_line_and_exit_1(tmp_path: Path) -> None:
    replay = ReplaySite().start()
    url = replay.url
    replay.stop()  # nothing listens there now
    result = CliRunner().invoke(cli, ["fetch", url, "--db", str(tmp_path / "a.db"), *FAST])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {url.removeprefix('http://')}: {url} does not answer (")


@corpus
@pytest.mark.parametrize(
    ("fault", "says"),
    [
        (Fault("html"), "a web page, not JSON"),
        (Fault("status", status=404), "HTTP 404"),
        (Fault("loop"), "redirect loop"),
    ],
    ids=["html", "404", "redirect-loop"],
)
def test_a_site_whose_listing_fails_is_one_line_and_exit_1(
    site: ReplaySite, tmp_path: Path, fault: Fault, says: str
) -> None:
    site.fault("/api/agenda/udvalgsliste", *[fault] * 15)
    result = fetch(site, tmp_path / "a.db")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: ") and f"{site.url}/api/agenda/udvalgsliste: " in line
    assert says in line and "Traceback" not in result.output


def test_an_unknown_municipality_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["fetch", "Grevee", "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: unknown municipality 'Grevee'; did you mean Greve? ('referat fetch --list' "
        "shows the 88 known ones; a site's URL works too)"
    ]
    assert not (tmp_path / "a.db").exists()


@corpus
def test_an_unknown_committee_names_the_sites_committees(site: ReplaySite, tmp_path: Path) -> None:
    result = fetch(site, tmp_path / "a.db", "--committee", "Teknisk Udvalg")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: no committee 'Teknisk Udvalg' on the site (it has: ")
    assert "Beskæftigelses- og Erhvervsudvalget" in line


def _pdf(lines: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for line in lines:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@corpus
def test_pdf_is_a_second_source_and_a_viewer_page_is_an_error(
    site: ReplaySite, tmp_path: Path
) -> None:
    first, second = sorted(site.meetings, key=lambda i: site.listed[i]["Dato"])[:2]
    body = site.committees[first][1]
    day = site.listed[first]["Dato"][:10]
    dmy = "-".join(reversed(day.split("-")))
    site.pdfs[first] = _pdf(
        [f"REFERAT {body} d. {dmy}", "", "Punkt 1: Godkendelse af dagsorden", "",
         f"Beslutning {body} den {dmy}", "", "Godkendt."]
    )  # fmt: skip
    site.pdfs[second] = b"placeholder"
    site.fault(f"/vis/pdf/dagsorden/{second}", Fault("html"))
    db = tmp_path / "a.db"
    result = fetch(site, db, "--pdf")
    assert result.exit_code == 1
    lines = failed_lines(result.stderr)
    assert len(lines) == 2  # the viewer page, and the third meeting's missing PDF
    viewer = next(line for line in lines if second in line)
    assert viewer.endswith(
        f"{site.url}/vis/pdf/dagsorden/{second}?redirectDirectlyToPdf=true: "
        "a web page (the PDF viewer?), not a PDF"
    )
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT format, url, kept, site_id FROM sources WHERE site_id = ? ORDER BY format",
        (first,),
    ).fetchall()
    assert [(r[0], r[2]) for r in rows] == [("json", 1), ("pdf", 0)]  # one meeting, two sources
    assert rows[1][1].endswith(f"/vis/pdf/dagsorden/{first}?redirectDirectlyToPdf=true")
    assert conn.execute("SELECT count(*) FROM meetings").fetchone() == (3,)
    conn.close()
    # Next run: only the PDFs that failed are asked for again.
    site.requests.clear()
    fetch(site, db, "--pdf")
    assert site.meeting_requests() == []
    assert sorted(p for p in site.requests if p.startswith("/vis/pdf/")) == sorted(
        f"/vis/pdf/dagsorden/{i}" for i in site.meetings if i != first
    )
