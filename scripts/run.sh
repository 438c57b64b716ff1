#!/usr/bin/env bash
# Builds the service and runs it on its embedded defaults: SQLite in ./data, tasks run on this host
# (infra "local"), HTTP on port 8000. Any ainfinity.* or SERVING_* setting can be passed as an environment variable.
set -euo pipefail
cd "$(dirname "$0")/.."

# The pinned SkyPilot CLI (.venv), so that cloud infra works (local jobs and readiness do not need it); a no-op once
# installed.
./scripts/setup-sky.sh
./mvnw -B -q package -DskipTests
# The local profile generates a signing key pair in the data directory on first start and mints an admin token once
# into <data>/admin-token (readable by its owner only).
export QUARKUS_PROFILE="${QUARKUS_PROFILE:-local}"
data_dir="${AINFINITY_DATA_DIR:-data}"
echo "Dashboard: http://localhost:${SERVING_PORT:-8000}/ (sign in with the token in $data_dir/admin-token, written at" \
  "the first start: cat $data_dir/admin-token)"
# The JVM is bounded as in the image (src/main/jvm/jvm.options), sized for the manifests' 1 GiB limit: JAVA_MAX_RAM
# changes the memory it sizes itself for, JAVA_OPTS adds options or overrides these.
exec java -XX:MaxRAM="${JAVA_MAX_RAM:-1g}" @src/main/jvm/jvm.options ${JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar
