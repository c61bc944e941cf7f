#!/usr/bin/env bash
# What can be checked of the Playwright e2e specs without a Docker engine: they typecheck, they
# are listed, and against an unreachable Grafana they fail fast naming the URL they tried.
set -euo pipefail
cd "$(dirname "$0")/.."

npx tsc -p tests/tsconfig.json
npx playwright test --list | tail -n 1

url="http://127.0.0.1:9"
start=$(date +%s)
set +e
out=$(GRAFANA_URL="$url" npx playwright test --reporter=line 2>&1)
status=$?
set -e
elapsed=$(( $(date +%s) - start ))
if [ "$status" -eq 0 ] || ! grep -q "Grafana is not reachable at $url" <<<"$out"; then
  echo "Expected the e2e run to fail fast naming $url; it exited $status:" >&2
  echo "$out" | tail -n 20 >&2
  exit 1
fi
echo "e2e against an unreachable Grafana: failed in ${elapsed}s naming $url (as intended)"
