# The commands of the README. `make run` and `make test` are all a newcomer needs: each
# first checks the system packages it needs (bin/system-deps: installs them as root, or
# prints the apt-get line to run and stops).
VENV := .venv
PY := $(VENV)/bin/python
DEV_ENV := DEBUG=1
PYTEST_ARGS ?=

.PHONY: install run test test-sqlite test-postgres lint format bench worker clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || "$$(bin/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

run:
	@bin/system-deps run
	@$(MAKE) --no-print-directory install
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py seed_demo --if-empty --cases 300
	@echo ""
	@echo "  Retenção em http://127.0.0.1:8000"
	@echo "  Logins de demonstração (senha retencao-demo): analista, analista2, supervisor, gestor, admin"
	@echo "  Um worker roda ao lado do servidor (importações e exportações grandes, webhooks)."
	@echo ""
	@# The worker beside the server: big imports and exports would wait forever without it.
	$(DEV_ENV) $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

worker: install
	$(DEV_ENV) $(PY) manage.py db_worker

test:
	@bin/system-deps test
	@$(MAKE) --no-print-directory install
	@$(MAKE) --no-print-directory test-sqlite
	@$(MAKE) --no-print-directory test-postgres

test-sqlite: install
	@echo "==> Testes em SQLite"
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install
	@echo "==> Testes em PostgreSQL (servidor temporário)"
	bin/throwaway-postgres $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) node_modules staticfiles
