#!/usr/bin/env bash
# Builds one image (jvm or native) with podman on the local base images (base-images.sh), runs it as the manifests do
# (read-only root, only their writable mounts, uid 10001, 1 GiB and 1 CPU) and checks it: tini is PID 1, the
# service is ready, the README's smoke job completes and its log reads back, a stopped job leaves no process, the JVM
# stays under 60% of the memory limit under a read load, and the image's metadata and contents are what the
# Dockerfile promises. Prints its figures; exits non-zero on the first failed check.
#   scripts/ship/check-image.sh jvm|native
# native takes the binary from target/ (Dockerfile.native's BINARY=prebuilt): build it first with -Dnative.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/ship/common.sh

kind=${1:?usage: check-image.sh jvm|native}
image=localhost/ainfinity:$kind-check
name=ainfinity-check-$kind
limit_mb=1024
checks=0
pass() {
  checks=$((checks + 1))
  log "$kind ok: $*"
}

case $kind in
  jvm) args=("${base_images[@]}") ;;
  native)
    compgen -G 'target/*-runner' >/dev/null || fail "no target/*-runner: build the native binary first (-Dnative)"
    args=(--build-arg BINARY=prebuilt "${base_images[@]:4:2}") ;;
  *) fail "unknown image kind $kind (jvm or native)" ;;
esac

# The public images the Dockerfile defaults to cannot be pulled here; they must at least be pinned tags.
defaults=$(sed -n -E 's/^ARG (BUILD_IMAGE|JRE_IMAGE|BUILDER_IMAGE|RUNTIME_IMAGE)=//p' \
  "src/main/docker/Dockerfile.$kind")
[[ $(wc -l <<<"$defaults") -ge 2 ]] || fail "Dockerfile.$kind has no base image arguments"
while read -r ref; do
  [[ $ref =~ :[A-Za-z0-9._-]+$ && $ref != *:latest ]] || fail "default base image $ref is not a pinned tag"
done <<<"$defaults"
[[ $kind == jvm ]] || grep -q -E '^ARG BUILDER_IMAGE=quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-' \
  src/main/docker/Dockerfile.native || fail "the default native builder is not Quarkus's Mandrel builder"
pass "default base images pinned: $(tr '\n' ' ' <<<"$defaults")"

if [[ $kind == native ]]; then
  # The default path cannot be built here (no registry), but it must lead to the Mandrel stage, not to target/.
  mandrel=$(podman build --pull=never --build-arg BINARY=build "${base_images[@]:4:2}" \
    -f src/main/docker/Dockerfile.native . 2>&1 || true)
  [[ $mandrel == *"ubi9-quarkus-mandrel-builder-image:jdk-"*"image not known"* ]] \
    || fail "BINARY=build does not start from the Mandrel builder: $(tail -3 <<<"$mandrel")"
  pass "BINARY=build starts from the Mandrel builder (not pulled here)"
fi

t0=$SECONDS
# buildah keeps RUN --mount=type=cache directories (the Maven repository) under $TMPDIR/buildah-cache.
mkdir -p "$cache/tmp"
TMPDIR=$cache/tmp nice -n 10 "${podman_in_store[@]}" build --jobs 2 --pull=never --format docker --layers \
  -f "src/main/docker/Dockerfile.$kind" "${args[@]}" -t "$image" . >"$cache/build-$kind.log" 2>&1 \
  || { tail -40 "$cache/build-$kind.log"; fail "podman build $kind"; }
log "$kind image built in $((SECONDS - t0)) s (log: $cache/build-$kind.log)"
# The images this one replaces, and the intermediate ones nothing refers to, go: the store stays the size of one
# build (the runtime layers under the image stay cached; the jar is rebuilt, with the Maven repository cached).
podman image prune -f >/dev/null

# --- what the image declares
inspect() { podman image inspect --format "$1" "$image"; }
[[ $(inspect '{{.Config.User}}') == 10001:10001 ]] || fail "user is $(inspect '{{.Config.User}}')"
entrypoint=$(inspect '{{json .Config.Entrypoint}}')
[[ $entrypoint == '["/usr/bin/tini","--"]' ]] || fail "entrypoint $entrypoint"
ports=$(inspect '{{json .Config.ExposedPorts}}')
[[ $ports == '{"8000/tcp":{}}' ]] || fail "ports $ports"
[[ $(inspect '{{json .Config.Healthcheck.Test}}') == *'http://127.0.0.1:8000/q/health/live'* ]] \
  || fail "no liveness health check"
