#!/usr/bin/env bash
# Creates .venv-train at the repo root from the training payload's hashed locks (train/locks/) and makes the payload
# (train/) importable in it for the test suite. The install itself is train/install-venv.sh, the same script the GPU
# task templates run: isolated from the environment, hashes required, and skipped entirely (no pip run) when the venv
# already has these locks, which keeps CI re-runs cheap.
#   AINFINITY_TRAIN_EXTRAS  extras to install, comma-separated: test, gpu (default "test"; GPU images: "gpu")
#   PYTHON                  interpreter used to create the venv (default python3, must be >= 3.10)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-train"
extras="${AINFINITY_TRAIN_EXTRAS:-test}"
python="${PYTHON:-python3}"

log() { echo "[setup-train] $*"; }

locks=("$root/train/locks/build.lock" "$root/train/locks/base.lock")
IFS=, read -ra wanted <<< "$extras"
for extra in "${wanted[@]}"; do
  [[ -z "$extra" ]] && continue
  if [[ ! -f "$root/train/locks/$extra.lock" ]]; then
    log "error: no lock for the extra '$extra' (have: $(cd "$root/train/locks" && ls *.lock | tr '\n' ' '))" >&2
    exit 1
  fi
  # DeepSpeed's sdist imports torch while building, so gpu.lock goes after base.lock, as it does here.
  locks+=("$root/train/locks/$extra.lock")
done

# PyPI serves only the CUDA build of torch for Linux x86_64 (about 3 GB with its nvidia-* wheels); there is no
# CPU-only wheel there, so CPU machines install the same set and never load CUDA.
start=$SECONDS
bash "$root/train/install-venv.sh" --python "$python" "$venv" "${locks[@]}"

# The payload itself, editable and without dependencies: everything it needs came from the locks, and nothing is
# fetched for it (no index, no build isolation: setuptools is in build.lock).
here="$("$venv/bin/python" -I -c 'import ainfinity_train, os; print(os.path.dirname(ainfinity_train.__file__))' \
  2>/dev/null || true)"
if [[ "$here" != "$root/train/ainfinity_train" ]]; then
  log "installing the payload from $root/train (editable, no dependencies, no index)"
  env -u PYTHONPATH PIP_CONFIG_FILE=/dev/null "$venv/bin/python" -I -m pip --isolated install \
    --disable-pip-version-check --no-input --no-index --no-deps --no-build-isolation -e "$root/train"
fi

"$venv/bin/python" -I -c 'import torch, transformers, ainfinity_train
print("[setup-train] torch", torch.__version__, "transformers", transformers.__version__)'
log "ready in $((SECONDS - start))s: run tests with $venv/bin/python -m pytest train/tests -q"
