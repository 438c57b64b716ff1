#!/usr/bin/env bash
# Installs the pinned SkyPilot CLI into the project-local virtualenv .venv (the service's default `sky` is
# .venv/bin/sky). Safe to run again: an existing venv with the pinned version is left as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${SKYPILOT_VERSION:-0.14.1}
venv=.venv
python=${PYTHON:-python3}

installed() {
  [ -x "$venv/bin/python" ] && [ -x "$venv/bin/sky" ] \
    && "$venv/bin/python" - "$version" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
sys.exit(0 if version("skypilot") == sys.argv[1] else 1)
PY
}

if installed; then
  echo "skypilot $version already in $venv"
  exit 0
fi

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q "skypilot==$version"
installed || { echo "skypilot $version did not install into $venv" >&2; exit 1; }
echo "skypilot $version installed in $venv"
