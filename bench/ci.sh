#!/usr/bin/env bash
# The short modes of the reliability and performance benches, against the jar that `./mvnw verify` packaged:
# crash and restart, SkyPilot faults, injection canaries, schemathesis fuzzing, and a bounded load. Each script exits
# non-zero on a broken check; figures are printed as they come. The long modes are documented in bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/quarkus-app/quarkus-run.jar
if [ ! -f "$jar" ]; then
  ./mvnw -B -q package -DskipTests
fi

run() {
  echo "== $*"
  local start=$SECONDS
  "$@"
  echo "== done in $((SECONDS - start)) s: $1"
}

run python3 bench/crash_restart.py --short --jar "$jar"
run python3 bench/sky_faults.py --short --jar "$jar"
run python3 bench/injection.py --short --jar "$jar"
run bench/fuzz.sh --short --jar "$jar"
run python3 bench/load.py --short --jar "$jar"
