# referat: developer entry points. `make test` is what CI runs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install test lint types pytest demo regen fuzz pdf-fixtures bench bench-smoke corpus outcomes clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench,ocr]'
	touch $(STAMP)

lint: install
	$(BIN)/ruff check src tests bench tools/greve tools/facts_score.py tools/outcomes_score.py
	$(BIN)/ruff format --check src tests bench tools/greve tools/facts_score.py tools/outcomes_score.py

types: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest -q

test: lint types bench-smoke pytest

# The main job on the bundled fixtures: parse a PDF, import the text fixtures into a new
# archive, list it, show one item, search it by case number and by words, list what was
# postponed.  Installs only referat and its runtime dependencies (not the dev and bench tools).
DEMO_DB ?= /tmp/referat-demo.db
RUNTIME := $(VENV)/.runtime

$(RUNTIME): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

demo: $(RUNTIME)
	$(BIN)/referat parse fixtures/htk-direktionen-2024-11-04.pdf
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/referat import --db $(DEMO_DB) fixtures/*.txt
	$(BIN)/referat list --db $(DEMO_DB)
	$(BIN)/referat show --db $(DEMO_DB) 'referat-direktionen-2023-01-16#4'
	$(BIN)/referat search --db $(DEMO_DB) 22/21670
	$(BIN)/referat search --db $(DEMO_DB) sygefravær OR 'rekrutter*' --limit 3
	$(BIN)/referat decisions --db $(DEMO_DB) --outcome udsat
	@echo
	@echo "The demo archive is $(DEMO_DB) (DEMO_DB=... to put it elsewhere). Try:"
	@echo "  $(BIN)/referat search --db $(DEMO_DB) budget --csv"
	@echo "  $(BIN)/sqlite-utils search $(DEMO_DB) sections sygefravær -c item_title"
	@echo "  $(BIN)/pip install -e '.[web]' && $(BIN)/referat serve --db $(DEMO_DB)"

# Benchmarks (issue 5): every figure against a baseline in the same run -> bench/RESULTS.md.
# Needs poppler's pdftotext for one baseline: installed here with apt-get when we are root.
bench: install
	@command -v pdftotext >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null; } \
	  || { echo "make bench needs pdftotext: apt-get install poppler-utils" >&2; exit 1; }
	$(BIN)/python bench/run.py

# The same code at tiny sizes (seconds); part of `make test` so the bench cannot rot.  Asserts
# no time; a missing pdftotext only skips that baseline.
bench-smoke: install
	$(BIN)/python bench/run.py --smoke > /dev/null

# Rewrite the golden JSON files; review the diff before committing.
regen: install
	$(BIN)/python tests/regen_golden.py

# A long property-based run of the parser (tests/structure/test_fuzz.py); `make test` runs a short one.
# FUZZ_EXAMPLES is per property: 7 properties x 15,000 = 105,000 examples, on two processes.
FUZZ_EXAMPLES ?= 15000
FUZZ_SPLIT    := parse_back or furniture
fuzz: install
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -p no:cacheprovider tests/structure/test_fuzz.py \
	  -k "$(FUZZ_SPLIT)" & pid=$$!; \
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -p no:cacheprovider tests/structure/test_fuzz.py \
	  -k "not ($(FUZZ_SPLIT))"; b=$$?; wait $$pid; a=$$?; test $$a -eq 0 -a $$b -eq 0

# Regenerate the PDF fixtures from the text seeds (needs LibreOffice, hyphen-da, qpdf; see the
# script's docstring).  The PDFs are committed, so tests do not need these.
pdf-fixtures: install
	$(BIN)/python tools/make_pdf_fixtures.py

# Real minutes (issue "Real published minutes"): the 104 Greve meetings of ../shared/corpus printed
# in three layouts by LibreOffice, Chromium and fpdf2 (cached in .cache/corpus/), parsed, and
# scored against facts computed from their JSON; also the goldened corpus PDFs.  See .ci/run for
# the Debian packages the prints need.
corpus: install
	PYTHONPATH=tools $(BIN)/python -m greve --jobs 2

# Outcomes, votes and amounts scored against the hand labels of real decisions (issue 12); needs
# ../shared/corpus.  Writes bench/OUTCOMES.md, which bench/RESULTS.md includes.
outcomes: install
	$(BIN)/python tools/outcomes_score.py > bench/OUTCOMES.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
