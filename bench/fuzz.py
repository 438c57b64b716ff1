#!/usr/bin/env python3
"""Fuzzes the API against its own OpenAPI document with schemathesis (see fuzz.sh). Python 3 stdlib; schemathesis
comes from .venv-bench (scripts/setup-bench.sh).

A fresh service (harness.Service: loopback port, temp data dir, admin token, rate limits lifted, the sky test double as
`sky`) is fuzzed on every operation of /openapi.json with the admin token, and every response is checked: no 5xx, a
documented status code, a documented content type and headers, a body that matches the documented schema, bodies the
schema calls valid accepted and bodies it calls invalid refused, the token actually required, methods the document
does not list refused (see CHECKS). Failures are not filtered: every one is a bug of the service or of its document.

Keeping the host safe. Fuzzed launches are real launches, and `infra: local` (the default) runs the template's setup
and run on this host, in the service's working directory. So the service is given its own template directory: the
deepspeed and fsdp templates keep their name, resources, envs and workdir (what the API validates and renders) but
their setup and run are replaced by an `echo`, so no fuzzed launch installs a venv or trains; local-smoke is copied as
it is (a 1 s loop that reads its knobs as numbers only). Other infra strings go to the sky test double. The worker
pool is small, the local stop grace short; at the end the service is stopped, every process still carrying this
run's directory in its command line or environment is killed (by pid) and the directory is removed (--keep keeps it).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

ROOT = harness.ROOT
SCHEMATHESIS = os.path.join(ROOT, ".venv-bench", "bin", "schemathesis")

# What "every response matches its documented status codes and schema" takes. Left out, each with its reason:
#  - use_after_free: it expects a resource to be gone after a 2xx DELETE; here DELETE /jobs/{name} is a stop (the job
#    stays readable as `stopping`/`stopped`, by design) and DELETE /tokens/{id} a revocation (the token's record stays
#    with revoked_at), so the check does not apply to either. DELETE /jobs/{name}/delete removes, and is covered by
#    status and schema checks.
#  - object_level_authorization: needs a second caller's credentials configured in schemathesis; the bench has one
#    token (ownership is tested by the Java suite).
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
    "missing_required_header",
    "unsupported_method",
    "allow_header_conformance",
    "ensure_resource_availability",
    "ignored_auth",
]

# No operation is left out. The event streams (GET /api/v1/events/stream never ends by design; a job's stream ends after
# its terminal event) are read by schemathesis until they end, 20 events arrive or their request timeout passes
# (see write_config); their bodies are text/event-stream, which schemathesis checks for content type and status only.

MODES = {
    # CI: about 1000 test cases over the 17 operations (most from the coverage phase), under 2 minutes on 2 cores.
    "short": {"max_examples": 20, "phases": "examples,coverage,fuzzing,stateful", "max_time": None},
    # By hand: many more examples, a time budget so it ends.
    "long": {"max_examples": 500, "phases": "examples,coverage,fuzzing,stateful", "max_time": 1800},
}


def stand_in_templates(dest):
    """Copies skylaunch/ into `dest`; every template but local-smoke gets a harmless setup and run (see module doc)."""
    os.makedirs(dest)
    src = os.path.join(ROOT, "skylaunch")
    for name in sorted(os.listdir(src)):
        if not name.endswith(".yaml"):
            continue
        with open(os.path.join(src, name)) as f:
            text = f.read()
        if name != "local-smoke.yaml":
            lines = text.splitlines(keepends=True)
            top = [i for i, line in enumerate(lines) if re.match(r"[A-Za-z_]+:", line)]
            keys = [lines[i].split(":", 1)[0] for i in top]
            # setup and run are the template's last two top-level keys: everything before them is kept verbatim.
            if keys[-2:] != ["setup", "run"]:
                raise SystemExit("%s: expected setup and run as its last top-level keys, got %s" % (name, keys))
            text = "".join(lines[:top[-2]]) + (
                "setup: |\n  echo \"fuzz stand-in for %s: setup skipped\"\n"
                "run: |\n  echo \"fuzz stand-in for %s: training skipped\"\n" % (name, name))
        with open(os.path.join(dest, name), "w") as f:
            f.write(text)


SEEDED_JOBS = [
    # (name, body, statuses to wait for): jobs the path-parameter operations can find, in every state they can be in.
    ("fuzz-done", {"template": "local-smoke"}, ("completed",)),
    ("fuzz-failed", {"template": "local-smoke", "envs": {"SMOKE_EXIT_CODE": "3"}}, ("failed",)),
    ("fuzz-deepspeed", {"training": {"config_file": "cpu_tiny"}}, ("completed",)),
    ("fuzz-sky", {"template": "local-smoke", "resources": {"infra": "aws"}, "mode": "cluster"}, None),
    ("fuzz-managed", {"template": "local-smoke", "resources": {"infra": "gcp"}, "mode": "managed"}, None),
    # Runs for up to 5 minutes (a fuzzed DELETE may stop it); killed at the end with everything else.
    ("fuzz-running", {"template": "local-smoke", "labels": {"team": "fuzz"},
                      "envs": {"SMOKE_STEPS": "300", "SMOKE_SLEEP_SECONDS": "1"}}, ("running",)),
]


def seed(service):
    """Jobs and tokens for the path parameters: schemathesis draws job_name and id from them half of the time (random
    strings the other half), so operations on existing resources are reached too."""
    for name, body, wait in SEEDED_JOBS:
        r = service.post("/api/v1/jobs", dict(body, job_name=name))
        if r.status != 201:
            raise SystemExit("fuzz: seeding %s: %d %s" % (name, r.status, r.body[:300]))
    for name, _, wait in SEEDED_JOBS:
        if wait and service.await_status(name, wait, 60) not in wait:
            raise SystemExit("fuzz: seeded job %s did not reach %s" % (name, wait))
    ids = []
    for name in ("fuzz-seed", "fuzz-revoked"):
        r = service.post("/api/v1/tokens", {"name": name, "roles": ["viewer"], "expires_in_days": 1})
        if r.status not in (200, 201):
            raise SystemExit("fuzz: minting %s: %d %s" % (name, r.status, r.body[:300]))
        ids.append(r.json()["token_info"]["id"])
    if service.request("DELETE", "/api/v1/tokens/" + ids[1]).status != 200:
        raise SystemExit("fuzz: revoking the seeded token failed")
    return [name for name, _, _ in SEEDED_JOBS], ids


def write_config(path, jobs, token_ids):
    def toml_list(values):
        return "[" + ", ".join(json.dumps(v) for v in values) + "]"
    with open(path, "w") as f:
        f.write("""# Written by bench/fuzz.py for one run.
