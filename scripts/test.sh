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
dotnet test BigDL.Orleans.sln -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints a 'Passed: N' / 'Failed: N' / 'Skipped: N' block per test assembly; add them up into one closing line.
awk '/^ *Passed: [0-9]+ *$/  { p += $2 }
     /^ *Failed: [0-9]+ *$/  { f += $2 }
     /^ *Skipped: [0-9]+ *$/ { s += $2 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
