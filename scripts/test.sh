#!/usr/bin/env bash
# The whole test suite, in two lanes; each lane's stages and the lane itself are timed.
#
# Fast lane, `./mvnw -B verify`: the Java service's unit and Quarkus tests, the store contract on SQLite, and the
# integration tests against the packaged jar. It needs a JDK and nothing else: no virtualenv, no real `sky`, no
# PostgreSQL, no network once Maven has its dependencies.
#
# Slow lane, what needs more than that or is slow by nature: the Java tests tagged "slow" (`./mvnw -B -Pslow test`: the
# store contract on PostgreSQL, a real CPU fine-tune through the API from .venv-train, the SkyPilot contract tests
# against the pinned CLI in .venv, a reconcile cycle over a thousand jobs), the Python training payload, the dashboard
# in headless Chromium, the checks of what ships (linted Dockerfiles and manifests), the native binary (built and put through the integration tests
# wherever a native-image toolchain is present; scripts/native-check.sh says which, and says plainly when it skipped
# them), and the short modes of the benches. PostgreSQL comes from AINFINITY_TEST_PG_URL, or is started on 127.0.0.1
# here when this machine allows it; otherwise that suite is skipped and this script says so.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
stage_start=$SECONDS
lane_start=$SECONDS
times=()
stage() {
  times+=("$(printf '  %-40s %5d s' "$1" $((SECONDS - stage_start)))")
  echo "[test] $1: $((SECONDS - stage_start)) s"
  stage_start=$SECONDS
}
lane() {
  times+=("$(printf '%-42s %5d s' "$1 lane" $((SECONDS - lane_start)))")
  echo "[test] $1 lane: $((SECONDS - lane_start)) s"
  lane_start=$SECONDS
}

# ---- Fast lane ----
./mvnw -B verify
stage "Java (./mvnw verify)"
lane "fast"

# ---- Slow lane ----
if [ -z "${AINFINITY_TEST_PG_URL:-}" ]; then
  pg_log=$(mktemp)
  if url=$(./scripts/start-test-postgres.sh 2>"$pg_log"); then
    export AINFINITY_TEST_PG_URL="$url"
  else
    echo "NOTE: PostgreSQL could not be started here; the PostgreSQL store suite will be SKIPPED. Why:"
    tail -n 5 "$pg_log"
  fi
  rm -f "$pg_log"
fi
if [ -n "${AINFINITY_TEST_PG_URL:-}" ]; then
  echo "PostgreSQL store suite runs against ${AINFINITY_TEST_PG_URL%%\?*}"
fi
# The training venv: the slow lane's end-to-end test runs a real fine-tune from it (and is skipped without it).
./scripts/setup-train.sh
# The pinned SkyPilot CLI in .venv: the contract tests check the service against it (they are skipped without it).
./scripts/setup-sky.sh
stage "PostgreSQL and virtualenvs"
# `test`, not `verify`: no *IT is slow, and the benches below use the jar the fast lane packaged.
./mvnw -B -Pslow test
stage "Java, tagged slow (./mvnw -Pslow test)"

.venv-train/bin/python -m pytest train/tests -q
stage "training payload (pytest)"

# The dashboard in Debian's Chromium, headless, driven by Playwright against the jar the fast lane packaged; skipped,
# saying why, where Chromium is not installed (.ci/run installs it). Screenshots land in target/browser-screenshots.
./scripts/setup-browser.sh
.venv-browser/bin/python -m pytest src/test/browser -q -rs
echo "screenshots: $(ls target/browser-screenshots 2>/dev/null | wc -l) in target/browser-screenshots"
stage "dashboard in a browser (pytest)"

./scripts/lint-containers.sh
python3 scripts/check-doc-links.py
stage "Dockerfile, manifest and doc-link linters"
./scripts/native-check.sh
stage "native binary and its ITs"

# The reliability and performance benches in their short modes, against the jar the fast lane packaged.
./bench/ci.sh
stage "benches, short modes"
lane "slow"

printf '[test] %s\n' "${times[@]}"
echo "[test] whole suite: $((SECONDS - start)) s"
