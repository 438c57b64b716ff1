# shellcheck shell=bash disable=SC2034  # its variables are for the scripts that source it
# Sourced by the scripts in scripts/ship/: the cache under $HOME, a podman bound to its own store there (so base
# images and build layers outlive the machine's /var/lib/containers), and loud failures.
cache=${AINFINITY_CACHE:-$HOME/.cache/ainfinity}
store=$cache/containers
mkdir -p "$store"

podman_in_store=(podman --root "$store/storage" --runroot "$store/run")
podman() {
  command "${podman_in_store[@]}" "$@"
}

# Errors inside $(...) and functions stop the script too, and any command that fails unexpectedly is named.
shopt -s inherit_errexit
set -E
trap 'echo "[ship] FAILED: line $LINENO of ${BASH_SOURCE[0]}: $BASH_COMMAND" >&2' ERR

log() { echo "[ship] $*" >&2; }
fail() {
  echo "[ship] FAILED: $*" >&2
  exit 1
}

# What the manifests mount writable (emptyDirs and the data volume); check-manifests.sh holds the Deployment to this
# list and check-image.sh runs the images read-only with exactly these.
writable_mounts=(/data /tmp /home/ainfinity/.sky)

# The base images are tagged with their recipe, so that a change to base-images.sh rebuilds them.
base_tag=bookworm-$(sha256sum "$(dirname "${BASH_SOURCE[0]}")/base-images.sh" | cut -c1-12)
base_images=(--build-arg "BUILD_IMAGE=localhost/ainfinity-base/jdk:$base_tag"
  --build-arg "JRE_IMAGE=localhost/ainfinity-base/jdk:$base_tag"
  --build-arg "RUNTIME_IMAGE=localhost/ainfinity-base/python:$base_tag")

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
