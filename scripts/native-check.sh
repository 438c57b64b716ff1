#!/usr/bin/env bash
# The native binary: where a native-image toolchain is present, builds it and runs the whole *IT suite against it
# (./mvnw verify -Dnative), then starts it from another directory with an empty environment (no JAVA_HOME, no Temurin on
# the PATH), to show that the runner and the shared libraries beside it are all it needs. The toolchain is the first of GRAALVM_HOME,
# QUARKUS_NATIVE_GRAALVM_HOME, or what scripts/native-toolchain.sh installed (assembled here first when GRAAL_MIRROR
# is set). NATIVE_IMAGE_XMX bounds the compiler's heap (default 6g; it peaks near 4.2 GB).
#
# Without a toolchain this says that the native stage is SKIPPED, and checks what can be checked without compiling:
# Quarkus runs every native build step (-Dquarkus.native.sources-only=true), leaving in target/native-sources/ the
# native-image arguments and the jar with the reflection and resource configuration it generated, and this script
# checks that configuration against the compiled classes and the resources.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[native-check] $*"; }

find_toolchain() {
  local home
  for home in "${GRAALVM_HOME:-}" "${QUARKUS_NATIVE_GRAALVM_HOME:-}"; do
    if [[ -n $home && -x $home/bin/native-image ]]; then
      echo "$home"
      return
    fi
  done
  if [[ -n ${GRAAL_MIRROR:-} ]]; then
    ./scripts/native-toolchain.sh | sed -n 's/^GRAALVM_HOME=//p'
    return
  fi
  home=${AINFINITY_NATIVE_HOME:-$HOME/.cache/ainfinity/native}/graalvm-25.0.2
  if [[ -x $home/bin/native-image ]]; then
    echo "$home"
  fi
}

