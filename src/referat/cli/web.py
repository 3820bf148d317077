"""``referat serve``: the archive in Datasette, with our own metadata and two small hooks.

Needs the ``web`` extra (``pip install 'referat[web]'``).  The metadata (:func:`metadata`) gives
Danish titles and descriptions, the full-text search box on sections (``sections_fts``, built by
sqlite-utils), facets by municipality, body, year and section kind, and canned queries: a case's
timeline, a body's decisions between two dates, who was absent when.  The hooks
(:func:`_hooks`) make each item's ``source_page`` a link and serve that source: the file as it
was imported (a PDF opens at the item's page), else the text the archive keeps of it.

The archive is plain SQLite, so ``datasette referat.db`` works as well; only the metadata, the
links and the source pages are ours.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from referat.errors import ReferatError

PLUGIN = "referat"
SOURCE_ROUTE = r"^/-/kilde/(?P<source_id>[0-9]+)$"

_CASE_TIMELINE = """SELECT decision_date AS dato, decision_body AS organ, municipality AS kommune,
  meeting_id AS møde, item_number AS punkt, item_title AS titel, decision_text AS beslutning
FROM decisions
WHERE case_key = lower(replace(replace(:sag, 'Sagsnr.:', ''), ' ', ''))
ORDER BY decision_date, meeting_date, item_number"""

_BODY_DECISIONS = """SELECT decision_date AS dato, municipality AS kommune,
  COALESCE(decision_body, meeting_body) AS organ, meeting_id AS møde, item_number AS punkt,
  item_title AS titel, case_number AS sag, decision_text AS beslutning
FROM decisions
WHERE COALESCE(decision_body, meeting_body) = :organ COLLATE NOCASE
  AND decision_date BETWEEN :fra AND :til
ORDER BY decision_date, meeting_id, item_number"""

_ABSENT = """SELECT m.date AS dato, m.municipality AS kommune, m.body AS organ, a.name AS navn,
  'hele mødet' AS fravær, m.id AS møde
