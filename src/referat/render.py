"""Render stage: the one place that prints.  Data goes to stdout, messages to stderr.

User data is printed with ``markup=False`` so a title containing ``[`` is never read as markup.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from .errors import ParseWarning
    from .models import Item, Meeting


@cache
def stdout() -> Console:
    from rich.console import Console

    return Console(markup=False, highlight=False, soft_wrap=False)


@cache
def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, markup=False, highlight=False, soft_wrap=True)


def message(text: str, *, style: str | None = None) -> None:
    """A message for the user (stderr)."""
    stderr().print(text, style=style)


def error(text: str) -> None:
    message(f"Error: {text}", style="bold red")


def print_json(data: Any) -> None:
    """JSON for scripts: plain, UTF-8, no colour, on stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def render_warnings(warnings: Iterable[ParseWarning], *, strict: bool = False) -> None:
    level = "error" if strict else "warning"
    for w in warnings:
        where = f"{w.path}:{w.line}" if w.line is not None else (w.path or "")
        message(f"{where}: {level}: {w.message} [{w.code}]", style="yellow")


def render_meeting(meeting: Meeting, *, item_number: int | None = None) -> None:
    """Header panel, attendees, then each item with its case number, sections and decisions."""
    console = stdout()
    console.print(meeting_panel(meeting))
    for item in meeting.items:
        if item_number is None or item.number == item_number:
            console.print(item_tree(item))


def meeting_panel(meeting: Meeting) -> RenderableType:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    when = meeting.date.isoformat()
    if meeting.start:
        when += f" kl. {meeting.start}" + (f"-{meeting.end}" if meeting.end else "")
    grid.add_row("Møde", f"{meeting.kind.upper()} {meeting.body}")
    grid.add_row("Dato", when)
    if meeting.location:
        grid.add_row("Sted", meeting.location)
    if meeting.attendees:
        people = Text()
        for i, person in enumerate(meeting.attendees):
            if i:
                people.append(", ")
            people.append(person.name, style="dim strike" if person.absent else "")
            if person.absent:
                people.append(" (afbud)", style="red")
        grid.add_row("Deltagere", people)
    grid.add_row("Punkter", str(len(meeting.items)))
    grid.add_row("Kilde", meeting.source.path)
    return Panel(grid, title=Text(meeting.id, style="bold"), title_align="left")


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
        if section.kind == "beslutning":
            head = Text("Beslutning", style="bold green")
            if section.body:
                head.append(f" {section.body}", style="green")
            if section.date:
                head.append(f" {section.date.isoformat()}", style="green")
            node = tree.add(head)
            node.add(Text(_excerpt(section.text, 400)))
        else:
            head = Text(section.heading or "(uden overskrift)", style="bold")
            head.append(f"  {section.kind}", style="dim")
            head.append(f"  {len(section.text.split())} ord", style="dim")
            tree.add(head)
    for attachment in item.attachments:
        tree.add(Text(f"bilag: {attachment}", style="dim"))
    return tree


def _excerpt(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
