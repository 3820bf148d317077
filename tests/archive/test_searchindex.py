"""The search index beside the archive (issue 22): the same items as FTS5, kept current by
import, deletion and other programs' writes, rebuilt by reindex; without it FTS5 answers."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from referat.archive import searchindex
from referat.archive.query import Filters
from referat.archive.save import delete_meeting, rebuild_search, save_meeting
from referat.archive.search import count_text, search_text
from referat.archive.store import open_archive
from referat.cli.commands import cli
from referat.ingest.batch import expand_paths, import_paths
from referat.pipeline import parse_document
from referat.read.files import read_document

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "fixtures").glob("*.txt"))
SEED1 = "referat-direktionen-2023-01-16"

QUERIES = [
    "sygefravær", "rekrutter*", "rekruttering", "pulje", "direktionen", "budget",
    '"nytårskur for byrådet"', "Høje-Taastrup", "trivsel OR sygefravær", "børn unge",
    "efterretning", "mio. kr.", "lønadministration",
]  # fmt: skip


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert FIXTURES, "no fixtures found"
    db = tmp_path_factory.mktemp("indexed") / "a.db"
    with open_archive(db) as a:
        for path in FIXTURES:
            save_meeting(a, parse_document(read_document(path.read_bytes(), path.name)).meeting)
        searchindex.rebuild(a.conn, db)
    return db


def found(archive, words: str, use_index: bool, **kw) -> set[tuple[str, int]]:
    hits = search_text(archive, words, limit=1000, use_index=use_index, **kw)
    return {(h.meeting_id, h.item_number) for h in hits}


@pytest.mark.parametrize("words", QUERIES)
def test_the_index_finds_the_items_fts5_finds(indexed: Path, words: str) -> None:
    with open_archive(indexed, create=False) as a:
        assert searchindex.is_current(a.conn, indexed)
        assert found(a, words, True) == found(a, words, False)
        assert found(a, words, True, exact=True) == found(a, words, False, exact=True)


@pytest.mark.parametrize(
    ("filters", "section"),
    [
        (Filters(since=dt.date(2023, 2, 1)), None),
        (Filters(until=dt.date(2023, 1, 31)), None),
        (Filters(body="DIREKTIONEN"), None),
        (Filters(body="byrådet"), None),
        (None, "beslutning"),
    ],
)
def test_filters_in_the_index(indexed: Path, filters: Filters | None, section: str | None) -> None:
    with open_archive(indexed, create=False) as a:
        for words in ("direktionen", "efterretning", "sygefravær"):
            ours = found(a, words, True, filters=filters, section=section)
            assert ours == found(a, words, False, filters=filters, section=section)


def test_the_best_hit_and_its_snippet_are_the_same(indexed: Path) -> None:
    with open_archive(indexed, create=False) as a:
        ours = search_text(a, "sygefravær")[0]
        theirs = search_text(a, "sygefravær", use_index=False)[0]
        assert (ours.meeting_id, ours.item_number) == (SEED1, 4)
        assert (ours.item_title, ours.snippet, ours.match) == (
            theirs.item_title, theirs.snippet, theirs.match
        )  # fmt: skip
        assert count_text(a, "direktionen") == count_text(a, "direktionen", use_index=False)


def _imported(tmp_path: Path) -> Path:
    db = tmp_path / "a.db"
    with open_archive(db) as a:
        report = import_paths(a, expand_paths([str(p) for p in FIXTURES]))
        assert report.ok
    return db


def test_import_builds_it_and_deletion_keeps_it_current(tmp_path: Path) -> None:
    db = _imported(tmp_path)
    assert searchindex.has_index(db)
    with open_archive(db, create=False) as a:
        assert searchindex.is_current(a.conn, db)
        assert (SEED1, 4) in found(a, "sygefravær", True)
        assert delete_meeting(a, SEED1)
        assert searchindex.is_current(a.conn, db)
        assert SEED1 not in {m for m, _ in found(a, "sygefravær", True)}
        assert found(a, "sygefravær", True) == found(a, "sygefravær", False)


def test_another_programs_write_reaches_the_index(tmp_path: Path) -> None:
    db = _imported(tmp_path)
    conn = sqlite3.connect(db)  # as sqlite-utils or Datasette would write
    with conn:
        conn.execute("UPDATE sections SET text = text || ' zebraovergang' WHERE id = 1")
    conn.close()
    with open_archive(db, create=False) as a:
        assert not searchindex.is_current(a.conn, db)
        hits = search_text(a, "zebraovergang")  # the index catches up first
        assert searchindex.is_current(a.conn, db)
        assert len(hits) == 1
        assert found(a, "zebraovergang", True) == found(a, "zebraovergang", False)


def test_an_archive_without_it_answers_with_a_note_until_reindex(tmp_path: Path) -> None:
    db = _imported(tmp_path)
    shutil.rmtree(searchindex.index_path(db))  # copied without it, or an older archive
    runner = CliRunner()
    result = runner.invoke(cli, ["search", "--db", str(db), "sygefravær"])
    assert result.exit_code == 0, result.output
    assert "Sygefraværspulje" in result.stdout
    assert "no search index" in result.stderr and "referat reindex" in result.stderr
    # Written meanwhile: the queue is not kept for an index that is not there.
    with open_archive(db, create=False) as a:
        assert delete_meeting(a, "referat-direktionen-2023-02-06")
        assert a.conn.execute("SELECT count(*) FROM search_queue").fetchone()[0] == 0
    result = runner.invoke(cli, ["reindex", "--db", str(db)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["search", "--db", str(db), "sygefravær"])
    assert result.exit_code == 0
    assert "Sygefraværspulje" in result.stdout and "no search index" not in result.stderr


def test_reindex_rebuilds_it_from_the_tables(tmp_path: Path) -> None:
    db = _imported(tmp_path)
    with open_archive(db, create=False) as a:
        before = found(a, "direktionen", True)
        rebuild_search(a)
        assert searchindex.is_current(a.conn, db)
        assert found(a, "direktionen", True) == before


def test_a_new_archive_gets_its_index_in_one_commit_as_rebuild_writes_it(tmp_path: Path) -> None:
    # Built while importing (searchindex.Builder): each group's items added, one commit at the
    # end; a meeting imported twice (its text, then its PDF) replaces its items in the index.
    db = tmp_path / "a.db"
    paths = [str(p) for p in FIXTURES] + [str(p) for p in sorted(ROOT.glob("fixtures/*.pdf"))]
    with open_archive(db) as a:
        report = import_paths(a, expand_paths(paths))
        assert report.count("inserted") and report.count("updated") + report.count("unchanged")
        assert searchindex.is_current(a.conn, db)
        assert a.conn.execute("SELECT count(*) FROM search_queue").fetchone()[0] == 0
        meta = json.loads((searchindex.index_path(db) / "meta.json").read_text())
        assert len(meta["segments"]) == 1  # one commit, one indexing thread
        built = {w: (found(a, w, True), found(a, w, True, exact=True)) for w in QUERIES}
        index = searchindex.open_index(db)
        assert index is not None
        count = index.searcher().num_docs
        assert searchindex.rebuild(a.conn, db) == count
        index = searchindex.open_index(db)
        assert index is not None and index.searcher().num_docs == count
        for words, hits in built.items():
            assert hits == (found(a, words, True), found(a, words, True, exact=True))
            assert hits[0] == found(a, words, False)


def _archive_of(db: Path, texts: dict[str, str]) -> None:
    """An indexed archive of one meeting whose items are ``texts`` (title -> text)."""
    from referat.models import Item, Meeting, Section, Source

    m = Meeting(
        id="referat-x-2022-05-02",
        kind="referat",
        body="Udvalg",
        date=dt.date(2022, 5, 2),
        source=Source(path="t.txt", sha256="0" * 64, format="text"),
        items=[
            Item(number=n, title=title, sections=[Section(kind="other", heading=None, text=text)])
            for n, (title, text) in enumerate(texts.items(), start=1)
        ],
    )
    with open_archive(db) as a:
        save_meeting(a, m)
        searchindex.rebuild(a.conn, db)


def _klima_archive(db: Path) -> None:
    """Five items with ``klima`` and ``plan`` as words, one with them only as ``Klimaplan``."""
    texts = {f"Punkt {n}": f"En plan for klima i bydel {n}." for n in range(1, 6)}
    texts["Klimaplan 2030"] = "Klimaplanen vedtages."
    _archive_of(db, texts)


@pytest.mark.parametrize("use_index", [True, False])
def test_several_words_search_compounds_only_for_a_page_left_short(
    tmp_path: Path, use_index: bool
) -> None:
    """Issue 22: the compound tier of several words (an intersection no engine can prune) is
    searched only when the words and their stems found fewer items than the page holds."""
    db = tmp_path / "a.db"
    _klima_archive(db)
    with open_archive(db, create=False) as a:
        short = search_text(a, "klima plan", limit=20, use_index=use_index)
        assert [h.item_title for h in short if h.match == "compound"] == ["Klimaplan 2030"]
        assert len(short) == 6 == count_text(a, "klima plan", use_index=use_index)
        full = search_text(a, "klima plan", limit=3, use_index=use_index)
        assert len(full) == 3 and {h.match for h in full} <= {"exact", "stem"}
        # One word: the compound tier is one flat union, ranked top-k: always searched.
        assert "Klimaplan 2030" in {h.item_title for h in search_text(a, "klimaplan", limit=1)}


def test_the_tiers_searched_at_once_give_what_each_gives_alone(indexed: Path) -> None:
    from referat.archive import index_search
    from referat.archive.fts import parse_query
    from referat.archive.tiers import loose_parts

    with open_archive(indexed, create=False) as a:
        s = index_search.open_searcher(a, None)
        assert s is not None
        f = index_search.index_filter(None, None)
        for words in ("budget", "børn unge", "sygefravær", '"nytårskur for byrådet"'):
            queries = index_search.tier_queries(
                s, parse_query(words), False, lambda t: loose_parts(a.conn, t)
            )
            together = index_search.top_items(a, s, queries, f, 5)
            assert together == [index_search.top_items(a, s, [q], f, 5)[0] for q in queries]
            assert any(together)


def _phrase_archive(db: Path) -> None:
    """Items with the phrase, and one with both its pairs but never the phrase itself."""
    texts = {
        "Tilbud": "Tilbud til børn og unge i kommunen.",
        "Klubber": "Klubber for børn og unge og for børn og unge med handicap.",
        "Ældre": "Hjælp til børn og voksne, til ældre og unge.",  # børn_og, og_unge: no phrase
        "Skoler": "Skolens børn og ungdomsklubben.",
    }
    _archive_of(db, texts)


@pytest.mark.parametrize("checked_per_row", [64, 0])  # 0: every check overflows: positions
def test_a_long_phrase_ranked_by_its_pairs_finds_the_phrase_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checked_per_row: int
) -> None:
    from referat.archive import index_queries

    monkeypatch.setattr(index_queries, "CHECKED_PER_ROW", checked_per_row)
    db = tmp_path / "a.db"
    _phrase_archive(db)
    with open_archive(db, create=False) as a:
        for limit in (1, 2, 20):
            hits = search_text(a, '"børn og unge"', limit=limit)
            assert [h.item_title for h in hits] == ["Klubber", "Tilbud"][:limit]
            assert {h.match for h in hits} == {"exact"}
        assert found(a, '"børn og unge"', True) == found(a, '"børn og unge"', False)
        assert count_text(a, '"børn og unge"') == 2
