#!/usr/bin/env bash
# One Spin Spotter app replica on PORT, sharing the school's PostgreSQL database.
#   SPIN_SPOTTER_DATABASE_URL=postgresql://... \
#   SPIN_SPOTTER_COOKIE_SECRET=<the same random string for every replica> \
#   bash deploy/replica.sh 8501
# Every replica needs the same database URL (or .streamlit/secrets.toml) and the
# same cookie secret (Streamlit signs its XSRF cookie with it: a browser moved to
# the other replica must still be able to upload).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:?usage: deploy/replica.sh PORT}"
: "${SPIN_SPOTTER_DATABASE_URL:?set SPIN_SPOTTER_DATABASE_URL (or use .streamlit/secrets.toml)}"
: "${SPIN_SPOTTER_COOKIE_SECRET:?set SPIN_SPOTTER_COOKIE_SECRET to one random string for all replicas}"
# With a database, the data folder holds only the suggester's cache and the
# authored excerpts' content-file copies (authored/*.json); everything the school
# keeps is in the database. Share it between replicas (the same folder here;
# a network mount for replicas on several machines): the authoring page lets a
# teacher save a new version of a published excerpt only where its copy is.
export SPIN_SPOTTER_DATA="${SPIN_SPOTTER_DATA:-data}"
# Streamlit takes the secret from its environment only (not as a command-line flag).
export STREAMLIT_SERVER_COOKIE_SECRET="$SPIN_SPOTTER_COOKIE_SECRET"
exec .venv/bin/streamlit run server.py --server.port "$port" --server.address 127.0.0.1