volumes=$(inspect '{{range $k, $v := .Config.Volumes}}{{$k}} {{end}}')
[[ $volumes == "/data /home/ainfinity/.kube /home/ainfinity/.sky " ]] || fail "volumes: $volumes"
envs=$(inspect '{{range .Config.Env}}{{.}} {{end}}')
for e in AINFINITY_DATA_DIR=/data AINFINITY_TEMPLATES_DIR=/opt/ainfinity/skylaunch \
  AINFINITY_PAYLOAD_DIR=/opt/ainfinity/train; do
  [[ " $envs" == *" $e "* ]] || fail "missing ENV $e"
done
pass "metadata: user 10001:10001, tini entrypoint, port 8000, liveness health check, 3 volumes, the data," \
  "template and payload directories"

inside() { podman run --rm --network none --no-healthcheck --entrypoint "$1" "$image" "${@:2}"; }
sky_version=$(inside sky --version)
[[ $sky_version == *"version 0.14.1"* ]] || fail "sky --version: $sky_version"
inside /opt/skypilot/bin/python -c 'import kubernetes, boto3' \
  || fail "SkyPilot's default extras (kubernetes, aws) are missing"
leftovers=$(inside find /opt/ainfinity -name __pycache__ -o -name '*.egg-info' -o -name .pytest_cache)
[[ -z $leftovers ]] || fail "build leftovers in /opt/ainfinity: $leftovers"
inside test -f /opt/ainfinity/skylaunch/local-smoke.yaml || fail "templates missing"
pass "contents: $sky_version with kubernetes and aws, templates and payload without build leftovers"

# --- the build context: what .dockerignore lets through
printf '%s\n' "FROM localhost/ainfinity-base/python:$base_tag" 'COPY . /context/' \
  'RUN cd /context && find . -type f | sort > /files' >"$cache/Dockerfile.context"
podman build --pull=never --layers=false -q -f "$cache/Dockerfile.context" -t localhost/ainfinity-context:check . \
  >/dev/null
sent=$(podman run --rm --network none --no-healthcheck localhost/ainfinity-context:check cat /files)
podman rmi -f localhost/ainfinity-context:check >/dev/null
allowed='^\./(mvnw|pom\.xml|\.mvn/.*|src/main/.*|skylaunch/.*|train/.*|target/[^/]*-runner|target/[^/]*\.so)$'
unexpected=$(grep -v -E "$allowed" <<<"$sent" || true)
[[ -z $unexpected ]] \
  || fail "the build context sends $(wc -l <<<"$unexpected") unexpected files: $(head -3 <<<"$unexpected")"
grep -q -E '__pycache__|\.egg-info/|\.pytest_cache' <<<"$sent" && fail "the build context sends Python build leftovers"
pass "build context: $(wc -l <<<"$sent") files, only mvnw, .mvn, pom.xml, src/main, skylaunch, train and a" \
  "native runner"

# --- sizes
size_mb=$(($(inspect '{{.Size}}') / 1000000))
log "$kind image: $size_mb MB; largest layers:"
podman history --format json "$image" | python3 -c '
import json, sys
for layer in sorted(json.load(sys.stdin), key=lambda l: -l["size"])[:4]:
    print("  %5d MB  %s" % (layer["size"] / 1e6, layer["CreatedBy"][:100]))' >&2
log "$kind image: MB by directory:"
inside du -sxm /opt/skypilot /opt/java /deployments /usr /var 2>/dev/null | sort -n -r | sed 's/^/  /' >&2 || true

