#!/usr/bin/env python3
"""Injection bench: canary payloads in every string field of a launch, each launched end to end on the local backend.
Python 3 stdlib; the rendered task YAML is parsed by PyYAML in .venv-bench (scripts/setup-bench.sh) or .venv.

Payloads: shell ($(...), backticks, ;, &&, |, quote breaking), YAML (a newline that starts new keys, a new document,
a Python tag), template syntax ({{ ... }}, ${...}, an evaluation probe), path traversal and an absolute path. Each
names a canary file of its own in a fresh temp directory (absolute path), so a payload that runs tells which case it
was. Fields: job_name, template, mode, every resources string, every training string (config_file, dataset, model,
output_dir, accelerate_config, extra_args keys and values), labels keys and values, envs keys and values (a value
under WANDB_NOTES, a name the service accepts by default and the template does not read), and env values under names
that mean something to the task: a knob the template's run reads (SMOKE_STEPS), the template's own ACCELERATE_CONFIG,
and names bash itself interprets (BASH_ENV, ENV, PS4 with SHELLOPTS=xtrace, PROMPT_COMMAND).
Training fields launch the real deepspeed template (config_file cpu_tiny, one step; needs .venv-train, else they are
skipped), the others the real local-smoke template.

A case passes when the launch is either refused with a 4xx application/problem+json whose errors[] names the field,
or accepted and then inert: the job ends; GET /api/v1/jobs/{name}/task parses as one YAML document with the same
top-level keys, setup and run as the template's own (and the run directory's setup.sh and run.sh hold exactly those);
the payload appears verbatim where the field belongs and never as a key; no canary file appears; nothing is written
outside the data directory, except training output (training.output_dir, documented as relative to the service's
working directory) inside that working directory, which is listed. At the end the canary directory, the service's
working directory, the repository and /tmp are searched for the run's token. Exit status 1 if any case failed.

Run: scripts/setup-bench.sh once, then `python3 bench/injection.py` (--short, the default: 227 cases, about 2 minutes
on 2 cores, most of it the 35 training cases), `--full` (every payload in every field), `--fields "envs.BASH_ENV,..."`
to try some fields, `--jar PATH` (default target/quarkus-app/quarkus-run.jar), `--keep` to look at the files after.
The service is harness.Service (loopback, its own temp data dir, rate limits lifted, the sky test double); the
deepspeed template runs in the service's working directory, which gets links to the repository's train/ and
.venv-train, as in the repository root. A payload that works only ever touches its canary file.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

ROOT = harness.ROOT
TRAIN_VENV = os.path.join(ROOT, ".venv-train")
YAML_PYTHONS = [os.path.join(ROOT, ".venv-bench", "bin", "python"), os.path.join(ROOT, ".venv", "bin", "python")]


def payloads(canary, canary_dir, case):
    """Every payload for one case; `canary` is the absolute path that must never come to exist."""
    return {
        "cmd-subst": "$(touch %s)" % canary,
        "backticks": "`touch %s`" % canary,
        "semicolon": "; touch %s" % canary,
        "and-and": "&& touch %s" % canary,
        "pipe": "| touch %s" % canary,
        "quote-break": "'\"; touch %s; echo \"'" % canary,
        "yaml-newline": "x\nrun: touch %s" % canary,
        "yaml-document": "x\n---\nsetup: touch %s\nrun: touch %s\n" % (canary, canary),
        "yaml-tag": "!!python/object/apply:os.system [\"touch %s\"]" % canary,
        "jinja": "{{ lipsum.__globals__['os'].popen('touch %s').read() }}" % canary,
        "eval-probe": "{{7*7}}${7*7}#{7*7}$((7*7))${HOME}${oc.env:HOME}",
        "traversal": "../../../../../../../../.." + canary,
        "absolute-path": os.path.join(canary_dir, "ABS-%d" % case),
    }


SHORT_PAYLOADS = ["cmd-subst", "backticks", "semicolon", "and-and", "quote-break", "yaml-newline", "yaml-document",
                  "jinja", "eval-probe", "traversal", "absolute-path"]
# Training cases run the real payload (torch): fewer of them in --short.
SHORT_TRAINING_PAYLOADS = ["cmd-subst", "yaml-newline", "jinja", "traversal", "absolute-path"]


def setter(*path, as_key=False, suffix="", extra=()):
    """Puts the payload (plus `suffix`) at `path` in the body, or as a key of the map at `path` when `as_key`; `extra`
    is (path, value) pairs set first. Returns the value it put."""
    def at(body, parts):
        node = body
        for part in parts:
            node = node.setdefault(part, {})
        return node

    def put(body, payload):
        for parts, item in extra:
            at(body, parts[:-1])[parts[-1]] = item
        value = payload + suffix
        if as_key:
            at(body, path)[value] = "1"
        else:
            at(body, path[:-1])[path[-1]] = value
        return value
    return put


# (field label, template kind, how to set it, the errors[] field that must name it, where it shows in the task YAML)
# where: ("yaml", key, ...) a path in the task | ("env-key",) | ("training", key) a key of AINFINITY_TRAINING |
# ("training-key",) a key of its extra_args | ("training-extra", key) a value of its extra_args |
# ("baseline", key, ...) a path that must keep the template's value | None: not rendered
FIELDS = [
    # The task's name is the job's key (harness.job_key), which starts with the job's name.
    ("job_name", "smoke", setter("job_name"), "job_name", ("yaml", "name")),
    ("template", "smoke", setter("template"), "template", None),
    ("mode", "smoke", setter("mode"), "mode", None),
    ("resources.infra", "smoke", setter("resources", "infra"), "resources.infra", None),
    ("resources.accelerators", "smoke", setter("resources", "accelerators"), "resources.accelerators",
     ("yaml", "resources", "accelerators")),
    ("resources.image_id", "smoke", setter("resources", "image_id"), "resources.image_id",
     ("yaml", "resources", "image_id")),
    ("resources.memory", "smoke", setter("resources", "memory"), "resources.memory", ("yaml", "resources", "memory")),
    ("resources.cpus", "smoke", setter("resources", "cpus"), "resources.cpus", ("yaml", "resources", "cpus")),
    ("labels key", "smoke", setter("labels", as_key=True), "labels", None),
    ("labels value", "smoke", setter("labels", "team"), "labels", None),
    ("envs key", "smoke", setter("envs", as_key=True), "envs", ("env-key",)),
    ("envs value", "smoke", setter("envs", "WANDB_NOTES"), "envs", ("yaml", "envs", "WANDB_NOTES")),
    ("envs.SMOKE_STEPS", "smoke", setter("envs", "SMOKE_STEPS"), "envs", ("yaml", "envs", "SMOKE_STEPS")),
    ("envs.BASH_ENV", "smoke", setter("envs", "BASH_ENV"), "envs", ("yaml", "envs", "BASH_ENV")),
    ("envs.ENV", "smoke", setter("envs", "ENV"), "envs", ("yaml", "envs", "ENV")),
    ("envs.PS4+SHELLOPTS", "smoke", setter("envs", "PS4", extra=[(("envs", "SHELLOPTS"), "xtrace")]), "envs",
     ("yaml", "envs", "PS4")),
    ("envs.PROMPT_COMMAND", "smoke", setter("envs", "PROMPT_COMMAND"), "envs", ("yaml", "envs", "PROMPT_COMMAND")),
    ("training.config_file", "train", setter("training", "config_file"), "training.config_file",
     ("training", "config_file")),
    # Suffixed so that it is taken as a data file path (the service checks only the suffix of paths).
    ("training.dataset", "train", setter("training", "dataset", suffix=".jsonl"), "training.dataset",
     ("training", "dataset")),
    ("training.model", "train", setter("training", "model"), "training.model", ("training", "model")),
    ("training.output_dir", "train", setter("training", "output_dir"), "training.output_dir",
     ("training", "output_dir")),
    ("training.accelerate_config", "train", setter("training", "accelerate_config"), "training.accelerate_config",
     ("training", "accelerate_config")),
    ("training.extra_args key", "train", setter("training", "extra_args", as_key=True), "training.extra_args",
     ("training-key",)),
    ("training.extra_args value", "train", setter("training", "extra_args", "training.logging_steps"),
     "training.extra_args", ("training-extra", "training.logging_steps")),
    # The template's own env: the service must keep the checked training.accelerate_config, not the request's env.
    ("envs.ACCELERATE_CONFIG", "train", setter("envs", "ACCELERATE_CONFIG"), "envs",
     ("baseline", "envs", "ACCELERATE_CONFIG")),
]


def base_body(kind, name):
    if kind == "smoke":
        return {"job_name": name, "template": "local-smoke", "resources": {"infra": "local"}}
    # The real deepspeed template on the real payload: the tiny CPU config, one optimizer step.
    return {"job_name": name, "template": "deepspeed", "resources": {"infra": "local"},
            "training": {"config_file": "cpu_tiny", "output_dir": "outputs/" + name,
                         "extra_args": {"training.max_steps": "1"}}}


def yaml_python():
    """A Python with PyYAML: .venv-bench's (installed here by scripts/setup-bench.sh when missing), else .venv's."""
    def usable(python):
        return os.path.exists(python) and subprocess.call(
            [python, "-c", "import yaml"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0
    if not any(usable(python) for python in YAML_PYTHONS):
        subprocess.check_call([os.path.join(ROOT, "scripts", "setup-bench.sh")], stdout=sys.stderr)
    for python in YAML_PYTHONS:
        if usable(python):
            return python
    raise SystemExit("no Python with PyYAML: scripts/setup-bench.sh did not provide one")


PARSE = r"""
import json, sys, yaml
out = []
for text in json.load(sys.stdin):
    try:
        docs = list(yaml.safe_load_all(text))
        out.append({"docs": len(docs), "value": docs[0] if docs else None})
    except yaml.YAMLError as e:
        out.append({"error": str(e).splitlines()[0]})
