#!/usr/bin/env bash
# Installs what Graylane needs on a fresh clone: npm packages, and Debian's chromium and prometheus
# (through apt when running as root on Debian/Ubuntu). Prints the command to run otherwise.
# Usage: scripts/ensure-deps.sh [--need-chromium] [--need-prometheus]
set -euo pipefail
cd "$(dirname "$0")/.."

need_chromium=0; need_prometheus=0
for a in "$@"; do
  case "$a" in
    --need-chromium) need_chromium=1 ;;
    --need-prometheus) need_prometheus=1 ;;
  esac
done

# npm packages: install when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[deps] installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

missing=()
[ "$need_chromium" = 1 ] && [ ! -x /usr/bin/chromium ] && missing+=(chromium)
[ "$need_prometheus" = 1 ] && ! command -v prometheus >/dev/null 2>&1 && missing+=(prometheus)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[deps] installing ${missing[*]} with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "[deps] missing: ${missing[*]}" >&2
    echo "[deps] install them with: sudo apt-get update && sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    echo "[deps] (macOS: brew install prometheus; and a Chromium at /usr/bin/chromium or set GRAYLANE_CHROMIUM)" >&2
    exit 1
  fi
fi
