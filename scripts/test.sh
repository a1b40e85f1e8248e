#!/usr/bin/env bash
# The whole test suite: install, lint, type-check, content check, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --browser
.venv/bin/ruff check .
.venv/bin/mypy quiz bench server.py
.venv/bin/python -m quiz validate
.venv/bin/python -m pytest "$@"
