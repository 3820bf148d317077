from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from referat import parse_file
from referat.errors import ReadError
from referat.read.files import decode_text, read_file, split_lines

from conftest import SEED_2024

DANISH = "Mødedato Mandag d. 4. november 2024 – Økonomi, æøå ÆØÅ"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (DANISH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + DANISH.encode("utf-8"), "utf-8-sig"),
        (DANISH.encode("cp1252"), "cp1252"),
        (DANISH.replace("–", "-").encode("latin-1"), "cp1252"),
        (DANISH.encode("utf-16"), "utf-16"),
    ],
)
def test_decodes_danish_without_garbling(data: bytes, encoding: str) -> None:
    text, used = decode_text(data)
    assert used == encoding
    assert "Mødedato" in text and "æøå ÆØÅ" in text


def test_undefined_cp1252_bytes_fall_back_to_latin1() -> None:
    text, used = decode_text(b"M\xf8de \x81")
    assert (text, used) == ("Møde \x81", "latin-1")


def test_nul_bytes_are_a_read_error_naming_the_file() -> None:
    with pytest.raises(ReadError, match=r"^x\.txt: binary file"):
        decode_text(b"abc\x00def", "x.txt")


def test_split_lines_handles_crlf_cr_and_form_feed() -> None:
    assert split_lines("a\r\nb\rc\nd\fe") == ["a", "b", "c", "d", "\f", "e"]


def test_missing_file_and_directory_are_read_errors(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        read_file(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="is a directory"):
        read_file(tmp_path)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-16"])
def test_seed_in_other_encodings_and_crlf_parses_identically(tmp_path: Path, encoding: str) -> None:
    original = SEED_2024.read_text(encoding="utf-8")
    converted = tmp_path / "seed.txt"
    converted.write_bytes(original.replace("\n", "\r\n").encode(encoding, errors="strict"))
    expected = parse_file(SEED_2024).meeting.model_dump(exclude={"source"})
    assert parse_file(converted).meeting.model_dump(exclude={"source"}) == expected
