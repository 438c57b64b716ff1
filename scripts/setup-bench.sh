#!/usr/bin/env bash
# Installs the bench tools (schemathesis for bench/fuzz.sh, PyYAML for bench/injection.py) into the project-local
# virtualenv .venv-bench, from the pins in bench/requirements.lock (schemathesis and everything it pulls in). Safe to
# run again: a venv that already satisfies the pins is left as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv-bench
lock=bench/requirements.lock
python=${PYTHON:-python3}
version=$(sed -n 's/^schemathesis==//p' "$lock")

installed() {
  [ -x "$venv/bin/python" ] && [ -x "$venv/bin/schemathesis" ] \
    && [ "$(cat "$venv/.lock-stamp" 2>/dev/null)" = "$(sha256sum "$lock" | cut -d' ' -f1)" ] \
    && "$venv/bin/python" - "$version" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
import yaml  # noqa: F401  (bench/injection.py parses the rendered task YAML with it)
sys.exit(0 if version("schemathesis") == sys.argv[1] else 1)
PY
}

if installed; then
  echo "schemathesis $version already in $venv"
  exit 0
fi

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$lock"
sha256sum "$lock" | cut -d' ' -f1 > "$venv/.lock-stamp"
installed || { echo "schemathesis $version did not install into $venv" >&2; exit 1; }
echo "schemathesis $version installed in $venv"
