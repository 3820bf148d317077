"""The search index: a Tantivy index beside the archive, ranked top-k in milliseconds.

SQLite's FTS5 computes BM25 for every row a query matches, so a common word (``budget``:
7 % of all sections) costs time in proportion to the archive.  Tantivy (Rust, through its
Python bindings) ranks the same BM25 with block-max WAND: it skips the blocks of postings that
cannot reach the top k, so a query's cost follows k, not the archive (bench/ANALYSIS.md).

The index lives in a folder beside the archive (``minutes.db`` -> ``minutes.db.index/``), one
document per row of FTS5's ``sections_fts`` (a section) and per item without sections (its
title, as ``items_fts`` finds it), with two text fields built as FTS5's rows are weighted:

- ``words``: the item title four times, the heading, the text, as written (lower-cased, split
  where FTS5's ``unicode61`` splits): the exact tier;
- ``stems``: the same as Danish stems (``section_stems``): the stem and compound tiers.

A title written four times counts four times in a term's frequency, as FTS5's column weight
4.0 does; a separator word between the parts keeps a phrase from matching across them.

The archive's SQL triggers queue every item whose rows change (``search_queue``, any program's
writes included); :func:`sync` applies the queue to the index (import, reparse and deletion call
it after writing), :func:`rebuild` writes it anew (``referat reindex``).  An archive without the
folder, or whose queue the index has not caught up with and cannot (read-only), is searched
with FTS5 as before, and :func:`status` says so.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import tantivy

SUFFIX = ".index"
SEP = "qqsepqq"  # between the parts of a document: no phrase matches across it
TITLE_WEIGHT = 4  # the title's copies (FTS5's column weight 4.0)
WORDS = "referat_words"  # the tokenizer of ``words``: FTS5 unicode61's split, lower-cased
APPLIED = "referat-applied"  # the last queue entry applied, in the index folder
WRITER_HEAP = 64_000_000
PAIRS = {"words": "pairs", "stems": "stem_pairs"}

_TOKEN = re.compile(r"[^\W_]+")  # what tantivy's simple tokenizer calls a word


def index_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}{SUFFIX}")


def tokens(text: str) -> list[str]:
    """``text`` as the ``words`` field's terms."""
    return _TOKEN.findall(text.lower())


def pairs(terms: Sequence[str]) -> str:
    """Each two adjacent terms as one (``til efterretning`` -> ``til_efterretning``)."""
    return " ".join(map("_".join, itertools.pairwise(terms)))  # in C: a national build


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("words", tokenizer_name=WORDS, index_option="position")
    b.add_text_field("stems", tokenizer_name="whitespace", index_option="position")
    # Adjacent words (and stems) as one term: a phrase's candidates without reading positions
    b.add_text_field("pairs", tokenizer_name="whitespace", index_option="freq")
    b.add_text_field("stem_pairs", tokenizer_name="whitespace", index_option="freq")
    b.add_integer_field("item", indexed=True, fast=True)
    b.add_integer_field("section", fast=True)
    b.add_integer_field("date", indexed=True, fast=True)  # yyyymmdd
    b.add_text_field("body", tokenizer_name="raw", fast=True)  # lower-cased
    b.add_text_field("town", tokenizer_name="raw")  # lower-cased
    b.add_text_field("kind", tokenizer_name="raw")
    return b.build()


def _register(index: tantivy.Index) -> tantivy.Index:
    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .build()
    )
    index.register_tokenizer(WORDS, analyzer)
    return index


def has_index(db_path: str | Path) -> bool:
    return not is_memory(db_path) and index_path(db_path).is_dir()


def is_memory(db_path: str | Path) -> bool:
    name = str(db_path)
    return name in (":memory:", "") or name.startswith("file:")


def open_index(db_path: str | Path, *, create: bool = False) -> tantivy.Index | None:
    """The archive's index, or None when it has none (``create``: make an empty one)."""
    if is_memory(db_path):
        return None
    path = index_path(db_path)
    if create:
        path.mkdir(exist_ok=True)
        return _register(tantivy.Index(_schema(), str(path), reuse=True))
    if not path.is_dir() or not tantivy.Index.exists(str(path)):
        return None
    return _register(tantivy.Index.open(str(path)))


