#!/usr/bin/env bash
# Installs Debian's chromium for the dashboard's browser tests (Playwright drives it through ExecutablePath;
# Playwright's own browser downloads are never used). Does nothing when /usr/bin/chromium is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
if [ ! -x /usr/bin/chromium ]; then
  echo "chromium did not install to /usr/bin/chromium; install Debian's 'chromium' package by hand" >&2
  exit 1
fi
