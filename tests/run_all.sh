#!/usr/bin/env bash
# Install what the tests need where it is missing, then lint and run every test.
#   bash tests/run_all.sh [pytest args]
# Browser tests use Debian's Chromium (/usr/bin/chromium); Playwright never downloads one.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

# Debian packages: chromium for the browser tests, nginx for the scale-out recipe's test.
MISSING=""
[ -x "${SOFTMAXVIZ_CHROMIUM:-/usr/bin/chromium}" ] || MISSING="$MISSING chromium"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || MISSING="$MISSING nginx"
command -v npm >/dev/null 2>&1 || MISSING="$MISSING npm"
if [ -n "$MISSING" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y $MISSING
  else
    echo "Missing:$MISSING. Install it (chromium: set SOFTMAXVIZ_CHROMIUM to its path)." >&2
    exit 1
  fi
fi

# axe-core (the accessibility audit's engine, injected into pages by tests/test_a11y.py).
AXE_VERSION="4.14.1"
if [ ! -f ".cache/node/node_modules/axe-core/axe.min.js" ] \
  || ! grep -q "\"version\": \"$AXE_VERSION\"" .cache/node/node_modules/axe-core/package.json; then
  npm install --silent --no-audit --no-fund --prefix .cache/node "axe-core@$AXE_VERSION"
fi

"$PYTHON" -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
"$PYTHON" -m ruff check .
"$PYTHON" -m ruff format --check .
"$PYTHON" -m pytest -q "$@"
