"""The archive's derived objects, as data: our triggers and the views Datasette shows.

They hold no data: :func:`referat.archive.schema.ensure_shape` drops and recreates them on every
open, so changing one here needs no migration.
"""

from __future__ import annotations

# How a section finds its sub-item, and the title a section is searched under (its item's, then
# its sub-item's: referat.archive.schema.search_title in SQL).
SUBITEM_OF_SECTION = "subitems.item_id = sections.item_id AND subitems.position = sections.subitem"
SEARCH_TITLE_SQL = "items.title || COALESCE(' ' || subitems.title, '')"

# What puts an item on the search index's queue: (name, event, table, the item ids).
_QUEUE_EVENTS = (
    ("items_ai", "INSERT", "items", "VALUES (new.id)"),
    ("items_ad", "DELETE", "items", "VALUES (old.id)"),
    ("items_au", "UPDATE OF title", "items", "VALUES (new.id)"),
    ("sections_ai", "INSERT", "sections", "VALUES (new.item_id)"),
    ("sections_ad", "DELETE", "sections", "VALUES (old.item_id)"),
    ("sections_au", "UPDATE", "sections", "VALUES (new.item_id)"),
    ("stems_ai", "INSERT", "section_stems", "SELECT item_id FROM sections WHERE id = new.id"),
    ("stems_au", "UPDATE", "section_stems", "SELECT item_id FROM sections WHERE id = new.id"),
    ("meetings_au", "UPDATE OF date, body, municipality", "meetings",
     "SELECT id FROM items WHERE meeting_id = new.id"),
)  # fmt: skip

# Our own triggers: a changed title reaches sections.item_title (and through sqlite-utils'
# sections_au trigger the index); a deleted sub-item takes its sections along.  Named so as
# not to clash with sqlite-utils' <table>_ai/_ad/_au.
TRIGGERS: dict[str, str] = {
    "items_title_au": f"""AFTER UPDATE OF title ON items BEGIN
  UPDATE sections SET item_title = (
    SELECT {SEARCH_TITLE_SQL} FROM items LEFT JOIN subitems ON {SUBITEM_OF_SECTION}
    WHERE items.id = sections.item_id)
  WHERE item_id = new.id;
END""",
    "subitems_title_au": f"""AFTER UPDATE OF title ON subitems BEGIN
  UPDATE sections SET item_title = (
    SELECT {SEARCH_TITLE_SQL} FROM items LEFT JOIN subitems ON {SUBITEM_OF_SECTION}
    WHERE items.id = sections.item_id)
  WHERE item_id = new.item_id AND subitem = new.position;
END""",
    # A section's stems go with it (no foreign key: Datasette writes with them off).  A
    # section whose words change loses its stems until `referat reindex` (SQL cannot stem).
    "sections_stems_ad": """AFTER DELETE ON sections BEGIN
  DELETE FROM section_stems WHERE id = old.id;
END""",
    "sections_stems_au": """AFTER UPDATE OF heading, text, item_title ON sections BEGIN
  DELETE FROM section_stems WHERE id = old.id;
END""",
    "subitems_ad": """AFTER DELETE ON subitems BEGIN
  DELETE FROM sections WHERE item_id = old.item_id AND subitem = old.position;
END""",
    # The search index's queue (version 7): an item whose title, sections, stems or meeting's
    # date, body or town changed is indexed anew.
    **{
        f"search_queue_{name}": f"""AFTER {event} ON {table} BEGIN
  INSERT INTO search_queue (item_id) {select};
END"""
        for name, event, table, select in _QUEUE_EVENTS
    },
}
# The page of an item in its meeting's kept source, as a path of `referat serve`.
_SOURCE_PAGE = """(SELECT '/-/kilde/' || sources.id || COALESCE('#page=' || items.page, '')
   FROM sources WHERE sources.meeting_id = meetings.id AND sources.kept)"""

# The page of an item on the publication site it was fetched from (null: not fetched).
_SITE_LINK = """(SELECT COALESCE(json_extract(sources.item_links, '$."' || items.number || '"'),
     sources.link)
   FROM sources WHERE sources.meeting_id = meetings.id AND sources.link IS NOT NULL
   ORDER BY sources.kept DESC, sources.id DESC LIMIT 1)"""

VIEWS: dict[str, str] = {
    # Every decision, a sub-item's too (subitem_label/_title; null for the item's own).
    "decisions": f"""SELECT
  items.case_number AS case_number,
  items.case_key AS case_key,
  items.number AS item_number,
  items.title AS item_title,
  subitems.label AS subitem_label,
  subitems.title AS subitem_title,
  meetings.id AS meeting_id,
  meetings.municipality AS municipality,
  meetings.date AS meeting_date,
  meetings.body AS meeting_body,
  sections.body AS decision_body,
  COALESCE(sections.date, meetings.date) AS decision_date,
  sections.text AS decision_text,
  outcomes.outcome AS outcome,
  outcomes.votes_for AS votes_for,
  outcomes.votes_against AS votes_against,
  outcomes.votes_abstain AS votes_abstain
FROM sections
JOIN items ON items.id = sections.item_id
JOIN meetings ON meetings.id = items.meeting_id
LEFT JOIN subitems ON {SUBITEM_OF_SECTION}
LEFT JOIN outcomes ON outcomes.section_id = sections.id
WHERE sections.kind = 'beslutning'""",
    # Each item with its meeting's municipality, body and year, and a link to the page of its
    # kept source where it stands (served by ``referat serve``: referat.cli.web).
    "items_in_context": f"""SELECT
  items.id AS id,
  meetings.municipality AS municipality,
  meetings.body AS body,
  substr(meetings.date, 1, 4) AS year,
  meetings.date AS date,
  meetings.id AS meeting_id,
  items.number AS number,
  items.title AS title,
  items.case_number AS case_number,
  items.page AS page,
  {_SOURCE_PAGE} AS source_page,
  {_SITE_LINK} AS site_link
FROM items
JOIN meetings ON meetings.id = items.meeting_id""",
    # Each section with its item and meeting: what Datasette searches (sections_fts) and facets
    # (municipality, body, year, kind) in one table.
    "sections_in_context": f"""SELECT
  sections.id AS id,
  meetings.municipality AS municipality,
  meetings.body AS body,
  substr(meetings.date, 1, 4) AS year,
  meetings.date AS date,
  meetings.id AS meeting_id,
  items.number AS item_number,
  items.title AS item_title,
  items.case_number AS case_number,
  sections.kind AS kind,
  sections.heading AS heading,
  sections.text AS text,
  {_SOURCE_PAGE} AS source_page,
  {_SITE_LINK} AS site_link
FROM sections
JOIN items ON items.id = sections.item_id
JOIN meetings ON meetings.id = items.meeting_id""",
    "meeting_summary": """SELECT
  meetings.id AS id,
  meetings.municipality AS municipality,
  meetings.date AS date,
  meetings.body AS body,
  meetings.kind AS kind,
  (SELECT count(*) FROM items WHERE items.meeting_id = meetings.id) AS items,
  (SELECT count(*) FROM sections JOIN items ON items.id = sections.item_id
    WHERE items.meeting_id = meetings.id AND sections.kind = 'beslutning') AS decisions,
  (SELECT sources.link FROM sources WHERE sources.meeting_id = meetings.id
    AND sources.link IS NOT NULL ORDER BY sources.kept DESC, sources.id DESC LIMIT 1) AS site_link
FROM meetings""",
}
