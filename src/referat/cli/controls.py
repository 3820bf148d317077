"""Control characters in user data: shown visibly to people, escaped in JSON, never sent raw.

Minutes come from the internet, so a title may hold ``ESC ] 52 ;`` (a clipboard write), ``ESC [
2 J`` (clear the screen), a C1 ``CSI`` (U+009B) or a bidi override that reorders what is shown.
A terminal must never obey them: :func:`visible` turns each into a visible stand-in
(``␛]52;c;…``, ``\\x9b``, ``\\u202e``) and :func:`json_text` escapes what JSON leaves raw.  The data
in the archive keeps the characters as read; only what is printed changes.  A file name that is
not UTF-8 (Python keeps its bytes as lone surrogates) is shown with replacement characters.
"""

from __future__ import annotations

import codecs
import re

# C0 controls (but tab and line feed, which text uses) -> Unicode control pictures (U+2400...).
_C0 = {c: chr(0x2400 + c) for c in range(32) if c not in (9, 10)}
# DEL, the C1 controls (a terminal may read U+009B as CSI), bidi embeddings and isolates.
_TABLE: dict[int, str] = {**_C0, 0x7F: "\u2421"}
_TABLE.update({c: f"\\x{c:02x}" for c in range(0x80, 0xA0)})
_TABLE.update({c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_SURROGATE = "\ufffd"

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_ONE_LINE = re.compile(
    r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# What json.dumps(ensure_ascii=False) leaves raw but a terminal or an encoder may trip over.
_JSON_RAW = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _stand_in(match: re.Match[str]) -> str:
    char = match[0]
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return _SURROGATE
    return _TABLE.get(code, "\u240a" if code == 10 else char)


def visible(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control character shown as a visible stand-in; tab and line feed
    stay (``one_line``: a line feed becomes ``␊``)."""
    pattern = _UNSAFE_ONE_LINE if one_line else _UNSAFE
    if pattern.search(text) is None:  # the common case: nothing to do
        return text
    return pattern.sub(_stand_in, text)


def json_text(text: str, *, ascii_only: bool = False) -> str:
    """JSON text with the characters JSON allows raw (DEL, C1, bidi controls, lone surrogates;
    with ``ascii_only`` every non-ASCII one) written as ``\\uXXXX`` escapes: the same JSON value,
    safe on a terminal and in any encoder."""
    pattern = _NON_ASCII if ascii_only else _JSON_RAW
    if pattern.search(text) is None:
        return text
    return pattern.sub(_json_escape, text)


_NON_ASCII = re.compile(r"[^\x00-\x7e]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code > 0xFFFF:  # a UTF-16 surrogate pair, as JSON spells it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def unicode_stream(stream: object) -> bool:
    """Can ``stream`` write any character (a UTF encoding, not ``LC_ALL=C``'s ASCII)?"""
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name.startswith("utf")
    except LookupError:
        return False
