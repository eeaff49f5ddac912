# The two commands that matter: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint format bench bench-large install chromium pango docs screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) pango

# Debian's Chromium for the browser tests (never a downloaded browser).
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium package (sudo apt-get install chromium) for the browser tests"; fi; }

# Debian's pango (and a font) for WeasyPrint: letters and the PDF monitor letter.
pango:
	@ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	  else echo "Install Debian's pango for PDFs (sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)"; fi; }

demo: export DEBUG = true
demo: install
	$(BIN)/meldpunt migrate --noinput
	$(BIN)/meldpunt loadreference
	$(BIN)/meldpunt demo-users
	$(BIN)/meldpunt generate --if-empty --reports 2000 --seed 1
	$(BIN)/meldpunt radar-index --bulk
	$(BIN)/meldpunt runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/meldpunt makemigrations --check --dry-run
	$(BIN)/pytest; rc=$$?; if [ $$rc = 5 ]; then echo 'pytest collected no tests: the suite is broken'; exit 1; fi; exit $$rc

docs: install
	$(BIN)/meldpunt processdoc

# The main pages in Debian's Chromium, as the README shows them (docs/screenshots/*.png).
screenshots: install chromium
	MELDPUNT_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/browser/test_screenshots.py

bench: install
	$(BIN)/python -m bench

# The large figures: 1,000,000-record radar batch runs, 100,000-record quality, the Spark run.
bench-large: install
	$(BIN)/pip install --quiet -e '.[spark]'
	$(BIN)/python -m bench --size large

clean:
	rm -rf $(VENV) var