json.dump(out, sys.stdout, default=str)
"""


def parse_yaml(python, texts):
    result = subprocess.run([python, "-c", PARSE], input=json.dumps(texts), capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout)


def dig(doc, path):
    node = doc
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def keys_of(node, prefix=""):
    """Every map key in a parsed document, with its path."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield prefix + str(key), key
            yield from keys_of(value, prefix + str(key) + ".")
    elif isinstance(node, list):
        for item in node:
            yield from keys_of(item, prefix)


def snapshot(top, skip):
    """Every path under `top` except those under `skip` (absolute paths)."""
    paths = set()
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) not in skip]
        for name in dirnames + filenames:
            paths.add(os.path.join(dirpath, name))
    return paths


def find_token(token, roots, prune, depth=6):
    """Paths whose name holds the run's token under `roots`, at most `depth` levels down (not into `prune`)."""
    found = []
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            level = dirpath[len(root):].count(os.sep)
            dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) not in prune and level < depth]
            found += [os.path.join(dirpath, n) for n in dirnames + filenames if token in n]
    return found


class Case:
    def __init__(self, number, field, kind, put, error_field, where, payload_name, payload, canary):
        self.number, self.field, self.kind, self.put = number, field, kind, put
        self.error_field, self.where = error_field, where
        self.payload_name, self.payload, self.canary = payload_name, payload, canary
        self.name = "inj-%d" % number
        self.body = base_body(kind, self.name)
        self.value = put(self.body, payload)  # what the body holds: the payload, perhaps with a suffix
        if field == "job_name":
            self.name = self.value
        self.path = "/api/v1/jobs/" + urllib.parse.quote(self.name, safe="")
        self.backend = None
        self.status = None      # HTTP status of the launch
        self.final = None       # the job's last status
        self.error = None       # the job's error_message
        self.key = None         # the job's key (harness.job_key): its task's name, its run directory
        self.task = None        # GET .../task text
        self.run_files = {}     # setup.sh, run.sh, task.yaml of the run directory
        self.outcome = None
        self.problems = []      # why the case failed
        self.notes = []


