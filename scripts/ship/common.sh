# Sourced by the scripts in scripts/ship/: the cache under $HOME, a podman bound to its own store there (so base
# images and build layers outlive the machine's /var/lib/containers), and loud failures.
cache=${AINFINITY_CACHE:-$HOME/.cache/ainfinity}
store=$cache/containers
mkdir -p "$store"

podman() {
  command podman --root "$store/storage" --runroot "$store/run" "$@"
}

log() { echo "[ship] $*" >&2; }
fail() {
  echo "[ship] FAILED: $*" >&2
  exit 1
}

# What the manifests mount writable (emptyDirs and the data volume); check-manifests.sh holds the Deployment to this
# list and check-image.sh runs the images read-only with exactly these.
writable_mounts=(/data /tmp /home/ainfinity/.sky)

base_images=(--build-arg BUILD_IMAGE=localhost/ainfinity-base/jdk:bookworm
  --build-arg JRE_IMAGE=localhost/ainfinity-base/jdk:bookworm
  --build-arg RUNTIME_IMAGE=localhost/ainfinity-base/python:bookworm)

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
