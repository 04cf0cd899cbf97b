#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 server for tests, bound to 127.0.0.1 on the first free port from 55432.
# Prints exactly one line on stdout: the Npgsql connection string. Everything else goes to stderr.
# The data folder is written to $BIGDL_PG_STATE_FILE (default /tmp/bigdl-postgres.dir) for stop-postgres.sh.
# Trust authentication is safe here only because the server listens on loopback and a private socket folder.
set -euo pipefail

pg_bin=${BIGDL_PG_BIN:-}
if [[ -z "$pg_bin" ]]; then
    for candidate in /usr/lib/postgresql/*/bin; do
        [[ -x "$candidate/pg_ctl" ]] && pg_bin=$candidate
    done
fi
if [[ -z "$pg_bin" ]]; then
    # A fresh machine may have only the client: install Debian's server package (as root, or through sudo).
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    echo "start-postgres: installing Debian's postgresql server package" >&2
    { DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql; } >&2 || true
    for candidate in /usr/lib/postgresql/*/bin; do
        [[ -x "$candidate/pg_ctl" ]] && pg_bin=$candidate
    done
fi
if [[ -z "$pg_bin" || ! -x "$pg_bin/pg_ctl" ]]; then
    echo "start-postgres: no PostgreSQL server binaries found under /usr/lib/postgresql/*/bin (install Debian's 'postgresql' package, or set BIGDL_PG_BIN)" >&2
    exit 1
fi

state_file=${BIGDL_PG_STATE_FILE:-/tmp/bigdl-postgres.dir}
first_port=${BIGDL_PG_FIRST_PORT:-55432}
attempts=${BIGDL_PG_PORT_ATTEMPTS:-50}

work=$(mktemp -d /tmp/bigdl-pg.XXXXXX)
# postgres refuses to run as root: as root the server runs as the 'postgres' account, which must own the folder.
if [[ $(id -u) -eq 0 ]]; then
    chown postgres "$work"
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

if ! as_pg "$pg_bin/initdb" -D "$work/data" -A trust -U postgres >"$work/initdb.log" 2>&1; then
    echo "start-postgres: initdb failed; its log follows" >&2
    cat "$work/initdb.log" >&2
    rm -rf "$work"
    exit 1
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port=
for ((i = 0; i < attempts; i++)); do
    candidate=$((first_port + i))
    port_in_use "$candidate" && continue
    # Another process may take the port between the check and the bind: then pg_ctl fails and the next port is tried.
    # The test projects run at once, each with silos of up to 20 pooled connections: 300 leaves room beyond the default 100.
    if as_pg "$pg_bin/pg_ctl" -D "$work/data" -l "$work/log" -w -t 60 \
        -o "-p $candidate -k $work -c listen_addresses=127.0.0.1 -c max_connections=300" start >&2; then
        port=$candidate
        break
    fi
done
if [[ -z "$port" ]]; then
    echo "start-postgres: could not start PostgreSQL on any port in $first_port..$((first_port + attempts - 1)); server log follows" >&2
    cat "$work/log" >&2 || true
    rm -rf "$work"
    exit 1
fi

echo "$work" >"$state_file"

for _ in $(seq 1 60); do
    "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres && break
    sleep 0.5
done
if ! "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
    echo "start-postgres: the server on port $port did not become ready; server log follows" >&2
    cat "$work/log" >&2 || true
    exit 1
fi

"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres bigdl_test >&2

echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=bigdl_test"
