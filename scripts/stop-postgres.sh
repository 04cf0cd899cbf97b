#!/usr/bin/env bash
# Stops a server started by start-postgres.sh and deletes its files.
# Usage: stop-postgres.sh [work-folder]; without an argument the folder is read from
# $BIGDL_PG_STATE_FILE (default /tmp/bigdl-postgres.dir).
set -euo pipefail

state_file=${BIGDL_PG_STATE_FILE:-/tmp/bigdl-postgres.dir}
work=${1:-}
if [[ -z "$work" ]]; then
    if [[ ! -f "$state_file" ]]; then
        echo "stop-postgres: no state file $state_file; nothing to stop" >&2
        exit 0
    fi
    work=$(cat "$state_file")
fi
# Only folders that start-postgres.sh made are ever deleted.
case "$work" in
    /tmp/bigdl-pg.*) ;;
    *) echo "stop-postgres: '$work' is not a folder made by start-postgres.sh" >&2; exit 1 ;;
esac

pg_bin=${BIGDL_PG_BIN:-}
if [[ -z "$pg_bin" ]]; then
    for candidate in /usr/lib/postgresql/*/bin; do
        [[ -x "$candidate/pg_ctl" ]] && pg_bin=$candidate
    done
fi

if [[ -d "$work/data" && -n "$pg_bin" ]]; then
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/data" -m fast -w stop >&2 || true
    else
        "$pg_bin/pg_ctl" -D "$work/data" -m fast -w stop >&2 || true
    fi
fi
rm -rf "$work"
if [[ -f "$state_file" && "$(cat "$state_file")" == "$work" ]]; then
    rm -f "$state_file"
fi
