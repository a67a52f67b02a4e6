#!/usr/bin/env bash
# The reliability step of `npm test` (issue 8): `bash test/reliability/ci-step.sh "$reports"` after
# `next build`. Starts and stops its own stacks (embedded cluster, Prometheus, `next start`,
# controller) on free ports (Prometheus prefers 9330-9333; never the demo stack's 3217/9293). One
# passed/failed entry per scenario in "$reports/3.reliability.json" (scripts/summarize.mjs counts it);
# no report (crash, hang) is a `reliability.step` failure. The hard limit stops it cleanly (SIGTERM
# stops every stack; unfinished scenarios count as failed). Needs the machine mostly to itself: at a
# load average of 20 its 100 req/s open-loop load starves.
set -uo pipefail
reports=${1:?usage: ci-step.sh REPORTS_DIR [main.ts options, e.g. --only a,b]}
shift
cd "$(dirname "$0")/../.."
echo "== reliability ($(date +%T))"
rm -f "$reports/3.reliability.json"
GRAYLANE_TEST_TMP="$reports" GRAYLANE_RELIABILITY_ARTIFACTS="$PWD/test-results/reliability" \
  timeout --kill-after=30 480 node --conditions=react-server --import tsx test/reliability/main.ts "$@"
rc=$?
if [ ! -f "$reports/3.reliability.json" ]; then
  echo "reliability produced no report (exit $rc)"
  echo "reliability $([ "$rc" -eq 0 ] && echo 1 || echo "$rc")" > "$reports/reliability.step"
fi
exit $rc
