"""Render stage: the one place that prints.  Data goes to stdout, messages to stderr.

User data is printed with ``markup=False`` so a title containing ``[`` is never read as markup,
and passes :func:`shown` first, so a control character in it (an ESC sequence from a hostile
PDF) is printed as a visible stand-in and never obeyed by the terminal
(:mod:`referat.cli.controls`).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from referat.cli.controls import json_text, unicode_stream, visible

if TYPE_CHECKING:
    from pydantic import BaseModel
    from rich.console import Console

    from referat.archive.decisions import DecisionRow
    from referat.archive.query import Decision, MeetingRow, TimelineEntry
    from referat.archive.search import SearchHit
    from referat.errors import ParseWarning
    from referat.ingest.batch import ImportReport, ImportResult
    from referat.ingest.reparse import ReparseReport, ReparseResult
    from referat.models import Meeting


T = TypeVar("T")


def shown(value: T) -> T:
    """``value`` (a string, a model, a result, or lists of them) with every string made safe to
    print (:func:`referat.cli.controls.visible`).  Every user datum passes here before it is
    printed."""
    # A model exists only once Pydantic is loaded: a case timeline (tuples) does not load it.
    model: type[BaseModel] | None = getattr(sys.modules.get("pydantic"), "BaseModel", None)
    if isinstance(value, str):
        return visible(value)  # type: ignore[return-value]
    if model is not None and isinstance(value, model):
        fields = type(value).model_fields
        return value.model_copy(update={k: shown(getattr(value, k)) for k in fields})
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: shown(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a NamedTuple
        return type(value)(*(shown(v) for v in value))
    if isinstance(value, list | tuple):
        return type(value)(shown(v) for v in value)
    if isinstance(value, dict):
        return {shown(k): shown(v) for k, v in value.items()}  # type: ignore[return-value]
    return value


@cache
def stdout() -> Console:
    from rich.console import Console

    return _sane_width(Console(markup=False, highlight=False, soft_wrap=False))


@cache
def stderr() -> Console:
    from rich.console import Console

    return _sane_width(Console(stderr=True, markup=False, highlight=False, soft_wrap=True))


WIDTHS = range(20, 1001)  # a console narrower (COLUMNS=0) or wider than this gets the default
DEFAULT_WIDTH = 80


def _sane_width(console: Console) -> Console:
    if console.width not in WIDTHS:
        console.width = DEFAULT_WIDTH
    return console


def message(text: str, *, style: str | None = None) -> None:
    """A message for the user (stderr): styled on a terminal, plain text otherwise.  A stderr
    that cannot be written (closed, a broken pipe) is no reason to stop: the message is lost."""
    text = visible(text, one_line=True)
    try:
        if not sys.stderr.isatty():  # no need to pay for importing Rich
            sys.stderr.write(text + "\n")
            sys.stderr.flush()
            return
        stderr().print(text, style=style)
    except (OSError, ValueError):  # ValueError: the stream was closed by the program itself
        pass


def shorten(text: str, limit: int = 80) -> str:
    """User input echoed in a message: one line, at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error(text: str) -> None:
    message(f"Error: {text}", style="bold red")


