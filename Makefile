# The two commands a person needs: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint format messages demo clean bench

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Run the app: SQLite under var/, demo data, web + Celery worker + beat. Ctrl-C stops all.
# The embedded run talks to the local Dropbox sandbox (Procfile `sandbox:`); its CA is written
# before honcho starts so the web and worker processes can trust it from their first request.
# Real Dropbox instead: `make run DROPBOX_SANDBOX_URL= DROPBOX_APP_KEY=... DROPBOX_APP_SECRET=...`.
run: export DROPBOX_SANDBOX_URL ?= https://127.0.0.1:8765
run: export DROPBOX_SANDBOX_CA ?= var/dropbox-sandbox/ca.pem
run: install
	$(BIN)/python manage.py dropbox_sandbox --init-only --data var/dropbox-sandbox
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Macforum Projects: http://127.0.0.1:8000/"
	@echo "  Demo logins (password: demo): sales, coordinator, consultant, admin, kund@example.se"
	@echo ""
	$(BIN)/honcho start -f Procfile

## Run every test. Uses SQLite and skips the worker test unless DATABASE_URL / REDIS_URL are set.
test: install
	bash scripts/ensure-test-system-packages
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Regenerate the Swedish catalogue, merge locale/parts/*.po, compile (needs gettext).
messages: install
	bash scripts/update-translations

clean:
	rm -rf var $(VENV)
