"""The parser's vocabulary, as data.

A new municipality's heading, header label or case-number format is a one-line change here.
Headings are matched whole, case-insensitively, with a trailing colon ignored.
"""

from __future__ import annotations

import re

# --- Meeting header -----------------------------------------------------------------------
# "REFERAT Direktionen d. 16-01-2023", "Dagsorden for Byrådets møde den 21. marts 2023".
MEETING_KINDS: dict[str, str] = {
    "referat": "referat",
    "beslutningsprotokol": "referat",
    "protokol": "referat",
    "dagsorden": "dagsorden",
}
HEADER = re.compile(rf"^(?P<kind>{'|'.join(MEETING_KINDS)})\b[:\s-]*(?P<rest>.*)$", re.IGNORECASE)
# Words around the body name in a header that are not part of it.
HEADER_BODY_PREFIX = re.compile(r"^(?:af|fra|for|til)\s+", re.IGNORECASE)
HEADER_BODY_SUFFIX = re.compile(
    r"(?:\s*[-,–]\s*|\s+)(?:d\.|den|mødet?|møde den)?\s*$", re.IGNORECASE
)

# --- Header fields (label -> meeting field) ------------------------------------------------
FIELD_LABELS: dict[str, str] = {
    "mødedato": "date",
    "dato": "date",
    "mødetidspunkt": "date",
    "tidspunkt": "time",
    "mødetid": "time",
    "tid": "time",
    "mødested": "location",
    "mødelokale": "location",
    "sted": "location",
    "lokale": "location",
    "mødedeltagere": "attendees",
    "deltagere": "attendees",
    "medlemmer": "attendees",
    "til stede": "attendees",
    "tilstede": "attendees",
    "afbud": "absent",
    "afbud/fraværende": "absent",
    "fraværende/afbud": "absent",
    "sekretær": "secretary",
    "referent": "secretary",
    "protokolfører": "secretary",
    "bemærk": "note",
    "bemærkninger": "note",
    "fraværende": "absent",
    "fravær": "absent",
    "udvalg": "body",
    "mødeforum": "body",
}
FIELD = re.compile(
    rf"^(?P<label>{'|'.join(sorted(FIELD_LABELS, key=len, reverse=True))})"
    r"(?:\s*:\s*|\s+|$)(?P<value>.*)$",
    re.IGNORECASE,
)
# "Lolan Ottesen (A) - formand", "Grethe Larsen (A), næstformand", "Anna Berg - sekretær".
ATTENDEE = re.compile(
    r"^(?P<name>[^()]+?)\s*(?:\((?P<party>[A-ZÆØÅ]{1,3})\))?"
    r"(?:\s*[-–,]\s*(?P<role>(?:næst)?formand|sekretær|referent|mødeleder|borgmester"
    r"|[a-zæøå]+direktør|kommunaldirektør))?\s*$",
    re.IGNORECASE,
)
# "(Afbud)" after a name in the attendee list.
ABSENT_MARK = re.compile(r"\((?:afbud|fraværende|fravær|ikke til stede|syg)\)", re.IGNORECASE)
ATTENDEE_SPLIT = re.compile(r"\s*[,;\t]\s*|\s+og\s+")
# A note on a member's participation that means absent (SBSYS ``ParticipationNote``).
ABSENT_NOTE = re.compile(r"^\(?(?:afbud|fraværende|fravær|ikke til stede|syg)\b", re.IGNORECASE)

# --- Table of contents ---------------------------------------------------------------------
TOC_START = re.compile(r"^(?:Indholdsfortegnelse|Indhold|Dagsordenpunkter)\s*:?\s*$", re.I)
# "Øvrige sager.....\t3", "Øvrige sager … 3", "Øvrige sager\t3".
TOC_ENTRY = re.compile(r"^(?P<title>.*?)\s*(?:(?:\.\s*){2,}|…+|\t+)\s*(?P<page>\d{1,4})\s*$")
TOC_NUMBER_PREFIX = re.compile(r"^(?:(?:Punkt|Pkt\.?)\s*)?\d{1,5}\s*[:.)]?\s+", re.IGNORECASE)
# eDoc: "1. Meddelelser 3" (the page number after a space, no leaders), in the TOC only.
TOC_ENTRY_PLAIN = re.compile(r"^(?P<title>.*\S)\s+(?P<page>\d{1,4})$")
# "Åbent referat" / "Lukket referat" / "Lukkede punkter": the document's open and closed parts.
PART = re.compile(
    r"^(?P<part>Åbent|Åben|Lukket|Lukkede?)\s+(?:referat|dagsorden|møde|punkter|del)$",
    re.IGNORECASE,
)

