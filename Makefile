# certreg: `make html` builds the demo registry into output/, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REGISTRY ?= registry
OUTPUT ?= output
TODAY ?=
SITEURL ?=
TODAY_FLAG := $(if $(TODAY),--today $(TODAY),)
SITEURL_FLAG := $(if $(SITEURL),--siteurl $(SITEURL),)

.PHONY: messages html serve validate test test-fast test-tools test-js lint clean bench bench-search bench-validate bench-build publish

$(BIN)/certreg: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

html: $(BIN)/certreg node_modules/.package-lock.json
	$(BIN)/certreg build --registry $(REGISTRY) --output $(OUTPUT) $(TODAY_FLAG) $(SITEURL_FLAG)

serve: html
	$(BIN)/python -m http.server --directory $(OUTPUT) --bind 127.0.0.1 8000

validate: $(BIN)/certreg
	$(BIN)/certreg validate --registry $(REGISTRY) $(TODAY_FLAG)

lint: $(BIN)/certreg
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Chromium and Java, installed with apt-get when missing and possible (see scripts/ensure-test-tools).
test-tools:
	scripts/ensure-test-tools

test: $(BIN)/certreg node_modules/.package-lock.json test-tools
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	CERTREG_PYTHON=$(BIN)/python node --test tests/js/
	$(BIN)/python -m pytest

# The search engine's own tests, under Node's test runner.
test-js: $(BIN)/certreg node_modules/.package-lock.json
	CERTREG_PYTHON=$(BIN)/python node --test tests/js/

test-fast: $(BIN)/certreg
	$(BIN)/python -m pytest -m "not browser and not wheel"

bench: bench-validate bench-search bench-build

# SIZES=1000,10000,100000 adds the 100,000-organization run (about half an hour on 2 cores).
SIZES ?= 1000,10000
bench-build: $(BIN)/certreg node_modules/.package-lock.json
	$(BIN)/python benchmarks/bench_build.py --sizes $(SIZES)

bench-validate: $(BIN)/certreg
	$(BIN)/python benchmarks/bench_validate.py

bench-search: $(BIN)/certreg node_modules/.package-lock.json
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/bench_search.py

# `make html publish REMOTE=r2:bucket/path`: rclone sends only the files whose bytes changed (docs/deploy.md).
publish: $(BIN)/certreg
	@test -n "$(REMOTE)" || { echo "certreg: make publish needs REMOTE=<rclone remote>:<bucket/path>" >&2; exit 2; }
	$(BIN)/certreg publish --output $(OUTPUT) $(REMOTE)

clean:
	rm -rf $(OUTPUT) $(dir $(OUTPUT)).$(notdir $(OUTPUT)).building-* $(dir $(OUTPUT)).$(notdir $(OUTPUT)).old-* $(dir $(OUTPUT)).$(notdir $(OUTPUT)).swapping $(dir $(OUTPUT)).certreg-cache benchmarks/out .pytest_cache .cache

# Interface strings: extract them from the code and templates into the template catalog, then merge it
# into every language's catalog (new messages arrive untranslated; a test fails until they are translated).
# A new language: `make messages LANGUAGE_INIT=xx` creates plugins/certreg/locale/xx/LC_MESSAGES/certreg.po.
LOCALE := plugins/certreg/locale
messages: $(BIN)/certreg
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k gettext -k ngettext:1,2 -k N_plural:1,2 \
		--no-location --sort-output --omit-header --no-wrap --project certreg -o $(LOCALE)/certreg.pot .
	$(if $(LANGUAGE_INIT),$(BIN)/pybabel init -D certreg -i $(LOCALE)/certreg.pot -d $(LOCALE) -l $(LANGUAGE_INIT) --no-wrap,)
	$(BIN)/pybabel update -D certreg -i $(LOCALE)/certreg.pot -d $(LOCALE) --no-wrap --ignore-obsolete --no-fuzzy-matching
