"""Library tests for queries: FTS quoting, ranked search, case timelines, lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from referat.archive.fts import fts_query
from referat.archive.query import Filters, count_case, list_meetings, meeting_ids, search_case
from referat.archive.save import save_meeting
from referat.archive.search import search_text
from referat.archive.snippets import HIGHLIGHT
from referat.archive.store import open_archive
from referat.errors import QueryError
from referat.models import Item, Meeting, Section, Source
from referat.pipeline import parse_document
from referat.read.files import read_document
from referat.structure.classify import looks_like_case_number

from council import ID as COUNCIL
from council import council_meeting

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "fixtures").glob("*.txt"))
SEED1 = "referat-direktionen-2023-01-16"
LATER = "referat-direktionen-2023-02-06"


@pytest.fixture(scope="module")
def archive():
    with open_archive(":memory:") as a:
        for path in FIXTURES:
            save_meeting(a, parse_document(read_document(path.read_bytes(), path.name)).meeting)
        yield a


def tiny(day: int, body: str, texts: dict[str, str]) -> Meeting:
    date = dt.date(2022, 5, day)
    return Meeting(
        id=f"referat-x-{date.isoformat()}",
        kind="referat",
        body=body,
        date=date,
        source=Source(path="t.txt", sha256=f"{day:064d}", format="text"),
        items=[
            Item(number=n, title=title, sections=[Section(kind="other", heading=None, text=text)])
            for n, (title, text) in enumerate(texts.items(), start=1)
        ],
    )


# --- quoting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("sygefravær", '"sygefravær"'),
        ("rekrutter*", '"rekrutter"*'),
        ("Høje-Taastrup", '"Høje-Taastrup"'),
        ("23/14607", '"23/14607"'),
        ("B&U", '"B&U"'),
        ("børne- og ungeområdet", '"børne-" AND "og" AND "ungeområdet"'),
        ('"nytårskur for Byrådet"', '"nytårskur for Byrådet"'),
        ("a AND b", '"a" AND "b"'),
        ("a OR b c", '("a" OR "b") AND "c"'),
        ("NEAR(a b) NOT x", '"NEAR(a" AND "b)" AND "NOT" AND "x"'),
        ("and or", '"and" AND "or"'),
        ("kr. & moms", '"kr." AND "moms"'),
    ],
)
def test_fts_query_quotes_words(words: str, expected: str) -> None:
    assert fts_query(words) == expected


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ('"', "unbalanced quote"),
        ('år"', "unbalanced quote"),
        ("*", "'\\*' must end a word"),
        ("AND", "'AND' needs a word on each side"),
        ("OR sygefravær", "'OR' needs a word on each side"),
        ("sygefravær OR", "'OR' needs a word on each side"),
        ("a*b", "may only end a word"),
        ("", "nothing to search for"),
        ("& -", "nothing to search for"),
        ('"  "', "nothing to search for"),
    ],
)
def test_fts_query_rejects_with_a_message(words: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        fts_query(words)


@pytest.mark.parametrize(
    "words", ["Høje-Taastrup", "23/14607", "B&U", "børne- og ungeområdet", "NEAR(x", "^a", "a:b"]
)
def test_awkward_words_search_without_error(archive, words: str) -> None:
    search_text(archive, words)  # FTS5 raises on each of these unquoted


# --- full-text search ----------------------------------------------------------------------


def test_sygefravaer_ranks_its_item_first(archive) -> None:
    hits = search_text(archive, "sygefravær")
    assert hits
    assert (hits[0].meeting_id, hits[0].item_number) == (SEED1, 4)
    assert hits[0].item_title == "Sygefraværspulje"
    assert f"{HIGHLIGHT[0]}sygefravær{HIGHLIGHT[1]}" in hits[0].snippet


def test_prefix_finds_rekrutteringspulje(archive) -> None:
    hits = search_text(archive, "rekrutter*")
    assert (SEED1, 3) in [(h.meeting_id, h.item_number) for h in hits]
    # Without * a word is a whole word as written (exact) ...
    assert search_text(archive, "rekrutter", exact=True) == []
    # ... which the default search ranks first, then its forms and compounds (issue 11).
    compounds = search_text(archive, "rekrutter")
    assert (SEED1, 3) in [(h.meeting_id, h.item_number) for h in compounds]
    assert {h.match for h in compounds} == {"compound"}


def test_one_hit_per_item(archive) -> None:
    hits = search_text(archive, "direktionen", limit=100)
    keys = [(h.meeting_id, h.item_number) for h in hits]
    assert len(keys) == len(set(keys))
    assert [h.score for h in hits] == sorted(h.score for h in hits)


def test_phrase_and_case_folding(archive) -> None:
    assert [h.item_number for h in search_text(archive, '"nytårskur for byrådet"')] == [1]
    assert search_text(archive, "NYTÅRSKUR") == search_text(archive, "nytårskur")


def test_aa_is_a_letter_of_its_own() -> None:
    with open_archive(":memory:") as a:
        save_meeting(a, tiny(1, "Udvalg", {"Om år": "Det går et år.", "Om ar": "Et ar på armen."}))
        assert [h.item_title for h in search_text(a, "år")] == ["Om år"]
        assert [h.item_title for h in search_text(a, "ÅR")] == ["Om år"]
        assert [h.item_title for h in search_text(a, "ar")] == ["Om ar"]


def test_section_filter_searches_decisions_only(archive) -> None:
    everywhere = search_text(archive, "trivsel", limit=100)
    decisions = search_text(archive, "trivsel", section="beslutning", limit=100)
    assert everywhere and not decisions
    hits = search_text(archive, "efterretning", section="beslutning", limit=100)
    assert hits and {h.section for h in hits} == {"beslutning"}


def test_date_body_and_limit_filters(archive) -> None:
    since = Filters(since=dt.date(2023, 2, 1))
    assert {h.meeting_id for h in search_text(archive, "direktionen", filters=since)} == {
        LATER,
        "referat-direktionen-2024-11-04",
    }
    until = Filters(until=dt.date(2023, 1, 31))
    assert {h.meeting_id for h in search_text(archive, "direktionen", filters=until)} == {SEED1}
    assert search_text(archive, "direktionen", filters=Filters(body="byrådet")) == []
    assert len(search_text(archive, "direktionen", filters=Filters(body="DIREKTIONEN"))) > 1
    assert len(search_text(archive, "direktionen", limit=2)) == 2


@pytest.fixture
def council():
    with open_archive(":memory:") as a:
        save_meeting(a, council_meeting())
        save_meeting(a, tiny(1, "Udvalg", {"Sygefravær i udvalget": "Om sygefraværet i år."}))
        yield a


def test_words_in_a_subitem_section_find_its_item(council) -> None:
    hits = search_text(council, "Rådhushallen")
    assert [(h.meeting_id, h.item_number, h.item_title, h.section) for h in hits] == [
        (COUNCIL, 1, "Meddelelser", "other")
    ]
    assert f"{HIGHLIGHT[0]}Rådhushallen{HIGHLIGHT[1]}" in hits[0].snippet
    hits = search_text(council, "sygefraværet")
    assert {(h.meeting_id, h.item_number, h.section) for h in hits} == {
        (COUNCIL, 1, "baggrund"),
        ("referat-x-2022-05-01", 1, "other"),
    }


def test_a_subitem_title_finds_its_item(council) -> None:
    # "Driftsbudget" is only the title of sub-item 2.1; the item's own title is "Budget 2025"
    hits = search_text(council, "driftsbudget")
    assert [(h.item_number, h.item_title, h.section) for h in hits] == [
        (2, "Budget 2025", "indstilling")
    ]
    assert search_text(council, "anlægsbudget", section="indstilling") == []


def test_section_filter_finds_subitem_decisions(council) -> None:
    hits = search_text(council, "godkendt", section="beslutning")
    assert [(h.item_number, h.section) for h in hits] == [(2, "beslutning")]


def test_case_timeline_has_the_items_own_decisions(council) -> None:
    # Sub-items have no case number: their decisions are not decisions on the item's case.
    [entry] = search_case(council, "24/100")
    assert [d.text for d in entry.decisions] == ["Meddelelserne blev taget til efterretning."]
    [entry] = search_case(council, "24/200")
    assert entry.decisions == []


# --- case timeline -------------------------------------------------------------------------


def test_case_timeline_across_meetings_oldest_first(archive) -> None:
    timeline = search_case(archive, "22/21670")
    assert [(e.meeting_id, e.item_number) for e in timeline] == [(SEED1, 3), (LATER, 2)]
    decisions = [(d.date.isoformat(), d.body) for e in timeline for d in e.decisions]
    assert decisions == [
        ("2023-01-16", "Direktionen"),
        ("2023-01-23", "Direktionen"),
        ("2023-02-06", "Direktionen"),
    ]
    assert timeline[1].decisions[0].text.startswith("Direktionen godkendte indstillingen.")


@pytest.mark.parametrize("written", ["22/21670", "Sagsnr.: 22/21670", "22 / 21670", " 22/21670 "])
def test_case_numbers_match_regardless_of_spacing_and_prefix(archive, written: str) -> None:
    assert looks_like_case_number(written)
    assert len(search_case(archive, written)) == 2


def test_case_timeline_filters_and_misses(archive) -> None:
    later = search_case(archive, "22/21670", filters=Filters(since=dt.date(2023, 2, 1)))
    assert [e.meeting_id for e in later] == [LATER]
    assert search_case(archive, "99/99999") == []


# The timeline's cost at a million items (issue 22, bench/ANALYSIS.md) is one index look-up
# per item, its meeting, its sections and their outcomes: one statement, no table scanned.  The
# two tests below fail if the timeline becomes a query per item or a scan, or if a faster query
# returns other rows, order or fields than the plain one-item-at-a-time reading of the tables.


def _statements(archive, run) -> list[str]:
    seen: list[str] = []
    archive.conn.set_trace_callback(seen.append)
    try:
        run()
    finally:
        archive.conn.set_trace_callback(None)
    return seen


def test_case_timeline_is_one_statement_found_by_index(archive) -> None:
    seen = _statements(archive, lambda: search_case(archive, "22/21670"))
    assert len(seen) == 1
    plan = [r[3] for r in archive.conn.execute("EXPLAIN QUERY PLAN " + seen[0])]
    assert any("idx_items_case_key" in step for step in plan), plan
    assert not [step for step in plan if step.startswith("SCAN")], plan
    with_filters = _statements(
        archive,
        lambda: search_case(archive, "22/21670", filters=Filters(body="Direktionen")),
    )
    assert len(with_filters) == 1


def _timeline_item_by_item(archive, key: str) -> list[dict]:
    """The timeline read the slow, obvious way: each item, then its own decisions."""
    conn = archive.conn
    items = conn.execute(
        "SELECT m.id, m.date, m.body, m.kind, i.number, i.title, i.case_number, i.id "
        "FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.case_key = ? "
        "ORDER BY m.date, m.id, i.position",
        [key],
    ).fetchall()
    timeline = []
    for meeting, date, body, kind, number, title, case, item_id in items:
        decisions = conn.execute(
            "SELECT COALESCE(s.date, ?), s.body, s.text, "
            "(SELECT outcome FROM outcomes WHERE section_id = s.id) FROM sections s "
            "WHERE s.item_id = ? AND s.kind = 'beslutning' AND s.subitem IS NULL "
            "ORDER BY COALESCE(s.date, ?), s.position",
            [date, item_id, date],
        ).fetchall()
        timeline.append({
            "meeting": meeting, "date": date, "body": body, "kind": kind, "item": number,
            "title": title, "case_number": case,
            "decisions": [
                {"date": d, "body": b, "text": t, "outcome": o} for d, b, t, o in decisions
            ],
        })  # fmt: skip
    return timeline


def _decided_out_of_order() -> list[Meeting]:
    """Two meetings on one day (ordered by id), decisions dated out of their written order."""

    def decision(day: int | None, text: str) -> Section:
        date = dt.date(2022, 5, day) if day else None
        return Section(kind="beslutning", heading="Beslutning", text=text, body="Udvalg", date=date)

    meetings = []  # other bodies: one body's meetings of a day are one meeting
    for name, body in (("referat-b-2022-05-03", "Byrådet"), ("referat-a-2022-05-03", "Udvalg")):
        items = [
            Item(number=1, title="Sag", case_number="21/500", sections=[
                decision(20, f"{name} senere"), decision(None, f"{name} samme dag"),
                decision(4, f"{name} dagen efter"),
            ]),
            Item(number=2, title="Uden beslutning", case_number="21/500"),
        ]  # fmt: skip
        source = Source(path=f"{name}.txt", sha256=name[8].ljust(64, "0"), format="text")
        meetings.append(
            Meeting(
                id=name,
                kind="referat",
                body=body,
                date=dt.date(2022, 5, 3),
                items=items,
                source=source,
            )
        )
    return meetings


def test_case_timeline_equals_reading_item_by_item(archive, council) -> None:
    compared = 0
    with open_archive(":memory:") as dated:
        for meeting in _decided_out_of_order():
            save_meeting(dated, meeting)
        timeline = search_case(dated, "21/500")
        assert [(e.meeting_id, e.item_number) for e in timeline] == [
            ("referat-a-2022-05-03", 1), ("referat-a-2022-05-03", 2),
            ("referat-b-2022-05-03", 1), ("referat-b-2022-05-03", 2),
        ]  # fmt: skip
        assert [d.text for d in timeline[0].decisions] == [
            "referat-a-2022-05-03 samme dag",
            "referat-a-2022-05-03 dagen efter",
            "referat-a-2022-05-03 senere",
        ]
        compared += _compare(dated)
    for a in (archive, council):
        compared += _compare(a)
    assert compared > 10  # the fixtures do hold timelines (with decisions) to compare


def _compare(archive) -> int:
    """Every case's timeline against the item-by-item reading, and each page of its latest
    items against the timeline's end: how many entries compared."""
    compared = 0
    keys = [r[0] for r in archive.conn.execute("SELECT DISTINCT case_key FROM items")]
    for key in filter(None, keys):
        got = [e.to_json() for e in search_case(archive, key)]
        assert got == _timeline_item_by_item(archive, key), key
        assert count_case(archive, key) == len(got)
        for limit in range(1, len(got) + 2):
            page = [e.to_json() for e in search_case(archive, key, limit=limit)]
            assert page == got[-limit:], (key, limit)
        compared += len(got)
    return compared


