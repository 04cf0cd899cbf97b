#!/usr/bin/env bash
# Runs every test of the solution: starts what the tests need, runs them, prints one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# PostgreSQL (on the machine image, not running): one server for all test projects, in a temp folder, on loopback.
if [ -z "${BIGDL_TEST_POSTGRES:-}" ]; then
  if ! BIGDL_TEST_POSTGRES="$(bash scripts/start-postgres.sh)"; then
    echo "could not start PostgreSQL for the tests (see scripts/start-postgres.sh)" >&2
    exit 1
  fi
  export BIGDL_TEST_POSTGRES
  trap 'bash scripts/stop-postgres.sh >/dev/null 2>&1 || true' EXIT
fi

# Debian's chromium for the dashboard's browser tests (Playwright drives it through ExecutablePath; no browser download).
bash scripts/install-chromium.sh || { echo "could not install chromium for the browser tests (see scripts/install-chromium.sh)" >&2; exit 1; }

# iproute2 for the network-namespace test (as root, which CI is; elsewhere that test is skipped and says why).
bash scripts/install-iproute2.sh || { echo "could not install iproute2 for the network-namespace test (see scripts/install-iproute2.sh)" >&2; exit 1; }

log=$(mktemp)
silo_log=$(mktemp)
# No MSBuild nodes outlive a command: a 'dotnet test' that reused the build's node ran its tests un-niced under it.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
dotnet build BigDL.Orleans.sln -c Release -nodeReuse:false 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ]; then
  # Silo.Tests (real silo processes, about 10 minutes, much of it waiting for Orleans to declare killed silos dead) runs
  # beside the other test projects rather than after them. The others run niced: on 2 cores they then take only the CPU
  # the silo processes leave idle, which keeps those processes' probes and Ctrl+C handling on time (beside un-niced tests
  # they starved, and silos missed their shutdown window).
  dotnet test tests/Silo.Tests -c Release --no-build --logger "console;verbosity=normal" > "$silo_log" 2>&1 &
  silo_pid=$!
  for project in tests/*.Tests; do
    [ "$project" = tests/Silo.Tests ] && continue
    nice -n 19 dotnet test "$project" -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee -a "$log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  done
  wait "$silo_pid" || status=1
  tee -a "$log" < "$silo_log"
fi

# dotnet test prints a 'Passed: N' / 'Failed: N' / 'Skipped: N' block per test assembly; add them up into one closing line.
awk '/^ *Passed: [0-9]+ *$/  { p += $2 }
     /^ *Failed: [0-9]+ *$/  { f += $2 }
     /^ *Skipped: [0-9]+ *$/ { s += $2 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log" "$silo_log"
exit "$status"
