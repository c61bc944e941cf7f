#!/usr/bin/env bash
# Every check the project has, in the order a failure is cheapest to see.
# Needs Node 22+ and installed packages (`npm ci`); `bash .ci/run` provides both on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$1"; }

step "typecheck";   npm run --silent typecheck
step "lint";        npm run --silent lint
step "format";      npx prettier --check --log-level warn "src/**/*.{ts,tsx}" "bench/**/*.ts" "tests/**/*.ts" "demo/**/*.ts" "config/**/*.ts" "scripts/**/*.ts" "browser/**/*.{ts,tsx}" webpack.config.ts
step "unit, grammar, scene, stack and Prometheus tests"; npm run --silent test:ci
step "Grafana versions: levitate against the oldest claimed and the newest published @grafana packages (npm registry)"
node scripts/levitate/check.mjs
node --test --test-reporter=spec 'scripts/levitate/__tests__/*.test.mjs'
step "demo services (typecheck; real OpenTelemetry SDK to a loopback OTLP receiver)"
npm --prefix demo run --silent typecheck
npm --prefix demo test
step "build";       npm run --silent build
step "plugin validator rules (the built dist/ against @grafana/plugin-validator's rules)"
npx jest -c scripts/validator/jest.config.js
step "bundle size"; npm run --silent size
step "browser: the built plugin loaded in Chromium as Grafana loads it, at both ends of the range (React 18 with @grafana/* 12.4.0, React 19 with 13.2)"
bash browser/grafana-12.4/install.sh
npm run --silent test:browser
step "per-page weight (browser/tests/weight.spec.ts, in the run above, fails above a budget)"; cat test-results/weight.txt
# The build step above made dist/; the scale benchmark times it on the host page's production build.
step "scale benchmark: every page at 3,000 services (Chromium, real Prometheus): the backends' default limits and the browser budgets, enforced"
HARNESS_MODE=production npx webpack -c browser/webpack.config.ts
npx playwright test -c bench/scale/playwright.config.ts
step "hostile catalogue (issue 25): every page on hostile data, on the same production host page; no task over 200 ms, enforced"
npx playwright test -c browser/playwright.hostile.config.ts
step "e2e specs (typecheck, list, fail fast without Grafana)"; bash scripts/check-e2e.sh
step "benchmark";   npm run --silent bench
