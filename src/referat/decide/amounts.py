"""Money amounts in Danish minutes: ``600.000 kroner``, ``1,316 mio. kr.``, ``2,5 mia. kr.``,
``t.kr. 450``, ``kr. 111.248``, ranges (``1-2 mio. kr.``) and per-year tables (a ``1.000 kr.``
header over year columns).

Only a number written with a money unit is an amount, so phone numbers, dates, case numbers and
percentages are never taken for money; years are read from the amount's sentence (or a table's
column) with dates and case numbers masked first.
"""

from __future__ import annotations

import re

from referat.danish import LOOKS_LIKE_DATE
from referat.models import Amount

# Units as data: (pattern, kroner per unit).  Longest first where one is a prefix of another.
UNITS: tuple[tuple[str, int], ...] = (
    (r"mia\.?\s*kr\.?|mia\.?\s*kroner|milliard(?:er)?\s+kroner|milliard(?:er)?\s+kr\.?", 10**9),
    (r"mio\.?\s*kr\.?|mio\.?\s*kroner|million(?:er)?\s+kroner|million(?:er)?\s+kr\.?", 10**6),
    (r"t\.?\s*kr\.?|tkr\.?|tusinde?\s+kroner", 10**3),
    (r"kr\.?|kroner|dkk", 1),
    (r"mia\.|milliard(?:er)?\b", 10**9),  # "(6,25 mio.)": the kroner are understood
    (r"mio\.|million(?:er)?\b", 10**6),
)
# Units written before the number: "kr. 111.248", "t.kr. 450", "DKK 5.000".
PREFIX_UNITS: tuple[tuple[str, int], ...] = (
    (r"mio\.?\s*kr\.", 10**6),
    (r"t\.?\s*kr\.|tkr\.", 10**3),
    (r"kr\.|dkk", 1),
)

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_BETWEEN = r"(?:(?P<between>mellem|fra)\s+)?"
_RANGE = rf"{_BETWEEN}(?P<low>{_NUMBER})\s*(?P<sep>[-–]|til|og)\s*(?P<high>{_NUMBER})"
# One pattern for all units after the number and one for those before it; the unit group that
# matched (u0, u1, ...) gives the scale.  Alternatives are tried in table order (longest first).
_SUFFIX_UNITS = "|".join(f"(?P<u{i}>{u})" for i, (u, _) in enumerate(UNITS))
_SUFFIX = re.compile(
    rf"(?<![\d.,])(?:{_RANGE}|(?P<one>{_NUMBER}))\.?\s*(?:{_SUFFIX_UNITS})(?![a-zæøå])", re.I
)
_PREFIX_UNITS = "|".join(f"(?P<u{i}>{u})" for i, (u, _) in enumerate(PREFIX_UNITS))
_PREFIX = re.compile(
    rf"(?<![a-zæøå])(?:{_PREFIX_UNITS})[ \u00a0]*(?P<one>{_NUMBER})(?![\d,]|\.\d)", re.I
)


def _scale(m: re.Match[str], units: tuple[tuple[str, int], ...]) -> int:
    return next(scale for i, (_, scale) in enumerate(units) if m[f"u{i}"] is not None)


_LOW_SHORTENED = re.compile(r"\d{1,3}")
_YEAR = re.compile(r"(?<![\d/.,-])(19[5-9]\d|20\d\d)(?![\d/]|-\d{3})")
_CASE_NUMBER = re.compile(r"\b\d+[/-]\d{3,}\b|\b[A-Z]{2,}-\d{4}-\d+")
_PERCENT = re.compile(r"\d\s*(?:%|pct\b|procent)", re.I)
_ABBREVIATIONS = frozenset({
    "mio", "mia", "pkt", "nr", "jf", "ca", "bl.a", "f.eks", "inkl", "ekskl", "pr", "kl", "tlf",
    "stk", "evt", "mht", "ift", "vedr", "dvs", "mv", "bl", "t.kr",
})  # fmt: skip
# A table header that sets the unit of the numbers below it ("Beløb i 1.000 kr.", "2024 (i t.
# kr.)"), and header words that make a column one of money without a unit ("Pris i alt").
TABLE_UNITS: tuple[tuple[str, int], ...] = ((r"1\.000\s*kr\.?", 10**3), *UNITS[:4])
MONEY_COLUMN = r"\b(?:pris|beløb|udgift|udgifter|indtægt|indtægter|kroner|budget)\b"
_TABLE_UNIT = [(re.compile(rf"(?:^|\s|\()(?:{u})(?:\)|\s|$)", re.I), s) for u, s in TABLE_UNITS]
_MONEY_COLUMN = re.compile(MONEY_COLUMN, re.I)
_YEAR_CELL = re.compile(r"^\s*((?:19|20)\d\d)\b(?!-)")
_TABLE_NUMBER = re.compile(rf"^\s*(?P<sign>[-–]\s*)?(?P<n>{_NUMBER})\s*$")