# --------------------------------------------------------------------------------------------
# Documents from the archive

# One row per document: item, section (0: an item without sections), date, body, town, kind,
# item title, heading, text, title stems, text stems.
_ROWS = """
SELECT i.id, s.id, m.date, m.body, m.municipality, s.kind, s.item_title, s.heading, s.text,
       st.title, st.text
FROM sections s JOIN items i ON i.id = s.item_id JOIN meetings m ON m.id = i.meeting_id
LEFT JOIN section_stems st ON st.id = s.id
WHERE {where}
UNION ALL
SELECT i.id, 0, m.date, m.body, m.municipality, NULL, i.title, NULL, '', NULL, NULL
FROM items i JOIN meetings m ON m.id = i.meeting_id
WHERE {where} AND NOT EXISTS (SELECT 1 FROM sections s WHERE s.item_id = i.id)
"""


def _document(row: Sequence[Any]) -> tantivy.Document:
    item, section, date, body, town, kind, title, heading, text, stitle, stext = row
    doc = tantivy.Document()
    texts = document_texts(title, heading, text, stitle, stext, bool(section))
    for field, value in zip(("words", "pairs", "stems", "stem_pairs"), texts, strict=True):
        if value is not None:
            doc.add_text(field, value)
    if section:
        doc.add_text("kind", kind or "")
    doc.add_integer("item", item)
    doc.add_integer("section", section)
    doc.add_integer("date", int(date.replace("-", "")))
    doc.add_text("body", (body or "").lower())
    doc.add_text("town", (town or "").lower())
    return doc


def document_texts(
    title: str | None,
    heading: str | None,
    text: str | None,
    stitle: str | None,
    stext: str | None,
    section: bool,
) -> tuple[str, str, str | None, str | None]:
    """A document's words, word pairs, stems and stem pairs (no stems for a title alone)."""
    title_words = f" {SEP} ".join([title or ""] * TITLE_WEIGHT)
    words = f"{title_words} {SEP} {heading or ''} {SEP} {text or ''}"
    title_pairs = pairs(tokens(title or ""))
    word_pairs = " ".join(
        [title_pairs] * TITLE_WEIGHT + [pairs(tokens(heading or "")), pairs(tokens(text or ""))]
    )
    if not section:
        return words, word_pairs, None, None
    title_stems = f" {SEP} ".join([stitle or ""] * TITLE_WEIGHT)
    stem_title_pairs = pairs((stitle or "").split())
    stem_pairs = " ".join([stem_title_pairs] * TITLE_WEIGHT + [pairs((stext or "").split())])
    return words, word_pairs, f"{title_stems} {SEP} {stext or ''}", stem_pairs


def _documents(conn: sqlite3.Connection, item_ids: Sequence[int] | None) -> Iterator[Any]:
    if item_ids is None:
        yield from conn.execute(_ROWS.format(where="1"))
        return
    for start in range(0, len(item_ids), 500):
        ids = list(item_ids[start : start + 500])
        marks = ",".join("?" * len(ids))
        where = f"i.id IN ({marks})"
        yield from conn.execute(_ROWS.format(where=where), ids + ids)


# --------------------------------------------------------------------------------------------
# Keeping it current


def _applied(path: Path) -> int:
    try:
        return int((path / APPLIED).read_text())
    except (OSError, ValueError):
        return -1


def _set_applied(path: Path, seq: int) -> None:
    tmp = path / f"{APPLIED}.tmp"
    tmp.write_text(str(seq))
    tmp.replace(path / APPLIED)


