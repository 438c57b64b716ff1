#!/usr/bin/env bash
# Reconcile cost and API latency with SkyPilot jobs: runs the packaged service on a loopback port against the sky
# test double (which sleeps 1-3 s per call, like the real CLI), launches 10, 100 and 500 jobs through the API, and
# prints the sky processes per reconcile cycle and the p50/p99 of GET /api/v1/jobs while cycles run.
# Options are passed on to sky_reconcile.py (--sizes, --load-seconds, --threads).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q package -DskipTests
fi
exec python3 bench/sky_reconcile.py --jar target/quarkus-app/quarkus-run.jar "$@"
