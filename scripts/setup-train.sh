#!/usr/bin/env bash
# Creates .venv-train at the repo root and installs the training payload (train/) into it.
# Idempotent: a stamp of pyproject.toml, the lock and the extras skips pip when nothing changed,
# which keeps CI re-runs cheap.
#   AINFINITY_TRAIN_EXTRAS  extras to install (default "test"; GPU images: "gpu,wandb")
#   PYTHON                  interpreter used to create the venv (default python3, must be >= 3.10)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-train"
extras="${AINFINITY_TRAIN_EXTRAS:-test}"
python="${PYTHON:-python3}"
stamp="$venv/.ainfinity-train-stamp"

log() { echo "[setup-train] $*"; }

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
  log "error: $python is $("$python" --version 2>&1); Python >= 3.10 is required" >&2
  exit 1
fi

if [[ ! -x "$venv/bin/python" ]]; then
  log "creating venv $venv with $("$python" --version 2>&1)"
  rm -rf "$venv"
  "$python" -m venv "$venv"
fi

lock="$root/train/requirements.lock"
want="$( (cat "$root/train/pyproject.toml" "$lock"; echo "extras=$extras"; "$venv/bin/python" --version) | sha256sum | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] \
  && "$venv/bin/python" -c 'import ainfinity_train, torch, transformers' 2>/dev/null; then
  log "up to date: $venv (delete $stamp to force a reinstall)"
  exit 0
fi

# PyPI serves only the CUDA build of torch for Linux x86_64 (about 3 GB with its nvidia-* wheels);
# there is no CPU-only wheel there, so CPU machines install the same set and never load CUDA.
progress=()
[[ "${CI:-}" == "true" ]] && progress=(--progress-bar off)
# DeepSpeed is an sdist whose build imports torch, so it is installed in a second step, without
# build isolation, once torch is in the venv.
IFS=, read -ra wanted <<< "$extras"
plain=()
gpu=false
for extra in "${wanted[@]}"; do
  if [[ "$extra" == gpu ]]; then gpu=true; else plain+=("$extra"); fi
done
spec="$root/train"
if (( ${#plain[@]} )); then
  spec="$root/train[$(IFS=,; echo "${plain[*]}")]"
fi
# The lock pins every transitive package, so a new release upstream cannot change a CI run.
pip_install() { "$venv/bin/python" -m pip install "${progress[@]}" --disable-pip-version-check -c "$lock" "$@"; }

log "installing $spec into $venv (first run downloads about 3 GB)"
start=$SECONDS
pip_install -e "$spec"
if $gpu; then
  log "installing the gpu extra (deepspeed) without build isolation"
  pip_install --no-build-isolation -e "$root/train[gpu]"
fi
log "pip finished in $((SECONDS - start))s"

"$venv/bin/python" -c 'import torch, transformers, ainfinity_train; print("[setup-train] torch", torch.__version__, "transformers", transformers.__version__)'
echo "$want" > "$stamp"
log "done: run tests with $venv/bin/python -m pytest train/tests -q"
