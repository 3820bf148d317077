"""Pydantic models: the export contract.

``Meeting.model_dump(mode="json")`` is exactly what ``referat export`` writes, so field names here
are a public interface.  Add fields freely; rename or remove only with a format version bump.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
)

# The outcome and stance vocabularies (what referat.decide.outcome_rules maps phrases to).
OutcomeLabel = Literal[
    "godkendt",
    "godkendt_med_aendringer",
    "anbefalet",
    "taget_til_efterretning",
    "droeftet",
    "udsat",
    "afvist",
    "oversendt",
    "andet",
]
Stance = Literal[
    "for", "imod", "undlod", "forbehold", "kunne_ikke_tiltraede", "deltog_ikke", "forhindret",
    "inhabil",
]  # fmt: skip

SectionKind = Literal[
    "baggrund", "indstilling", "beslutning", "sagsfremstilling", "okonomi", "bilag", "other"
]
MeetingKind = Literal["referat", "dagsorden"]
SourceFormat = Literal["text", "pdf", "html", "docx", "json", "xml"]

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class _Model(BaseModel):
    # defer_build: a model's validator is built on its first use, not at import (start-up:
    # ~60 ms of every command; the same validation).  build_models() builds them all.
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Fetched(_Model):
    """Where and when ``referat fetch`` got a source from a municipality's publication site."""

    url: str = Field(description="The URL the source was fetched from")
    site_id: str = Field(description="The meeting's id on the site")
    released: str | None = Field(
        default=None, description="When the site released this version (ReleasedDate, as given)"
    )
    fetched_at: str = Field(description="When it was fetched (UTC, ISO 8601)")
    link: str = Field(description="The meeting's page on the site, for a person to open")
    item_links: dict[int, str] = Field(
        default_factory=dict, description="Each item's page on the site, by item number"
    )


class Source(_Model):
    """Where a meeting came from."""

    path: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    format: SourceFormat
    pages: int | None = Field(default=None, ge=0, description="PDF page count; null for text")
    fetched: Fetched | None = Field(
        default=None, description="Provenance of a fetched source (absent for a file)"
    )

    @model_serializer(mode="wrap")
    def _without_absent_provenance(self, handler: SerializerFunctionWrapHandler) -> Any:
        """A file's source is written without ``fetched`` (as before there was any)."""
        data = handler(self)
        if isinstance(data, dict) and data.get("fetched", ...) is None:
            del data["fetched"]
        return data


class Attendee(_Model):
    name: str = Field(min_length=1)
    absent: bool = False
    party: str | None = Field(default=None, description="Party letter(s) as written: A, Ø, V")
    role: str | None = Field(
        default=None, description="Role as written, lower case: formand, næstformand, sekretær"
    )


class PointOutcome(_Model):
    """The outcome of one point of the indstilling, where a decision answers point by point."""

    point: int = Field(ge=0, description="Indstilling point number: '1.-2. Anbefales.' -> 1, 2")
    outcome: OutcomeLabel
    evidence: str | None = Field(default=None, description="The phrase that decided it")


class Vote(_Model):
    """A counted vote: ``Med stemmerne 17 for (A, C, F, O, V) og 4 imod (Ø)``."""

    votes_for: int = Field(ge=0)
    votes_against: int | None = Field(default=None, ge=0, description="Null when not stated")
    votes_abstain: int | None = Field(default=None, ge=0, description="Null when not stated")
    parties_for: list[str] = Field(default_factory=list, description="Party letters as written")
    parties_against: list[str] = Field(default_factory=list)
    parties_abstain: list[str] = Field(default_factory=list)
    evidence: str = Field(description="The sentence that states the vote")


class Position(_Model):
    """A named member's or party's stance: ``(Ø) stemte imod``, ``Lone Hansen tog forbehold``."""

    who: str = Field(min_length=1, description="Name or party as written: 'Bjarke Abel', 'Ø'")
    party: str | None = Field(default=None, description="Party letter(s), when given")
    stance: Stance
    evidence: str


class Outcome(_Model):
    """What a decision says was decided (see referat.decide.outcome_rules for the vocabulary)."""

    outcome: OutcomeLabel
    evidence: str | None = Field(default=None, description="The phrase that decided the class")
    confidence: float = Field(ge=0, le=1)
    points: list[PointOutcome] = Field(default_factory=list)
    votes: list[Vote] = Field(default_factory=list)
    positions: list[Position] = Field(default_factory=list)


