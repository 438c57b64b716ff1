#!/usr/bin/env bash
# Creates the training payload's virtualenv and installs exactly the files named by hashed lock files.
#   train/install-venv.sh [--python INTERPRETER] VENV LOCK...
# Used by the GPU task templates' setup (skylaunch/) and by scripts/setup-train.sh.
#
# VENV is created when it has no interpreter (with INTERPRETER, else the first Python >= 3.10 of python3.12,
# python3.11, python3.10, python3), and recreated when it has no stamp. The stamp records the sha256 of each lock
# installed into VENV: when every LOCK given is recorded, nothing else happens, and pip does not run at all.
# Otherwise each missing LOCK is installed, in the order given, by its own pip run: order them build.lock first (the
# sdists of later locks are built without build isolation against what is already in the venv), then base.lock,
# then the extras.
#
# Nothing in the caller's environment or configuration can steer an install: pip runs in isolated mode (no PIP_*
# variable, no user config), with PIP_CONFIG_FILE=/dev/null (isolated mode alone still reads the file that variable
# names, and the global and venv config files), from PyPI's index only, with --require-hashes and --no-deps, and its
# interpreter ignores PYTHON* variables. The lock's hashes decide what is installed, wherever a file comes from.
set -euo pipefail

log() { echo "[install-venv] $*"; }
die() { echo "[install-venv] error: $*" >&2; exit 1; }

python=""
if [[ "${1:-}" == --python ]]; then
  python="${2:?--python needs an interpreter}"
  shift 2
fi
(( $# >= 2 )) || die "usage: install-venv.sh [--python INTERPRETER] VENV LOCK..."
venv="$1"
shift
for lock in "$@"; do
  [[ -f "$lock" ]] || die "no lock file $lock"
done

# Dropped for this script and every process it starts (pip, and the sdist builds pip runs).
while IFS= read -r name; do
  case "$name" in PIP_* | PYTHON*) unset "$name" ;; esac
done < <(compgen -e)
export PIP_CONFIG_FILE=/dev/null

stamp="$venv/.ainfinity-locks"
# One stamp line per lock: its file name and the sha256 of its content.
entry() { echo "$(basename "$1") $(sha256sum < "$1" | cut -d' ' -f1)"; }

missing=()
for lock in "$@"; do
  if [[ ! -x "$venv/bin/python" || ! -f "$stamp" ]] || ! grep -qxF "$(entry "$lock")" "$stamp"; then
    missing+=("$lock")
  fi
done
if (( ${#missing[@]} == 0 )); then
  log "up to date: $venv has these locks installed; pip not run"
  exit 0
fi

if [[ -x "$venv/bin/python" && ! -f "$stamp" ]]; then
  # Made by something else (an older setup, a hand-run pip): what it holds was never checked against the hashes,
  # and pip would keep any installed package whose version matches, so it is rebuilt from scratch.
  log "$venv has no stamp of this installer; recreating it"
  rm -rf "$venv"
fi
if [[ ! -x "$venv/bin/python" ]]; then
  if [[ -z "$python" ]]; then
    for candidate in python3.12 python3.11 python3.10 python3; do
      if command -v "$candidate" >/dev/null 2>&1 \
        && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
        python="$candidate"
        break
      fi
    done
    [[ -n "$python" ]] || die "the training payload needs Python 3.10 or newer"
  fi
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null \
    || die "$python is not Python 3.10 or newer"
  log "creating $venv with $("$python" --version 2>&1)"
  rm -rf "$venv"
  "$python" -m venv "$venv"
fi

# --isolated ignores PIP_CERT and pip.conf, so a proxy's CA in the system bundle has to be named here.
cert=()
for bundle in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt; do
  if [[ -f "$bundle" ]]; then
    cert=(--cert "$bundle")
    break
  fi
done
progress=()
[[ -t 1 ]] || progress=(--progress-bar off)

for lock in "${missing[@]}"; do
  log "installing $lock into $venv"
  start=$SECONDS
  "$venv/bin/python" -I -m pip --isolated install --disable-pip-version-check --no-input "${progress[@]}" \
    --index-url https://pypi.org/simple/ "${cert[@]}" \
    --require-hashes --no-deps --no-build-isolation -r "$lock"
  log "installed $lock in $((SECONDS - start))s"
  line="$(entry "$lock")"
  { [[ -f "$stamp" ]] && awk -v name="${line%% *}" '$1 != name' "$stamp"; echo "$line"; } > "$stamp.tmp"
  mv "$stamp.tmp" "$stamp"
done
log "done: $venv"