# --- run it like the manifests: read-only root, their writable mounts only, uid 10001, 1 GiB, 1 CPU; reads are not
# rate-limited, so that the load below reaches the service rather than its 429s
cleanup() {
  podman rm -f -t 5 "$name" >/dev/null 2>&1 || true
  for m in "${writable_mounts[@]}"; do podman volume rm -f "$name$(tr / - <<<"$m")" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
cleanup
mounts=()
for m in "${writable_mounts[@]}"; do mounts+=(-v "$name$(tr / - <<<"$m"):$m"); done
port=$(free_port)
base=http://127.0.0.1:$port
t0=$(date +%s.%N)
# No systemd here to time the image's HEALTHCHECK: it is run once by hand below.
podman run -d --name "$name" --health-interval=disable --read-only --read-only-tmpfs=false --image-volume=ignore \
  "${mounts[@]}" --memory ${limit_mb}m --memory-swap ${limit_mb}m --cpus 1 -p "127.0.0.1:$port:8000" \
  -e QUARKUS_PROFILE=local \
  -e AINFINITY_RATE_LIMIT_READS_PER_MINUTE=100000000 "$image" >/dev/null
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "$base/q/health/ready" && break
  if [[ $(podman inspect --format '{{.State.Running}}' "$name") != true ]]; then
    podman logs "$name" | tail -30
    fail "the container exited"
  fi
  sleep 0.2
done
curl -sf -o /dev/null "$base/q/health/ready" || { podman logs "$name" | tail -30; fail "not ready after 120 s"; }
ready_s=$(python3 -c "import time; print('%.1f' % (time.time() - $t0))")
started=$(podman logs "$name" 2>&1 | grep -o -m1 'started in [0-9.]*s' || true)
podman healthcheck run "$name" >/dev/null || fail "the image's HEALTHCHECK fails on a ready service"
pass "ready $ready_s s after podman run (${started:-no start line}); the HEALTHCHECK passes"

exec_in() { podman exec "$name" "$@"; }
[[ $(exec_in cat /proc/1/comm) == tini ]] || fail "PID 1 is $(exec_in cat /proc/1/comm)"
# Processes that podman exec starts have no parent inside the container: tini's only child is the service.
service_pid=$(exec_in pgrep -o -P 1)
command_line=$(exec_in cat "/proc/$service_pid/cmdline" | tr '\0' ' ')
[[ $command_line == *quarkus-run.jar* || $command_line == /deployments/ainfinity* ]] \
  || fail "tini's child is $command_line"
uid=$(exec_in awk '/^Uid:/ {print $2 ":" $3}' "/proc/$service_pid/status")
[[ $uid == 10001:10001 ]] || fail "the service runs as uid $uid"
[[ $(exec_in awk '/^PPid:/ {print $2}' "/proc/$service_pid/status") == 1 ]] || fail "the service is not tini's child"
exec_in touch /opt/ainfinity/probe 2>/dev/null && fail "the root file system is writable"
for m in "${writable_mounts[@]}"; do exec_in touch "$m/.probe" || fail "$m is not writable"; done
pass "tini is PID 1, the service (pid $service_pid) runs as 10001:10001 under it, root read-only," \
  "${writable_mounts[*]} writable"

if [[ $kind == jvm ]]; then
  flags=$(exec_in jcmd "$service_pid" VM.flags)
  heap=$(grep -o -E -- '-XX:MaxHeapSize=[0-9]+' <<<"$flags" | cut -d= -f2)
  [[ $heap =~ ^[0-9]+$ ]] || fail "no maximum heap size in: $flags"
  heap_mb=$((heap / 1048576))
  (( heap_mb > limit_mb * 30 / 100 && heap_mb <= limit_mb * 45 / 100 )) \
    || fail "max heap $heap_mb MB under $limit_mb MB"
  grep -q -E -- '-XX:MaxDirectMemorySize=67108864' <<<"$flags" || fail "direct memory is not bounded: $flags"
  pass "the JVM sized itself from the container's limit: max heap $heap_mb MB, direct memory 64 MB"
fi

# --- the README's smoke job, then a stopped one
token=$(exec_in cat /data/admin-token)
api() { # curl arguments; prints the body of a 2xx answer, fails loudly on anything else
  local out
  out=$(curl -sS -w '\n%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@")
  [[ ${out##*$'\n'} == 2* ]] || fail "HTTP ${out##*$'\n'} from $*: $(head -c 400 <<<"${out%$'\n'*}")"
  printf '%s' "${out%$'\n'*}"
}
status() {
  api "$base/api/v1/jobs/$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["job_info"]["status"])'
}
await_status() { # job, wanted statuses (regex), seconds
  local s
  for _ in $(seq 1 $(($3 * 5))); do
    s=$(status "$1")
    [[ $s =~ ^($2)$ ]] && { echo "$s"; return; }
    sleep 0.2
  done
  fail "$1 is $s after $3 s, wanted $2"
}
t0=$SECONDS
api -X POST "$base/api/v1/jobs" -d '{"job_name": "smoke-1", "template": "local-smoke"}' >/dev/null
s=$(await_status smoke-1 'completed|failed|stopped|unknown' 120)
[[ $s == completed ]] || { api "$base/api/v1/jobs/smoke-1/logs?tail=20" || true; fail "smoke-1 ended $s"; }
logs=$(api "$base/api/v1/jobs/smoke-1/logs?tail=20")
[[ $logs == *"smoke step 5/5"* && $logs == *"smoke finished with exit code 0"* ]] || fail "smoke-1 log: $logs"
pass "smoke-1 completed in $((SECONDS - t0)) s; its log reads back"

task_processes() { exec_in ps -e -o pid=,args= | grep -v -E "^ *(1|$service_pid) |ps -e -o" || true; }
api -X POST "$base/api/v1/jobs" -d '{"job_name": "smoke-2", "template": "local-smoke",
  "envs": {"SMOKE_STEPS": "600", "SMOKE_SLEEP_SECONDS": "1"}}' >/dev/null
await_status smoke-2 running 60 >/dev/null
for _ in $(seq 1 100); do
  [[ $(api "$base/api/v1/jobs/smoke-2/logs?tail=5") == *"smoke step"* ]] && break
  sleep 0.2
done
running=$(task_processes)
[[ -n $running ]] || fail "smoke-2 is running but no task process is seen"
api -X DELETE "$base/api/v1/jobs/smoke-2" >/dev/null
await_status smoke-2 stopped 60 >/dev/null
left=$(task_processes)
[[ -z $left ]] || fail "smoke-2 stopped but left: $left"
pass "smoke-2 stopped; its $(wc -l <<<"$running") processes are gone"

# --- memory under a read load (JVM: heap and direct memory are bounded by src/main/jvm/jvm.options)
if command -v wrk >/dev/null; then
  for i in $(seq 1 20); do
    api -X POST "$base/api/v1/jobs" \
      -d "{\"job_name\": \"load-$i\", \"template\": \"local-smoke\", \"envs\": {\"SMOKE_STEPS\": \"1\"}}" >/dev/null
  done
  # Sampled from the host's /proc: the service is tini's only child there too.
  host_pid=$(pgrep -o -P "$(podman inspect --format '{{.State.Pid}}' "$name")")
  rss_file=$(mktemp)
  (while [[ -e /proc/$host_pid ]]; do awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$host_pid/status"; sleep 1; done) \
    >"$rss_file" 2>/dev/null &
  sampler=$!
  wrk -t2 -c16 -d"${LOAD_SECONDS:-30}s" --latency -H "Authorization: Bearer $token" "$base/api/v1/jobs?limit=50" \
    >"$cache/wrk-$kind.log"
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  rps=$(awk '/Requests\/sec/ {print int($2)}' "$cache/wrk-$kind.log")
  ! grep -q -E 'Non-2xx|Socket errors' "$cache/wrk-$kind.log" || fail "errors under load: $(cat "$cache/wrk-$kind.log")"
  max_rss=$(sort -n "$rss_file" | tail -1)
  [[ $(wc -l <"$rss_file") -ge 10 && $max_rss =~ ^[0-9]+$ ]] || fail "too few RSS samples: $(tr '\n' ' ' <"$rss_file")"
  log "$kind under load: $rps req/s; service RSS $(head -1 "$rss_file") -> max $max_rss MB," \
    "$(wc -l <"$rss_file") samples"
  rm -f "$rss_file"
  (( max_rss * 100 < limit_mb * 60 )) || fail "RSS $max_rss MB is over 60% of the $limit_mb MB limit"
  [[ $(podman inspect --format '{{.State.OOMKilled}}' "$name") == false ]] || fail "OOM-killed"
  pass "RSS under load at most $max_rss MB ($((max_rss * 100 / limit_mb))% of $limit_mb MB)"
else
  log "wrk is not installed (Debian package wrk): the memory check under load is SKIPPED"
fi

t0=$(date +%s.%N)
podman stop -t 30 "$name" >/dev/null
stop_s=$(python3 -c "import time; print('%.1f' % (time.time() - $t0))")
log "$kind stopped in $stop_s s, exit code $(podman inspect --format '{{.State.ExitCode}}' "$name")"
echo "[ship] $kind image: $checks checks passed; $size_mb MB; ready in $ready_s s"
