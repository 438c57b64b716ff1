#!/usr/bin/env bash
# The short modes of the reliability and performance benches, against the jar that `./mvnw verify` packaged:
# crash and restart, SkyPilot faults, injection canaries, schemathesis fuzzing, a bounded load, the SSE yardstick,
# events across two replicas and a leader failover and rolling restart across three, on PostgreSQL.
# Each script exits non-zero on a broken check; figures are printed as they come. The long modes are documented in
# bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/quarkus-app/quarkus-run.jar
if [ ! -f "$jar" ]; then
  ./mvnw -B -q package -DskipTests
fi

# The load bench drives wrk (Debian package `wrk`); .ci/run installs it, and so does this script where it may.
if ! command -v wrk >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null) || true
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
if command -v wrk >/dev/null 2>&1; then
  run python3 bench/load.py --short --jar "$jar"
else
  echo "NOTE: wrk is not installed (apt-get install wrk): the load bench is SKIPPED"
fi
# The SSE yardstick builds its Go client and trivial server (standard library only, Go 1.22 or later).
if command -v go >/dev/null 2>&1; then
  run python3 bench/sse_yardstick.py --short --jar "$jar"
else
  echo "NOTE: go is not installed: the SSE yardstick is SKIPPED"
fi
# Two replicas on one PostgreSQL: every event one records reaches a subscriber of the other, in order. Three: the
# leader killed during launches, then a rolling restart under reads.
if [ -n "${AINFINITY_TEST_PG_URL:-}" ] && command -v psql >/dev/null 2>&1; then
  run python3 bench/cross_replica.py --jobs 5 --jar "$jar"
  run python3 bench/multi_replica.py --jar "$jar"
else
  echo "NOTE: AINFINITY_TEST_PG_URL is not set or psql is missing: the cross-replica and multi-replica benches are SKIPPED"
fi