# --- Items ---------------------------------------------------------------------------------
# Item heads are per agenda system: see referat.structure.profiles.
# "Lukket: Køb af ...", "Lukket punkt: ...", "(Lukket)" at the end.
CLOSED_PREFIX = re.compile(r"^(?:Lukket(?:\s+punkt)?|Fortroligt)\s*:\s*", re.IGNORECASE)
CLOSED_SUFFIX = re.compile(r"\s*\((?:Lukket(?:\s+punkt)?|Fortroligt)\)\s*$", re.IGNORECASE)

# --- Case numbers (kept verbatim, label removed) -------------------------------------------
CASE_LABEL = re.compile(
    r"^(?:Sagsnr|Sags nr|Sagsnummer|Sag nr|J\.\s*nr|Journalnr|Journalnummer|Acadre sagsnr"
    r"|Emne nr)\.?\s*:?\s*",
    re.IGNORECASE,
)
CASE_NUMBERS: dict[str, re.Pattern[str]] = {
    # 22/23184, 2023/12345, 22/1234-5
    "slash": re.compile(r"\d{2,4}/\d{1,7}(?:-\d{1,4})?"),
    # EMN-2025-003928, SAG-2023-01234
    "prefixed": re.compile(r"[A-ZÆØÅ]{2,6}-\d{4}-\d{1,8}"),
    # Greve (FirstAgenda): 22-010490, 20-055908K
    "dash": re.compile(r"\d{2}-\d{5,7}[A-Z]?"),
    # eDoc: 2012-28504 (a year range such as 2012-2013 has too few digits)
    "edoc": re.compile(r"(?:19|20)\d{2}-\d{5,7}"),
    # KLE journal numbers: 00.01.00-A00-1-23, 82.02.00-P20-3-19, 00.01.00
    "kle": re.compile(r"\d{2}\.\d{2}\.\d{2}(?:-[A-ZÆØÅ]\d{2})?(?:-\d{1,4}-\d{2,4})?"),
}
CASE_NUMBER_LINE = re.compile(
    r"^(?:"
    + "|".join(p.pattern for p in CASE_NUMBERS.values())
    + r")(?:\s*,\s*(?:"
    + "|".join(p.pattern for p in CASE_NUMBERS.values())
    + r"))*$"
)

# --- Section headings ----------------------------------------------------------------------
# Whole-line headings -> section kind.  Lower case; a trailing colon is ignored.
SECTION_HEADINGS: dict[str, str] = {
    "baggrund": "baggrund",
    "resumé": "baggrund",
    "resume": "baggrund",
    "sagsresumé": "baggrund",
    "kort resumé": "baggrund",
    "formål": "baggrund",
    "sammendrag": "baggrund",
    "indstilling": "indstilling",
    "beslutningspunkter": "indstilling",  # Aarhus (FirstAgenda): the points to decide
    "indstillinger": "indstilling",
    "forslag til beslutning": "indstilling",
    "administrationens indstilling": "indstilling",
    "direktørens indstilling": "indstilling",
    "forvaltningens indstilling": "indstilling",
    "sagsfremstilling": "sagsfremstilling",
    "sagsbeskrivelse": "sagsfremstilling",
    "sagens indhold": "sagsfremstilling",
    "beskrivelse": "sagsfremstilling",
    "økonomi": "okonomi",
    "økonomiske konsekvenser": "okonomi",
    "økonomi og finansiering": "okonomi",
    "økonomiske konsekvenser og finansiering": "okonomi",
    "økonomiske og personalemæssige konsekvenser": "okonomi",
    "økonomi og personale": "okonomi",
    "bevillingsmæssige konsekvenser": "okonomi",
    "bilag": "bilag",
    "bilagsliste": "bilag",
    "vedlagte bilag": "bilag",
    "beslutning": "beslutning",
    "beslutninger": "beslutning",
    "afgørelse": "beslutning",
    # Real sections outside the core vocabulary: kind "other", heading kept as written.
    "ressourcer": "other",
    "tidsplan": "other",
    "lovgrundlag": "other",
    "retsgrundlag": "other",
    "juridiske forhold": "other",
    "høring": "other",
    "høringssvar": "other",
    "sagsforløb": "other",
    "tidligere beslutninger": "other",
    "kommunikation": "other",
    "kommunikation og formidling": "other",
    "inddragelse": "other",
    "borgerinddragelse": "other",
    "personalemæssige konsekvenser": "other",
    "miljømæssige konsekvenser": "other",
    "klimamæssige konsekvenser": "other",
    "miljø og klima": "other",
    "risikovurdering": "other",
    "vurdering": "other",
    "administrationens vurdering": "other",
    "beslutningskompetence": "other",
    "beslutningen træffes af": "other",
    "kompetence": "other",
    "videre proces": "other",
    "udvalgets bemærkninger": "other",
    "supplerende sagsfremstilling": "sagsfremstilling",
    "ny supplerende sagsfremstilling": "sagsfremstilling",
    "supplerende sagsbeskrivelse": "sagsfremstilling",
    "supplerende indstilling": "indstilling",
    # Greve (FirstAgenda) and others.
    "sagsprocedure": "other",
    "fremstilling": "other",  # FirstAgenda's presentation heading (often with nothing under it)
    "sagsproces": "other",
    "sagens forløb": "other",
    "øvrige forhold": "other",
    "yderligere forhold": "other",
    "øvrige konsekvenser": "other",
    "øvrig information": "other",
    "miljøvurdering": "other",
    "lovhjemmel": "other",
    "høringspligt": "other",
}

