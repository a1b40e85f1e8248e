#!/usr/bin/env bash
# Install (first time) and start Spin Spotter on http://localhost:8501.
# Data lives in ./data (created on first run, bundled content imported).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/streamlit run app.py "$@"