def _queue_end(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COALESCE(max(seq), 0) FROM search_queue").fetchone()[0])


def rebuild(
    conn: sqlite3.Connection, db_path: str | Path, *, threads: int = 0, heap: int = WRITER_HEAP
) -> int:
    """Write the index anew from the archive (``heap`` bytes of memory per thread); returns
    its document count."""
    path = index_path(db_path)
    shutil.rmtree(path, ignore_errors=True)
    index = open_index(db_path, create=True)
    assert index is not None
    end = _queue_end(conn)
    writer = index.writer(heap_size=heap * max(1, threads), num_threads=threads)
    count = 0
    for row in _documents(conn, None):
        writer.add_document(_document(row))
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    _set_applied(path, end)
    _trim_queue(conn, end)
    return count


def sync(conn: sqlite3.Connection, db_path: str | Path, *, trim: bool = True) -> bool:
    """Apply the queue of changed items to the index; False when there is no index or another
    process holds its writer (the queue stays for the next sync).  ``trim=False`` (a search
    catching up): only read the archive, leave the applied entries for the next writer."""
    path = index_path(db_path)
    index = open_index(db_path)
    if index is None:
        return False
    applied, end = _applied(path), _queue_end(conn)
    if end <= applied:
        return True
    changed = sorted(
        {r[0] for r in conn.execute("SELECT item_id FROM search_queue WHERE seq > ?", (applied,))}
    )
    try:
        writer = index.writer(heap_size=15_000_000, num_threads=1)
    except ValueError:  # another process writes it
        return False
    for item_id in changed:
        writer.delete_documents_by_term("item", item_id)
    for row in _documents(conn, changed):
        writer.add_document(_document(row))
    writer.commit()
    writer.wait_merging_threads()
    _set_applied(path, end)
    if trim:
        _trim_queue(conn, end)
    return True


class Builder:
    """The index of a new archive, written while the import writes the archive: the items of
    each committed group are added (:meth:`add`) and Tantivy indexes them on a thread of its
    own while the next documents are parsed; :meth:`finish` commits once, for the whole
    import.  The same documents as :func:`rebuild` makes afterwards (every item of a new
    archive passes through the queue).  Until it is finished the folder holds an empty index
    whose queue entries are not applied: a search answers with FTS5, the next writer's
    :func:`sync` applies the whole queue."""

    def __init__(self, conn: sqlite3.Connection, db_path: str | Path) -> None:
        self.conn, self.path = conn, index_path(db_path)
        shutil.rmtree(self.path, ignore_errors=True)
        index = open_index(db_path, create=True)
        assert index is not None
        # One thread: an import's items make one segment (two threads: two, and a slower commit)
        self.writer: Any = index.writer(heap_size=WRITER_HEAP, num_threads=1)
        self.added = 0  # the last queue entry added

    def add(self) -> None:
        """Add the items queued since the last call (an item added before is replaced)."""
        end = _queue_end(self.conn)
        if end <= self.added:
            return
        changed = sorted(
            {
                r[0]
                for r in self.conn.execute(
                    "SELECT item_id FROM search_queue WHERE seq > ?", (self.added,)
                )
            }
        )
        for item_id in changed:
            self.writer.delete_documents_by_term("item", item_id)
        for row in _documents(self.conn, changed):
            self.writer.add_document(_document(row))
        self.added = end

    def finish(self) -> None:
        """Add what is left and commit: the index is current."""
        self.add()
        self.writer.commit()
        self.writer.wait_merging_threads()
        self.close()
        _set_applied(self.path, self.added)
        _trim_queue(self.conn, self.added)

    def close(self) -> None:
        """Let go of the writer (its lock) without committing what was added."""
        self.writer = None


def _trim_queue(conn: sqlite3.Connection, end: int) -> None:
    with contextlib.suppress(sqlite3.OperationalError):  # read-only: the next writer trims
        conn.execute("DELETE FROM search_queue WHERE seq <= ?", (end,))


def keep_current(conn: sqlite3.Connection, db_path: str | Path, *, create: bool) -> None:
    """After writing: apply the queue to the index; without one, build it when ``create`` (a
    new archive), else forget the queue (the index, when built, is built from the archive)."""
    if is_memory(db_path):
        return
    if has_index(db_path):
        sync(conn, db_path)
    elif create:
        rebuild(conn, db_path)
    else:
        _trim_queue(conn, _queue_end(conn))


def version(db_path: str | Path) -> tuple[int, int]:
    """Changes whenever the index is written: (the queue entry applied, when)."""
    marker = index_path(db_path) / APPLIED
    try:
        return _applied(index_path(db_path)), marker.stat().st_mtime_ns
    except OSError:
        return -1, 0


def is_current(conn: sqlite3.Connection, db_path: str | Path) -> bool:
    return _applied(index_path(db_path)) >= _queue_end(conn)