def test_a_timeline_page_is_its_latest_items_found_by_the_covering_index(archive) -> None:
    # The page of a long case at a million items (bench/ANALYSIS.md): its latest items from
    # the case index alone (it covers the order) and their meetings, then their rows by id.
    seen = _statements(archive, lambda: search_case(archive, "22/21670", limit=1))
    assert len(seen) == 2
    latest, rows = ([r[3] for r in archive.conn.execute("EXPLAIN QUERY PLAN " + s)] for s in seen)
    assert any("COVERING INDEX idx_items_case_key" in step for step in latest), latest
    assert not [step for step in latest + rows if step.startswith("SCAN i")], (latest, rows)
    [entry] = search_case(archive, "22/21670", limit=1)
    assert (entry.meeting_id, entry.item_number) == (LATER, 2)


def test_a_filtered_page_and_count_keep_to_the_filter(archive, council) -> None:
    since = Filters(since=dt.date(2023, 2, 1))
    assert count_case(archive, "22/21670", filters=since) == 1
    assert count_case(archive, "22/21670") == 2
    [entry] = search_case(archive, "22/21670", filters=since, limit=5)
    assert entry.meeting_id == LATER
    assert (
        search_case(archive, "22/21670", filters=Filters(until=dt.date(2023, 1, 1)), limit=1) == []
    )
    with pytest.raises(QueryError):
        count_case(archive, "Sagsnr.:")


