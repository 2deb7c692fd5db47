#!/usr/bin/env bash
# Create .venv with the pinned dependencies (requirements.lock) and schemakit itself.
# On Debian/Ubuntu, installs python3-venv first if the interpreter cannot create a venv.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
stamp=.venv/.installed
if [ -f "$stamp" ] && [ "$stamp" -nt requirements.lock ] && [ "$stamp" -nt pyproject.toml ]; then
  exit 0
fi
if ! command -v "$PY" >/dev/null; then
  echo "schemakit: $PY not found; install Python 3.10+ (apt-get install python3 python3-venv)" >&2; exit 1
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    . scripts/lib.sh
    echo "schemakit: installing python3-venv through apt-get" >&2
    apt_install python3-venv
    "$PY" -m venv .venv
  fi
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>/dev/null \
  || .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
touch "$stamp"
echo "schemakit: .venv ready ($(.venv/bin/python --version))"