class Amount(_Model):
    """A money amount in an Økonomi section or a decision."""

    kroner: int = Field(description="Value in whole kroner: '1,316 mio. kr.' -> 1316000")
    kroner_to: int | None = Field(default=None, description="Upper end of a range, in kroner")
    text: str = Field(description="The amount as written")
    sentence: str = Field(description="The sentence (or table row) it stands in")
    years: list[int] = Field(default_factory=list, description="Years stated with it")


class Section(_Model):
    """A headed part of an item.  Decisions are sections of kind ``beslutning``."""

    kind: SectionKind
    heading: str | None = Field(description="The heading as written; null for untitled text")
    text: str = Field(description="Paragraphs separated by a blank line; bullets as '- '")
    body: str | None = Field(default=None, description="Deciding body, for decisions")
    date: dt.date | None = Field(default=None, description="Decision date, for decisions")
    outcome: Outcome | None = Field(
        default=None, description="For decisions: what was decided, votes and positions (v3)"
    )
    amounts: list[Amount] = Field(
        default_factory=list, description="Money amounts, in decisions and Økonomi sections (v3)"
    )


class SubItem(_Model):
    """A numbered part of an item: ``a.``-``e.`` (eDoc meddelelser) or ``1.1`` (Word templates)."""

    label: str = Field(min_length=1, description="As numbered: 'a', '1.1'")
    title: str
    sections: list[Section] = Field(default_factory=list)
    attachments: list[str] = Field(default_factory=list)


class Item(_Model):
    """One agenda item (``Punkt N``, ``N.``, ``N Title``)."""

    number: int = Field(ge=0)
    title: str
    case_number: str | None = Field(default=None, description="Case number as written")
    page: int | None = Field(default=None, ge=0)
    closed: bool = False
    absent: list[str] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    attachments: list[str] = Field(default_factory=list)
    subitems: list[SubItem] = Field(default_factory=list)

    @property
    def decisions(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "beslutning"]


class TocEntry(_Model):
    title: str
    page: int | None = None


class Meeting(_Model):
    """A parsed meeting: header, attendees and items."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    kind: MeetingKind
    system: str | None = Field(
        default=None, description="Agenda system profile: firstagenda, edoc, word, generic"
    )
    system_evidence: str | None = Field(
        default=None, description="Why that profile was chosen (the lines that matched)"
    )
    municipality: str | None = Field(
        default=None,
        description="The municipality whose meeting it is (Høje-Taastrup, Greve); null: unknown",
    )
    body: str
    date: dt.date
    start: str | None = None
    end: str | None = None
    location: str | None = None
    title: str | None = Field(default=None, description="The header line as written")
    fields: dict[str, str] = Field(
        default_factory=dict, description="Header fields as written (label -> value)"
    )
    attendees: list[Attendee] = Field(default_factory=list)
    toc: list[TocEntry] = Field(default_factory=list)
    notes: list[str] = Field(
        default_factory=list, description="Lines before the first item that fit no header field"
    )
    source: Source
    items: list[Item] = Field(default_factory=list)

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, value: str | None) -> str | None:
        if value is not None and not _HHMM.match(value):
            raise ValueError(f"time must be HH:MM, got {value!r}")
        return value

    @property
    def absent(self) -> list[str]:
        return [a.name for a in self.attendees if a.absent]


_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


def slugify(text: str) -> str:
    """``Aarhus Byråd`` -> ``aarhus-byraad`` (ASCII, lowercase, hyphen-separated)."""
    folded = text.lower().translate(_FOLD)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


def meeting_id(
    kind: str,
    body: str,
    date: dt.date,
    municipality: str | None = None,
    start: str | None = None,
) -> str:
    """The id of a meeting: ``referat-direktionen-2023-01-16``, with its municipality when
    known (``referat-greve-direktionen-2023-01-16``) and its start time when another meeting
    of that body falls on the same day (``…-2023-01-16-1400``; see :mod:`referat.archive.save`)."""
    parts = [kind, slugify(municipality) if municipality else None, slugify(body), date.isoformat()]
    if start:
        parts.append(start.replace(":", ""))
    return "-".join(p for p in parts if p)


def build_models() -> None:
    """Build every model's validator now (before forking workers, so that each need not)."""
    models: tuple[type[_Model], ...] = (Fetched, Source, Attendee, PointOutcome, Vote, Position)
    models += (Outcome, Amount, Section, SubItem, Item, TocEntry, Meeting)
    for model in models:
        model.model_rebuild()
