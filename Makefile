# legcompare: `make run` to try it, `make test` to check it, `make bench` to measure it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-min lint browser site bench verify status clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP) $(RUN_STAMP)

# `make run` needs the package only, not the test and benchmark tools.
RUN_STAMP := $(VENV)/.installed-package
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

# A short score first, so that the demo ends with the matrix on screen.
run: $(RUN_STAMP)
	$(BIN)/legcompare score COL ITA
	$(BIN)/legcompare matrix
	@echo "More: $(BIN)/legcompare gaps COL (what Colombia's law lacks), $(BIN)/legcompare --help"

lint: $(STAMP)
	$(BIN)/ruff check legcompare tests $(wildcard benchmarks)
	$(BIN)/ruff format --check legcompare tests $(wildcard benchmarks)
	$(BIN)/mypy

# The browser test (tests/test_site_browser.py) needs Chromium: Debian's package, installed here
# when it is missing and apt-get can run (as root). Elsewhere the test skips, saying why, unless
# LEGCOMPARE_BROWSER=required (as .ci/run sets), when a failed install stops the build.
browser:
	@if command -v chromium >/dev/null 2>&1; then \
		:; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "make browser: installing Debian's chromium for the browser test"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
			|| { echo "make browser: apt-get could not install chromium"; [ "$$LEGCOMPARE_BROWSER" != required ]; }; \
	else \
		echo "make browser: no chromium, and apt-get needs root: the browser test will skip (with LEGCOMPARE_BROWSER=required, this stops the build)"; \
		[ "$$LEGCOMPARE_BROWSER" != required ]; \
	fi

# The suite runs twice: with the cache of checked encodings, and without it.
test: lint browser
	$(BIN)/pytest
	LEGCOMPARE_NO_CACHE=1 $(BIN)/pytest

# The lowest declared version of every runtime dependency, proven: each `name>=X` floor in
# pyproject.toml's [project] dependencies (`!=` exclusions may follow) becomes `name==X` in a venv
# of its own (pip resolves only the indirect dependencies), legcompare is installed without
# dependencies, and the smoke suite runs.
VENV_MIN := .venv-min
BIN_MIN := $(VENV_MIN)/bin
FLOORS := $(VENV_MIN)/floors.txt
define FLOORS_PY
import re, sys
try:
    import tomllib
    deps = tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]
except ModuleNotFoundError:  # Python 3.10: the strings of [project]'s dependencies list
    block = re.search(r"^dependencies = \[(.*?)^\]", open("pyproject.toml").read(), re.S | re.M)
    deps = re.findall(r'"([^"]+)"', re.sub(r"#.*", "", block.group(1)))
floor = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*>=\s*([0-9][^\s,;]*)\s*(,\s*(!=|<)\s*[^\s,;]+\s*)*")
bad = [d for d in deps if not floor.fullmatch(d)]
if bad:
    sys.exit(f"make test-min: not one `>=` floor: {bad}")
print("\n".join("{}=={}".format(*floor.fullmatch(d).groups()[:2]) for d in deps))
endef
export FLOORS_PY

$(BIN_MIN)/python:
	$(PYTHON) -m venv $(VENV_MIN)
	$(BIN_MIN)/python -m pip install --quiet --upgrade pip

$(FLOORS): pyproject.toml | $(BIN_MIN)/python
	$(BIN_MIN)/python -c "$$FLOORS_PY" > $@.tmp
	$(BIN_MIN)/python -m pip install --quiet -r $@.tmp pytest
	$(BIN_MIN)/python -m pip install --quiet --no-deps -e .
	$(BIN_MIN)/python -m pip check
	mv $@.tmp $@

test-min: $(FLOORS)
	@$(BIN_MIN)/python -m pip freeze --exclude-editable -r $(FLOORS) 2>/dev/null | sed -n '/^## /q;p' \
		| tr '\n' ' ' | sed 's/^/test-min: /; s/ $$/\n/'
	$(BIN_MIN)/pytest -p no:cacheprovider tests/test_smoke_min.py

# Quotes and provision texts re-checked against the statute library, when it is at hand.
LIBRARY ?= ../shared/sources
verify: $(STAMP)
	@if [ -d "$(LIBRARY)" ]; then \
		$(BIN)/legcompare verify --library "$(LIBRARY)"; \
	else \
		echo "make verify: no statute library at $(LIBRARY); skipped"; \
	fi

# Paste `legcompare list --format markdown` between the status markers of countries/README.md
# (a test fails while it is stale).
status: $(STAMP)
	$(BIN)/legcompare list --format markdown > $(VENV)/status.md
	$(BIN)/python -c "import re,pathlib; p=pathlib.Path('countries/README.md'); t=pathlib.Path('$(VENV)/status.md').read_text(encoding='utf-8'); p.write_text(re.sub(r'(<!-- status:start -->\n).*(<!-- status:end -->)', lambda m: m.group(1)+t+m.group(2), p.read_text(encoding='utf-8'), flags=re.S), encoding='utf-8')"

# The static website of the shipped corpus, in site/ (ignored by git): open site/index.html.
site: $(STAMP)
	$(BIN)/legcompare site site/

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(VENV_MIN) build dist .pytest_cache .mypy_cache .ruff_cache
