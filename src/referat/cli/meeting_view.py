"""A meeting as Rich renderables: the header panel (body, date, place, attendees, sources) and
each item as a tree of its case number, sections, decisions (with their outcome) and sub-items.
:func:`referat.cli.render.render_meeting` prints them; data reaching here has passed
:func:`referat.cli.render.shown`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text
    from rich.tree import Tree

    from referat.models import Attendee, Item, Meeting, Section, SubItem


def meeting_panel(
    meeting: Meeting, sources: Sequence[str] = (), item_number: int | None = None
) -> RenderableType:
    from rich.panel import Panel
    from rich.style import Style
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    when = meeting.date.isoformat()
    if meeting.start:
        when += f" kl. {meeting.start}" + (f"-{meeting.end}" if meeting.end else "")
    grid.add_row("Møde", f"{meeting.kind.upper()} {meeting.body}")
    if meeting.municipality:
        grid.add_row("Kommune", meeting.municipality)
    grid.add_row("Dato", when)
    if meeting.location:
        grid.add_row("Sted", meeting.location)
    if meeting.attendees:
        grid.add_row("Deltagere", attendees_text(meeting.attendees))
    grid.add_row("Punkter", str(len(meeting.items)))
    grid.add_row("Kilde", meeting.source.path)
    if (fetched := meeting.source.fetched) is not None:
        link = fetched.item_links.get(item_number, fetched.link) if item_number else fetched.link
        grid.add_row("Link", Text(link, style=Style(link=link), overflow="fold"))
        released = f", udgivet {fetched.released}" if fetched.released else ""
        grid.add_row("Hentet", f"{fetched.fetched_at}{released}")
    if sources:
        grid.add_row("Også", "\n".join(sources))
    if meeting.system or meeting.system_evidence:
        system = Text(meeting.system or "?")
        if meeting.system_evidence:
            system.append(f"  {meeting.system_evidence}", style="dim")
        grid.add_row("System", system)
    return Panel(grid, title=Text(meeting.id, style="bold"), title_align="left")


def attendees_text(attendees: list[Attendee]) -> Text:
    """``Ole Sen, Åse Ør (afbud)``; with parties or roles one a line: ``Lolan Ottesen (A),
    formand`` (a comma between people would read as part of a role)."""
    from rich.text import Text

    lines = any(person.party or person.role for person in attendees)
    return Text("\n" if lines else ", ").join(_attendee(person) for person in attendees)


def _attendee(person: Attendee) -> Text:
    from rich.text import Text

    text = Text(person.name, style="dim strike" if person.absent else "")
    if person.party:
        text.append(f" ({person.party})")
    if person.role:
        text.append(f", {person.role}")
    if person.absent:
        text.append(" (afbud)", style="red")
    return text


def item_tree(item: Item) -> RenderableType:
    from rich.text import Text
    from rich.tree import Tree

    label = Text(f"Punkt {item.number}: ", style="bold")
    label.append(item.title, style="bold")
    if item.closed:
        label.append("  [lukket]", style="magenta")
    details = Text()
    details.append(f"sag {item.case_number}" if item.case_number else "ingen sagsnr.", style="cyan")
    if item.page is not None:
        details.append(f"  side {item.page}", style="dim")
    if item.absent:
        details.append("  afbud: " + ", ".join(item.absent), style="red")
    tree = Tree(Text.assemble(label, "\n", details))
    for section in item.sections:
        _add_section(tree, section)
    for subitem in item.subitems:
        _add_subitem(tree, subitem)
    for attachment in item.attachments:
        tree.add(Text(f"bilag: {attachment}", style="dim"))
    return tree


def _add_section(tree: Tree, section: Section) -> None:
    """A decision with its body, date and text; another section as heading, kind, length."""
    from rich.text import Text

    if section.kind == "beslutning":
        head = Text("Beslutning", style="bold green")
        if section.body:
            head.append(f" {section.body}", style="green")
        if section.date:
            head.append(f" {section.date.isoformat()}", style="green")
        if section.outcome:
            head.append(f"  {outcome_label(section)}", style="yellow")
        tree.add(head).add(Text(_excerpt(section.text, 400)))
    else:
        head = Text(section.heading or "(uden overskrift)", style="bold")
        head.append(f"  {section.kind}", style="dim")
        head.append(f"  {len(section.text.split())} ord", style="dim")
        tree.add(head)


def outcome_label(section: Section) -> str:
    """``udsat``, ``godkendt (17 for, 4 imod)``, ``anbefalet; punkt 1-2 anbefalet, 3 godkendt``."""
    assert section.outcome is not None
    o = section.outcome
    label: str = o.outcome
    if o.votes:
        v = o.votes[0]
        counts = [f"{v.votes_for} for"]
        counts += [f"{v.votes_against} imod"] if v.votes_against is not None else []
        counts += [f"{v.votes_abstain} undlod"] if v.votes_abstain is not None else []
        label += f" ({', '.join(counts)})"
    return label


def _add_subitem(tree: Tree, subitem: SubItem) -> None:
    """``a. Title`` (``1.1 Title``) with its sections and attachments beneath."""
    from rich.text import Text

    label = subitem.label if "." in subitem.label else subitem.label + "."
    node = tree.add(Text(f"{label} {subitem.title}".rstrip(), style="bold"))
    for section in subitem.sections:
        _add_section(node, section)
    for attachment in subitem.attachments:
        node.add(Text(f"bilag: {attachment}", style="dim"))


def _excerpt(text: str, limit: int) -> str:
    """The text with its lines (bullets, table rows) kept, blank lines dropped, cut at limit."""
    flat = "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