request-timeout = 30

[dictionaries.jobs]
values = %s

[dictionaries.tokens]
values = %s

[parameters]
"path.job_name" = { dictionary = "jobs", probability = 0.5 }
"path.id" = { dictionary = "tokens", probability = 0.5 }

# Event streams of running jobs stay open (a heartbeat every few seconds): schemathesis reads a stream until it ends,
# 20 events arrive or this many seconds pass, then checks what it read.
[[operations]]
include-path-regex = "/stream$"
request-timeout = 3

# A launch's envs and training.extra_args are checked against allow-lists (the template's own env names and
# ainfinity.jobs.allowed-envs; the payload's options.yaml, whose numbers and paths are written as strings with bounds
# and rules JSON Schema cannot state): the document lists them for GET /api/v1/templates, but a body that matches the
# schema may still be refused with 422, and only with 422. Schema-violating bodies must still be refused
# (negative_data_rejection). The check stays on (a check named by --checks overrides `enabled = false` here).
[[operations]]
include-path = "/api/v1/jobs"
include-method = "POST"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
""" % (toml_list(jobs), toml_list(token_ids)))


def summarize(report_path, documented):
    """Test cases and failures per documented operation, from schemathesis's NDJSON event stream. Requests with a
    method the document does not list (schemathesis's unsupported_method probes) are counted on their own line; each
    distinct failure (check code x documented operation) is listed once."""
    undeclared = "(methods the document does not list)"
    cases, failing, codes, distinct = {}, {}, {}, {}
    with open(report_path) as f:
        for line in f:
            finished = json.loads(line).get("ScenarioFinished")
            if not finished:
                continue
            recorder = finished.get("recorder") or {}
            values = {cid: c["value"] for cid, c in (recorder.get("cases") or {}).items()}
            ops = {}
            for cid, value in values.items():
                op = "%s %s" % (value["method"], value["path"])
                ops[cid] = op if op in documented else undeclared
                cases[ops[cid]] = cases.get(ops[cid], 0) + 1
            for cid, checks in (recorder.get("checks") or {}).items():
                failed = [c["failure_info"]["failure"] for c in checks if c["status"] == "failure"]
                if not failed:
                    continue
                op = ops.get(cid, undeclared)
                failing[op] = failing.get(op, 0) + 1
                for info in failed:
                    codes.setdefault(op, set()).add(info["code"])
                    distinct.setdefault((info.get("operation") or op, info["code"]), info["title"])
    print("\nfuzz: test cases per operation")
    print("  %-48s %6s %8s  %s" % ("operation", "cases", "failing", "failure codes"))
    for op in [op for op in documented] + ([undeclared] if undeclared in cases else []):
        print("  %-48s %6d %8d  %s" % (op, cases.get(op, 0), failing.get(op, 0), ",".join(sorted(codes.get(op, ())))))
    untested = [op for op in documented if not cases.get(op)]
    total = sum(cases.values())
    print("fuzz: %d of %d documented operations tested%s; %d test cases, %d failing; %d distinct failures"
          " (operation x check):" % (len(documented) - len(untested), len(documented),
                                     " (not: %s)" % ", ".join(untested) if untested else "",
                                     total, sum(failing.values()), len(distinct)))
    for (op, code), title in sorted(distinct.items()):
        print("  %-48s %s %s" % (op, code, title))
    return total, len(distinct), untested


def snake_case_copy(doc):
    """The document with every schema property name (and `required` entry) in snake_case, as the service reads and
    writes JSON. Only for --snake-case-schema."""
    def snake(name):
        return re.sub(r"(?<!^)([A-Z])", lambda m: "_" + m.group(1).lower(), name)

    def fix(node):
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    out[key] = {snake(k): fix(v) for k, v in value.items()}
                elif key == "required" and isinstance(value, list):
                    out[key] = [snake(v) for v in value]
                else:
                    out[key] = fix(value)
            return out
        if isinstance(node, list):
            return [fix(item) for item in node]
        return node
    return fix(doc)


def documented_operations(base):
    with urllib.request.urlopen(base + "/openapi.json", timeout=30) as r:
        doc = json.load(r)
    return ["%s %s" % (method.upper(), path) for path, item in doc["paths"].items() if path.startswith("/api/")
            for method in item if method in ("get", "put", "post", "delete", "patch", "head", "options")]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Options not listed here go to `schemathesis run` as they are (e.g. --baseline FILE).")
    parser.add_argument("--jar", default=harness.DEFAULT_JAR)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--short", dest="mode", action="store_const", const="short", help="CI size (the default)")
    mode.add_argument("--long", dest="mode", action="store_const", const="long",
                      help="%d examples per operation, at most %d s" % (MODES["long"]["max_examples"],
                                                                         MODES["long"]["max_time"]))
    parser.set_defaults(mode="short")
    parser.add_argument("--max-examples", type=int, help="test cases per operation and phase (overrides the mode)")
    parser.add_argument("--max-time", type=int, help="seconds for the whole schemathesis run (overrides the mode)")
    parser.add_argument("--seed", type=int, default=20240601,
                        help="hypothesis seed (fixed by default so CI runs are reproducible; pass another to explore)")
    parser.add_argument("--workers", default="1", help="schemathesis workers (default 1: a 2-core host)")
    parser.add_argument("--report-dir", help="where to keep schemathesis's reports (default: printed, then removed)")
    parser.add_argument("--keep", action="store_true", help="keep the service's work directory")
    parser.add_argument("--schemathesis", default=SCHEMATHESIS)
    parser.add_argument("--snake-case-schema", action="store_true",
                        help="diagnosis only, never for CI: fuzz a copy of /openapi.json whose property names are"
                             " rewritten to the snake_case the service actually uses, to reach what the document's"
                             " camelCase names hide (launches with a schema-valid body)")
    args, passthrough = parser.parse_known_args()
    if not os.path.exists(args.schemathesis):
        raise SystemExit("%s is missing: run scripts/setup-bench.sh" % args.schemathesis)
    if not os.path.exists(args.jar):
        raise SystemExit("%s is missing: build it (./mvnw -B package -DskipTests) or pass --jar" % args.jar)
    settings = dict(MODES[args.mode])
    if args.max_examples:
        settings["max_examples"] = args.max_examples
    if args.max_time:
        settings["max_time"] = args.max_time

    workdir = tempfile.mkdtemp(prefix="ainfinity-fuzz-")
    templates = os.path.join(workdir, "templates")
    stand_in_templates(templates)
    report_dir = os.path.abspath(args.report_dir) if args.report_dir else os.path.join(workdir, "report")
    os.makedirs(report_dir, exist_ok=True)
    service = harness.Service(workdir, jar=args.jar, env={
        "AINFINITY_TEMPLATES_DIR": templates,
        "AINFINITY_WORKER_POOL_SIZE": "2",
        "AINFINITY_WORKER_POOL_QUEUE": "32",
        "AINFINITY_LOCAL_STOP_GRACE": "2S",
        # The fuzzer sends every operation without and with bad credentials, once per auth scheme (bearer, X-API-Key,
        # stream ticket): hundreds of 401s a minute from one address, which the per-address budget would answer 429
        # (that budget is held by RateLimitTest, not here).
        "AINFINITY_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE": "100000",
    })
    rc = 1
    try:
        service.start()
        service.wait_ready()
        jobs, token_ids = seed(service)
        config = os.path.join(workdir, "schemathesis.toml")
        write_config(config, jobs, token_ids)
        documented = documented_operations(service.base)
        print("fuzz: service on %s (work dir %s), mode %s: %s; seeded jobs %s" % (
            service.base, workdir, args.mode, settings, ", ".join(jobs)), flush=True)
        location = service.base + "/openapi.json"
        if args.snake_case_schema:
            with urllib.request.urlopen(location, timeout=30) as r:
                doc = snake_case_copy(json.load(r))
            location = os.path.join(workdir, "openapi-snake-case.json")
            with open(location, "w") as f:
                json.dump(doc, f)
            print("fuzz: DIAGNOSIS: fuzzing a snake_case copy of the document (%s), not the served one" % location)
        cmd = [args.schemathesis, "--config-file", config, "--no-color", "run", location,
               "--url", service.base,
               "-H", "Authorization: Bearer " + service.token,
               "--checks", ",".join(CHECKS),
               "--phases", settings["phases"],
               "--max-examples", str(settings["max_examples"]),
               "--seed", str(args.seed),
               "--workers", args.workers,
               "--generation-database", "none",
               "--report", "junit,ndjson",
               "--report-dir", report_dir,
               "--output-truncate", "false",
               "--continue-on-failure"]
        if settings["max_time"]:
            cmd += ["--max-time", str(settings["max_time"])]
        cmd += passthrough
        shown = [("Authorization: Bearer <admin token>" if c.startswith("Authorization:") else c) for c in cmd]
        print("fuzz: " + " ".join(shown), flush=True)
        t0 = time.time()
        # bench/fuzz_hooks.py: generated Idempotency-Keys made unique (see its docstring for why).
        hooks_env = dict(os.environ, SCHEMATHESIS_HOOKS="fuzz_hooks",
                         PYTHONPATH=os.pathsep.join(filter(None, [os.path.dirname(os.path.abspath(__file__)),
                                                                  os.environ.get("PYTHONPATH")])))
        rc = subprocess.call(cmd, cwd=workdir, env=hooks_env)
        took = time.time() - t0
        reports = sorted(f for f in os.listdir(report_dir) if f.endswith(".ndjson"))
        if not reports:
            raise SystemExit("fuzz: schemathesis wrote no report (exit %d)" % rc)
        total, distinct, untested = summarize(os.path.join(report_dir, reports[-1]), documented)
        print("fuzz: schemathesis exited %d after %.0f s; reports in %s" % (
            rc, took, report_dir if (args.report_dir or args.keep) else "(removed)"), flush=True)
        if rc == 0 and (untested or total == 0):
            rc = 1
    finally:
        service.stop()
        left = harness.kill_processes_under(workdir)
        if left:
            print("fuzz: killed %d leftover process(es): %s" % (len(left), [c[:80] for _, c in left]))
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
