-- A referat archive of schema version 2: see make_archive_dump.py.
BEGIN;
CREATE TABLE _migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
CREATE TABLE "meetings" (
  "id" TEXT PRIMARY KEY,
  "kind" TEXT NOT NULL,
  "body" TEXT NOT NULL,
  "date" TEXT NOT NULL,
  "start" TEXT,
  "end" TEXT,
  "location" TEXT,
  "title" TEXT,
  "fields" TEXT NOT NULL DEFAULT '{}',
  "toc" TEXT NOT NULL DEFAULT '[]',
  "notes" TEXT NOT NULL DEFAULT '[]',
  "system" TEXT,
  "system_evidence" TEXT
);
CREATE TABLE "sources" (
  "meeting_id" TEXT PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
  "path" TEXT NOT NULL,
  "sha256" TEXT NOT NULL,
  "format" TEXT NOT NULL,
  "pages" INTEGER,
  "encoding" TEXT,
  "imported_at" TEXT NOT NULL,
  "text" TEXT,
  "layout" TEXT
);
CREATE TABLE "attendees" (
  "meeting_id" TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  "position" INTEGER NOT NULL,
  "name" TEXT NOT NULL,
  "absent" INTEGER NOT NULL DEFAULT 0,
  "party" TEXT,
  "role" TEXT,
  PRIMARY KEY (meeting_id, position)
);
CREATE TABLE "items" (
  "id" INTEGER PRIMARY KEY,
  "meeting_id" TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  "position" INTEGER NOT NULL,
  "number" INTEGER NOT NULL,
  "title" TEXT NOT NULL,
  "case_number" TEXT,
  "case_key" TEXT,
  "page" INTEGER,
  "closed" INTEGER NOT NULL DEFAULT 0,
  "absent" TEXT NOT NULL DEFAULT '[]',
  UNIQUE (meeting_id, position)
);
CREATE TABLE "sections" (
  "id" INTEGER PRIMARY KEY,
  "item_id" INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  "position" INTEGER NOT NULL,
  "kind" TEXT NOT NULL,
  "heading" TEXT,
  "text" TEXT NOT NULL,
  "body" TEXT,
  "date" TEXT,
  "subitem" INTEGER,
  UNIQUE (item_id, position)
);
CREATE TABLE "subitems" (
  "item_id" INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  "position" INTEGER NOT NULL,
  "label" TEXT NOT NULL,
  "title" TEXT NOT NULL,
  "attachments" TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (item_id, position)
);
CREATE TABLE "attachments" (
  "item_id" INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  "position" INTEGER NOT NULL,
  "name" TEXT NOT NULL,
  PRIMARY KEY (item_id, position)
);
CREATE VIRTUAL TABLE "search" USING fts5(
  title,
  heading,
  text,
  item_id UNINDEXED,
  kind UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO "_migrations" (version, name, applied_at) VALUES (1, 'initial tables and full-text index', '2026-11-23T15:54:04+00:00');
INSERT INTO "_migrations" (version, name, applied_at) VALUES (2, 'system, party and role, sub-items, source layout', '2026-11-23T15:54:04+00:00');
INSERT INTO "meetings" (id, kind, body, date, start, end, location, title, fields, toc, notes, system, system_evidence) VALUES ('referat-byraadet-2023-03-01', 'referat', 'Byrådet', '2023-03-01', '17:00', '19:30', 'Rådhuset', 'Referat Byrådet 1. marts 2023', '{"Mødested":"Rådhuset","Afbud":"Ole [Sen]"}', '[{"title":"Budget","page":2},{"title":"Uden afsnit","page":null}]', '["En note"]', NULL, NULL);
INSERT INTO "sources" (meeting_id, path, sha256, format, pages, encoding, imported_at, text, layout) VALUES ('referat-byraadet-2023-03-01', 'byraadet.txt', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'text', NULL, 'utf-8', '2026-11-23T15:54:04+00:00', 'Referat
Byrådet

Punkt 1: Budget', NULL);
INSERT INTO "attendees" (meeting_id, position, name, absent, party, role) VALUES ('referat-byraadet-2023-03-01', 0, 'Ole Sen', 1, NULL, NULL);
INSERT INTO "attendees" (meeting_id, position, name, absent, party, role) VALUES ('referat-byraadet-2023-03-01', 1, 'Åse Ør', 0, NULL, NULL);
INSERT INTO "items" (id, meeting_id, position, number, title, case_number, case_key, page, closed, absent) VALUES (1, 'referat-byraadet-2023-03-01', 0, 1, 'Budget', 'Sagsnr.: 23/14607', '23/14607', 2, 1, '["Ole Sen"]');
INSERT INTO "items" (id, meeting_id, position, number, title, case_number, case_key, page, closed, absent) VALUES (2, 'referat-byraadet-2023-03-01', 1, 2, 'Uden afsnit', NULL, NULL, NULL, 0, '[]');
INSERT INTO "sections" (id, item_id, position, kind, heading, text, body, date, subitem) VALUES (1, 1, 0, 'baggrund', 'Baggrund', 'Om budgettet ''i år''.', NULL, NULL, NULL);
INSERT INTO "sections" (id, item_id, position, kind, heading, text, body, date, subitem) VALUES (2, 1, 1, 'beslutning', 'Beslutning Byrådet den 01-03-2023', 'Godkendt.', 'Byrådet', '2023-03-01', NULL);
INSERT INTO "attachments" (item_id, position, name) VALUES (1, 0, 'Bilag 1.pdf');
INSERT INTO "attachments" (item_id, position, name) VALUES (1, 1, 'Bilag 2.pdf');
INSERT INTO "search" (rowid, title, heading, text, item_id, kind) VALUES (-2, 'Uden afsnit', NULL, '', 2, NULL);
INSERT INTO "search" (rowid, title, heading, text, item_id, kind) VALUES (1, 'Budget', 'Baggrund', 'Om budgettet ''i år''.', 1, 'baggrund');
INSERT INTO "search" (rowid, title, heading, text, item_id, kind) VALUES (2, 'Budget', 'Beslutning Byrådet den 01-03-2023', 'Godkendt.', 1, 'beslutning');
CREATE INDEX idx_meetings_date ON meetings(date);
CREATE INDEX idx_meetings_body ON meetings(body COLLATE NOCASE, date);
CREATE INDEX idx_sources_sha256 ON sources(sha256);
CREATE INDEX idx_items_case_key ON items(case_key);
CREATE TRIGGER items_ad AFTER DELETE ON items BEGIN
  DELETE FROM search WHERE rowid = -old.id;
END;
CREATE TRIGGER items_au AFTER UPDATE OF title ON items BEGIN
  UPDATE search SET title = new.title
  WHERE rowid = -new.id
    OR rowid IN (SELECT id FROM sections WHERE item_id = new.id AND subitem IS NULL);
  UPDATE search SET title = (
    SELECT items.title || COALESCE(' ' || subitems.title, '') FROM sections JOIN items ON items.id = sections.item_id
    LEFT JOIN subitems ON subitems.item_id = sections.item_id AND subitems.position = sections.subitem WHERE sections.id = search.rowid)
  WHERE rowid IN (SELECT id FROM sections WHERE item_id = new.id AND subitem IS NOT NULL);
END;
CREATE TRIGGER subitems_ad AFTER DELETE ON subitems BEGIN
  DELETE FROM sections WHERE item_id = old.item_id AND subitem = old.position;
END;
CREATE TRIGGER subitems_au AFTER UPDATE OF title ON subitems BEGIN
  UPDATE search SET title = (SELECT title FROM items WHERE id = new.item_id) || ' ' || new.title
  WHERE rowid IN (
    SELECT id FROM sections WHERE item_id = new.item_id AND subitem = new.position);
END;
CREATE TRIGGER sections_ad AFTER DELETE ON sections BEGIN
  DELETE FROM search WHERE rowid = old.id;
END;
CREATE TRIGGER sections_au AFTER UPDATE ON sections BEGIN
  UPDATE search SET heading = new.heading, text = new.text, kind = new.kind, title = (
    SELECT items.title || COALESCE(' ' || subitems.title, '') FROM sections JOIN items ON items.id = sections.item_id
    LEFT JOIN subitems ON subitems.item_id = sections.item_id AND subitems.position = sections.subitem WHERE sections.id = new.id)
  WHERE rowid = new.id;
END;
CREATE VIEW decisions AS SELECT
  items.case_number AS case_number,
  items.case_key AS case_key,
  items.number AS item_number,
  items.title AS item_title,
  subitems.label AS subitem_label,
  subitems.title AS subitem_title,
  meetings.id AS meeting_id,
  meetings.date AS meeting_date,
  meetings.body AS meeting_body,
  sections.body AS decision_body,
  COALESCE(sections.date, meetings.date) AS decision_date,
  sections.text AS decision_text
FROM sections
JOIN items ON items.id = sections.item_id
JOIN meetings ON meetings.id = items.meeting_id
LEFT JOIN subitems ON subitems.item_id = sections.item_id AND subitems.position = sections.subitem
WHERE sections.kind = 'beslutning';
CREATE VIEW meeting_summary AS SELECT
  meetings.id AS id,
  meetings.date AS date,
  meetings.body AS body,
  meetings.kind AS kind,
  (SELECT count(*) FROM items WHERE items.meeting_id = meetings.id) AS items,
  (SELECT count(*) FROM sections JOIN items ON items.id = sections.item_id
    WHERE items.meeting_id = meetings.id AND sections.kind = 'beslutning') AS decisions
FROM meetings;
PRAGMA user_version = 2;
COMMIT;
