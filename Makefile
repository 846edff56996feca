# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: demo test lint install install-dev browser java bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# The CPU build first, so nothing later pulls multi-GB CUDA wheels.
	$(BIN)/pip install -q torch==2.13.0

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[fast]'
	touch $@

$(DEVSTAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[fast,dev]'
	touch $@ $(STAMP)

install: $(STAMP)
install-dev: $(DEVSTAMP)

# Exit 1 means "some spans have no gloss" (e.g. no network to fetch the model): the demo still shows the
# segmentation and says why, so only other exit codes fail the target.
demo: $(STAMP)
	$(BIN)/multiling annotate seeds/003_60b8ed085d617c0b.txt || test $$? -eq 1

# Headless Chromium for the HTML tests; best effort — those tests skip with a reason when it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || ( command -v apt-get >/dev/null 2>&1 && \
	  (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1)) ) || \
	  echo "chromium not installed: browser tests will be skipped"

# Java 17 for the Spark tests; best effort like `browser` — those tests skip with a reason when java is missing.
java:
	@command -v java >/dev/null 2>&1 || ( command -v apt-get >/dev/null 2>&1 && \
	  (apt-get install -y -q openjdk-17-jre-headless >/dev/null 2>&1 || (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q openjdk-17-jre-headless >/dev/null 2>&1)) ) || \
	  echo "java not installed: Spark tests will be skipped"

# Lints first (seconds): ruff and mypy, configured in pyproject.toml.
lint: $(DEVSTAMP)
	$(BIN)/ruff check multiling bench tests
	$(BIN)/mypy

test: $(DEVSTAMP) browser java lint
	$(BIN)/python -m pytest -q

bench: $(DEVSTAMP)
	$(BIN)/python bench/segment_bench.py
	$(BIN)/python bench/translate_speed.py
	$(BIN)/python bench/merge_render.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
