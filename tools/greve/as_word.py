"""The LibreOffice styles as Word files, for tuning the Word reader.

    PYTHONPATH=tools:src python -m greve.as_word office-any-1 office-runin-2 ...

Writes each tuned LibreOffice variant's styled document for every ninth meeting as ``.docx``
(``soffice --convert-to docx``, into ``.cache/corpus/word/<variant>/``), parses the Word files
and scores them against the styled meeting's facts, as ``make corpus`` scores the PDFs; prints
each variant's mean and minimum and the worst files.  Held-out variants are refused: their
documents are not looked at.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from . import print_office, styled_office, variants
from .prints import CACHE, CORPUS
from .report import parse_and_score, summary
from .styles import VARIANTS


def write_docx(name: str, sources: list[Path]) -> dict[Path, Path]:
    """The variant's documents for ``sources`` as Word files: source -> .docx."""
    variant = VARIANTS[name]
    out = CACHE / "word" / name
    exe = print_office.executable()
    assert exe, "LibreOffice (soffice) is needed"
    with tempfile.TemporaryDirectory(prefix="greve-word-") as tmp:
        work = Path(tmp)
        files = []
        for source in sources:
            fodt = work / f"{source.stem}.fodt"
            styled = variants.styled(variant, source)
            fodt.write_text(styled_office.document(styled, variant.style), encoding="utf-8")
            files.append(str(fodt))
        subprocess.run(
            [exe, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
             "--convert-to", "docx", "--outdir", str(out), *files],
            check=True, capture_output=True, timeout=1800,
        )  # fmt: skip
    return {source: out / f"{source.stem}.docx" for source in sources}


def main(argv: list[str] | None = None) -> int:
    names = argv if argv is not None else sys.argv[1:]
    unknown = [
        n for n in names if n not in VARIANTS or VARIANTS[n].family.generator != "libreoffice"
    ]
    if not names or unknown:
        print(__doc__ if not names else f"not a LibreOffice variant: {', '.join(unknown)}")
        return 2
    if any(VARIANTS[n].held_out for n in names):
        print("held-out variants are not looked at")
        return 2
    sources = sorted((CORPUS / "firstagenda-json").glob("*.json"))[::9]
    results = [
        parse_and_score((name, docx, source, None))
        for name in names
        for source, docx in write_docx(name, sources).items()
    ]
    print("\n".join(summary(results, worst=10)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
