# The iBuy portal. On a fresh machine, two commands do all the set-up:
#   make serve   install, prepare the SQLite database, load the documented content, serve on http://127.0.0.1:8000/
#   make test    install the test tools and run the whole test suite (on PostgreSQL when DATABASE_URL says so)
# `make help` lists every target.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The development server runs with DEBUG on; production settings come from the environment (see .env.example).
DEV := DEBUG=1

.DEFAULT_GOAL := help

.PHONY: help serve test install install-dev database superuser lint format check

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

install: $(VENV)/.runtime-installed ## Create the virtualenv and install the portal's dependencies

install-dev: $(VENV)/.dev-installed ## Install the test and lint tools as well

database: install ## Apply the migrations and load the documented content (fixtures/ibuy.json)
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py loaddata ibuy

serve: database ## Serve the portal with the documented content on http://127.0.0.1:8000/
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install-dev ## Run the whole test suite (SQLite, or the database DATABASE_URL names)
	$(BIN)/pytest -n 2

superuser: install ## Create an admin account for /admin/
	$(DEV) $(BIN)/python manage.py createsuperuser

lint: install-dev ## Check the code style and the migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(DEV) $(BIN)/python manage.py check
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

format: install-dev ## Format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
