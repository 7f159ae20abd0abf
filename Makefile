# Conóceles: the two commands (make run, make test) and the rest.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo runs without TOTP so anyone can try every role; `make run TWO_FACTOR_ROLES=admin` turns it on.
TWO_FACTOR_ROLES ?=

.PHONY: run test env migrate lint bench clean-env

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	test -x $(UV) || $(VENV)/bin/pip install --quiet uv
	$(UV) pip install --quiet --python $(PY) -e '.[dev]'
	touch $@

env: $(VENV)/.installed

migrate: env
	$(MANAGE) migrate --noinput

# The demo as a visitor meets it (DEMO=true: DEBUG off, the site's own error pages; see settings.py), at the address
# it prints: SITE_URL follows HOST and PORT.
run: export DEMO = true
run: export SITE_URL = http://$(HOST):$(PORT)
run: migrate
	$(MANAGE) demo --if-empty
	$(MANAGE) open_data_release --daily
	@echo "Verificación en dos pasos desactivada para la demostración (en producción: TWO_FACTOR_ROLES)."
	TWO_FACTOR_ROLES="$(TWO_FACTOR_ROLES)" $(MANAGE) runserver $(HOST):$(PORT)

lint: env
	$(VENV)/bin/ruff check src tests bench
	$(MANAGE) makemigrations --check --dry-run

test: lint
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: env
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/public.py $(BENCH_PUBLIC_ARGS)
	$(PY) bench/screening.py $(BENCH_ARGS)
	$(PY) bench/opendata.py $(BENCH_OPENDATA_ARGS)
	$(PY) bench/api.py $(BENCH_API_ARGS)
	$(PY) bench/reports.py $(BENCH_REPORTS_ARGS)
	$(PY) bench/snapshot.py $(BENCH_SNAPSHOT_ARGS)
	$(PY) bench/election_day.py $(BENCH_ELECTION_ARGS)

clean-env:
	rm -rf $(VENV)
