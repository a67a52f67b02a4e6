#!/usr/bin/env bash
# `npm run demo -- [flags]`: installs what is missing, then starts the demo stack (scripts/demo.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --need-prometheus || echo "[demo] continuing without prometheus: metrics panels will say so"
exec npx tsx scripts/demo.ts "$@"
