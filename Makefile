# Two commands for a fresh machine with Python 3.11+: `make build` and `make test`.
# Each creates the virtual environment it needs in .venv/ first.

PYTHON ?= python3
comma := ,
VENV := .venv
BIN := $(VENV)/bin
BASE_URL ?=
THEME ?=
PORT ?= 8000
CORPUS ?= ../shared/corpus/dev

BUILD_FLAGS := $(if $(BASE_URL),--base-url $(BASE_URL)) $(if $(THEME),--theme $(THEME))

.PHONY: build test serve clean eval bench vendor lint translations vendor-axe

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

build: $(VENV)/.installed
	$(BIN)/python -m generator build $(BUILD_FLAGS)

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

serve: $(VENV)/.installed
	$(BIN)/python -m generator serve --port $(PORT) $(BUILD_FLAGS)

clean:
	rm -rf site .cache

eval: $(VENV)/.installed
	$(BIN)/python -m generator eval $(CORPUS)

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py --sizes $(or $(SIZES),1000) $(if $(PEERS),--peers)
	$(BIN)/python bench/serve_reload.py --seeds .cache/bench/$(firstword $(subst $(comma), ,$(or $(SIZES),1000)))/raw
	$(BIN)/python bench/search_bench.py $(subst $(comma), ,$(or $(SIZES),1000))
	$(BIN)/python bench/search_ranking.py $(firstword $(subst $(comma), ,$(or $(SIZES),1000)))
	$(BIN)/python bench/clean_speed.py

vendor:
	bash scripts/vendor_js.sh

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

# Interface strings: extract each theme's messages from its templates into
# translations/messages.pot and merge them into its catalogs (themes/<name>/translations/
# <lang>/LC_MESSAGES/messages.po). The build compiles the catalogs itself; no .mo is kept.
# A new language: $(BIN)/pybabel init -i themes/default/translations/messages.pot \
#   -d themes/default/translations -l <code>
translations: $(VENV)/.installed
	for theme in themes/*/; do \
	  if [ -d $${theme}translations ]; then \
	    $(BIN)/pybabel -q extract -F themes/babel.cfg --sort-output --no-wrap \
	      --project "News Mirror" --copyright-holder "News Mirror contributors" \
	      -o $${theme}translations/messages.pot $${theme}templates && \
	    $(BIN)/pybabel -q update --no-wrap --ignore-obsolete \
	      -i $${theme}translations/messages.pot -d $${theme}translations || exit 1; \
	  fi; \
	done

# axe-core for the theme browser tests (tests/vendor/axe-core/), from npm, unmodified.
vendor-axe:
	bash scripts/vendor_axe.sh
