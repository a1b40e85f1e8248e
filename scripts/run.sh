#!/usr/bin/env bash
# Install (first time) and start Spin Spotter on http://localhost:8501.
# Data lives in ./data (created on first run, bundled content imported).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# While the data folder has no teacher account: the one-time setup code that
# creates the first one on the Teacher sign-in page (the server prints it too).
.venv/bin/python -m quiz teacher setup-code
# server.py serves app.py plus the sign-in routes that set the session cookie.
exec .venv/bin/streamlit run server.py "$@"
