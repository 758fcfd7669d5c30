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
run: install
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
