"""A meeting with every field the archive keeps: agenda system, attendees' parties and roles,
sub-items with sections, decisions and attachments (for the store, query and CLI tests)."""

from __future__ import annotations

import datetime as dt

from referat.models import Attendee, Item, Meeting, Section, Source, SubItem

DATE = dt.date(2024, 5, 2)
ID = "referat-byraadet-2024-05-02"
LAYOUT = "[[1,1,0.0,12.0,1,0,0.0,1,false]]"


def decision(text: str) -> Section:
    return Section(kind="beslutning", heading="Beslutning", text=text, body="Byrådet", date=DATE)


def council_meeting(sha: str = "c") -> Meeting:
    return Meeting(
        id=ID,
        kind="referat",
        system="edoc",
        system_evidence="footer 'eDoc'; 'Meddelelser' a.-c.",
        body="Byrådet",
        date=DATE,
        attendees=[
            Attendee(name="Lolan Ottesen", party="A", role="formand"),
            Attendee(name="Ole Sen", absent=True, party="V"),
            Attendee(name="Åse Ør", party="Ø", role="næstformand"),
            Attendee(name="Bo Berg", role="sekretær"),
            Attendee(name="Kim Lund"),
        ],
        source=Source(path="byraadet.pdf", sha256=sha * 64, format="pdf", pages=3),
        items=[
            Item(
                number=1,
                title="Meddelelser",
                case_number="24/100",
                sections=[
                    Section(kind="other", heading=None, text="Orientering fra borgmesteren."),
                    decision("Meddelelserne blev taget til efterretning."),
                ],
                attachments=["Oversigt.pdf"],
                subitems=[
                    SubItem(
                        label="a",
                        title="Status på sygefravær",
                        sections=[
                            Section(
                                kind="baggrund",
                                heading="Baggrund",
                                text="Sygefraværet faldt til 4 procent.",
                            ),
                            decision("Taget til efterretning."),
                        ],
                        attachments=["Notat [udkast].pdf"],
                    ),
                    SubItem(label="b", title="Vintervedligeholdelse"),
                    SubItem(
                        label="c",
                        title="Kommende møder",
                        sections=[
                            Section(
                                kind="other",
                                heading=None,
                                text="Næste møde holdes i Rådhushallen.",
                            )
                        ],
                    ),
                ],
            ),
            Item(
                number=2,
                title="Budget 2025",
                case_number="24/200",
                subitems=[
                    SubItem(
                        label="2.1",
                        title="Driftsbudget",
                        sections=[
                            Section(
                                kind="indstilling",
                                heading="Indstilling",
                                text="Administrationen indstiller, at driftsbudgettet godkendes.",
                            )
                        ],
                    ),
                    SubItem(label="2.2", title="Anlægsbudget", sections=[decision("Godkendt.")]),
                ],
            ),
            Item(number=3, title="Eventuelt"),
        ],
    )
