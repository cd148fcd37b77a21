# The iBuy portal. On a fresh machine, two commands do all the set-up:
#   make serve   install, prepare the SQLite database, load the documented content, serve on http://127.0.0.1:8000/
#   make test    install the test tools and run the whole test suite (on PostgreSQL when DATABASE_URL says so)
# `make help` lists every target.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The development server runs with DEBUG on; production settings come from the environment (see .env.example).
DEV := DEBUG=1
# apt-get needs root; other users go through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.DEFAULT_GOAL := help

# production: see README 'Production'; bench: see bench/README.md
.PHONY: help serve production bench cluster backup restore test test-browser chromium gettext messages makemessages install install-dev lock database superuser lint format check

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The locks (requirements.txt, requirements-dev.txt) name every package of the tree with its hashes: pip installs
# exactly those files or nothing. They are made from requirements*.in by `make lock` (README 'Dependencies').
$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

install: $(VENV)/.runtime-installed ## Create the virtualenv and install the portal's dependencies

install-dev: $(VENV)/.dev-installed ## Install the test and lint tools as well

# Universal locks (markers for other platforms kept), resolved for the oldest Python the portal supports.
LOCK := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock"

lock: install-dev ## Re-make the locks from requirements.in and requirements-dev.in (UPGRADE=package to move one)
	$(LOCK) $(if $(UPGRADE),--upgrade-package "$(UPGRADE)") requirements.in -o requirements.txt
	$(LOCK) $(if $(UPGRADE),--upgrade-package "$(UPGRADE)") requirements-dev.in -o requirements-dev.txt

# The translations (locale/<language>/LC_MESSAGES/django.po, README 'Languages') are compiled into .mo files, which
# are never committed: every target that serves or tests pages compiles them first (only changed ones are redone).
messages: install gettext ## Compile the translations (locale/*/LC_MESSAGES/django.po into .mo)
	$(DEV) $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# After marking new strings: add them to every language's catalogue, then translate them there (none left empty).
makemessages: install gettext ## Collect the marked strings into locale/*/LC_MESSAGES/django.po
	$(DEV) $(BIN)/python manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=node_modules --ignore=bench/work --ignore=tests

# Django's compilemessages and makemessages use GNU gettext's msgfmt and xgettext.
gettext:
	@command -v msgfmt >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext >/dev/null; }

database: install messages ## Apply the migrations and load the documented content (fixtures/ibuy.json)
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py load_documented_content ibuy

serve: database ## Serve the portal with the documented content on http://127.0.0.1:8000/
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# PYTEST_ARGS adds options, e.g. CI's coverage: make test PYTEST_ARGS=--cov
test: install-dev chromium messages ## Run the whole test suite, browser tests included (SQLite, or DATABASE_URL's database)
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

test-browser: install-dev chromium messages ## Run only the browser tests (journeys, keyboard, axe-core) in Chromium
	$(BIN)/pytest -n 2 tests/browser

# The browser tests drive Debian's Chromium; Playwright's own browser download cannot work on these machines.
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

production: install messages ## Serve the portal with gunicorn in production mode (settings from the environment: .env.example)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_documented_content ibuy
	$(BIN)/python manage.py collectstatic --noinput
	exec $(BIN)/gunicorn -c gunicorn.conf.py ibuy_portal.wsgi

bench: install ## Load-test the portal at 10,000 practices on PostgreSQL (bench/README.md); --quick via BENCH_ARGS
	bench/run $(BENCH_ARGS)

cluster: install ## Build the portal as a cluster on this machine and prove it (root; README 'Running at scale'); --full via CLUSTER_ARGS
	$(SUDO) deploy/cluster/run $(CLUSTER_ARGS)

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

backup: install ## Back up every record and uploaded file to backups/ (OUTPUT=path to choose the file)
	$(DEV) $(BIN)/python manage.py backup $(if $(OUTPUT),--output "$(OUTPUT)")

restore: install ## Restore a backup into a new, empty database: make restore FILE=backups/ibuy-....tar.gz
	@test -n "$(FILE)" || { echo 'Say which backup: make restore FILE=backups/ibuy-<date>-<time>.tar.gz'; exit 2; }
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py restore "$(FILE)"