# Decision headings with a body and/or date:
#   "Beslutning Direktionen den 16-01-2023", "Beslutning i Byrådet den 21. marts 2023",
#   "Byrådets beslutning den 21. marts 2023", "Beslutning Økonomiudvalget 13-03-2023".
# The date that ends a decision heading, and eDoc's "Punkt N" after it.
_HEADING_DATE = (
    r"(?P<date>\d{1,2}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}\.?\s+[a-zæøå]+\.?\s+\d{4})(?:,?\s+(?:Punkt|Pkt\.?)\s*\d+)?"
)
DECISION_HEADINGS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"^Beslutning(?:er)?(?:\s+(?:i|på|fra|af))?\s+(?P<body>(?-i:[A-ZÆØÅ]).{0,80}?)"
        rf"(?:\s+(?:den|d\.)|,)?\s+{_HEADING_DATE}\s*:?$",
        re.IGNORECASE,
    ),
    # "Byrådets beslutning den 21. marts 2023", "Sundheds- og Forebyggelsesudvalgets beslutning
    # den 04.12.2012 Punkt 2" (eDoc).  The body is capitalised: "… efter Byrådets beslutning den
    # 11. december 2023 (pkt. 22)" is a sentence.
    re.compile(
        r"^(?P<body>(?-i:[A-ZÆØÅ])[\wæøåÆØÅ-]*(?:\s[\wæøåÆØÅ-]+){0,4}?)s\s+beslutning"
        rf"(?:\s+(?:den|d\.))?(?:\s+{_HEADING_DATE})?\s*:?$",
        re.IGNORECASE,
    ),
    re.compile(r"^Beslutning(?:er)?(?:\s+(?:i|på|fra|af))?\s+(?P<body>[A-ZÆØÅ][^.]{1,60}?)\s*:?$"),
)

