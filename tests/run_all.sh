#!/usr/bin/env bash
# Install what the tests need where it is missing, then lint and run every test.
#   bash tests/run_all.sh [pytest args]
# Browser tests use Debian's Chromium (/usr/bin/chromium); Playwright never downloads one.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

if [ ! -x "${SOFTMAXVIZ_CHROMIUM:-/usr/bin/chromium}" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  else
    echo "Chromium is missing: install it and set SOFTMAXVIZ_CHROMIUM to its path." >&2
    exit 1
  fi
fi

"$PYTHON" -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
"$PYTHON" -m ruff check .
"$PYTHON" -m ruff format --check .
"$PYTHON" -m pytest -q "$@"