def to_number(text: str) -> float:
    """Danish number: ``1.316,5`` -> 1316.5, ``0,900`` -> 0.9, ``600.000`` -> 600000."""
    return float(text.replace(".", "").replace(",", "."))


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences in ``text``: lines split at ``. `` unless an abbreviation ends."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        for m in re.finditer(r"[.!?](?=\s+[A-ZÆØÅ\"”(])", line):
            word = re.search(r"(\S+)$", line[: m.start()])
            if word and word[1].lower().strip("(") in _ABBREVIATIONS:
                continue
            spans.append((start, pos + m.end()))
            start = pos + m.end() + 1
        spans.append((start, pos + len(line)))
        pos += len(line) + 1
    return [(a, b) for a, b in spans if text[a:b].strip()]


# Four digits that could be a year: a sentence without them has none (masking only blanks).
_MAYBE_YEAR = re.compile(r"(?:19[5-9]|20\d)\d")


def years_in(sentence: str) -> list[int]:
    if not _MAYBE_YEAR.search(sentence):
        return []
    masked = _CASE_NUMBER.sub(" ", LOOKS_LIKE_DATE.sub(" ", sentence))
    found: list[int] = []
    for m in _YEAR.finditer(masked):
        if int(m[1]) not in found:
            found.append(int(m[1]))
    return found


# Cheap test first: a sentence without a digit and a unit word holds no amount (most do not).
_MAYBE_MONEY = re.compile(r"\d[^\n]*?(?:kr|dkk|mio|mia|million|milliard)|(?:kr|dkk)\.?\s*\d", re.I)


def _amounts_in_sentence(sentence: str) -> list[tuple[int, Amount]]:
    if not _MAYBE_MONEY.search(sentence):
        return []
    spans: list[tuple[int, int, int, int | None, str]] = []
    for pattern, units in ((_SUFFIX, UNITS), (_PREFIX, PREFIX_UNITS)):
        for m in pattern.finditer(sentence):
            scale = _scale(m, units)
            if any(m.start() < end and start < m.end() for start, end, *_ in spans):
                continue
            if _PERCENT.match(sentence, m.start()):
                continue
            groups = m.groupdict()
            start, low, high = m.start(), groups.get("low"), groups.get("high")
            if low and high and _LOW_SHORTENED.fullmatch(low) and "." in high:
                low = f"{low}.{high.split('.', 1)[1]}"  # "80-100.000 kr." is 80.000-100.000
            og_alone = (
                groups.get("sep") == "og" and (groups.get("between") or "").lower() != "mellem"
            )
            if low and high and (og_alone or to_number(high) <= to_number(low)):
                start, low = m.start("high"), None  # "i 2025 til 12,2 mio. kr.": one amount
            number = low or high or groups["one"]
            kroner = round(to_number(number) * scale)
            high_kroner = round(to_number(high) * scale) if low and high else None
            if 1900 <= kroner <= 2099 and scale == 1 and not re.search(r"kr|dkk", m[0], re.I):
                continue
            spans.append((start, m.end(), kroner, high_kroner, sentence[start : m.end()].strip()))
    spans.sort()
    found: list[tuple[int, Amount]] = []
    for k, (start, end, kroner, high, text) in enumerate(spans):
        after = sentence[end : spans[k + 1][0] if k + 1 < len(spans) else len(sentence)]
        before = sentence[spans[k - 1][1] if k else 0 : start]
        years = years_in(after) or years_in(before) or years_in(sentence)
        amount = Amount(kroner=kroner, kroner_to=high, text=text, sentence=sentence, years=years)
        found.append((start, amount))
    return found


def _columns(cells: list[str]) -> dict[int, tuple[int, list[int]]] | None:
    """A header row's money columns: ``{column: (kroner per unit, [year])}``, or None when the
    row is no such header.  A unit written in any cell applies to every column."""
    units = [s for c in cells for p, s in _TABLE_UNIT if p.search(c.strip())]
    default = units[0] if units else None
    columns: dict[int, tuple[int, list[int]]] = {}
    for j, cell in enumerate(cells):
        own = next((s for p, s in _TABLE_UNIT if p.search(cell.strip())), None)
        if year := _YEAR_CELL.match(cell):
            if own or default:
                columns[j] = (own or default or 1, [int(year[1])])
        elif j and _MONEY_COLUMN.search(cell):
            columns[j] = (own or default or 1, [])
    return columns or None


def _table_amounts(lines: list[str]) -> tuple[list[Amount], set[int]]:
    """Tables of money: a header row with year columns under a unit, or columns headed by a
    money word, and numbers below."""
    amounts: list[Amount] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        columns = _columns(lines[i].split("\t")) if "\t" in lines[i] else None
        if columns is None:
            i += 1
            continue
        used.add(i)
        i += 1
        while i < len(lines) and "\t" in lines[i]:
            row = lines[i].split("\t")
            for j, (scale, years) in columns.items():
                m = _TABLE_NUMBER.match(row[j]) if j < len(row) else None
                if m and to_number(m["n"]):
                    sign = -1 if m["sign"] else 1
                    kroner = sign * round(to_number(m["n"]) * scale)
                    amounts.append(
                        Amount(kroner=kroner, text=row[j].strip(), sentence=lines[i], years=years)
                    )
            used.add(i)
            i += 1
    return amounts, used


def find_amounts(text: str) -> list[Amount]:
    """Every money amount in ``text``: those in sentences in reading order, then table cells."""
    lines = text.split("\n")
    table, used = _table_amounts(lines)
    kept = "\n".join("" if i in used else line for i, line in enumerate(lines))
    found: list[tuple[int, Amount]] = []
    if not _MAYBE_MONEY.search(kept):
        return table
    for start, end in sentences(kept):
        found += [(start + at, a) for at, a in _amounts_in_sentence(kept[start:end].strip())]
    found.sort(key=lambda f: f[0])
    return [a for _, a in found] + table