def print_json(data: Any) -> None:
    """JSON for scripts: plain, no colour, on stdout; UTF-8, or ``\\u`` escapes where stdout
    cannot encode all of Unicode; control characters always escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(json_text(text, ascii_only=not unicode_stream(sys.stdout)) + "\n")


def print_rows(rows: list[dict[str, Any]], fmt: str, nested: Any = None) -> None:
    """Results for scripts on stdout: ``json`` (a list; ``nested`` when the results have a
    JSON shape of their own), ``nl`` (an object a line), ``csv`` or ``tsv`` (a header row)."""
    if fmt == "json":
        print_json(rows if nested is None else [n.to_json() for n in nested])
    elif fmt == "nl":
        ascii_only = not unicode_stream(sys.stdout)
        for row in rows:
            line = json_text(json.dumps(row, ensure_ascii=False), ascii_only=ascii_only)
            sys.stdout.write(line + "\n")
    else:
        import csv

        writer = csv.writer(
            sys.stdout, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n"
        )
        if rows:
            writer.writerow(rows[0].keys())
        # No control character reaches a terminal or a spreadsheet.
        writer.writerows(shown(list(row.values())) for row in rows)


def timeline_rows(entries: list[TimelineEntry]) -> list[dict[str, Any]]:
    """A case timeline flat: one row per decision (an item without one: one row, no decision)."""
    rows = []
    for entry in entries:
        item = entry.to_json()
        del item["decisions"]
        decisions: list[Decision | None] = [*entry.decisions] or [None]
        for decision in decisions:
            rows.append({
                **item,
                "decision_date": decision.date.isoformat() if decision else None,
                "decision_body": decision.body if decision else None,
                "decision_text": decision.text if decision else None,
            })  # fmt: skip
    return rows


def showing(shown: int, total: int, *, which: str = "") -> None:
    """On stderr, when results were cut: ``showing 20 of 143 — use --limit``."""
    if shown < total:
        message(f"showing {which}{shown} of {total} — use --limit to see more", style="dim")


def render_warnings(warnings: Iterable[ParseWarning], *, strict: bool = False) -> None:
    level = "error" if strict else "warning"
    for w in warnings:
        where = f"{w.path}:{w.line}" if w.line is not None else (w.path or "")
        message(f"{where}: {level}: {w.message} [{w.code}]", style="yellow")


def render_meeting(
    meeting: Meeting, *, item_number: int | None = None, sources: Sequence[str] = ()
) -> None:
    """Header panel, attendees, then each item with its case number, sections and decisions.
    ``sources``: the meeting's other sources in the archive (paths), listed in the panel."""
    from referat.cli.meeting_view import item_tree, meeting_panel

    console = stdout()
    meeting = shown(meeting)
    console.print(meeting_panel(meeting, shown(list(sources)), item_number))
    for item in meeting.items:
        if item_number is None or item.number == item_number:
            console.print(item_tree(item))


# --------------------------------------------------------------------------------------------
# The archive: import reports, search results, case timelines, meeting lists
# --------------------------------------------------------------------------------------------


