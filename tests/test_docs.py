"""Every command example in README.md and docs/*.md runs, and prints what the page shows.

The convention (docs/architecture.md, "Examples that cannot rot"):

- In a ```console block, a line starting with `$ ` is a command and the lines after it, up to the
  next `$ ` line, are what it prints. In a ```sh block, every line starting with `referat ` is a
  command (no output shown). A ```python block is run as a script.
- Only commands whose first word is `referat` run (pipes into `jq`, `cut`, `head` … included, run
  by bash with pipefail), and `echo $?`, which prints the exit code of the command before it.
  Other commands (`make`, `pip`, `sqlite-utils`, `datasette`, `sqlite3`) are shown, not run.
- A trailing `# doc: skip` keeps a command from running (a server, a scan, the shared corpus);
  `# doc: exit N` says it exits with N (a failure shown on purpose); every other command must
  exit 0.
- Every shown output line, except a lone `…` (lines left out), must be a line of what the
  command printed (stdout and stderr, trailing spaces dropped), in the order shown.
- Each block runs in a new folder holding `fixtures/` (the repository's), with the terminal 80
  columns wide. A block whose first command is `referat import` starts without an archive; any
  other block starts with `./referat.db` as `referat import fixtures/*.txt` makes it (the
  archive of `make demo`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BIN = Path(sys.executable).parent
FENCE = re.compile(r"^```(\w*)\s*$")
MARKER = re.compile(r"\s+#\s*doc:\s*(skip|exit\s+(\d+))\s*$")
ELISION = "…"


@dataclass
class Command:
    line: int
    text: str
    shown: list[str] = field(default_factory=list)
    exit_code: int = 0
    skip: bool = False


@dataclass
class Block:
    page: Path
    line: int
    language: str
    commands: list[Command] = field(default_factory=list)
    source: str = ""

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def command(line: int, text: str) -> Command:
    found = MARKER.search(text)
    if found is None:
        return Command(line, text)
    text = text[: found.start()]
    if found.group(1) == "skip":
        return Command(line, text, skip=True)
    return Command(line, text, exit_code=int(found.group(2)))


def blocks(page: Path) -> list[Block]:
    """The page's ```console, ```sh and ```python blocks, each with its commands."""
    found: list[Block] = []
    block: Block | None = None
    inside = False
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        fence = FENCE.match(line)
        if fence and not inside:
            inside = True
            block = Block(page, number, fence.group(1))
            continue
        if fence and fence.group(1) == "" and inside:
            inside = False
            if block is not None:
                found.append(block)
            block = None
            continue
        if not inside or block is None:
            continue
        block.source += line + "\n"
        if block.language == "console":
            if line.startswith("$ "):
                block.commands.append(command(number, line[2:]))
            elif block.commands:
                block.commands[-1].shown.append(line.rstrip())
        elif block.language == "sh" and line.startswith("referat "):
            block.commands.append(command(number, line))
    return found


ALL = [block for page in PAGES for block in blocks(page)]
RUN = [block for block in ALL if block.language == "python" or block.commands]


def runnable(text: str) -> bool:
    return text.split()[0] == "referat" or text.strip() == "echo $?"


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REFERAT_", "FORCE_COLOR"))}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        COLUMNS="80",
        LINES="24",
        NO_COLOR="1",
        PYTHONUNBUFFERED="1",  # stdout and stderr interleave as on a terminal
        PYTHONIOENCODING="utf-8",
    )
    return env


@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`referat import fixtures/*.txt`, made once; each block gets a copy."""
    folder = tmp_path_factory.mktemp("demo")
    (folder / "fixtures").symlink_to(ROOT / "fixtures")
    texts = sorted(f"fixtures/{p.name}" for p in (ROOT / "fixtures").glob("*.txt"))
    subprocess.run(
        ["referat", "import", *texts], cwd=folder, env=environment(), check=True, timeout=120
    )
    return folder / "referat.db"


def matches(shown: list[str], printed: list[str]) -> str | None:
    """None when every shown line is a printed line, in order; else the first one that is not."""
    rest = iter(printed)
    for line in shown:
        if line.strip() == ELISION or not line.strip():
            continue
        if not any(line == candidate for candidate in rest):
            return line
    return None


def test_pages_have_examples() -> None:
    assert len(PAGES) > 5, "docs/ is missing"
    assert sum(len(b.commands) for b in ALL) > 40


def test_every_shown_command_is_in_a_checked_block() -> None:
    """A `$ referat` line outside a ```console block would escape this test."""
    for block in ALL:
        if block.language != "console":
            assert "$ referat " not in block.source, f"{block.name}: label the block ```console"


