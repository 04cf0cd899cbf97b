#!/usr/bin/env bash
# Installs Debian's iproute2 ('ip') for the test that runs silos in network namespaces (it makes them as root).
# Does nothing when 'ip' is already there, or when not root: then that one test is skipped, saying why.
set -euo pipefail
if command -v ip >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ]; then
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends iproute2 >/dev/null
command -v ip >/dev/null 2>&1 || { echo "iproute2 did not install; install Debian's 'iproute2' package by hand" >&2; exit 1; }
