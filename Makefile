# The README's two commands: `make run` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test index lint clean browser-deps

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Builds index/ when it is missing or stale; a no-op in seconds when nothing changed.
index: $(VENV)/.runtime
	@$(PY) -m ingest --corpus corpus --index index

# `make run PORT=8502` when 8501 is taken; the port is checked before the index is built.
run: $(VENV)/.runtime
	@$(PY) -m ui.port $(PORT)
	@$(MAKE) --no-print-directory index
	$(PY) -m streamlit run app.py --server.port $(PORT) -- --index index

test: $(VENV)/.dev browser-deps
	$(PY) -m pytest

# Chromium and its driver for tests/test_browser.py; installed only when running as root (CI).
browser-deps:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver; \
	  else echo "chromium/chromedriver missing and not root: browser tests will be skipped"; fi; }

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m mypy

clean:
	rm -rf index .index.*
