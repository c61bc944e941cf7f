#!/usr/bin/env bash
# Installs Grafana 12.4.0's shared modules for the browser harness (browser/webpack.config.ts builds a
# host page from them) with `npm ci`, from this folder's package-lock.json. Skipped when node_modules
# was installed from the same lock: the stamp holds the lock's hash. npm's cache makes a reinstall
# after a lock change quick. --ignore-scripts: no package here needs an install script to be bundled.
set -euo pipefail
cd "$(dirname "$0")"
stamp=node_modules/.installed-from-lock
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d node_modules/@grafana/ui ]; then
  echo "browser/grafana-12.4: installed from this lock"
  exit 0
fi
npm ci --no-audit --no-fund --ignore-scripts
echo "$want" > "$stamp"