def launch(service, case):
    r = service.post("/api/v1/jobs", case.body)
    case.status = r.status
    if r.status == 201:
        return True
    content_type = (r.headers.get("Content-Type") or r.headers.get("content-type") or "").split(";")[0]
    try:
        problem = r.json()
    except ValueError:
        problem = None
    named = [e.get("field", "") for e in (problem or {}).get("errors") or []]
    if 400 <= r.status < 500 and content_type == "application/problem+json" and any(
            f == case.error_field or f.startswith(case.error_field + ".") for f in named):
        case.outcome = "rejected %d, names %s" % (r.status, ", ".join(sorted(set(named)))[:60])
    else:
        case.outcome = "REFUSED WRONGLY %d" % r.status
        case.problems.append("%d %s, errors name %s, not %s" % (r.status, content_type, named, case.error_field))
    return False


def await_end(service, cases, timeout):
    end = time.time() + timeout
    pending = list(cases)
    while pending and time.time() < end:
        still = []
        for case in pending:
            r = service.get(case.path)
            job = r.json()["job_info"] if r.status == 200 else None
            if job and job["status"] in ("completed", "failed", "stopped"):
                case.final, case.error, case.backend = job["status"], job.get("error_message"), job.get("backend")
            else:
                still.append(case)
        pending = still
        if pending:
            time.sleep(0.5)
    for case in pending:
        case.problems.append("did not end within %d s (stopped)" % timeout)
        service.request("DELETE", case.path)


