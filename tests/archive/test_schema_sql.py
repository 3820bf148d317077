"""A new archive's full-text indexes are created without sqlite-utils (start-up, issue 22) but
with its SQL, byte for byte: the same archive as sqlite-utils' ``enable_fts`` makes."""

from __future__ import annotations

import sqlite3

import sqlite_utils

from referat.archive import schema


def _master(conn: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
    return conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()


def _by_sqlite_utils(conn: sqlite3.Connection) -> None:
    for table in schema.TABLES:
        conn.execute(table.create_sql())
    db = sqlite_utils.Database(conn)
    for fts in schema.FTS_INDEXES:
        db.table(fts.table).enable_fts(
            fts.columns, create_triggers=True, tokenize=fts.tokenize, replace=True
        )


def test_a_new_archive_is_what_sqlite_utils_makes() -> None:
    ours = sqlite3.connect(":memory:")
    schema.ensure_shape(ours)
    theirs = sqlite3.connect(":memory:")
    _by_sqlite_utils(theirs)
    schema.ensure_shape(theirs)  # as declared: left alone
    assert _master(ours) == _master(theirs)
    for conn in (ours, theirs):
        assert conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 1


def test_a_shape_already_there_is_left_alone_and_a_different_one_replaced() -> None:
    conn = sqlite3.connect(":memory:")
    schema.ensure_shape(conn)
    before = _master(conn)
    schema.ensure_shape(conn)
    assert _master(conn) == before
    conn.execute("DROP TRIGGER items_au")  # not as declared: sqlite-utils replaces it
    schema.ensure_shape(conn)
    assert _master(conn) == before
