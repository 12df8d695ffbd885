# Two commands do all the set-up on a fresh machine with python3 and pip:
#   make run   - install the runtime lock into .venv and start the desk (postdesk serve)
#   make test  - install the dev lock into .venv and run lint and every test
#   make servers - (root) install the real mail/DNS/TLS servers the tests run on
#                  loopback (scripts/install-test-servers; docs/test-servers.md)
#
# Both install exactly a committed, hash-checked lock (requirements.lock,
# requirements-dev.lock, exported from uv.lock), so a release made after the
# lock was written cannot change what gets installed. pyproject.toml keeps the
# compatible ranges for people who install postdesk as a package.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
# The lock tool is itself installed from a hashed requirement (make lock only).
LOCK_VENV := .venv-lock
UV := $(LOCK_VENV)/bin/uv
LATEST_VENV := .venv-latest

.PHONY: run test servers lint format bench lock lock-upgrade test-latest clean

# Each install: a fresh venv (--clear: nothing left from an earlier lock), the
# locked packages with --require-hashes and --no-deps (the lock already names every
# package), then postdesk itself without build isolation so the build backend is the
# locked setuptools too. pip check proves the set is consistent.
LOCKED_INSTALL := $(BIN)/python -m pip install --quiet --require-hashes --no-deps --only-binary :all: -r

$(RUN_STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv --clear $(VENV)
	$(LOCKED_INSTALL) requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	$(BIN)/python -m pip check
	touch $@

# The dev lock is a superset of the runtime lock (both come from uv.lock), so
# after it the runtime stamp holds too.
$(DEV_STAMP): requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv --clear $(VENV)
	$(LOCKED_INSTALL) requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	$(BIN)/python -m pip check
	touch $(RUN_STAMP) $@

# The desk: web pages and API on the embedded SQLite database in ./data.
# (The terminal walk is `$(BIN)/postdesk run`.)
# Every run and test installs its lock again (hash-checked; about a second when the venv
# already matches), so a venv changed by hand since the stamp is put back to the lock.
run: requirements.lock $(RUN_STAMP)
	$(LOCKED_INSTALL) requirements.lock
	$(BIN)/postdesk serve

test: requirements-dev.lock $(DEV_STAMP)
	$(LOCKED_INSTALL) requirements-dev.lock
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/pytest

# Postfix, Exim, OpenSMTPD, Sendmail, Courier, Dovecot, BIND and openssl from
# Debian (needs root). Without them the real-server tests skip, naming this target.
servers:
	scripts/install-test-servers

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: $(DEV_STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: $(DEV_STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

$(UV): requirements-uv.txt
	$(PYTHON) -m venv --clear $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --require-hashes -r requirements-uv.txt

# Re-resolve after a change to the dependencies in pyproject.toml, keeping every
# other pin where it is; then export the two files pip installs.
lock: $(UV)
	$(UV) lock
	$(MAKE) --no-print-directory export-lock

# Move every pin to the newest release pyproject.toml allows (a deliberate
# upgrade: run make test-latest first to know the result, then make test).
lock-upgrade: $(UV)
	$(UV) lock --upgrade
	$(MAKE) --no-print-directory export-lock

.PHONY: export-lock
export-lock: $(UV)
	$(UV) export --frozen --quiet --format requirements-txt --no-emit-project \
		--group build -o requirements.lock
	$(UV) export --frozen --quiet --format requirements-txt --no-emit-project \
		--group build --extra dev -o requirements-dev.lock
	$(UV) export --frozen --quiet --format pylock.toml --no-emit-project \
		--group build --extra dev -o pylock.toml

# Not in CI: the newest releases pyproject.toml allows, in a throwaway venv,
# against the whole test suite. Tells what `make lock-upgrade` would bring.
test-latest:
	$(PYTHON) -m venv --clear $(LATEST_VENV)
	$(LATEST_VENV)/bin/python -m pip install --quiet --upgrade pip setuptools wheel
	$(LATEST_VENV)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager --editable '.[dev]'
	$(LATEST_VENV)/bin/python -m pip list --format freeze > $(LATEST_VENV)/versions.txt
	@echo "== newest releases installed (list in $(LATEST_VENV)/versions.txt)"
	$(LATEST_VENV)/bin/python -m pytest

clean:
	rm -rf $(VENV) $(LOCK_VENV) $(LATEST_VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
