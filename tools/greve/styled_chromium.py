"""Styled prints by headless Chromium: the styled pieces as HTML and CSS (``--print-to-pdf``).

The running header or footer is a CSS page-margin box with ``counter(page)``; Chromium cannot
number a table of contents (no ``target-counter``), so its tables of contents are titles only.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path

from . import print_chromium
from .compose import Piece, compose
from .source import Meeting
from .styles import FONTS, Style


def version() -> str | None:
    return print_chromium.version()


def missing() -> str | None:
    return print_chromium.missing()


def css(meeting: Meeting, style: Style) -> str:
    pitch = 1.5 if style.airy else 1.18
    gap = "0.7em" if style.airy else "0.15em"
    head_weight = "bold" if style.head_bold else "normal"
    heading_weight = "bold" if style.heading_bold else "normal"
    margin = ""
    if style.running == "top":
        margin = (
            f'@top-left {{ content: "{escape(meeting.body)}"; font: 8pt sans-serif; }}'
            '@top-right { content: "Side " counter(page); font: 8pt sans-serif; }'
        )
    elif style.running == "bottom":
        margin = (
            '@bottom-center { content: "Side " counter(page) " af " counter(pages); '
            "font: 8pt sans-serif; }"
        )
    return f"""
@page {{ size: A4; margin: 20mm 18mm 18mm 20mm; {margin} }}
body {{ font: {style.size}pt/{pitch} "{FONTS[style.font]}", sans-serif; margin: 0; }}
p {{ margin: 0 0 {gap} 0; }}
.title {{ font-size: 1.9em; font-weight: bold; margin: 0 0 0.2em 0; }}
.subtitle {{ font-size: 1.3em; font-weight: bold; margin: 0 0 0.8em 0; }}
.dateline {{ font-size: 1.1em; margin: 0 0 1em 0; }}
.label {{ font-weight: bold; }}
.people-head {{ font-weight: bold; margin: {gap} 0 0.1em 0; }}
.person {{ margin: 0; }}
table.people {{ border-collapse: collapse; margin: 0 0 {gap} 0; }}
table.people td {{ padding: 0 8mm 0 0; }}
.break {{ break-after: page; }}
.toc-head {{ font-size: 1.15em; font-weight: bold; margin: 1em 0 0.3em 0; }}
.toc {{ margin: 0; }}
.item {{ font-size: {style.head_scale}em; font-weight: {head_weight}; margin: 1.2em 0 0.3em 0;
         {"break-before: page;" if style.page_breaks else ""} }}
.case {{ margin: 0 0 0.6em 0; }}
.heading {{ font-size: {style.heading_scale}em; font-weight: {heading_weight};
            margin: {gap} 0 0.1em 0; }}
.numbered {{ font-weight: bold; }}
ul, ol {{ margin: 0 0 {gap} 0; padding-left: 6mm; }}
table.grid {{ border-collapse: collapse; margin: 0.2em 0 {gap} 0; font-size: 0.8em; }}
table.grid td {{ border: 0.5pt solid #555; padding: 1pt 3pt; vertical-align: top; }}
"""


def _list(piece: Piece) -> str:
    return print_chromium.nested_list(piece.entries, piece.ordered)


def _rows(rows: list[list[str]], cls: str) -> str:
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}">{body}</table>'


def _piece(piece: Piece, first_item: bool) -> str:
    role, text = piece.role, escape(piece.text)
    if role in ("title", "subtitle", "dateline", "case", "numbered", "toc", "person"):
        return f'<p class="{role}">{text}</p>'
    if role == "toc_head":
        return f'<p class="toc-head">{text}</p>'
    if role == "people_head":
        return f'<p class="people-head">{text}</p>'
    if role in ("field", "runin"):
        return f'<p><span class="label">{escape(piece.label)}{":" if role == "field" else ""}'\
            f"</span> {text}</p>"  # fmt: skip
    if role == "people_table":
        return _rows(piece.rows, "people")
    if role == "break":
        return '<div class="break"></div>'
    if role == "item":
        style = ' style="break-before: auto"' if first_item else ""
        return f'<p class="item"{style}>{text}</p>'
    if role == "heading":
        return f'<p class="heading">{text}</p>'
    if role == "list":
        return _list(piece)
    if role == "table":
        return _rows(piece.rows, "grid")
    return f"<p>{text}</p>"


def document(meeting: Meeting, style: Style) -> str:
    pieces = compose(meeting, style)
    html: list[str] = []
    first = not any(p.role in ("toc", "break") for p in pieces)
    for piece in pieces:
        html.append(_piece(piece, first and piece.role == "item"))
        if piece.role == "item":
            first = False
    return (
        '<!doctype html><html lang="da"><head><meta charset="utf-8">'
        f"<title>{escape(meeting.title)}</title><style>{css(meeting, style)}</style></head>"
        f"<body>{''.join(html)}</body></html>"
    )


def print_many(jobs: list[tuple[Meeting, Style, Path]]) -> None:
    exe = print_chromium.executable()
    assert exe, missing()
    with tempfile.TemporaryDirectory(prefix="greve-styled-chromium-") as tmp:
        work = Path(tmp)
        for meeting, style, target in jobs:
            src = work / f"{target.stem}.html"
            src.write_text(document(meeting, style), encoding="utf-8")
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
