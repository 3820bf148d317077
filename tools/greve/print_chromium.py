"""Layout ``chromium``: HTML printed by headless Chromium (``--print-to-pdf``).

Sans-serif, ragged right, dense line spacing, headings bold at body size with no space between
heading and text, items one after another (no page breaks), the case number bare under the item
head, closed items ``Punkt N: Title (Lukket)``, decisions headed ``Beslutning``, and a running
header without digits on every page (``GREVE KOMMUNE`` / ``Referat``, CSS page-margin boxes).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path

from . import wording
from .programs import program_version
from .source import Block, Item, Meeting

CSS = """
@page {
  size: A4; margin: 20mm 17mm 16mm 17mm;
  @top-left { content: "GREVE KOMMUNE"; font: bold 7.5pt "DejaVu Sans", sans-serif;
              letter-spacing: 1.5pt; color: #333; }
  @top-right { content: "%(kind)s"; font: 7.5pt "DejaVu Sans", sans-serif; color: #333; }
}
body { font: 9.5pt/1.22 "DejaVu Sans", "Liberation Sans", sans-serif; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 2pt 0; }
.body { font-size: 11pt; font-weight: bold; margin: 0 0 8pt 0; }
.field { margin: 0 0 1pt 0; }
.label { display: inline-block; width: 32mm; font-weight: bold; }
h2 { font-size: 10.5pt; margin: 12pt 0 0 0; padding-top: 3pt; border-top: 0.6pt solid #555; }
.case { margin: 0 0 4pt 0; color: #222; }
h3 { font-size: 9.5pt; margin: 6pt 0 0 0; }
p { margin: 0 0 4pt 0; }
ul, ol { margin: 0 0 4pt 0; padding-left: 6mm; }
li { margin: 0; }
table { border-collapse: collapse; margin: 2pt 0 5pt 0; font-size: 8pt; }
td { border: 0.5pt solid #777; padding: 1pt 3pt; vertical-align: top; }
.absent { font-style: italic; }
"""


def _field(label: str, value: str) -> str:
    return f'<div class="field"><span class="label">{escape(label)}:</span>{escape(value)}</div>'


def _block(block: Block) -> str:
    if block.kind == "list":
        return _nested(block)
    if block.kind == "table":
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block.rows
        )
        return f"<table>{rows}</table>"
    return f"<p>{escape(block.text)}</p>"


def _nested(block: Block) -> str:
    return nested_list(block.items, block.ordered)


def nested_list(items: list[tuple[int, str]], ordered: bool) -> str:
    """Items with levels -> nested <ul>/<ol> (a deeper item goes inside the one before it)."""
    tag = "ol" if ordered else "ul"
    out: list[str] = []
    depth = -1
    for level, text in items:
        if level > depth:
            out.extend(f"<{tag}><li>" for _ in range(level - depth))
        else:
            out.extend(f"</li></{tag}>" for _ in range(depth - level))
            out.append("</li><li>")
        out.append(escape(text))
        depth = level
    out.extend(f"</li></{tag}>" for _ in range(depth + 1))
    return "".join(out)


def _item(item: Item) -> list[str]:
    out = [f"<h2>Punkt {item.number}: {escape(item.title)}{wording.closed_suffix(item)}</h2>"]
    if item.case_number:
        out.append(f'<div class="case">{escape(item.case_number)}</div>')
    for section in item.sections:
        if section.heading:
            out.append(f"<h3>{escape(section.heading)}</h3>")
        out.extend(_block(b) for b in section.blocks)
    if item.absent:
        out.append(f'<p class="absent">Fraværende: {escape(", ".join(item.absent))}</p>')
    return out


def document(meeting: Meeting) -> str:
    body = [
        f"<h1>{escape(meeting.title)}</h1>",
        f'<div class="body">{escape(meeting.body)}</div>',
        _field("Mødedato", wording.when(meeting)),
    ]
    if meeting.location:
        body.append(_field("Mødested", meeting.location))
    body.append(_field("Mødedeltagere", ", ".join(wording.present(meeting))))
    body.extend(_field(label, ", ".join(names)) for label, names in wording.absence_lines(meeting))
    for item in meeting.items:
        body.extend(_item(item))
    css = CSS % {"kind": meeting.title}
    return (
        '<!doctype html><html lang="da"><head><meta charset="utf-8">'
        f"<title>{escape(meeting.title)}</title><style>{css}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )


def executable() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def version() -> str | None:
    """``156.0.8078.79``, or None when Chromium is missing."""
    return program_version(executable())


def missing() -> str | None:
    if not executable():
        return "Chromium not found: apt-get install chromium"
    return None


def print_many(jobs: list[tuple[Meeting, Path]]) -> None:
    exe = executable()
    assert exe, missing()
    with tempfile.TemporaryDirectory(prefix="greve-chromium-") as tmp:
        work = Path(tmp)
        for meeting, target in jobs:
            src = work / f"{target.stem}.html"
            src.write_text(document(meeting), encoding="utf-8")
            out = work / f"{target.stem}.pdf"
            subprocess.run(
                [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={work / 'profile'}", f"--print-to-pdf={out}",
                 "--no-pdf-header-footer", src.as_uri()],
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
            if not out.exists():
                raise RuntimeError(f"chromium made no PDF for {target.stem}")
            shutil.move(out, target)
