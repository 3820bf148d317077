"""Property-based tests: generated minutes parse back to what generated them, and no input
makes the parser raise anything but its documented errors.

``make fuzz`` runs the same properties with many more examples (FUZZ_EXAMPLES).
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import random
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referat import parse_text
from referat.danish import MONTH_NAMES
from referat.errors import ReferatError
from referat.pipeline import Parsed
from referat.read.files import decode_text

from lossless import lossless_diff

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

WORDS = [
    "direktionen",
    "drøftede",
    "sagen",
    "og",
    "godkendte",
    "indstillingen",
    "med",
    "enkelte",
    "justeringer",
    "af",
    "rammen",
    "for",
    "det",
    "videre",
    "arbejde",
    "i",
    "forhold",
    "til",
    "økonomien",
    "budgettet",
    "medarbejdere",
    "borgere",
    "tryghed",
    "sygefravær",
    "rekruttering",
    "digitalisering",
    "strategi",
    "kommunen",
    "området",
    "centret",
    "puljen",
]
BODIES = ["Direktionen", "Byrådet", "Økonomiudvalget", "Børne- og Skoleudvalget", "Aarhus Byråd"]
NAMES = ["Lars Holte", "Jørgen Lerhard", "Charlotte Markussen", "Anya Krogh Manghezi", "Bo Ås"]
HEADINGS = {
    "baggrund": "Baggrund",
    "indstilling": "Indstilling",
    "sagsfremstilling": "Sagsfremstilling",
    "okonomi": "Økonomi",
}


@dataclass
class GenSection:
    kind: str
    heading: str
    paragraphs: list[str]
    body: str | None = None
    date: dt.date | None = None


@dataclass
class GenItem:
    number: int
    title: str
    case_number: str
    sections: list[GenSection]
    attachments: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)


def _words(seed: int, low: int, high: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize()


# Running text is drawn from one integer (cheap to generate, so `make fuzz` gets through many
# documents); the structure around it is drawn element by element and shrinks well.
sentences = st.integers(0, 2**32).map(lambda seed: _words(seed, 3, 14) + ".")
paragraphs = st.lists(sentences, min_size=1, max_size=3).map(" ".join)
dates = st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2035, 12, 31))
case_numbers = st.one_of(
    st.builds("{}/{}".format, st.integers(10, 99), st.integers(1, 99999)),
    st.builds("EMN-{}-{:06d}".format, st.integers(2000, 2099), st.integers(1, 999999)),
    st.builds(
        "{:02d}.{:02d}.00-A00-{}-{}".format,
        st.integers(0, 99),
        st.integers(0, 99),
        st.integers(1, 99),
        st.integers(10, 99),
    ),
)


@st.composite
def sections(draw: st.DrawFn) -> GenSection:
    if draw(st.booleans()):
        body, date = draw(st.sampled_from(BODIES)), draw(dates)
        if draw(st.booleans()):
            heading = f"Beslutning {body} den {date:%d-%m-%Y}"
        else:
            heading = (
                f"Beslutning i {body} den {date.day}. {MONTH_NAMES[date.month - 1]} {date.year}"
            )
        return GenSection(
            "beslutning", heading, draw(st.lists(paragraphs, min_size=1, max_size=3)), body, date
        )
    kind = draw(st.sampled_from(sorted(HEADINGS)))
    return GenSection(kind, HEADINGS[kind], draw(st.lists(paragraphs, min_size=1, max_size=4)))


@st.composite
def items(draw: st.DrawFn, number: int) -> GenItem:
    title = _words(draw(st.integers(0, 2**32)), 1, 12)
    attachments = draw(
        st.lists(st.sampled_from(WORDS).map(lambda w: f"Bilag - {w}.pdf"), max_size=3)
    )
    return GenItem(
        number=number,
        title=title,
        case_number=draw(case_numbers),
        sections=draw(st.lists(sections(), max_size=5)),
        attachments=attachments,
        absent=draw(st.lists(st.sampled_from(NAMES), max_size=2, unique=True)),
    )


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    body, date = draw(st.sampled_from(BODIES)), draw(dates)
    kind = draw(st.sampled_from(["REFERAT", "DAGSORDEN"]))
    people = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=5))
    absent = {p for p in people if draw(st.booleans())}
    generated = [draw(items(n)) for n in range(1, draw(st.integers(0, 6)) + 1)]
    lines = [f"{kind} {body} d. {date:%d-%m-%Y}", ""]
    lines += [f"Mødedato {date.day}. {MONTH_NAMES[date.month - 1]} {date.year} kl. 09:30", ""]
    if people:
        listed = ", ".join(f"{p} (Afbud)" if p in absent else p for p in people)
        lines += [f"Mødedeltagere {listed}", ""]
    for item in generated:
        lines += [f"Punkt {item.number}: {item.title}", "", item.case_number, ""]
        for section in item.sections:
            lines += [section.heading, ""]
            for para in section.paragraphs:
                lines += [para, ""]
        if item.attachments:
            lines += ["Bilag", ""]
            for attachment in item.attachments:
                lines += [attachment, ""]
        if item.absent:
            lines += ["Afbud " + ", ".join(item.absent), ""]
    spec = {
        "kind": kind.lower(),
        "body": body,
        "date": date,
        "people": people,
        "absent": absent,
        "items": generated,
    }
    return "\n".join(lines), spec


def check_parsed(parsed: Parsed, spec: dict[str, object], source_text: str) -> None:
    """The meeting is what generated it, and every word of ``source_text`` is in it."""
    m = parsed.meeting
    generated: list[GenItem] = spec["items"]  # type: ignore[assignment]
    # Without a single item head there is no evidence of the agenda system either.
    assert [w.code for w in parsed.warnings] == (
        [] if generated else ["no_items", "unknown_system"]
    )
    assert (m.kind, m.body, m.date, m.start) == (spec["kind"], spec["body"], spec["date"], "09:30")
    assert [(a.name, a.absent) for a in m.attendees] == [
        (p, p in spec["absent"])  # type: ignore[operator]
        for p in spec["people"]  # type: ignore[attr-defined]
    ]
    assert len(m.items) == len(generated)
    for got, want in zip(m.items, generated, strict=True):
        assert (got.number, got.title, got.case_number) == (
            want.number,
            want.title,
            want.case_number,
        )
        assert got.attachments == want.attachments
        assert got.absent == want.absent
        expected = [
            (s.kind, s.heading, s.body, s.date, "\n\n".join(s.paragraphs)) for s in want.sections
        ]
        if want.attachments:
            expected.append(("bilag", "Bilag", None, None, "\n\n".join(want.attachments)))
        assert [(s.kind, s.heading, s.body, s.date, s.text) for s in got.sections] == expected
    lost, invented = lossless_diff(source_text, m)
    assert not lost and not invented


@SETTINGS
@given(documents())
def test_generated_minutes_parse_back(doc: tuple[str, dict[str, object]]) -> None:
    text, spec = doc
    check_parsed(parse_text(text), spec, text)


@st.composite
def paged(draw: st.DrawFn, text: str, spec: dict[str, object]) -> str:
    """The document as ``pdftotext`` gives a PDF of it: pages split by form feeds at paragraph
    gaps, each with a running header (municipality, meeting, date) and a ``Side N af M`` footer."""
    lines = text.split("\n")
    gaps = [i for i, line in enumerate(lines) if not line]
    breaks = sorted(draw(st.lists(st.sampled_from(gaps), min_size=1, max_size=8, unique=True)))
    date: dt.date = spec["date"]  # type: ignore[assignment]
    header = (
        f"Høje-Taastrup Kommune  {str(spec['kind']).capitalize()} {spec['body']} {date:%d-%m-%Y}"
    )
    pages: list[list[str]] = []
    start = 0
    for end in [*breaks, len(lines)]:
        pages.append(lines[start:end])
        start = end
    total = len(pages)
    return "\f".join(
        "\n".join([header, "", *page, "", f"Side {n} af {total}", ""])
        for n, page in enumerate(pages, start=1)
    )


@SETTINGS
@given(st.data(), documents())
def test_page_furniture_is_removed(data: st.DataObject, doc: tuple[str, dict[str, object]]) -> None:
    text, spec = doc
    check_parsed(parse_text(data.draw(paged(text, spec))), spec, text)


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "cp1252", "latin-1"]


def encode(text: str, encoding: str, newline: str) -> bytes:
    text = text.replace("\n", newline)
    if encoding == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return text.encode(encoding)


@SETTINGS
@given(documents(), st.sampled_from(ENCODINGS), st.sampled_from(["\n", "\r\n", "\r"]))
def test_encodings_and_line_ends_parse_back(
    doc: tuple[str, dict[str, object]], encoding: str, newline: str
) -> None:
    text, spec = doc
    decoded, _ = decode_text(encode(text, encoding, newline), "fuzz.txt")
    check_parsed(parse_text(decoded), spec, text)


@SETTINGS
@given(st.data(), documents())
def test_utf8_with_stray_cp1252_lines_decodes(
    data: st.DataObject, doc: tuple[str, dict[str, object]]
) -> None:
    """A file pasted together from a UTF-8 and a Windows-1252 source keeps every æ, ø and å."""
    text, spec = doc
    lines = text.split("\n")
    legacy = data.draw(st.sets(st.integers(0, len(lines) - 1)))
    raw = b"\n".join(
        line.encode("cp1252" if i in legacy else "utf-8") for i, line in enumerate(lines)
    )
    decoded, _ = decode_text(raw, "fuzz.txt")
    if any(ord(c) > 127 for c in text):
        assert decoded == text
    check_parsed(parse_text(decoded), spec, text)


@SETTINGS
@given(st.data(), documents(), st.sampled_from(ENCODINGS))
def test_damaged_bytes_fail_cleanly(
    data: st.DataObject, doc: tuple[str, dict[str, object]], encoding: str
) -> None:
    """Bytes overwritten, cut or inserted anywhere: a meeting or a documented error."""
    raw = bytearray(encode(doc[0], encoding, "\n"))
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(raw)))
        edit = data.draw(st.sampled_from(["set", "cut", "insert"]))
        junk = data.draw(st.binary(min_size=1, max_size=4))
        if edit == "cut":
            del raw[at : at + len(junk)]
        elif edit == "set":
            raw[at : at + len(junk)] = junk
        else:
            raw[at:at] = junk
    try:
        text, _ = decode_text(bytes(raw), "fuzz.txt")
        parse_text(text)
    except ReferatError:
        pass


# Lines that look like minutes, mixed with page furniture, broken encodings and junk.
junk_lines = st.one_of(
    st.sampled_from(
        [
            "REFERAT Direktionen d. 16-01-2023",
            "DAGSORDEN Byrådet d. 31-02-2023",
            "Punkt 1: Øvrige",
            "Punkt 1:",
            "Punkt 99999: x",
            "22/23184",
            "Sagsnr.:",
            "Beslutning Direktionen den 99-99-9999",
            "Beslutninger",
            "Bilag",
            "Afbud",
            "Afbud ,",
            "Mødedeltagere",
            "Mødedato kl. 25:99",
            "Indholdsfortegnelse",
            "Øvrige sager.....\t3",
            ".....\t",
            "Side 3 af 14",
            "\f",
            "",
            "- ? ",
            "<p></p>",
            "\t\t",
            "Mødested",
            "Lukket:",
            "Punkt 2: Lukket:",
            "(Afbud)",
        ]
    ),
    st.text(max_size=80),
)


@SETTINGS
@given(st.lists(junk_lines, max_size=40))
def test_parser_raises_only_documented_errors(lines: list[str]) -> None:
    try:
        parsed = parse_text("\n".join(lines))
    except ReferatError:
        return
    assert parsed.meeting.id


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_fail_cleanly(data: bytes) -> None:
    try:
        text, _ = decode_text(data, "fuzz.bin")
        parse_text(text)
    except ReferatError:
        pass
