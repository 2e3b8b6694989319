# Set-up, run and test commands. The README's two commands are `make run` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_PEOPLE ?= 3000
DEMO_SEED ?= 1

.PHONY: run test install frontend lint check-migrations bench system-packages

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

checkpoint/web/static_build/.built: node_modules/.installed scripts/build-frontend.mjs checkpoint/web/assets/app.scss
	npm run --silent build
	touch $@

frontend: checkpoint/web/static_build/.built

system-packages:
	scripts/ensure-system-packages

install: system-packages $(VENV)/.installed frontend

## Install everything, migrate the SQLite database, load demo data and serve on 127.0.0.1.
run: install
	$(BIN)/checkpoint migrate --noinput
	$(BIN)/checkpoint demo-data --people $(DEMO_PEOPLE) --seed $(DEMO_SEED) --if-empty
	$(BIN)/checkpoint demo-logins
	$(BIN)/checkpoint runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy checkpoint config

check-migrations: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/checkpoint makemigrations --check --dry-run

## Run the whole test suite against PostgreSQL, with lint, types and migration checks.
test: install
	scripts/ensure-postgres
	$(MAKE) --no-print-directory lint check-migrations
	$(BIN)/pytest

bench: install
	$(BIN)/checkpoint bench all
