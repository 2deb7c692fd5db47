# schemakit — the README's commands. Each target installs what it needs on first use.
SHELL := /bin/bash
PY := .venv/bin/python

.PHONY: help venv setup services migrate test test-deep lint ddl bench peer clean

help:
	@echo "make migrate   bring the databases (default: embedded SQLite) to the canonical schema, tenants that exist too"
	@echo "make test      lint and type-check, then run every test against real PostgreSQL, MariaDB and SQLite"
	@echo "make test-deep the same, over every input of the long parametrisations and far more hypothesis examples"
	@echo "make lint      ruff and mypy only (scripts/lint.sh)"
	@echo "make ddl       write the DDL of every system for every engine under build/ddl/"
	@echo "make bench     benchmarks against the peers (SQLAlchemy, native clients, raw inserts); 1,000 tenants (BENCH_TENANTS)"
	@echo "make peer PEER=DIR [ENGINES='postgres mariadb sqlite']  sqldef's YAML cases under DIR through the differential suite"
	@echo "make services  install/start local PostgreSQL and MariaDB for the tests"
	@echo "make setup     create .venv with the pinned dependencies and make the database servers ready"

venv: .venv/.installed

setup: venv services

.venv/.installed: requirements.lock pyproject.toml
	@bash scripts/venv.sh

services:
	@bash scripts/services.sh

migrate: venv
	@$(PY) -m schemakit.cli migrate --tenants all

test-deep: setup
	@bash scripts/lint.sh
	@SCHEMAKIT_DEEP=1 HYPOTHESIS_PROFILE=deep $(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	@bash scripts/lint.sh

test: setup
	@bash scripts/lint.sh
	@$(PY) -m pytest $(PYTEST_ARGS)

ddl: venv
	@$(PY) -m schemakit.cli ddl --all --out build/ddl

bench: setup
	@$(PY) bench/run.py
	@$(PY) bench/checks.py
	@$(PY) bench/corpus.py
	@$(PY) bench/partitions.py
	@$(PY) bench/tenants.py

peer: setup
	@test -n "$(PEER)" || { echo "make peer: name the folder of the peer's cases: make peer PEER=DIR (README, Differential suite)" >&2; exit 2; }
	@$(PY) -m tests.peer $(PEER) $(ENGINES)

clean:
	rm -rf build var .pytest_cache .hypothesis
