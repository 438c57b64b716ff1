#!/usr/bin/env bash
# Fuzzes the API against its OpenAPI document with schemathesis (pinned in bench/requirements.lock, installed into
# .venv-bench by scripts/setup-bench.sh): a fresh service on a loopback port with its own data directory and the sky
# test double; every operation, with the admin token; checks for 5xx, undocumented status codes, content types and
# headers, responses against their schemas, and requests the schema calls valid (invalid) being accepted (refused).
# Prints test cases and failures per operation; exits non-zero when any check failed. See bench/fuzz.py.
#
#   bench/fuzz.sh            CI size (--short): about 1000 test cases, under 2 minutes on 2 cores
#   bench/fuzz.sh --long     500 examples per operation and phase, at most 30 minutes
#   bench/fuzz.sh --seed N   another hypothesis seed (the default is fixed so that runs are reproducible)
#   bench/fuzz.sh --report-dir DIR --keep   keep schemathesis's JUnit and NDJSON reports, and the service's files
# Other options: bench/fuzz.py --help. The jar is target/quarkus-app/quarkus-run.jar (built here if missing) or --jar.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup-bench.sh >&2
jar_given=false
for arg in "$@"; do
  case "$arg" in --jar|--jar=*) jar_given=true;; esac
done
if ! $jar_given && [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q package -DskipTests
fi
exec python3 bench/fuzz.py "$@"
