"""SBSYS eDagsorden publication XML of our own (invented wording), in the shape SBSYS writes it
(``<Publication>`` -> ``<Agendas><Agenda>`` -> ``<Meeting>``, committee, ``<Items>``), with the
variants other publishers use: upper-case headings, several dated decisions in one field,
``Tomt indhold``, numbers nested inside an item (case, attachments), empty case numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Field:
    caption: str
    html: str = ""
    feedback: bool = False


@dataclass
class Item:
    number: str
    caption: str
    fields: list[Field] = field(default_factory=list)
    case: str = ""
    public: bool = True
    enclosures: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()  # members not taking part in this item
    history: tuple[tuple[str, str, str, str], ...] = ()  # caption, committee, date, HTML
    attribute: str = ""  # a number given as <Item Nummer="..."> (and no <Number> child)


def _cdata(text: str) -> str:
    return f"<![CDATA[{text}]]>" if text else ""


def _member(name: str, status: int, tag: str = "MeetingMember") -> str:
    text = {0: "NotDecided", 1: "Participating", 2: "NotParticipating"}[status]
    return (
        f"<{tag} ID='1'><ParticipationStatusAsValue>{status}</ParticipationStatusAsValue>"
        f"<ParticipationStatusAsText>{text}</ParticipationStatusAsText><ParticipationNote />"
        f"<Name>{_cdata(name)}</Name><EmailAddress /><MeetingMemberRolesList /></{tag}>"
    )


def _item(item: Item, index: int) -> str:
    # The item's own <Number> comes after the case's and the attachments' numbers, as SBSYS
    # writes them: only the direct child is the item's.
    enclosures = "".join(
        f"<Enclosure ID='{n}'><Case ID='0'><Number>{_cdata('99-999')}</Number></Case>"
        f"<FileName>{_cdata(name + '.pdf')}</FileName><Number>{n + 7}</Number>"
        f"<ItemNumber>{item.number}</ItemNumber><Name>{_cdata(name)}</Name></Enclosure>"
        for n, name in enumerate(item.enclosures, start=1)
    )
    fields = "".join(
        f"<ItemField ID='{n}'><Caption>{_cdata(f.caption)}</Caption>"
        f"<FieldTypeAsEnum>Html</FieldTypeAsEnum><HasContent>{bool(f.html)}</HasContent>"
        f"<Index>{n}</Index><IsFeedback>{f.feedback}</IsFeedback><Images />"
        f"<Content>{_cdata(f.html)}</Content></ItemField>"
        for n, f in enumerate(item.fields, start=1)
    )
    members = "".join(_member(name, 2, "ItemMember") for name in item.absent)
    history = "".join(
        f"<ItemField><Caption>{_cdata(caption)}</Caption><HasContent>True</HasContent>"
        f"<Content>{_cdata(html)}</Content><MeetingDetails><CommitteeName>{_cdata(body)}"
        f"</CommitteeName><MeetingDueDate>{date}</MeetingDueDate></MeetingDetails></ItemField>"
        for caption, body, date, html in item.history
    )
    number = f"<Number>{item.number}</Number>" if not item.attribute else ""
    attribute = f" Nummer='{item.attribute}'" if item.attribute else ""
    return (
        f"<Item ID='{100 + index}'{attribute}><Caption>{_cdata(item.caption)}</Caption>"
        f"<Case ID='0'><Number>{_cdata(item.case)}</Number><NumberAndTitle>-</NumberAndTitle>"
        f"<Title /></Case><Enclosures>{enclosures}</Enclosures>"
        f"<IsPublic>{item.public}</IsPublic>{number}<MeetingPlans />"
        f"<Fields>{fields}</Fields><Members>{members}</Members>"
        f"<ItemHistory>{history}</ItemHistory></Item>"
    )


def publication(
    items: list[Item],
    *,
    committee: str = "Forretningsudvalget",
    when: str = "02-10-2012 15:00:00",
    until: str = "02-10-2012 17:00:00",
    where: str = "Mødelokale 1, Regionshuset",
    members: tuple[tuple[str, int], ...] = (("Anne Holm (A)", 0), ("Bent Ravn (V)", 1)),
    publication_type: int | str = 1,
    show_empty_fields: bool = True,
) -> str:
    """A whole publication as SBSYS writes it (UTF-8, BOM and declaration included)."""
    settings = (
        "<GeneratorSettings ID='1'><ShowEmptyFeedbackFields>True</ShowEmptyFeedbackFields>"
        f"<ShowEmptyFields>{show_empty_fields}</ShowEmptyFields></GeneratorSettings>"
    )
    people = "".join(_member(name, status) for name, status in members)
    body = "".join(_item(item, n) for n, item in enumerate(items))
    return (
        '\ufeff<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<Publication>'
        f"<Published>{_cdata('25-09-2012 10:00:00')}</Published>"
        f"<PublicationTypeAsValue>{publication_type}</PublicationTypeAsValue>{settings}"
        "<Agendas><Agenda ID='7'><Meeting ID='3'>"
        f"<Members>{people}</Members><When>{_cdata(when)}</When><Where>{_cdata(where)}</Where>"
        f"<Until>{_cdata(until)}</Until></Meeting><Name>{_cdata(committee)}</Name>"
        f"<Committee ID='2'><Name>{_cdata(committee)}</Name></Committee>"
        f"<Items>{body}</Items>"
        "<Enclosures><Enclosure ID='9'><Number>1</Number><ItemNumber>2</ItemNumber></Enclosure>"
        "</Enclosures></Agenda></Agendas></Publication>\n"
    )


# A minutes publication in the upper-case style of other publishers.
DATED = (
    "<p><strong>18. september 2012:</strong> Sagen udsat.</p>"
    "<p><strong>2. oktober 2012:</strong> Anbefales.</p><p>Bent Ravn tog forbehold.</p>"
)
BUS = [
    Field("SAGSFREMSTILLING", "<p>Trafikselskabet foreslår en ny rute.</p>"
          "<ul><li>Halvtimesdrift</li><li>Weekend</li></ul>"),
    Field("ØKONOMI", "<p>Tomt indhold</p>"),
    Field("ADMINISTRATIONENS INDSTILLING", "<p>Administrationen indstiller, at ruten "
          "godkendes.</p>"),
    Field("FORRETNINGSUDVALGETS BESLUTNING", DATED, feedback=True),
    Field("REGIONSRÅDETS BESLUTNING", "<p>Tomt indhold</p>", feedback=True),
]  # fmt: skip
MINUTES = [
    Item("1", "Godkendelse af dagsorden",
         [Field("FORRETNINGSUDVALGETS BESLUTNING", "<p>Godkendt.</p>", feedback=True)]),
    Item("2", "Ny busrute til erhvervsområdet", BUS, case="1-23-456-12",
         enclosures=("Køreplan", "Høringssvar")),
    Item("3", "Lukket punkt: Køb af grund",
         [Field("Beslutning", "<p>Godkendt.</p>", feedback=True)],
         public=False, absent=("Anne Holm",)),
    Item("4", "Eventuelt",
         [Field("Tidligere behandling"), Field("Referat", "<p>Intet.</p>", feedback=True)]),
]  # fmt: skip
