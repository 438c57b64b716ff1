#!/usr/bin/env bash
# Installs the browser tests' tools (Playwright's Python client and pytest) into the project-local virtualenv
# .venv-browser, every file checked against the hashes in src/test/browser/requirements.lock. Safe to run again: a
# venv stamped with the lock's digest is left as it is. It never runs `playwright install`: the tests drive the
# system Chromium (Debian's `chromium` package, or AINFINITY_CHROMIUM), so no browser build is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv-browser
lock=src/test/browser/requirements.lock
python=${PYTHON:-python3}
digest=$(sha256sum "$lock" | cut -d' ' -f1)

installed() {
  [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.lock-stamp" 2>/dev/null)" = "$digest" ] \
    && "$venv/bin/python" -c 'import playwright.sync_api, pytest' 2>/dev/null
}

if installed; then
  echo "browser test tools already in $venv"
else
  if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
  fi
  # Dependencies come from the lock alone (--no-deps): with --require-hashes a file the lock does not name fails.
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r "$lock"
  echo "$digest" > "$venv/.lock-stamp"
  installed || { echo "the browser test tools did not install into $venv" >&2; exit 1; }
  echo "browser test tools installed in $venv"
fi

chromium=${AINFINITY_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "note: no Chromium at $chromium; install Debian's package (apt-get install chromium) or set AINFINITY_CHROMIUM" >&2
fi