FROM attendees a JOIN meetings m ON m.id = a.meeting_id
WHERE a.absent AND a.name LIKE '%' || :navn || '%'
UNION ALL
SELECT m.date, m.municipality, m.body, j.value, 'punkt ' || i.number || ': ' || i.title, m.id
FROM items i JOIN meetings m ON m.id = i.meeting_id, json_each(i.absent) j
WHERE j.value LIKE '%' || :navn || '%'
ORDER BY 1, 6"""


def metadata(database: str, sources: Path) -> dict[str, Any]:
    """Datasette metadata for the archive named ``database`` (its file's stem); ``sources`` is
    the folder that relative source paths are read from."""
    facets = ["municipality", "body", "year"]
    return {
        "title": "Referat-arkiv",
        "description": (
            "Referater og dagsordener fra kommunale møder: møder, punkter, afsnit og beslutninger. "
            "Søg i afsnittene, filtrér på kommune, organ, år og afsnitstype."
        ),
        "plugins": {PLUGIN: {"sources": str(sources)}},
        "databases": {
            database: {
                "title": "Arkivet",
                "tables": {
                    "meetings": {
                        "title": "Møder",
                        "description": "Ét møde pr. række: kommune, organ, dato, sted.",
                        "facets": ["municipality", "body", "kind"],
                        "sort_desc": "date",
                        "label_column": "title",
                    },
                    "items": {
                        "title": "Dagsordenspunkter",
                        "description": "Punkterne på møderne, med sagsnummer og side.",
                        "fts_table": "items_fts",
                        "fts_pk": "id",
                        "label_column": "title",
                    },
                    "sections": {
                        "title": "Afsnit",
                        "description": "Punkternes afsnit (baggrund, indstilling, beslutning …).",
                        "facets": ["kind"],
                        "fts_table": "sections_fts",
                        "fts_pk": "id",
                    },
                    "sections_in_context": {
                        "title": "Afsnit med møde",
                        "description": (
                            "Søg i alle afsnit; hvert med kommune, organ, år, punkt og et link "
                            "til siden i kilden."
                        ),
                        "facets": [*facets, "kind"],
                        "fts_table": "sections_fts",
                        "fts_pk": "id",
                        "sort_desc": "date",
                    },
                    "items_in_context": {
                        "title": "Punkter med møde",
                        "description": "Hvert punkt med kommune, organ, år og link til kilden.",
                        "facets": facets,
                        "fts_table": "items_fts",
                        "fts_pk": "id",
                        "sort_desc": "date",
                    },
                    "decisions": {
                        "title": "Beslutninger",
                        "description": "Hver beslutning med sag, punkt, organ og dato.",
                        "facets": ["municipality", "meeting_body"],
                        "sort_desc": "decision_date",
                    },
                    "attendees": {"title": "Deltagere"},
                    # referat search's stem index (issue 11): machinery, not content.
                    "section_stems": {"hidden": True},
                    "stem_vocab": {"hidden": True},
                    "sources": {
                        "title": "Kilder",
                        "description": "Filerne møderne er læst fra; kept = den kilde, mødet "
                        "er læst fra.",
                    },
                },
                "queries": {
                    "sagsforloeb": {
                        "title": "En sags forløb",
                        "description": "Alle beslutninger på et sagsnummer, ældste først.",
                        "sql": _CASE_TIMELINE,
                    },
                    "beslutninger": {
                        "title": "Et organs beslutninger mellem to datoer",
                        "description": "Organ (fx Direktionen), fra og til som ÅÅÅÅ-MM-DD.",
                        "sql": _BODY_DECISIONS,
                    },
                    "fravaer": {
                        "title": "Hvem havde afbud hvornår",
                        "description": "Afbud til hele møder og til enkelte punkter; navn "
                        "eller en del af det (tomt: alle).",
                        "sql": _ABSENT,
                    },
                },
            }
        },
    }


def serve(
    db: Path, *, host: str = "127.0.0.1", port: int = 8001, sources: Path | None = None
) -> None:
    """Run Datasette on the archive until interrupted."""
    try:
        import uvicorn
        from datasette.app import Datasette
        from datasette.plugins import pm
    except ImportError:
        raise ReferatError("referat serve needs Datasette: pip install 'referat[web]'") from None
    if not db.is_file():
        raise ReferatError(f"{db}: no archive here (create one with 'referat import')")
    with sqlite3.connect(db) as conn:  # fail early on a file that is not an archive
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sections_fts'").fetchone():
            raise ReferatError(f"{db}: not a referat archive of this version (open it with "
                               "'referat list' first to upgrade it)")  # fmt: skip
    conn.close()
    if pm.get_plugin(PLUGIN) is None:
        pm.register(_hooks(), name=PLUGIN)
    meta = metadata(db.stem, (sources or Path.cwd()).resolve())
    datasette = Datasette([str(db)], metadata=meta, settings={"default_page_size": 50})
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")


def _hooks() -> Any:
    """Datasette plugin hooks: each ``source_page`` a link; the source behind it a route.
    Datasette takes a plugin as a module."""
    import types

    from datasette import hookimpl

    plugin = types.ModuleType("referat_web")
    plugin.render_cell = hookimpl(_render_cell)  # type: ignore[attr-defined]
    plugin.register_routes = hookimpl(_register_routes)  # type: ignore[attr-defined]
    return plugin


def _render_cell(value: Any, column: str) -> Any:
    if column != "source_page" or not isinstance(value, str):
        return None
    from markupsafe import Markup, escape

    _, _, page = value.partition("#page=")
    label = f"kilde, side {page}" if page else "kilde"
    return Markup(f'<a href="{escape(value)}">{escape(label)}</a>')


def _register_routes() -> list[tuple[str, Any]]:
    return [(SOURCE_ROUTE, _source)]


async def _source(datasette: Any, request: Any) -> Any:
    """A source of the archive: the file as imported, else the text the archive keeps."""
    from datasette.utils.asgi import Response

    source_id = int(request.url_vars["source_id"])
    db = datasette.get_database()
    rows = await db.execute("SELECT path, format, text FROM sources WHERE id = ?", [source_id])
    row = rows.first()
    if row is None:
        return Response.text(f"Ingen kilde {source_id} i arkivet.", status=404)
    folder = Path((datasette.plugin_config(PLUGIN) or {}).get("sources") or ".")
    path = Path(row["path"])
    path = path if path.is_absolute() else folder / path
    if row["format"] == "pdf" and path.is_file():
        return Response(
            path.read_bytes(),
            content_type="application/pdf",
            headers={"content-disposition": f'inline; filename="{path.name}"'},
        )
    return Response.text(row["text"] or "")
