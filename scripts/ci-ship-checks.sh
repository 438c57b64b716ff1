#!/usr/bin/env bash
# Builds and runs what ships, on a Debian 12 machine as root with no Docker engine and no container registry (only
# Debian, PyPI, Maven Central and the Go module proxy): base images from Debian packages, the JVM image (and the
# native image when target/*-runner exists, or always with REQUIRE_NATIVE=1) built with podman and checked while they
# run, and both Kubernetes overlays checked against a real kube-apiserver. Caches live under $HOME/.cache/ainfinity
# (podman's store, base root file systems, kube-apiserver) and Go's under $HOME, so a second run skips the slow parts.
# Needs Go 1.21 or newer (it fetches the toolchain the Kubernetes release asks for). Prints each stage's time.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
stage_start=$SECONDS
times=()
stage() {
  times+=("$(printf '%-22s %4d s' "$1" $((SECONDS - stage_start)))")
  echo "[ci-ship] $1: $((SECONDS - stage_start)) s"
  stage_start=$SECONDS
}

packages=(podman buildah mmdebstrap runc uidmap etcd-server wrk jq curl openssl)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [[ ${#missing[@]} -gt 0 ]]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# podman on these VMs: crun cannot use their hybrid cgroup layout, and podman's default limits (nofile 1048576)
# exceed the hard limits a container may be given here.
if [[ ! -f /etc/containers/containers.conf ]]; then
  mkdir -p /etc/containers
  cat >/etc/containers/containers.conf <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
[engine]
runtime = "runc"
CONF
fi
stage "install"

scripts/ship/base-images.sh
stage "base images"
scripts/ship/check-image.sh jvm
stage "JVM image"
if compgen -G 'target/*-runner' >/dev/null || [[ ${REQUIRE_NATIVE:-0} == 1 ]]; then
  scripts/ship/check-image.sh native
  stage "native image"
else
  echo "[ci-ship] NOTE: no target/*-runner (build it with ./mvnw package -Dnative): the native image is SKIPPED"
fi
scripts/ship/kube-tools.sh >/dev/null
stage "kube-apiserver build"
scripts/ship/check-manifests.sh
stage "manifests"

printf '[ci-ship] %s\n' "${times[@]}"
echo "[ci-ship] all passed in $((SECONDS - start)) s"