# Copies the runner and the .so files beside it elsewhere and starts it there from /, with an environment holding no
# JDK; it must become ready, answer a read from its SQLite store, and map no file of a JDK or of the toolchain.
check_relocated() {
  local graal=$1 repo=$PWD runner dir port pid status maps
  runner=$(ls target/*-runner)
  dir=$(mktemp -d)
  cp "$runner" target/*.so "$dir/"
  log "relocated to $dir: $(cd "$dir" && ls | tr '\n' ' ')"
  if ldd "$dir/$(basename "$runner")" | grep -E 'not found|/jvm/|'"$graal"; then
    log "error: the relocated runner resolves a library outside its directory (above)" >&2
    return 1
  fi
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  (cd / && exec env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$dir" QUARKUS_PROFILE=local \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" AINFINITY_DATA_DIR="$dir/data" \
    AINFINITY_TEMPLATES_DIR="$repo/skylaunch" AINFINITY_PAYLOAD_DIR="$repo/train" \
    "$dir/$(basename "$runner")" > "$dir/out.log" 2>&1) &
  pid=$!
  status=
  for _ in $(seq 1 300); do
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready" || true)
    [[ $status == 200 ]] && break
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.1
  done
  if [[ $status == 200 ]]; then
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$dir/data/admin-token")" \
      "http://127.0.0.1:$port/api/v1/jobs?limit=5")
    maps=$(grep -E '\.so|/jvm/' /proc/$pid/maps | awk '{print $6}' | sort -u | grep -E '/jvm/|'"$graal" || true)
  fi
  kill "$pid" 2> /dev/null || true
  wait "$pid" || true
  if [[ $status != 200 || -n $maps ]]; then
    tail -n 20 "$dir/out.log"
    log "error: relocated runner: GET /api/v1/jobs answered ${status:-nothing}; JDK files mapped: ${maps:-none}" >&2
    return 1
  fi
  log "relocated runner ready, GET /api/v1/jobs 200, no JDK file mapped"
  rm -rf "$dir"
}

graal=$(find_toolchain)
if [[ -n $graal ]]; then
  log "native toolchain: $graal ($("$graal/bin/native-image" --version | head -n 1))"
  start=$SECONDS
  # Maven runs on the toolchain's JDK (25); the classes still target Java 17. The unit tests ran in the JVM build.
  JAVA_HOME=$graal ./mvnw -B verify -Dnative -DskipUTs -Dquarkus.native.graalvm-home="$graal" \
    -Dquarkus.native.native-image-xmx="${NATIVE_IMAGE_XMX:-6g}"
  check_relocated "$graal"
  log "native build, *IT suite against the binary and relocation check: $((SECONDS - start)) s"
  exit 0
fi

log "SKIPPED: no native toolchain (GRAALVM_HOME, QUARKUS_NATIVE_GRAALVM_HOME, or scripts/native-toolchain.sh's)."
log "The native binary is neither built nor tested; only the native build steps are checked (sources only)."
start=$SECONDS
profiles=$(./mvnw -B -Pnative help:active-profiles)
if ! grep -q -- "- native (source: io.ainfinity:ainfinity" <<< "$profiles"; then
  echo "$profiles"
  log "error: the native profile is not active with -Pnative" >&2
  exit 1
fi
log "-Pnative: $(grep -- '- native (source' <<< "$profiles" | sed 's/^ *//')"
enabled=$(./mvnw -B -q -Dnative help:evaluate -Dexpression=quarkus.native.enabled -DforceStdout)
skip_its=$(./mvnw -B -q -Dnative help:evaluate -Dexpression=skipITs -DforceStdout)
if [[ "$enabled" != true || "$skip_its" != false ]]; then
  log "error: -Dnative gives quarkus.native.enabled=$enabled skipITs=$skip_its (want true, false)" >&2
  exit 1
fi
log "-Dnative: quarkus.native.enabled=$enabled skipITs=$skip_its"

log "running the native build steps (sources only; no native-image is called)"
./mvnw -B -q -Pnative package -Dquarkus.native.sources-only=true -DskipTests -DskipITs

python3 - <<'PY'
import fnmatch, glob, json, os, re, sys, zipfile

sources = "target/native-sources"
args = open(os.path.join(sources, "native-image.args")).read().split()
runner = glob.glob(os.path.join(sources, "*-runner.jar"))[0]
with zipfile.ZipFile(runner) as jar:
    reflect = {e["name"] for e in json.loads(jar.read("META-INF/native-image/reflect-config.json"))}
    resources = json.loads(jar.read("META-INF/native-image/resource-config.json"))
def java_regex(pattern):
    # \Q...\E quotes a literal in Java regexes; Python has no such syntax.
    return re.compile(re.sub(r"\\Q(.*?)\\E", lambda m: re.escape(m.group(1)), pattern))


patterns = [java_regex(p["pattern"]) for p in resources["resources"]["includes"]]
problems = []

if "--no-fallback" not in args:
    problems.append("native-image.args lacks --no-fallback")

# Every class carrying @RegisterForReflection is in the generated reflection configuration.
marker = b"Lio/quarkus/runtime/annotations/RegisterForReflection;"
annotated = []
for path in glob.glob("target/classes/**/*.class", recursive=True):
    code = open(path, "rb").read()
    # A class naming other classes (targets) registers those, not itself.
    if marker in code and b"targets" not in code:
        name = os.path.relpath(path, "target/classes")[:-len(".class")].replace("/", ".")
        annotated.append(name)
        if name not in reflect:
            problems.append("not registered for reflection: " + name)

# Config source factories are instantiated by the generated configuration, reflectively registered by Quarkus.
for name in open("src/main/resources/META-INF/services/io.smallrye.config.ConfigSourceFactory").read().split():
    if name not in reflect:
        problems.append("config source factory not registered: " + name)

# Every resource the code reads is in the image.
wanted = ["local/task-wrapper.sh"] + [os.path.relpath(p, "src/main/resources")
                                       for p in glob.glob("src/main/resources/db/migration/**/*.sql", recursive=True)]
for resource in wanted:
    if not any(p.fullmatch(resource) for p in patterns):
        problems.append("resource not included: " + resource)

# The SQLite driver brings its own native-image feature (JNI registration and its library as a resource).
lib = glob.glob(os.path.join(sources, "lib", "*sqlite-jdbc*.jar"))
if not lib:
    problems.append("sqlite-jdbc is not on the native-image class path")
else:
    with zipfile.ZipFile(lib[0]) as jar:
        props = [n for n in jar.namelist() if n.startswith("META-INF/native-image/") and n.endswith("native-image.properties")]
        if not any(b"SqliteJdbcFeature" in jar.read(n) for n in props):
            problems.append("sqlite-jdbc carries no SqliteJdbcFeature")

graalvm = open(os.path.join(sources, "graalvm.version")).read().strip()
print(f"[native-check] native-image.args: {len(args)} arguments; expected GraalVM/Mandrel {graalvm}")
print(f"[native-check] reflection: {len(reflect)} classes, {len(annotated)} of ours annotated; "
      f"resources: {len(patterns)} include patterns; sqlite-jdbc: {os.path.basename(lib[0]) if lib else '-'}")
if problems:
    print("\n".join("[native-check] error: " + p for p in problems), file=sys.stderr)
    sys.exit(1)
print("[native-check] ok")
PY
log "native build steps checked in $((SECONDS - start)) s"