@contextmanager
def import_progress(total: int) -> Iterator[Callable[[ImportResult], None]]:
    """A progress bar on stderr when stderr is a terminal; silent otherwise."""
    if total < 2 or not sys.stderr.isatty() or not (console := stderr()).is_terminal:
        yield lambda result: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("importing"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("import", total=total)
        yield lambda result: progress.advance(task)


def render_import_report(report: ImportReport, total: int | None = None) -> None:
    """Warnings and failures with file and reason, then the summary line (all on stderr).
    A batch that ended early says why and how many documents were not imported."""
    for result in report.results:
        for warning in result.warnings:
            message(warning, style="yellow")
        if result.status == "failed":
            reason = result.reason or "failed"
            where = "" if reason.startswith(result.path) else f"{result.path}: "
            message(f"failed: {where}{reason}", style="red")
        elif result.note is not None:
            message(f"{result.status}: {result.path}: {result.note}")
    left = max(0, (total or 0) - len(report.results))
    if report.stopped is not None:
        error(report.stopped)
    if report.interrupted or report.stopped is not None or report.terminated is not None:
        why = "Interrupted" if report.interrupted else "Stopped"
        if report.terminated is not None:
            why = f"Terminated ({report.terminated})"
        message(
            f"{why}: {len(report.results)} of {total if total is not None else '?'} document(s) "
            f"handled, {left} not imported (each document is imported whole or not at all)",
            style="bold red",
        )
    message(f"Imported: {report.summary()}", style=None if report.ok else "bold red")


def reparse_json(result: ReparseResult) -> dict[str, Any]:
    return {
        "meeting": result.meeting_id,
        "status": result.status,
        "changes": list(result.changes),
        "reason": result.reason,
        "new_id": result.new_id,
    }


def render_reparse_report(report: ReparseReport, *, details: bool = True) -> None:
    """Per meeting what changed or why it failed (unchanged ones are only counted), then the
    summary line (stderr)."""
    if details:
        for r in report.results:
            if r.status == "changed":
                message(f"changed: {r.meeting_id}: {'; '.join(r.changes)}")
            elif r.status == "failed":
                message(f"failed: {r.meeting_id}: {r.reason}", style="red")
    done = "replaced" if report.written else "not written; use --write to replace them"
    note = f" (changed meetings {done})" if report.count("changed") else ""
    message(f"Re-parsed: {report.summary()}{note}", style=None if report.ok else "bold red")


def _highlighted(snippet: str) -> Any:
    from rich.text import Text

    from referat.archive.snippets import HIGHLIGHT

    start, end = HIGHLIGHT
    text = Text()
    for i, part in enumerate(snippet.replace(end, start).split(start)):
        text.append(visible(part), style="bold yellow" if i % 2 else "")
    return text


def render_hits(hits: list[SearchHit]) -> None:
    """Ranked full-text hits: title, where (the id for 'referat show'), the lit snippet."""
    from rich.text import Text

    console = stdout()
    for rank, raw in enumerate(hits, start=1):
        hit = shown(raw)  # the snippet keeps its highlight markers: _highlighted shows its parts
        head = Text(f"{rank}. ", style="bold")
        head.append(hit.item_title, style="bold")
        where = Text(f"{hit.meeting_id}#{hit.item_number}", style="dim")
        if hit.case_number:
            where.append(f"  sag {hit.case_number}", style="cyan")
        if hit.section:
            where.append(f"  ({hit.section})", style="dim")
        console.print(head)
        _print_indented(console, where)
        _print_indented(console, _highlighted(" ".join(raw.snippet.split())))


def _print_indented(console: Console, text: Any, indent: int = 3) -> None:
    """Wrap ``text`` to the console width less ``indent``; no trailing spaces."""
    from rich.text import Text

    for line in text.wrap(console, max(20, console.width - indent)):
        line.rstrip()
        console.print(Text(" " * indent).append_text(line), soft_wrap=True)


def render_timeline(case_number: str, entries: list[TimelineEntry], total: int) -> None:
    """The case timeline: each item about the case, oldest first, with its decisions in full
    (``total``: the timeline's items in all, when ``entries`` are its latest)."""
    from rich.text import Text
    from rich.tree import Tree

    console = stdout()
    case_number, entries = shown(case_number), shown(entries)
    decisions = sum(len(e.decisions) for e in entries)
    title = f"Sag {case_number}: {len(entries)} punkt(er), {decisions} beslutning(er)"
    if total > len(entries):
        title = (
            f"Sag {case_number}: {total} punkt(er); de seneste {len(entries)} vist, med "
            f"{decisions} beslutning(er)"
        )
    console.print(Text(title, "bold"))
    for entry in entries:
        label = Text(f"{entry.meeting_date.isoformat()} {entry.meeting_body}", style="bold")
        label.append(f", punkt {entry.item_number}: ", style="bold")
        label.append(entry.item_title, style="bold")
        label.append(f"\n{entry.meeting_id}#{entry.item_number}", style="dim")
        tree = Tree(label)
        if not entry.decisions:
            tree.add(Text("ingen beslutning", style="dim"))
        for decision in entry.decisions:
            head = Text("Beslutning", style="bold green")
            if decision.body:
                head.append(f" {decision.body}", style="green")
            head.append(f" {decision.date.isoformat()}", style="green")
            if decision.outcome:
                head.append(f"  {decision.outcome}", style="yellow")
            tree.add(head).add(Text(decision.text))
        console.print(tree)


def render_meeting_list(rows: list[MeetingRow]) -> None:
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold", collapse_padding=True)
    towns = any(row.municipality for row in rows)  # a column only when some meeting says
    table.add_column("Dato", no_wrap=True)
    if towns:
        table.add_column("Kommune")
    table.add_column("Organ", no_wrap=True)
    table.add_column("Type")
    table.add_column("Punkter", justify="right")
    table.add_column("Besl.", justify="right")
    table.add_column("Id", overflow="fold")  # folded, never cut: it is what `show` takes
    for row in shown(rows):
        cells = [row.date.isoformat(), *([row.municipality or "?"] if towns else []), row.body]
        table.add_row(*cells, row.kind, str(row.items), str(row.decisions), row.id)
    stdout().print(table)


def render_decisions(rows: list[DecisionRow]) -> None:
    """``referat decisions``: a line per decision (date, body, item, case, outcome, votes,
    largest amount), its title indented below."""
    from rich.text import Text

    console = stdout()
    for r in shown(rows):
        line = Text(f"{r.date.isoformat()}  {r.body}, punkt {r.item_number}{r.subitem or ''}")
        if r.case_number:
            line.append(f"  sag {r.case_number}", style="cyan")
        line.append(f"  {r.outcome or '?'}", style="bold yellow")
        if r.votes:
            line.append(f" ({r.votes})", style="yellow")
        if r.amount is not None:
            line.append(f"  {r.amount:,} kr.".replace(",", "."), style="green")
        console.print(line)
        _print_indented(console, Text(r.item_title, style="dim"), indent=4)