@pytest.mark.parametrize(
    "query", ["EMN-2025-003928", "22-010490", "20-055908K", "Sagsnr.: 2012-28504", "J.nr. 23/910"]
)
def test_every_case_number_format_the_parser_knows_is_a_case_query(query: str) -> None:
    # The archive asks the parser's own recogniser: a case number it stores is one it finds.
    assert looks_like_case_number(query)


@pytest.mark.parametrize(
    "text", ["sygefravær", "22/2167x", "2/1", "rekrutter*", "2012-2013", "16-01-2023"]
)
def test_words_are_not_case_numbers(text: str) -> None:
    assert not looks_like_case_number(text)


# --- lists ---------------------------------------------------------------------------------


def test_list_meetings_with_counts(archive) -> None:
    rows = [r.to_json() for r in list_meetings(archive)]
    assert rows == [
        {"id": SEED1, "date": "2023-01-16", "body": "Direktionen", "kind": "referat",
         "items": 6, "decisions": 8, "municipality": None},
        {"id": LATER, "date": "2023-02-06", "body": "Direktionen", "kind": "referat",
         "items": 3, "decisions": 3, "municipality": None},
        {"id": "referat-direktionen-2024-11-04", "date": "2024-11-04", "body": "Direktionen",
         "kind": "referat", "items": 4, "decisions": 3, "municipality": None},
    ]  # fmt: skip
    assert [r.id for r in list_meetings(archive, filters=Filters(until=dt.date(2023, 1, 20)))] == [
        SEED1
    ]


def test_meeting_ids_for_export(archive) -> None:
    assert meeting_ids(archive, case_number="Sagsnr. 22/21670") == [SEED1, LATER]
    assert meeting_ids(archive, meetings=(LATER, "nope")) == [LATER]
    assert len(meeting_ids(archive)) == 3