# One field holding several dated decisions (SBSYS): "18. september 2012: Sagen udsat",
# "02.10.2012: Godkendt." (the date set in bold) -> a decision of that date each.
DATED_DECISION = re.compile(
    r"^(?P<date>\d{1,2}\.?\s+[a-zæøå]+\.?\s+\d{4}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}-\d{2}-\d{2})"
    r"\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# What a field of a publication holds when it holds nothing (SBSYS writes "Tomt indhold").
EMPTY_CONTENT = frozenset({"tomt indhold", "intet indhold"})

# "Afbud Anya Krogh Manghezi" / "Fraværende: A, B" at an item's end -> item.absent; eDoc writes
# "Følgende deltog ikke i behandlingen af punktet:" with the names after it (or none).
# Item numbers are read whatever their length (a number is never folded into the item before);
# one above this is out of range: a warning, and the item is numbered after the one before.
MAX_ITEM_NUMBER = 999_999

ITEM_ABSENT = re.compile(r"^(?:Afbud|Fraværende|Fravær)\b\s*:?\s*(?P<names>.+)$", re.IGNORECASE)
ITEM_NOT_TAKING_PART = re.compile(
    r"^(?:Følgende\s+)?(?:deltog|deltager)\s+ikke\s+i\s+(?:behandlingen|sagens\s+behandling)"
    r"(?:\s+af\s+(?:punktet|sagen))?\s*:?\s*(?P<names>.*)$",
    re.IGNORECASE,
)
# A label and its value before an item's first heading: "Dok.nr.: 2012-203438" (eDoc).
ITEM_FIELD = re.compile(r"^(?P<label>Dok\.\s*nr\.?|Dokumentnr\.?|Emne)\s*:\s*(?P<value>\S.*)$")

# A heading-like line: short, starts with a capital, no sentence punctuation at the end.
HEADING_LIKE = re.compile(r"^[A-ZÆØÅ][^\t]{0,60}[^.,;:!?\s]$")

# Earlier treatment of the case, in a "Sagsforløb" block (FirstAgenda): "Udvalg: Magistraten" /
# "Dato: 02-09-2025" / "Punktnummer: 3", then that body's decision -> a dated decision.
# The headings of such a block (a case's history): what stands under them, an absence line
# closing an earlier decision too, is that history's, not the item's.
HISTORY_HEADINGS = frozenset({"sagsforløb", "sagens forløb", "tidligere beslutninger"})
HISTORY_BODY = re.compile(r"^Udvalg\s*:\s*(?P<body>\S.*)$", re.IGNORECASE)
HISTORY_DATE = re.compile(r"^(?:Dato|Mødedato)\s*:\s*(?P<date>\S.*)$", re.IGNORECASE)
HISTORY_FIELD = re.compile(r"^(?:Dato|Mødedato|Punktnummer|Punkt)\s*:\s*\S", re.IGNORECASE)

# --- Municipality -----------------------------------------------------------------------------
# Whose meeting it is, from a running header or footer, the title page, or PDF metadata:
# "HØJE-TAASTRUP KOMMUNE", "Greve Kommune – Økonomiudvalget", "Høje-Taastrup Kommune Referat
# Direktionen 16-01-2023", or a body named after its town: "Aarhus Byråd".  Each pattern names
# the town as group "name"; a line must be nothing but that (and a separator or a meeting kind),
# so prose that starts with a municipality ("Høje-Taastrup Kommune vil …") is not a match.
_TOWN = (
    r"(?!(?i:referat|dagsorden|beslutningsprotokol|protokol)\b)"
    r"(?P<name>[A-ZÆØÅ][A-Za-zÆØÅæøåéü]+(?:[- ][A-ZÆØÅ][A-Za-zÆØÅæøåéü]+)?)"
)
_AFTER = r"(?:\s*$|\s*[-–—:|,/]|\s+(?=(?i:referat|dagsorden|beslutningsprotokol|side)\b))"
MUNICIPALITY_LINES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"^{_TOWN}\s+(?i:kommune){_AFTER}"),
    re.compile(rf"^(?:(?i:referat|dagsorden)\s+)?{_TOWN}\s+(?i:byråd|kommunalbestyrelse)"
               rf"(?i:et|en)?{_AFTER}"),
)  # fmt: skip
# In PDF metadata (Title, Author, Subject, Keywords) the name may stand anywhere.
MUNICIPALITY_METADATA = re.compile(rf"(?:^|[\s,;:(]){_TOWN}\s+(?i:kommune)\b")
METADATA_KEYS = ("Title", "Author", "Subject", "Keywords")
# Lines of page 1 that may hold a title page or header block; and how many lines at the top and
# bottom of each page may be running furniture.
# A publication site's host names its municipality (FirstAgenda's ``dagsordener.greve.dk``, in
# the API's links): the host's name, or this table's spelling where ASCII cannot write it.
PUBLICATION_HOST = re.compile(r"//(?:dagsordener|dagsorden|referater)\.(?P<name>[a-z-]+)\.dk/")
HOST_TOWNS = {"hoeje-taastrup": "Høje-Taastrup", "koebenhavn": "København", "koege": "Køge"}
MUNICIPALITY_TITLE_LINES = 15
MUNICIPALITY_FURNITURE_LINES = 3