def collect(service, case, data_dir):
    r = service.get(case.path + "/task")
    case.task = r.body.decode() if r.status == 200 else None
    if case.task is None:
        case.problems.append("GET task answered %d" % r.status)
    # A local run's files are in <data>/runs/<key>/; a SkyPilot job's task file in <data>/sky/<key>/.
    case.key = service.key(case.name)
    local = case.backend in (None, "local")
    parent = os.path.join(data_dir, "runs" if local else "sky")
    run_dir = os.path.join(parent, case.key)
    real = os.path.realpath(run_dir)
    if not real.startswith(os.path.realpath(parent) + os.sep):
        case.problems.append("run directory %s resolves outside the data directory" % real)
    for name in ("setup.sh", "run.sh", "task.yaml") if local else ("task.yaml",):
        try:
            with open(os.path.join(run_dir, name)) as f:
                case.run_files[name] = f.read()
        except OSError as e:
            case.problems.append("run directory lacks %s (%s)" % (name, e.strerror))


def judge(case, parsed, baseline, extra_env_keys):
    """Checks an accepted case's rendered task against its template's baseline."""
    if "error" in parsed:
        case.problems.append("task YAML does not parse: " + parsed["error"])
        return
    if parsed["docs"] != 1:
        case.problems.append("task YAML holds %d documents" % parsed["docs"])
    doc = parsed["value"]
    if not isinstance(doc, dict):
        case.problems.append("task YAML is not a map")
        return
    if sorted(doc) != sorted(baseline):
        case.problems.append("top-level keys %s, expected %s" % (sorted(doc), sorted(baseline)))
    for key in ("setup", "run", "workdir", "num_nodes", "file_mounts", "secrets"):
        if doc.get(key) != baseline.get(key):
            case.problems.append("%s differs from the template's" % key)
    if "setup.sh" in case.run_files and case.run_files["setup.sh"] != (baseline.get("setup") or ""):
        case.problems.append("run directory's setup.sh differs from the template's setup")
    if "run.sh" in case.run_files and case.run_files["run.sh"] != (baseline.get("run") or ""):
        case.problems.append("run directory's run.sh differs from the template's run")
    if case.run_files.get("task.yaml") not in (None, case.task):
        case.problems.append("run directory's task.yaml differs from GET task")
    allowed_envs = set(baseline.get("envs") or {}) | extra_env_keys
    if set(doc.get("envs") or {}) - allowed_envs:
        case.problems.append("unexpected envs %s" % sorted(set(doc.get("envs") or {}) - allowed_envs))
    allowed_resources = set(baseline.get("resources") or {}) | {"accelerators", "cpus", "memory", "disk_size",
                                                                 "image_id", "use_spot", "infra"}
    if set(doc.get("resources") or {}) - allowed_resources:
        case.problems.append("unexpected resources %s" % sorted(set(doc.get("resources") or {}) - allowed_resources))
    for path, key in keys_of(doc):
        if isinstance(key, str) and key == case.value and case.where != ("env-key",):
            case.problems.append("payload became the key %s" % path)
    # The payload, verbatim, where the field belongs.
    where = case.where
    if where is None:
        return
    training = {}
    try:
        training = json.loads((doc.get("envs") or {}).get("AINFINITY_TRAINING") or "{}")
    except ValueError:
        case.problems.append("AINFINITY_TRAINING is not JSON")
    if where[0] == "baseline":
        if dig(doc, where[1:]) != dig(baseline, where[1:]):
            case.problems.append("%s is %r, not the template's %r" % (
                "/".join(where[1:]), dig(doc, where[1:]), dig(baseline, where[1:])))
        return
    if where == ("yaml", "name"):
        if doc.get("name") != case.key:
            case.problems.append("the task's name is %r, not the job's key %r" % (doc.get("name"), case.key))
        return
    if where[0] == "yaml":
        found = dig(doc, where[1:])
    elif where[0] == "env-key":
        found = case.value if case.value in (doc.get("envs") or {}) else None
    elif where[0] == "training":
        found = training.get(where[1])
    elif where[0] == "training-key":
        found = case.value if case.value in (training.get("extra_args") or {}) else None
    else:
        found = (training.get("extra_args") or {}).get(where[1])
    if found != case.value:
        case.problems.append("the value at %s is %r, not the payload verbatim" % ("/".join(where), found))


