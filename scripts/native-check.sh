#!/usr/bin/env bash
# What can be checked of the native build without GraalVM or Mandrel: the native profile resolves, and Quarkus runs
# every native build step (-Dquarkus.native.sources-only=true), leaving in target/native-sources/ the exact
# native-image command line and the jar with the reflection and resource configuration it generated. This script then
# checks that configuration against the compiled classes and the resources. docs/NATIVE.md records its output.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[native-check] $*"; }

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
    if marker in open(path, "rb").read():
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
