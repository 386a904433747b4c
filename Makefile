# Maillage — set-up and everyday commands. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip --disable-pip-version-check
CONSTRAINTS := requirements/constraints.txt
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/maillage
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run dev test bench lint install install-dev assets collectstatic messages services system-deps constraints migrate seed clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip setuptools wheel

$(VENV)/.installed: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(PIP) install -q -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install -q -c $(CONSTRAINTS) -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Front-end assets come from npm (package-lock.json), never from a CDN.
static/vendor/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor
	rm -f static/vendor/bootstrap.min.css.map
	touch $@

# Bootstrap reduced to the rules the templates use (PurgeCSS, purgecss.config.cjs): built
# again whenever a template, a script or the Python code that sets widget classes changes.
CSS_CONTENT := $(shell find templates static/js accounts core diagnostics events network reports structures \
	-name '*.html' -o -name '*.js' -o -name '*.py' 2>/dev/null)
static/vendor/bootstrap.min.css: static/vendor/.stamp purgecss.config.cjs $(CSS_CONTENT)
	node_modules/.bin/purgecss --config purgecss.config.cjs --output static/vendor/

assets: static/vendor/bootstrap.min.css

# Hashed copies of the static files (whitenoise's manifest storage), served with far-future
# cache headers: what `make run` and production serve.
collectstatic: install assets
	$(BIN)/python manage.py collectstatic --noinput -v0

# Translations are compiled from the .po files on set-up, never committed as binaries.
locale/en/LC_MESSAGES/django.mo: locale/en/LC_MESSAGES/django.po $(VENV)/.installed
	@if command -v msgfmt >/dev/null; then \
	  $(BIN)/python manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules; \
	else echo "gettext is not installed (apt-get install gettext): English is not available."; fi

messages: locale/en/LC_MESSAGES/django.mo

# Every commune of France from npm (@etalab/decoupage-administratif); a no-op when up to date.
migrate: install assets messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py territories_load

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed collectstatic
	@echo "Maillage: http://127.0.0.1:8000 — demo accounts in README.md (password maillage-demo)"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# `make run` with Django's debug pages and tracebacks, for the developer only.
dev: seed
	MAILLAGE_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

system-deps:
	./scripts/system-deps.sh

services:
	./scripts/ensure-services.sh

test: install-dev assets system-deps messages services
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest

bench: install-dev assets messages services
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/python -m benchmarks

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/check_translations.py

# Re-pin every Python dependency after changing pyproject.toml.
constraints: $(BIN)/python
	$(PIP) install -q -e '.[dev]'
	$(PIP) freeze --exclude-editable | grep -v '^-e' > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles db.sqlite3
