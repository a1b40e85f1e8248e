#!/usr/bin/env bash
# nginx in front of the replicas, with its files in deploy/run/ (no root needed
# for port 8080): bash deploy/nginx.sh [start|stop|reload]
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p run/tmp
case "${1:-start}" in
    start) exec nginx -p "$PWD/run" -c "$PWD/nginx.conf" ;;
    stop) exec nginx -p "$PWD/run" -c "$PWD/nginx.conf" -s quit ;;
    reload) exec nginx -p "$PWD/run" -c "$PWD/nginx.conf" -s reload ;;
    *) echo "usage: deploy/nginx.sh [start|stop|reload]" >&2; exit 2 ;;
esac