def one_line(text):
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def added_envs(case):
    """The env names a case adds to its template's."""
    names = set()
    if case.where == ("env-key",):
        names.add(case.value)
    if case.where and case.where[0] == "yaml" and case.where[1] == "envs":
        names.add(case.where[2])
    if case.field == "envs.PS4+SHELLOPTS":
        names.add("SHELLOPTS")
    return names


def attribute(new_paths, cases, workdir):
    """Splits the new paths outside the data directory into training output (the default outputs/<job>, or the
    output_dir a case asked for, with the directories leading to it) and everything else."""
    targets = [os.path.join(workdir, "outputs")]
    for case in cases:
        if case.status == 201 and case.field == "training.output_dir":
            target = os.path.normpath(os.path.join(workdir, case.value))
            if target == workdir or target.startswith(workdir + os.sep):
                targets.append(target)
                case.notes.append("training output written under the working directory, at " + os.path.relpath(
                    target, workdir))
    output, stray = [], []
    for path in new_paths:
        inside = any(path == t or path.startswith(t + os.sep) or t.startswith(path + os.sep) for t in targets)
        (output if inside else stray).append(path)
    return output, stray


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jar", default=harness.DEFAULT_JAR)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--short", dest="mode", action="store_const", const="short",
                      help="%d payloads per field, %d per training field (the default)" % (
                          len(SHORT_PAYLOADS), len(SHORT_TRAINING_PAYLOADS)))
    mode.add_argument("--full", dest="mode", action="store_const", const="full", help="every payload in every field")
    parser.set_defaults(mode="short")
    parser.add_argument("--fields", help="comma-separated field labels to try (default: all)")
    parser.add_argument("--parallel", type=int, default=12, help="local-smoke jobs running at once")
    parser.add_argument("--parallel-training", type=int, default=2, help="training jobs running at once")
    parser.add_argument("--keep", action="store_true", help="keep the work and canary directories")
    args = parser.parse_args()
    if not os.path.exists(args.jar):
        raise SystemExit("%s is missing: build it (./mvnw -B package -DskipTests) or pass --jar" % args.jar)
    python = yaml_python()

    token = uuid.uuid4().hex[:12]
    canary_dir = tempfile.mkdtemp(prefix="ainfinity-canary-%s-" % token)
    workdir = tempfile.mkdtemp(prefix="ainfinity-injection-")
    data_dir = os.path.join(workdir, "data")
    # The service's working directory is where `workdir: .` templates run: give the deepspeed template the payload
    # and its venv there, as in the repository root, so that it trains instead of installing anything.
    training = os.path.exists(os.path.join(TRAIN_VENV, "bin", "python"))
    if training:
        os.symlink(TRAIN_VENV, os.path.join(workdir, ".venv-train"))
        os.symlink(os.path.join(ROOT, "train"), os.path.join(workdir, "train"))

    wanted = set(args.fields.split(",")) if args.fields else None
    cases, skipped = [], []
    number = 0
    for field, kind, put, error_field, where in FIELDS:
        if wanted is not None and field not in wanted:
            continue
        names = list(payloads("", "", 0)) if args.mode == "full" else (
            SHORT_TRAINING_PAYLOADS if kind == "train" else SHORT_PAYLOADS)
        for payload_name in names:
            number += 1
            canary = os.path.join(canary_dir, "CANARY-%d" % number)
            payload = payloads(canary, canary_dir, number)[payload_name]
            case = Case(number, field, kind, put, error_field, where, payload_name, payload, canary)
            (cases if kind == "smoke" or training else skipped).append(case)
    if skipped:
        print("injection: %d training cases skipped: %s is missing (scripts/setup-train.sh)" % (
            len(skipped), TRAIN_VENV))

    service = harness.Service(workdir, jar=args.jar, env={"AINFINITY_LOCAL_STOP_GRACE": "2S"})
    failed = True
    try:
        service.start()
        service.wait_ready()
        before = snapshot(workdir, {data_dir})
        print("injection: service on %s, work dir %s, canaries in %s; %d cases (%s)" % (
            service.base, workdir, canary_dir, len(cases), args.mode), flush=True)

        # One clean launch per template: the task every accepted case must still render to.
        baselines = {}
        for kind in sorted({case.kind for case in cases}):
            name = "baseline-" + kind
            r = service.post("/api/v1/jobs", base_body(kind, name))
            if r.status != 201:
                raise SystemExit("injection: the %s baseline launch failed: %d %s" % (kind, r.status, r.body[:300]))
            status = service.await_status(name, ("completed", "failed", "stopped"), 300)
            if status != "completed":
                raise SystemExit("injection: the %s baseline ended %s: %s" % (
                    kind, status, (service.job(name) or {}).get("error_message")))
            baselines[kind] = parse_yaml(python, [service.get("/api/v1/jobs/%s/task" % name).body.decode()])[0]["value"]

        t0 = time.time()
        for kind, limit, timeout in (("smoke", args.parallel, 120), ("train", args.parallel_training, 600)):
            running = []
            for case in [c for c in cases if c.kind == kind]:
                if launch(service, case):
                    running.append(case)
                if len(running) >= limit:
                    await_end(service, running, timeout)
                    for done in running:
                        collect(service, done, data_dir)
                    running = []
            await_end(service, running, timeout)
            for done in running:
                collect(service, done, data_dir)

        accepted = [c for c in cases if c.status == 201]
        parsed = parse_yaml(python, [c.task or "" for c in accepted])
        for case, result in zip(accepted, parsed):
            if case.task is not None:
                judge(case, result, baselines[case.kind], added_envs(case))

        # Canaries, and files written outside the data directory.
        time.sleep(1)
        new_paths = sorted(snapshot(workdir, {data_dir}) - before)
        output, stray = attribute(new_paths, cases, workdir)
        for case in cases:
            if os.path.lexists(case.canary):
                case.problems.append("CANARY %s exists" % case.canary)
            abs_path = os.path.join(canary_dir, "ABS-%d" % case.number)
            if os.path.lexists(abs_path):
                case.problems.append("written outside the data and working directories: %s" % abs_path)
        leftovers = [os.path.join(canary_dir, n) for n in sorted(os.listdir(canary_dir))]
        token_paths = find_token(token, [ROOT, tempfile.gettempdir()],
                                 prune={os.path.join(ROOT, d) for d in (".git", ".venv", ".venv-train", ".venv-bench",
                                                                        "target")} | {canary_dir, workdir})
        took = time.time() - t0

        # Report.
        for case in cases:
            if case.status == 201:
                state = "%s%s" % (case.final or "?", (": " + case.error.splitlines()[0][:50]) if case.error else "")
                case.outcome = ("ACCEPTED, UNSAFE" if case.problems else "accepted, inert") + " (%s)" % state
        print("\npayloads (<C> is the case's canary file, <D> the canary directory):")
        shown = {c.payload_name for c in cases}
        for name, text in payloads("<C>", "<D>", 0).items():
            if name in shown:
                print("  %-14s %s" % (name, one_line(text.replace("ABS-0", "ABS-<case>"))))
        width = max(len(c.field) for c in cases)
        print("\n%-4s %-*s %-14s %s" % ("#", width, "field", "payload", "outcome  (! why it failed, - notes)"))
        for case in cases:
            print("%-4d %-*s %-14s %s" % (case.number, width, case.field, case.payload_name, one_line(case.outcome)))
            for problem in case.problems:
                print("%-4s %-*s %-14s   ! %s" % ("", width, "", "", one_line(problem)))
            for note in case.notes:
                print("%-4s %-*s %-14s   - %s" % ("", width, "", "", one_line(note)))
        if os.geteuid() == 0 and any(c.field == "envs.PS4+SHELLOPTS" and c.status == 201 for c in cases):
            print("\nnote: this service ran as root, and bash imports no PS4 from the environment of a root shell;"
                  " as any other user (the images run as uid 10001) SHELLOPTS=xtrace with a PS4 of $(...) runs it.")
        rejected = sum(1 for c in cases if c.status != 201)
        bad = [c for c in cases if c.problems]
        canaries = [c for c in cases if os.path.lexists(c.canary)]
        print("\ninjection: %d cases in %.0f s: %d rejected naming the field, %d accepted (%d inert), %d failed;"
              " %d skipped" % (len(cases), took, rejected - sum(1 for c in cases if c.status != 201 and c.problems),
                               len(cases) - rejected, len(cases) - rejected - sum(
                                   1 for c in cases if c.status == 201 and c.problems), len(bad), len(skipped)))
        print("injection: canaries found: %d%s" % (len(canaries), "".join(
            "\n  %s  (case %d: %s / %s)" % (c.canary, c.number, c.field, c.payload_name) for c in canaries)))
        print("injection: files in the canary directory: %d%s" % (len(leftovers), "".join(
            "\n  " + p for p in leftovers)))
        print("injection: paths holding the run's token in the repository or %s: %d%s" % (
            tempfile.gettempdir(), len(token_paths), "".join("\n  " + p for p in token_paths[:20])))
        print("injection: new paths in the working directory outside the data directory: %d (training output: %d;"
              " anything else: %d)%s" % (len(new_paths), len(output), len(stray), "".join(
                  "\n  " + p for p in stray[:20])))
        failed = bool(bad or canaries or leftovers or token_paths or stray)
    finally:
        service.stop()
        left = harness.kill_processes_under(workdir)
        left += harness.kill_processes_under(canary_dir)
        if left:
            print("injection: killed %d leftover process(es)" % len(left))
        if args.keep:
            print("injection: kept %s and %s" % (workdir, canary_dir))
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            shutil.rmtree(canary_dir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
