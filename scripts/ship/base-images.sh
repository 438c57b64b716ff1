#!/usr/bin/env bash
# Builds the base images the Dockerfiles need from Debian 12 packages with mmdebstrap, for machines that can reach a
# Debian mirror but no container registry. They stand in for the public bases (same distribution, same paths):
#   localhost/ainfinity-base/jdk:bookworm-*     for eclipse-temurin:17-jdk-jammy and :17-jre-jammy (a jlink'd JDK 17
#                                             runtime at /opt/java/openjdk, the system trust store copied in)
#   localhost/ainfinity-base/python:bookworm-*  for python:3.11-slim-bookworm (minbase, python3 3.11, venv, `python`)
# The machine's extra CA certificates (/usr/local/share/ca-certificates/*.crt) are trusted inside both, so that
# builds reach package registries through a TLS-inspecting proxy. Root file systems are kept as tarballs in the cache
# under $HOME; delete them there to pick up Debian updates.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/ship/common.sh

suite=bookworm
mirrors=("deb http://deb.debian.org/debian $suite main" "deb http://deb.debian.org/debian $suite-updates main"
  "deb http://deb.debian.org/debian-security $suite-security main")
# Like Debian's slim images: merged /usr set up directly (the usrmerge package would pull in Perl), no manuals,
# documentation or translations.
hooks=(--hook-dir=/usr/share/mmdebstrap/hooks/maybe-merged-usr --essential-hook='mkdir -p "$1"/usr/share/man/man1'
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*'
  --customize-hook='mkdir -p "$1"/usr/local/share/ca-certificates'
  --customize-hook='find /usr/local/share/ca-certificates -maxdepth 1 -name "*.crt" \
    -exec cp -t "$1"/usr/local/share/ca-certificates {} +'
  --customize-hook='chroot "$1" update-ca-certificates')
# As in Debian's own container images, apt keeps neither the packages it downloaded nor its binary caches, so that a
# Dockerfile's `apt-get install` leaves only what it installed in its layer.
clean=(--customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin'
  --customize-hook='printf "%s\n" "Dir::Cache::pkgcache \"\";" "Dir::Cache::srcpkgcache \"\";" \
    "DPkg::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb\"; };" \
    >"$1"/etc/apt/apt.conf.d/docker-clean')

# base NAME VARIANT PACKAGES [mmdebstrap options...] -- [podman import --change options...]
base() {
  local name=$1 variant=$2 packages=$3
  shift 3
  local opts=() changes=()
  while [[ $# -gt 0 && $1 != -- ]]; do opts+=("$1"); shift; done
  [[ $# -gt 0 ]] && shift
  changes=("$@")
  local image=localhost/ainfinity-base/$name:$base_tag tarball=$cache/oci/$name-$base_tag.tar
  if podman image exists "$image"; then
    log "$image: present"
    return
  fi
  # Those of earlier recipes go.
  podman images --format '{{.Repository}}:{{.Tag}}' "localhost/ainfinity-base/$name" \
    | xargs -r "${podman_in_store[@]}" rmi -f >/dev/null 2>&1 || true
  mkdir -p "$cache/oci"
  find "$cache/oci" -name "$name-*.tar" ! -name "${tarball##*/}" -delete
  if [[ ! -s "$tarball" ]]; then
    local t0=$SECONDS
    nice -n 10 mmdebstrap --quiet --variant="$variant" --include="$packages" "${hooks[@]}" "${opts[@]}" "${clean[@]}" \
      "$suite" "$tarball.part.tar" "${mirrors[@]}"
    mv "$tarball.part.tar" "$tarball"
    log "$name root file system: $((SECONDS - t0)) s"
  fi
  podman import --quiet "${changes[@]}" "$tarball" "$image" >/dev/null
  log "$image: imported"
}

base jdk apt openjdk-17-jdk-headless,ca-certificates,ca-certificates-java,passwd,curl,unzip \
  --customize-hook='chroot "$1" jlink --add-modules ALL-MODULE-PATH --no-man-pages --no-header-files \
    --strip-java-debug-attributes --output /opt/java/openjdk' \
  --customize-hook='cp -L "$1"/etc/ssl/certs/java/cacerts "$1"/opt/java/openjdk/lib/security/cacerts' \
  -- --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
base python minbase python3,python3-venv,python-is-python3,ca-certificates \
  -- --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'CMD ["python3"]'