@pytest.mark.parametrize("block", RUN, ids=[block.name for block in RUN])
def test_example_runs(block: Block, tmp_path: Path, demo_archive: Path) -> None:
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")
    env = environment()
    first = next((c.text for c in block.commands if not c.skip), "")
    if not first.startswith("referat import"):
        shutil.copy(demo_archive, tmp_path / "referat.db")
    if block.language == "python":
        result = subprocess.run(
            [sys.executable, "-c", block.source],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, f"{block.name}:\n{result.stderr}"
        return
    last = 0
    for example in block.commands:
        where = f"{block.page.relative_to(ROOT)}:{example.line}: $ {example.text}"
        if example.skip or not runnable(example.text):
            continue
        tools = [part.split()[0] for part in example.text.split("|")[1:] if part.split()]
        if any(shutil.which(tool, path=env["PATH"]) is None for tool in tools):
            continue  # a pipe into a tool this machine lacks (jq): shown, not checked here
        if example.text.strip() == "echo $?":
            printed = [str(last)]
        else:
            result = subprocess.run(
                ["bash", "-o", "pipefail", "-c", example.text],
                cwd=tmp_path,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=120,
            )
            last = result.returncode
            printed = [line.rstrip() for line in result.stdout.splitlines()]
            assert last == example.exit_code, (
                f"{where}\nexit code {last}, the page says {example.exit_code}:\n"
                + "\n".join(printed[-20:])
            )
        missing = matches(example.shown, printed)
        assert missing is None, (
            f"{where}\nthe page shows a line it did not print:\n  {missing!r}\nit printed:\n"
            + "\n".join(printed)
        )


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
PATH = re.compile(r"`((?:src|tests|bench|tools|fixtures|docs)/[^`\s*<>…]+)`")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = re.sub(r"(?ms)^```.*?^```", "", page.read_text(encoding="utf-8"))
    return {slug(m.group(1)) for m in re.finditer(r"(?m)^#+ (.+)$", text)}


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_links_and_paths_exist(page: Path) -> None:
    """Every relative link (and its #anchor) and every `src/…`, `tests/…` path named exists."""
    text = page.read_text(encoding="utf-8")
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{page.name}: link to a missing file: {target}"
        if anchor:
            assert anchor in anchors(linked), f"{page.name}: no heading for #{anchor} in {path}"
    for path in PATH.findall(text):
        assert (ROOT / path.rstrip("/")).exists(), f"{page.name}: names a missing path: {path}"


def test_module_map_is_the_source_tree() -> None:
    """docs/architecture.md's module map names every module of src/referat, and no other (a
    package's `__init__.py` may go unnamed: its docstring is the package's job)."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = text[text.index("\nsrc/referat/\n") : text.index("```", text.index("\nsrc/referat/\n"))]
    mapped: set[str] = set()
    package = ""
    for line in block.splitlines():
        found = re.match(r"^  (\w+)/", line)
        if found:
            package = found.group(1) + "/"
            continue
        module = re.match(r"^ {2,4}(\w+\.py)\b", line)
        if module:
            indent = len(line) - len(line.lstrip())
            mapped.add((package if indent == 4 else "") + module.group(1))
    source = ROOT / "src" / "referat"
    actual = {p.relative_to(source).as_posix() for p in source.rglob("*.py")}
    actual -= {p for p in actual if p.endswith("/__init__.py") and p not in mapped}  # docstrings
    assert sorted(actual - mapped) == [], "modules missing from the map"
    assert sorted(mapped - actual) == [], "the map names modules that do not exist"
