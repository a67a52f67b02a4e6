#!/usr/bin/env bash
# The whole suite: lint, typecheck, unit + integration tests (vitest, against the embedded cluster
# and a real Prometheus), production build, Playwright against the demo stack in Debian's chromium.
# Ends with `N passed, N failed`; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh --need-chromium --need-prometheus || { echo "0 passed, 1 failed"; exit 1; }

reports=$(mktemp -d /tmp/graylane-test.XXXXXX)
export GRAYLANE_TEST_TMP="$reports"
step() { # step NAME CMD...: runs a check whose only result is its exit code
  local name=$1; shift
  echo "== $name"
  "$@"; local rc=$?
  echo "$name $rc" > "$reports/$name.step"
  return $rc
}

step lint npx eslint . --max-warnings=0
step typecheck npx tsc --noEmit -p .

echo "== vitest"
npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/1.vitest.json"
[ -f "$reports/1.vitest.json" ] || echo "vitest 1" > "$reports/vitest.step"

if step build npx next build; then
  echo "== playwright (demo stack)"
  demo_log="$reports/demo.log"
  # a fresh stack on its own ports, so a developer's running demo does not interfere
  setsid npx tsx scripts/demo.ts --console-port 3217 --api-port 0 --ingress-port 0 --telemetry-port 0 \
    --prometheus-port 9293 --data-dir "$reports/data" --no-build --traffic 20 >"$demo_log" 2>&1 &
  demo_pid=$!
  trap 'kill -TERM -- -$demo_pid 2>/dev/null; sleep 1; kill -KILL -- -$demo_pid 2>/dev/null' EXIT
  for _ in $(seq 1 120); do grep -q 'ready' "$demo_log" && break; kill -0 $demo_pid 2>/dev/null || break; sleep 0.5; done
  if grep -q 'ready' "$demo_log"; then
    eval "$(grep '^export ' "$demo_log")"
    GRAYLANE_E2E_BASE_URL=http://127.0.0.1:3217 PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/2.playwright.json" \
      npx playwright test --reporter=list,json
  else
    echo "demo stack did not start:"; cat "$demo_log"
    echo "demo-stack 1" > "$reports/demo-stack.step"
  fi

  # --- reliability (issue 8; this block belongs to REL) ---------------------------------------
  # Starts and stops its own stacks (embedded cluster, Prometheus, `next start`, controller) on free
  # ports, so it may run next to the demo stack. One passed/failed entry per scenario in
  # 3.reliability.json; no report (crash, hang) is a failure. Target: 4 min on an idle 2-core machine;
  # the hard limit stops it cleanly (SIGTERM stops every stack) and counts as a failure.
  echo "== reliability"
  # Playwright is done: its demo stack's background traffic would only take CPU from the stacks here.
  # (If reliability ever runs next to Playwright, drop this line.)
  [ -n "${demo_pid:-}" ] && { kill -TERM -- -"$demo_pid" 2>/dev/null; sleep 1; kill -KILL -- -"$demo_pid" 2>/dev/null; }
  rm -f "$reports/3.reliability.json"
  GRAYLANE_RELIABILITY_ARTIFACTS="$PWD/test-results/reliability" \
    timeout --kill-after=30 480 node --conditions=react-server --import tsx test/reliability/main.ts
  reliability_rc=$?
  if [ ! -f "$reports/3.reliability.json" ]; then
    echo "reliability produced no report (exit $reliability_rc)"
    echo "reliability $([ "$reliability_rc" -eq 0 ] && echo 1 || echo "$reliability_rc")" > "$reports/reliability.step"
  fi
  # --- end of reliability ----------------------------------------------------------------------
fi

echo "== summary"
node scripts/summarize.mjs "$reports"
