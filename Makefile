# schemakit — the README's commands. Each target installs what it needs on first use.
SHELL := /bin/bash
PY := .venv/bin/python
SYSTEMS := prismq scenes cyoa contentgen scriptpal
DIALECT ?= sqlite

.PHONY: help setup services migrate test ddl bench clean

help:
	@echo "make migrate   bring the database (default: embedded SQLite) to the canonical schema"
	@echo "make test      run every test against real PostgreSQL, MariaDB and SQLite"
	@echo "make ddl       write the DDL of every system for every engine under build/ddl/"
	@echo "make bench     benchmarks (render, introspection vs SQLAlchemy)"
	@echo "make services  install/start local PostgreSQL and MariaDB for the tests"
	@echo "make setup     create .venv with the pinned dependencies"

setup: .venv/.installed

.venv/.installed: requirements.lock pyproject.toml
	@bash scripts/venv.sh

services:
	@bash scripts/services.sh

migrate: setup
	@$(PY) -m schemakit.cli migrate

test: setup services
	@$(PY) -m pytest $(PYTEST_ARGS)

ddl: setup
	@$(PY) -m schemakit.cli ddl --all --out build/ddl

bench: setup services
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@$(PY) bench/run.py
	@$(PY) bench/checks.py

clean:
	rm -rf build var .pytest_cache .hypothesis
