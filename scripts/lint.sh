#!/usr/bin/env bash
# ruff (style and likely bugs) and mypy (types) over schemakit, as `make lint` and `make test` run them.
# mypy reads packages from folders named as they are imported; the repository maps its
# schema/, dialects/ and checks/ folders to schemakit.schema, ... (pyproject's package-dir),
# so build/typecheck/schemakit is a tree of links in that shape.
# Both tools always run (every finding shows at once); the exit status fails when either found one.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
.venv/bin/ruff check --quiet . || status=1
tree=build/typecheck
rm -rf "$tree" && mkdir -p "$tree/schemakit"
for f in schemakit/*.py; do ln -s "$PWD/$f" "$tree/schemakit/"; done
for d in schema dialects checks; do ln -s "$PWD/$d" "$tree/schemakit/$d"; done
# From inside the tree: run from the repository, mypy would take the linked folders for top-level packages.
(cd "$tree" && ../../.venv/bin/mypy --config-file ../../pyproject.toml --cache-dir ../.mypy_cache -p schemakit) || status=1
exit "$status"
