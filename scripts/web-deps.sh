#!/usr/bin/env bash
# Installs the web players the e2e tests drive in headless Chromium (e2e/web_test.go):
# Chromium and Node's npm from the system's packages, then the npm packages pinned in
# e2e/testdata/web/package.json (package-lock.json) under e2e/testdata/web/node_modules.
# Idempotent: does nothing when all is there and the lock file has not changed.
set -euo pipefail

cd "$(dirname "$0")/.."
WEB=e2e/testdata/web

if [ "$(uname -s)" = Linux ] && command -v dpkg >/dev/null 2>&1; then
  need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  # Node may come from elsewhere (NodeSource ships npm inside nodejs): only install
  # Debian's when there is no node or npm at all.
  command -v node >/dev/null 2>&1 || need+=(nodejs)
  command -v npm >/dev/null 2>&1 || need+=(npm)
  if [ ${#need[@]} -gt 0 ]; then
    echo "web-deps: installing ${need[*]}"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
  fi
elif ! command -v npm >/dev/null 2>&1; then
  echo "web-deps: install Node.js (npm) and Chromium, then rerun" >&2
  exit 1
fi

stamp="$WEB/node_modules/.smoothie-lock"
if [ -f "$stamp" ] && cmp -s "$WEB/package-lock.json" "$stamp"; then
  exit 0
fi
echo "web-deps: npm ci in $WEB"
npm ci --prefix "$WEB" --no-audit --no-fund --ignore-scripts --loglevel=error
cp "$WEB/package-lock.json" "$stamp"
