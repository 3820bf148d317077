"""The new inputs under the hostile-input rules: clear one-line errors naming the file, no
traceback, and the rest of a batch still imports."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from referat.cli import cli
from referat.errors import ReferatError
from referat.pipeline import parse_document
from referat.read.files import read_document
from referat.structure.firstagenda import ATTENDEES, BODY, DATE, ITEMS, NUMBER
from seed_markup import seed_blocks, to_docx, to_html

from conftest import SEED_2023


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (201 * 1024 * 1024))
    return out.getvalue()


def _json(value: object) -> bytes:
    return json.dumps(value).encode()


def _shape(**extra: object) -> dict[str, object]:
    """A FirstAgenda-shaped JSON: ``{"Moede": {"Dato": ...}, ...}`` from the importer's paths."""
    flat = {DATE: "2024-05-01T09:00:00", BODY: "Byrådet", ITEMS: [], **extra}
    out: dict[str, object] = {}
    for path, value in flat.items():
        keys = [k for k in path.split("/") if k]
        node = out
        for key in keys[:-1]:
            node = node.setdefault(key, {})  # type: ignore[assignment]
        node[keys[-1]] = value
    return out


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        ("list.json", b"[1, 2]", "not a FirstAgenda Publication meeting"),
        ("date.json", _json(_shape(**{DATE: "i går"})), "meeting date 'i går' is no date"),
        ("bomb.docx", _bomb(), "unpacks to 201 MB"),
        ("junk.docx", b"PK\x03\x04 not a zip", "not a readable Word file"),
        ("deep.html", b"<html><body>" + b"<div>" * 50_000 + b"</body></html>", "has no text"),
    ],
)
def test_bad_input_is_one_clear_error(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(ReferatError) as caught:
        parse_document(read_document(data, name))
    message = str(caught.value)
    assert message.startswith(f"{name}: ") and reason in message and "\n" not in message


def test_json_of_the_wrong_types_is_read_as_far_as_it_goes() -> None:
    data = _shape(**{ATTENDEES: "nobody", ITEMS: [1, "x", {NUMBER.strip("/"): {"a": 1}}]})
    meeting = parse_document(read_document(_json(data), "odd.json")).meeting
    assert meeting.attendees == [] and [i.number for i in meeting.items] == [0]


def test_a_batch_of_every_format_imports_the_good_ones(tmp_path: Path) -> None:
    blocks = seed_blocks(SEED_2023.read_text(encoding="utf-8"))
    (tmp_path / "page.html").write_text(to_html(blocks), encoding="utf-8")
    to_docx(blocks, tmp_path / "word.docx")
    (tmp_path / "meeting.json").write_text(json.dumps(_shape()), encoding="utf-8")
    (tmp_path / "other.json").write_text('{"meetings": []}', encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored: not a minutes suffix", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "--db", str(tmp_path / "a.db"), str(tmp_path)])
    assert result.exit_code == 1
    assert "other.json: JSON, but not a FirstAgenda Publication meeting" in result.stderr
    # page.html and word.docx are the same meeting: the second one replaces the first.
    assert "Imported: 2 inserted, 1 updated, 0 unchanged, 1 failed" in result.stderr


def test_a_meeting_json_beside_its_pdf_is_imported_a_golden_file_is_not(tmp_path: Path) -> None:
    from referat.ingest.batch import expand_paths

    for stem in ("meeting", "golden"):
        (tmp_path / f"{stem}.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "meeting.json").write_text(json.dumps(_shape()), encoding="utf-8")
    (tmp_path / "golden.json").write_text('{"items": []}', encoding="utf-8")
    (tmp_path / "golden.pdf.json").write_text('{"items": []}', encoding="utf-8")
    found = sorted(Path(p).name for p in expand_paths([str(tmp_path)]))
    assert found == ["golden.pdf", "meeting.json", "meeting.pdf"]


def test_an_empty_folder_names_every_suffix(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["import", "--db", str(tmp_path / "a.db"), str(tmp_path)])
    assert result.exit_code == 1
    for suffix in ("*.txt", "*.pdf", "*.html", "*.htm", "*.json", "*.docx", "*.xml"):
        assert suffix in result.stderr
