#!/usr/bin/env python3
"""Fault injection against the SkyPilot backend of the packaged service (Python 3 stdlib only).

Runs the jar (bench/harness.py `Service`) with the `sky` test double and breaks the CLI in the ways the real one
breaks (docs/SKYPILOT.md, "The CLI contract the service relies on"), then checks what the service makes of it:

  service A (short time limits), the double printing prose (some of it bracketed) before every JSON value:
    launch faults, one job each, all at once, cluster and managed mode:
      hang (the CLI never returns; and one that submitted its request first), exit 1 (ResourcesUnavailableError,
      API server unreachable), exit 2 (usage error), garbage instead of the launch output (with and without the
      launch having happened), exit 100 / 103 of `sky logs` for a FAILED / CANCELLED job (as the real CLI exits
      when it tails a job), prose before JSON
    read faults, one window each, with fresh running jobs: status / queue / jobs queue (and logs) that hang, print
      garbage, print truncated JSON, exit 1, exit 2; during the window the jobs must keep their state, afterwards
      converge; every `sky` started in the window must be gone
    the CLI vanishing while the service runs
  service B: AINFINITY_SKYPILOT_CLI pointing at nothing: cloud launches 503 (problem+json, naming the reason, no job
    created), local jobs and reads keep working, live and ready
  service C: a CLI 10x slower than usual (`slow` knob; scaled down in --short): jobs converge, GET /api/v1/jobs p99

For every scenario: the job's status and message, the service live and ready, API reads answering, and afterwards no
`sky` (double) or task process left (harness.processes_under(<workdir>), the service's own pid excluded).

Prints a table (scenario, check, expected, observed) and exits 1 when any check failed, listing the failures and
keeping the work directories (service.log, the double's invocations.jsonl) for inspection.

  bench/sky_faults.py --short          # CI: about 2-3 minutes
  bench/sky_faults.py                  # every read fault on every read command separately, slow = [10, 30] s
  bench/sky_faults.py --short --only a --pick exit100     # reproduce one scenario (see --help)
"""
import argparse
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import urllib.error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

READS = ["status", "queue", "jobs queue"]
# What the real CLI prints before JSON, and lines that start like JSON but are not (the parser must skip them).
PROSE = ["\x1b[2mChecking the SkyPilot API server...\x1b[0m", "[sky] Refreshing cluster status (non-JSON prose)",
         "{hint: this line is prose, not JSON}"]
API_SERVER_DOWN = ("ApiServerConnectionError: Could not connect to SkyPilot API server at http://127.0.0.1:46580. "
                   "Please ensure that the server is running. Try: curl http://127.0.0.1:46580/api/health")

MODES = {
    # Time limits of the service under faults (seconds), the length of each read-fault window, how long anything
    # may take to converge, and the slow CLI's sleep per call with the time limits the slow service gets.
    "short": dict(launch_timeout=6, read_timeout=4, down_timeout=8, window=6, converge=90,
                  slow=[3, 6], slow_timeout=30, slow_pairs=1, slow_converge=150, each_read_alone=False),
    "long": dict(launch_timeout=8, read_timeout=5, down_timeout=10, window=15, converge=240,
                 slow=[10, 30], slow_timeout=120, slow_pairs=3, slow_converge=900, each_read_alone=True),
}
P99_LIMIT_MS = 1000.0      # GET /api/v1/jobs while the CLI misbehaves
LOGS_GRACE_S = 6.0         # a logs read may take its time limit plus this
MAX_SKY_DURING_HANG = 5    # status, queue, jobs queue, logs of the window (+1 for a cycle straddling it)


def log(msg):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------------------------------
# Results

class Report:
    def __init__(self):
        self.rows = []

    def check(self, scenario, what, expected, observed, ok, detail=None):
        self.rows.append(dict(scenario=scenario, what=what, expected=str(expected), observed=str(observed),
                              ok=bool(ok), detail=detail))
        if not ok:
            log("FAIL %s: %s: expected %s, observed %s" % (scenario, what, expected, observed))
        return bool(ok)

    def info(self, scenario, what, observed):
        self.rows.append(dict(scenario=scenario, what=what, expected="(measured)", observed=str(observed), ok=None,
                              detail=None))

    def failures(self):
        return [r for r in self.rows if r["ok"] is False]

    def print_table(self, out=sys.stdout):
        def cut(s, n):
            s = s.replace("\n", " ")
            return s if len(s) <= n else s[: n - 1] + "…"
        widths = (46, 32, 46, 56)
        head = ("scenario", "check", "expected", "observed")
        print("  ".join(h.ljust(w) for h, w in zip(head, widths)) + "  result", file=out)
        print("-" * (sum(widths) + 2 * len(widths) + 6), file=out)
        last = None
        for r in self.rows:
            scen = r["scenario"] if r["scenario"] != last else ""
            last = r["scenario"]
            cells = (cut(scen, widths[0]), cut(r["what"], widths[1]), cut(r["expected"], widths[2]),
                     cut(r["observed"], widths[3]))
            result = "ok" if r["ok"] else ("info" if r["ok"] is None else "FAIL")
            print("  ".join(c.ljust(w) for c, w in zip(cells, widths)) + "  " + result, file=out)


# ----------------------------------------------------------------------------------------------------------------
# Observing the service and the double

class Sampler(threading.Thread):
    """Reads the API and the health endpoints in a loop, and counts the live `sky` processes under a marker."""

    def __init__(self, svc, extra_paths=(), marker=None, period=0.05):
        super().__init__(daemon=True)
        self.svc, self.extra_paths, self.marker, self.period = svc, list(extra_paths), marker, period
        self.stop_flag = threading.Event()
        self.list_ms, self.bad, self.health_bad, self.max_sky, self.samples = [], [], [], 0, 0

    def run(self):
        i = 0
        while not self.stop_flag.is_set():
            self._get("/api/v1/jobs", self.list_ms)
            for p in self.extra_paths:
                self._get(p, None)
            if i % 5 == 0:
                for p in ("/q/health/live", "/q/health/ready"):
                    try:
                        r = self.svc.get(p, auth=False, timeout=10)
                        if r.status != 200:
                            self.health_bad.append("%s %d %s" % (p, r.status, r.body[:300].decode(errors="replace")))
                    except (urllib.error.URLError, OSError) as e:
                        self.health_bad.append("%s %s" % (p, e))
                if self.marker:
                    self.max_sky = max(self.max_sky, len(leftovers(self.svc, self.marker)))
            i += 1
            self.stop_flag.wait(self.period)

    def _get(self, path, into):
        t0 = time.time()
        try:
            r = self.svc.get(path, timeout=30)
            ms = (time.time() - t0) * 1000
            self.samples += 1
            if into is not None:
                into.append(ms)
            if r.status != 200:
                self.bad.append("GET %s -> %d" % (path, r.status))
        except (urllib.error.URLError, OSError) as e:
            self.bad.append("GET %s -> %s" % (path, e))

    def finish(self):
        self.stop_flag.set()
        self.join(60)
        return self

    def p99(self):
        return harness.percentile(self.list_ms, 99)


def service_pid(svc):
    return svc.proc.pid if svc.proc is not None else None


def leftovers(svc, marker=None):
    """Live processes under the service's work directory (double calls, task processes), the service excluded."""
    pid = service_pid(svc)
    return [(p, c) for p, c in harness.processes_under(marker or svc.workdir) if p != pid]


def pid_alive_under(pid, marker):
    try:
        with open("/proc/%d/environ" % pid, "rb") as f:
            env = f.read().decode(errors="replace")
        with open("/proc/%d/stat" % pid) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return marker in env and state != "Z"


def wait_until(check, timeout, period=0.25):
    end = time.time() + timeout
    while True:
        value = check()
        if value or time.time() >= end:
            return value
        time.sleep(period)


def double_state(svc):
    try:
        with open(os.path.join(svc.sky_state, "state.json")) as f:
            return json.load(f)
    except (FileNotFoundError, ValueError):
        return {"clusters": {}, "managed": []}


def cluster_listed(svc, name):
    return svc.key(name) in double_state(svc)["clusters"]


def managed_named(svc, name):
    return [m for m in double_state(svc)["managed"] if m["name"] == svc.key(name)]


def calls(svc, command, arg=None, since=0.0):
    """The double's calls of `command`, those with `arg` (a job's key, a job id) in their argv when given."""
    return [i for i in svc.invocations()
            if i["command"] == command and (arg is None or arg in i["argv"]) and i["time"] >= since]


def knobs_by_key(svc, knobs):
    """`per_name` knobs for the double, which knows the jobs by their keys: {name: knobs} -> {key: knobs}."""
    return {svc.key(n): k for n, k in knobs.items()}


def service_log(svc):
    try:
        with open(svc.log, errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


def log_lines_about(svc, *needles, limit=6):
    return [line for line in service_log(svc).splitlines() if all(n in line for n in needles)][-limit:]


def launch_body(name, mode, infra="aws", **extra):
    body = {"job_name": name, "template": "local-smoke", "mode": mode, "resources": {"infra": infra}}
    body.update(extra)
    return body


def job_snapshot(svc, name):
    j = svc.job(name) or {}
    return j.get("status"), j.get("sky_status"), j.get("error_message")


def wait_jobs(svc, expected, timeout):
    """expected: name -> set of statuses. Returns name -> last job_info (None when not found)."""
    end = time.time() + timeout
    last = {}
    pending = set(expected)
    while pending and time.time() < end:
        for name in list(pending):
            j = svc.job(name)
            last[name] = j
            if j and j["status"] in expected[name]:
                pending.discard(name)
        if pending:
            time.sleep(0.5)
    for name in expected:
        if name not in last:
            last[name] = svc.job(name)
    return last


def start_service(workdir, jar, env, sky_cli=None):
    kw = {} if sky_cli is None else {"sky_cli": sky_cli}
    svc = harness.Service(workdir, jar=jar, env=env, **kw)
    svc.start(timeout=180)
    # Warm the request paths up, so that latency figures measure the service under faults, not a cold JVM.
    for _ in range(60):
        for path in ("/api/v1/jobs", "/api/v1/jobs/no-such-job", "/api/v1/templates"):
            svc.get(path)
    return svc


def service_env(cfg, launch, read, down):
    return {
        "AINFINITY_SKYPILOT_LAUNCH_TIMEOUT": "%dS" % launch,
        "AINFINITY_SKYPILOT_READ_TIMEOUT": "%dS" % read,
        "AINFINITY_SKYPILOT_DOWN_TIMEOUT": "%dS" % down,
        "AINFINITY_SKYPILOT_RECONCILE_INTERVAL": "2S",
        "AINFINITY_SKYPILOT_FAST_INTERVAL": "1S",
        "AINFINITY_SKYPILOT_FAST_WINDOW": "10M",
    }


def timed_out_message(command, seconds):
    return "`%s` did not finish within %ds; its process tree was killed" % (command, seconds)


def request_over_message(command, seconds):
    """A launch killed after the API server took its request: the request is cancelled there (the double's request is
    through at once, so there is nothing left to cancel)."""
    return "`%s` did not finish within %ds; its request had already finished on the SkyPilot API server" % (
        command, seconds)


def health_checks(rep, scen, svc):
    for path in ("/q/health/live", "/q/health/ready"):
        r = svc.get(path, auth=False, timeout=10)
        rep.check(scen, "GET " + path, 200, "%d %s" % (r.status, "" if r.status == 200 else
                                                      r.body[:200].decode(errors="replace")), r.status == 200)


def sampler_checks(rep, scen, s, p99_limit=P99_LIMIT_MS):
    rep.check(scen, "API reads answered 200", "all of %d" % s.samples,
              "%d failed %s" % (len(s.bad), s.bad[:3]), not s.bad)
    rep.check(scen, "GET /api/v1/jobs p99", "< %.0f ms" % p99_limit, "%.0f ms (n=%d, p50 %.0f)" % (
        s.p99(), len(s.list_ms), harness.percentile(s.list_ms, 50)), s.list_ms and s.p99() < p99_limit)
    rep.check(scen, "live and ready throughout", "200", "%d non-200 %s" % (len(s.health_bad), s.health_bad[:2]),
              not s.health_bad)


def no_leftovers(rep, scen, svc, grace):
    """Waits up to `grace` for the processes under the work directory to end, then reports what is left."""
    left = wait_until(lambda: not leftovers(svc), grace) or leftovers(svc)
    left = [] if left is True else left
    rep.check(scen, "leftover sky/task processes", 0, "%d %s" % (len(left), [c[:120] for _, c in left][:4]),
              not left)
    return left


def pids_gone(rep, scen, svc, pids, grace, what):
    marker = svc.sky_state
    alive = wait_until(lambda: not [p for p in pids if pid_alive_under(p, marker)], grace)
    alive = [] if alive is True else [p for p in pids if pid_alive_under(p, marker)]
    rep.check(scen, what, "all %d gone" % len(pids), "%d alive %s" % (len(alive), alive[:5]), not alive)


def kill_leftovers(svc):
    for pid, _ in leftovers(svc):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


# ----------------------------------------------------------------------------------------------------------------
# Service A, part 1: launch faults, one job each, all at once

def launch_faults(rep, svc, cfg):
    lt = cfg["launch_timeout"]
    S = {}  # name -> scenario

    def add(name, scenario, mode, knobs, status, message, body=None, then=None):
        S[name] = dict(scenario=scenario, mode=mode, knobs=knobs, status=status, message=message,
                       body=body or {}, then=then or [])

    # Hangs: the call is killed at its time limit and the job fails with that reason.
    add("hang-c", "hang: sky launch never returns", "cluster", {"hang": ["launch"]}, "failed",
        ("eq", timed_out_message("sky launch", lt)), then=["pids", "no-cluster"])
    add("hang-m", "hang: sky jobs launch never returns", "managed", {"hang": ["jobs launch"]}, "failed",
        ("eq", timed_out_message("sky jobs launch", lt)), then=["pids"])
    # The request was submitted before the CLI hung: SkyPilot holds a cluster / managed job the service failed.
    add("hangafter-c", "hang after submitting: sky launch", "cluster", {"hang_after": ["launch"], "run_units": 30},
        "failed", ("eq", request_over_message("sky launch", lt)), then=["pids", "torn-down"])
    add("hangafter-m", "hang after submitting: sky jobs launch", "managed",
        {"hang_after": ["jobs launch"], "run_units": 30}, "failed", ("eq", request_over_message("sky jobs launch", lt)),
        then=["pids", "managed-cancelled"])
    # Exit 1: SkyPilot's one-line reason.
    add("exit1-c", "exit 1: ResourcesUnavailableError", "cluster", {"resources_unavailable": True}, "failed",
        ("prefix", "ResourcesUnavailableError: Failed to provision all possible launchable resources."),
        then=["no-cluster"])
    add("exit1-m", "exit 1: ResourcesUnavailableError", "managed", {"resources_unavailable": True}, "failed",
        ("eq", "ResourcesUnavailableError: Catalog does not contain any instances satisfying the request"))
    add("exit1api-c", "exit 1: API server unreachable", "cluster", {"fail": ["launch"]}, "failed",
        ("eq", API_SERVER_DOWN), then=["no-cluster"])
    add("exit1api-m", "exit 1: API server unreachable", "managed", {"fail": ["jobs launch"]}, "failed",
        ("eq", API_SERVER_DOWN))
    # Exit 2: the service built a command line SkyPilot refuses; failed, and logged at ERROR as the service's bug.
    add("exit2-c", "exit 2: usage error on launch", "cluster", {"usage_error": ["launch"]}, "failed",
        ("prefix", "`sky launch` refused the command line the service built (exit 2): the double was told to "
                   "reject this command line"), then=["error-logged"])
    add("exit2-m", "exit 2: usage error on jobs launch", "managed", {"usage_error": ["jobs launch"]}, "failed",
        ("prefix", "`sky jobs launch` refused the command line the service built (exit 2): the double was told to "
                   "reject this command line"), then=["error-logged"])
    # Exit 0 with garbage and nothing launched: nothing can be concluded, so unknown (never guessed).
    add("garbage-c", "garbage, nothing launched (exit 0)", "cluster", {"garbage": ["launch"]}, "unknown",
        ("eq", "cluster '{key}' vanished before the job's final status was seen"))
    add("garbage-m", "garbage, nothing launched (exit 0)", "managed", {"garbage": ["jobs launch"]}, "unknown",
        ("eq", "no managed job named '{key}' is listed by SkyPilot (its launch reported no job id); its final status "
               "was not seen"))
    # Exit 0, launched, but the output is garbage (no job id): adopted by name, and it completes.
    add("garbageafter-c", "garbage after launching (exit 0)", "cluster", {"garbage_after": ["launch"]},
        "completed", ("eq", "SkyPilot job 1 on cluster '{key}' is SUCCEEDED"), then=["sky:UP/SUCCEEDED", "torn-down"])
    add("garbageafter-m", "garbage after launching (exit 0)", "managed", {"garbage_after": ["jobs launch"]},
        "completed", ("re", r"managed job \d+ is SUCCEEDED"), then=["sky:SUCCEEDED"])
    # Exit 100 / 103 from `sky logs` (the real CLI's exit code for a FAILED / CANCELLED job): the log is still there.
    add("exit100-c", "exit 100: sky logs of a FAILED job", "cluster",
        {"outcome": "FAILED", "log_exit_codes": True}, "failed",
        ("eq", "the task's run command failed (SkyPilot job 1 on cluster '{key}' ended FAILED)"),
        body={"down": False}, then=["sky:UP/FAILED", "logs"])
    add("exit100down-c", "exit 100: sky logs of a FAILED job, torn down", "cluster",
        {"outcome": "FAILED", "log_exit_codes": True}, "failed",
        ("eq", "the task's run command failed (SkyPilot job 1 on cluster '{key}' ended FAILED)"),
        then=["torn-down", "logs"])
    add("exit0down-c", "control: same, sky logs exits 0", "cluster", {"outcome": "FAILED", "log_exit_codes": False},
        "failed",
        ("eq", "the task's run command failed (SkyPilot job 1 on cluster '{key}' ended FAILED)"),
        then=["torn-down", "logs"])
    add("exit103-c", "exit 103: sky logs of a CANCELLED job", "cluster",
        {"run_units": 500, "log_exit_codes": True}, "stopped", ("eq", "stopped; cluster '{key}' torn down"),
        then=["stop", "torn-down", "logs"])
    add("failed-m", "managed job FAILED", "managed",
        {"outcome": "FAILED", "failure_reason": "the double's run command exited 1"}, "failed",
        ("eq", "FAILED: the double's run command exited 1"), then=["sky:FAILED"])
    add("cancelled-m", "managed job CANCELLED", "managed", {"run_units": 500}, "stopped",
        ("re", r"managed job \d+ is CANCELLED"), then=["stop", "sky:CANCELLED"])
    # Prose (coloured, and lines starting with [ or { that are not JSON) before every JSON value: still parsed.
    add("prose-c", "prose before JSON", "cluster", {}, "completed",
        ("eq", "SkyPilot job 1 on cluster '{key}' is SUCCEEDED"), then=["sky:UP/SUCCEEDED", "torn-down", "logs"])
    add("prose-m", "prose before JSON", "managed", {}, "completed", ("re", r"managed job \d+ is SUCCEEDED"),
        then=["sky:SUCCEEDED"])

    S = {n: s for n, s in S.items() if picked(cfg, n, label(s))}
    if not S:
        return []
    svc.scenario({"prose": PROSE, "per_name": knobs_by_key(svc, {n: s["knobs"] for n, s in S.items()})})
    sampler = _started_with(svc, [])
    t0 = time.time()
    for name, s in S.items():
        r = svc.post("/api/v1/jobs", launch_body(name, s["mode"], **s["body"]))
        rep.check(label(s), "POST /api/v1/jobs", 201, r.status, r.status == 201, r.body[:300])
    # Stops, once the job runs.
    for name in [n for n, s in S.items() if "stop" in s["then"]]:
        st = svc.await_status(name, {"running"}, cfg["converge"])
        if rep.check(label(S[name]), "running before the stop", "running", st, st == "running"):
            r = svc.request("DELETE", "/api/v1/jobs/" + name)
            rep.check(label(S[name]), "DELETE (stop)", "200 stopping", "%d %s" % (
                r.status, (r.json() or {}).get("job_info", {}).get("status") if r.status == 200 else r.body[:200]),
                r.status == 200)
    final = wait_jobs(svc, {n: {s["status"]} for n, s in S.items()}, cfg["converge"])
    log("launch faults: jobs settled in %.1fs" % (time.time() - t0))
    for name, s in S.items():
        scen = label(s)
        j = final[name] or {}
        rep.check(scen, "status", s["status"], j.get("status"), j.get("status") == s["status"])
        kind, want = s["message"]
        want = want.replace("{key}", svc.key(name))
        got = j.get("error_message") if s["status"] in ("failed", "unknown") else last_event_message(svc, name)
        ok = (got == want if kind == "eq" else (got or "").startswith(want) if kind == "prefix"
              else re.fullmatch(want, got or "") is not None)
        rep.check(scen, "message", want if kind != "prefix" else want + "…", got, ok)
        for step in s["then"]:
            follow_up(rep, svc, cfg, scen, name, s, j, step)
    sampler.finish()
    sampler_checks(rep, "launch faults (all)", sampler)
    return list(S)


def picked(cfg, *names):
    return cfg["pick"] is None or any(cfg["pick"].search(n) for n in names)


def label(s):
    return "%s [%s]" % (s["scenario"], s["mode"])


def last_event_message(svc, name):
    r = svc.get("/api/v1/jobs/%s/events?limit=500" % name)
    if r.status != 200:
        return None
    events = r.json().get("events") or []
    return events[-1].get("message") if events else None


def follow_up(rep, svc, cfg, scen, name, s, job, step):
    command = "jobs launch" if s["mode"] == "managed" else "launch"
    if step == "pids":
        pids = [i["pid"] for i in calls(svc, command, svc.key(name))]
        pids_gone(rep, scen, svc, pids, 15, "`sky %s` killed" % command)
    elif step == "no-cluster":
        rep.check(scen, "no cluster in SkyPilot", "none", "listed" if cluster_listed(svc, name) else "none",
                  not cluster_listed(svc, name))
    elif step == "torn-down":
        gone = wait_until(lambda: not cluster_listed(svc, name), cfg["converge"])
        downs = len(calls(svc, "down", svc.key(name)))
        rep.check(scen, "cluster torn down", "gone after `sky down`", "%s after %d down(s)" % (
            "gone" if gone else "still listed", downs), gone and downs >= 1)
    elif step == "managed-cancelled":
        # The managed job its killed launch submitted keeps running in SkyPilot unless the service cancels it.
        def cancelled():
            m = managed_named(svc, name)
            return m and all(x.get("cancelled_at") for x in m)
        done = wait_until(cancelled, 15)
        m = managed_named(svc, name)
        rep.check(scen, "submitted managed job cancelled", "`sky jobs cancel` for it",
                  "%d managed job(s) named so, %d cancel call(s), %s" % (
                      len(m), len(calls(svc, "jobs cancel", svc.key(name))) + sum(
                          len(calls(svc, "jobs cancel", str(x["id"]))) for x in m),
                      "cancelled" if done else "still running in SkyPilot"), done)
    elif step.startswith("sky:"):
        want = step[4:]
        rep.check(scen, "sky_status", want, job.get("sky_status"), job.get("sky_status") == want)
    elif step == "error-logged":
        lines = log_lines_about(svc, "ERROR", "sky refused a command line built by the service", svc.key(name))
        rep.check(scen, "ERROR logged with the argv", "1+ line", "%d line(s)" % len(lines), lines)
    elif step == "logs":
        # After a teardown the log must come from the snapshot kept before it; otherwise from `sky logs`.
        if s["body"].get("down", True):
            wait_until(lambda: not cluster_listed(svc, name), cfg["converge"])
        t0 = time.time()
        r = svc.get("/api/v1/jobs/%s/logs?tail=50" % name, timeout=60)
        took = time.time() - t0
        text = (r.json() or {}).get("logs", "") if r.status == 200 else r.body[:200].decode(errors="replace")
        where = "snapshot" if s["body"].get("down", True) else "live"
        rep.check(scen, "GET logs (%s)" % where, "200 with 'smoke step 3/3'", "%d %r (%.1fs)" % (
            r.status, text[-60:], took), r.status == 200 and "smoke step 3/3" in text)
    elif step == "stop":
        pass
    else:
        raise AssertionError(step)


# ----------------------------------------------------------------------------------------------------------------
# Service A, part 2: read faults, one window each

def read_windows(cfg):
    if not cfg["each_read_alone"]:
        return [
            ("hang: status, queue, jobs queue, logs", {"hang": READS + ["logs", "jobs logs"]}, 1),
            ("truncated JSON: status + exit 1: jobs queue", {"truncate": ["status"], "fail": ["jobs queue"]}, 2),
            ("truncated JSON: queue, jobs queue", {"truncate": ["queue", "jobs queue"]}, 2),
            ("exit 2: status + garbage: jobs queue", {"usage_error": ["status"], "garbage": ["jobs queue"]}, 1),
            ("exit 1: queue + exit 2: jobs queue", {"fail": ["queue"], "usage_error": ["jobs queue"]}, 1),
        ]
    out = [("hang: status, queue, jobs queue, logs", {"hang": READS + ["logs", "jobs logs"]}, 1)]
    for knob, what in (("hang", "hang"), ("garbage", "garbage"), ("truncate", "truncated JSON"),
                       ("fail", "exit 1"), ("usage_error", "exit 2")):
        for command in READS:
            out.append(("%s: %s" % (what, command), {knob: [command]}, 2 if knob == "truncate" else 1))
    return out


def steady(svc, names, timeout):
    """Waits until every job runs and SkyPilot's status of it says so; returns name -> (status, sky_status)."""
    want = {n: ("running", "RUNNING" if n.endswith("-m") else "UP/RUNNING") for n in names}
    wait_until(lambda: all(job_snapshot(svc, n)[:2] == want[n] for n in names), timeout)
    return {n: job_snapshot(svc, n)[:2] for n in names}


def watch_unchanged(svc, names, before, until):
    """Polls the jobs until `until`; returns name -> (before, first different snapshot) for those that changed."""
    changed = {}
    while time.time() < until:
        for n in names:
            now = job_snapshot(svc, n)
            if now != before[n] and n not in changed:
                changed[n] = (before[n], now)
        time.sleep(0.3)
    return changed


def read_fault_window(rep, svc, cfg, idx, title, knobs, n_clusters):
    scen = "read fault: " + title
    W, rt = cfg["window"], cfg["read_timeout"]
    base = {"prose": PROSE}
    names = ["w%d-c%d" % (idx, k) for k in range(n_clusters)] + ["w%d-m" % idx]
    broken = set(sum((v for v in knobs.values() if isinstance(v, list)), []))
    # The jobs whose reads the fault breaks: cluster jobs need status and queue, managed jobs the jobs queue.
    affected = [n for n in names if (broken & {"jobs queue"} if n.endswith("-m") else broken & {"status", "queue"})]
    # RUNNING long enough to be seen, and over (in SkyPilot) about halfway through the window.
    per_name = knobs_by_key(svc, {n: {"run_units": int(W / 2 + 3)} for n in names})
    svc.scenario(dict(base, per_name=per_name))
    for n in names:
        r = svc.post("/api/v1/jobs", launch_body(n, "managed" if n.endswith("-m") else "cluster"))
        if r.status != 201:
            rep.check(scen, "POST " + n, 201, r.status, False)
            return names
    got = steady(svc, names, cfg["converge"])
    not_running = {n: v for n, v in got.items() if v[0] != "running" or v[1] not in ("RUNNING", "UP/RUNNING")}
    if not rep.check(scen, "set-up: jobs running", "running, UP/RUNNING | RUNNING", not_running or "running",
                     not not_running):
        return names
    before = {n: job_snapshot(svc, n) for n in names}
    fault_at = time.time()
    svc.scenario(dict(base, per_name=per_name, **knobs))
    sampler = _started_with(svc, ["/api/v1/jobs/" + n for n in names])
    logs_probe = None
    if "logs" in knobs.get("hang", []):
        time.sleep(1.0)
        t0 = time.time()
        r = svc.get("/api/v1/jobs/%s/logs?tail=20" % names[0], timeout=60)
        logs_probe = (r.status, time.time() - t0)
    changed = watch_unchanged(svc, affected, before, fault_at + W)
    cleared_at = time.time()
    svc.scenario(dict(base, per_name=per_name))
    sampler.finish()
    in_window = [i for i in svc.invocations() if fault_at <= i["time"] < cleared_at and i["command"] in
                 READS + ["logs", "jobs logs"]]
    faulty = [i for i in in_window if i["command"] in broken]
    rep.check(scen, "faulty calls made", ">= 1", "%d of %d calls in the window" % (len(faulty), len(in_window)),
              faulty)
    rep.check(scen, "jobs unchanged during fault", "%s: status, sky_status, message as before" % ",".join(affected),
              "unchanged" if not changed else "; ".join("%s %s -> %s" % (n, a, b) for n, (a, b) in changed.items()),
              not changed)
    if logs_probe is not None:
        rep.check(scen, "GET logs while `sky logs` hangs", "200 within %ds" % (rt + LOGS_GRACE_S),
                  "%d in %.1fs" % logs_probe, logs_probe[0] == 200 and logs_probe[1] < rt + LOGS_GRACE_S)
    if "hang" in knobs:
        rep.check(scen, "sky processes at once", "<= %d" % MAX_SKY_DURING_HANG, sampler.max_sky,
                  sampler.max_sky <= MAX_SKY_DURING_HANG)
    sampler_checks(rep, scen, sampler)
    if "usage_error" in knobs:
        cmd = knobs["usage_error"][0]
        lines = [line for line in log_lines_about(svc, "ERROR", "sky refused a command line built by the service",
                                                  limit=1000) if ", %s, -o, json" % ", ".join(cmd.split()) in line]
        rep.check(scen, "ERROR logged for exit 2", "1+ line", "%d line(s)" % len(lines), lines)
    # A job's log follower (`--follow`) lives as long as its job, whatever the fault: it is bounded by
    # max-log-followers and counted in "sky processes at once", not expected to end with the window.
    calls = [i["pid"] for i in in_window if "--follow" not in i.get("argv", [])]
    pids_gone(rep, scen, svc, calls, rt + 10, "window's sky calls ended")
    final = wait_jobs(svc, {n: {"completed"} for n in names}, cfg["converge"])
    bad = {n: (j or {}).get("status") for n, j in final.items() if (j or {}).get("status") != "completed"}
    rep.check(scen, "converged after the fault", "completed", bad or "completed", not bad)
    for n in names:
        if n.endswith("-m"):
            continue
        gone = wait_until(lambda: not cluster_listed(svc, n), cfg["converge"])
        rep.check(scen, "cluster %s torn down" % n, "gone", "gone" if gone else "still listed", gone)
    wrong_sky = {n: (j or {}).get("sky_status") for n, j in final.items()
                 if (j or {}).get("sky_status") not in ("UP/SUCCEEDED", "SUCCEEDED")}
    rep.check(scen, "sky_status after", "UP/SUCCEEDED | SUCCEEDED", wrong_sky or "ok", not wrong_sky)
    return names


def _started_with(svc, extra):
    s = Sampler(svc, extra_paths=extra, marker=svc.sky_state)
    s.start()
    return s


# ----------------------------------------------------------------------------------------------------------------
# Service A, part 3: the CLI disappears while the service runs

def vanishing_cli(rep, svc, cfg, link, target):
    scen = "CLI removed at runtime"
    names = ["gone-c", "gone-m"]
    svc.scenario({"prose": PROSE, "per_name": knobs_by_key(svc, {n: {"run_units": int(cfg["window"] / 2 + 3)}
                                                                  for n in names})})
    for n in names:
        r = svc.post("/api/v1/jobs", launch_body(n, "managed" if n.endswith("-m") else "cluster"))
        rep.check(scen, "POST " + n, 201, r.status, r.status == 201)
    got = steady(svc, names, cfg["converge"])
    if not rep.check(scen, "set-up: jobs running", "running, UP/RUNNING | RUNNING", got,
                     all(v[0] == "running" and v[1] in ("RUNNING", "UP/RUNNING") for v in got.values())):
        return names
    baseline = {n: job_snapshot(svc, n) for n in names}
    os.unlink(link)
    removed_at = time.time()
    sampler = _started_with(svc, ["/api/v1/jobs/" + n for n in names])
    r = svc.post("/api/v1/jobs", launch_body("gone-new", "cluster"))
    if r.status == 503:
        body = r.json() or {}
        rep.check(scen, "cloud launch without a CLI", "503 naming the CLI, or 201 then failed naming it",
                  "503 %s" % body.get("detail"), "SkyPilot CLI" in (body.get("detail") or ""))
        rep.check(scen, "no job created", 404, svc.get("/api/v1/jobs/gone-new").status,
                  svc.get("/api/v1/jobs/gone-new").status == 404)
    else:
        j = wait_jobs(svc, {"gone-new": {"failed"}}, cfg["converge"])["gone-new"] or {}
        msg = j.get("error_message") or ""
        rep.check(scen, "cloud launch without a CLI", "503 naming the CLI, or 201 then failed naming it",
                  "%d, then %s: %s" % (r.status, j.get("status"), msg),
                  r.status == 201 and j.get("status") == "failed" and link in msg)
    t0 = time.time()
    lr = svc.get("/api/v1/jobs/gone-c/logs?tail=20", timeout=60)
    rep.check(scen, "GET logs without a CLI", "200 (or 503), not 500", "%d in %.1fs %s" % (
        lr.status, time.time() - t0, lr.body[:160].decode(errors="replace") if lr.status != 200 else ""),
        lr.status in (200, 503))
    changed = watch_unchanged(svc, names, baseline, removed_at + cfg["window"])
    os.symlink(target, link)
    sampler.finish()
    rep.check(scen, "jobs unchanged while it is missing", "unchanged",
              "unchanged" if not changed else "; ".join("%s %s -> %s" % (n, a, b) for n, (a, b) in changed.items()),
              not changed)
    sampler_checks(rep, scen, sampler)
    final = wait_jobs(svc, {n: {"completed"} for n in names}, cfg["converge"])
    bad = {n: (j or {}).get("status") for n, j in final.items() if (j or {}).get("status") != "completed"}
    rep.check(scen, "converged once it is back", "completed", bad or "completed", not bad)
    return names + ["gone-new"]


# ----------------------------------------------------------------------------------------------------------------
# Service B: no CLI at all

def missing_binary(rep, jar, cfg, workdir):
    scen = "missing sky binary"
    missing = os.path.join(workdir, "no-such-dir", "sky")
    svc = start_service(workdir, jar, service_env(cfg, cfg["launch_timeout"], cfg["read_timeout"],
                                                  cfg["down_timeout"]), sky_cli=missing)
    try:
        time.sleep(1.0)
        r = svc.get("/q/health/live", auth=False)
        rep.check(scen, "GET /q/health/live", 200, r.status, r.status == 200)
        r = svc.get("/q/health/ready", auth=False)
        sky = [c for c in (r.json() or {}).get("checks", []) if c.get("name") == "skypilot"]
        rep.check(scen, "GET /q/health/ready (expected to change: a missing sky must not make the pod unready)",
                  200, "%d skypilot=%s" % (r.status, json.dumps(sky[0]) if sky else None), r.status == 200)
        for mode in ("cluster", "managed"):
            name = "nocli-" + mode[0]
            r = svc.post("/api/v1/jobs", launch_body(name, mode))
            body = r.json() if r.body else {}
            ctype = r.headers.get("Content-Type", "")
            rep.check(scen + " [%s]" % mode, "POST cloud launch", "503 application/problem+json",
                      "%d %s" % (r.status, ctype), r.status == 503 and ctype.startswith("application/problem+json"))
            detail = (body or {}).get("detail") or ""
            want = "the SkyPilot CLI was not found at '%s'" % missing
            rep.check(scen + " [%s]" % mode, "503 detail names the reason", want + "…", detail, want in detail)
            rep.check(scen + " [%s]" % mode, "Retry-After", "present", r.headers.get("Retry-After"),
                      r.headers.get("Retry-After") is not None)
            g = svc.get("/api/v1/jobs/" + name)
            rep.check(scen + " [%s]" % mode, "no job created", 404, g.status, g.status == 404)
        r = svc.post("/api/v1/jobs", launch_body("nocli-local", "cluster", infra="local"))
        rep.check(scen, "POST local job", 201, r.status, r.status == 201)
        st = svc.await_status("nocli-local", {"completed", "failed"}, cfg["converge"])
        rep.check(scen, "local job", "completed", st, st == "completed")
        lg = svc.get("/api/v1/jobs/nocli-local/logs?tail=5")
        text = (lg.json() or {}).get("logs", "") if lg.status == 200 else ""
        rep.check(scen, "GET local logs", "200 with the job's last line", "%d %r" % (lg.status, text[-50:]),
                  lg.status == 200 and "smoke finished with exit code 0" in text)
        lst = svc.get("/api/v1/jobs")
        names = [j["job_name"] for j in (lst.json() or {}).get("jobs", [])] if lst.status == 200 else None
        rep.check(scen, "GET /api/v1/jobs", "200 listing only the local job", "%d %s" % (lst.status, names),
                  lst.status == 200 and names == ["nocli-local"])
        for path in ("/api/v1/templates", "/api/v1/jobs/nocli-local", "/api/v1/jobs/nocli-local/metrics"):
            g = svc.get(path)
            rep.check(scen, "GET " + path, 200, g.status, g.status == 200)
        r = svc.get("/q/health/live", auth=False)
        rep.check(scen, "still live at the end", 200, r.status, r.status == 200)
        r = svc.get("/q/health/ready", auth=False)
        rep.check(scen, "still ready at the end (expected to change)", 200, r.status, r.status == 200)
        left = no_leftovers(rep, scen, svc, 15)
        rep.info(scen, "processes under the work dir", len(left))
    finally:
        kill_leftovers(svc)
        svc.stop()
    return svc


# ----------------------------------------------------------------------------------------------------------------
# Service C: a slow CLI

def slow_cli(rep, jar, cfg, workdir):
    low, high = cfg["slow"]
    scen = "slow CLI: %g-%g s per call" % (low, high)
    to = cfg["slow_timeout"]
    svc = start_service(workdir, jar, service_env(cfg, to, to, to))
    try:
        svc.wait_ready(60)
        names = []
        for k in range(cfg["slow_pairs"]):
            names += ["slow-c%d" % k, "slow-m%d" % k]
        # Baseline latency before the CLI slows down, with the same jobs listed.
        svc.scenario({"per_name": knobs_by_key(svc, {n: {"run_units": 3} for n in names})})
        base = _started_with(svc, [])
        time.sleep(3)
        base.finish()
        svc.scenario({"slow": [low, high], "per_name": knobs_by_key(svc, {n: {"run_units": 3} for n in names})})
        sampler = _started_with(svc, [])
        t0 = time.time()
        for n in names:
            r = svc.post("/api/v1/jobs", launch_body(n, "managed" if "-m" in n else "cluster"))
            rep.check(scen, "POST " + n, 201, r.status, r.status == 201)
        final = wait_jobs(svc, {n: {"completed"} for n in names}, cfg["slow_converge"])
        took = time.time() - t0
        bad = {n: ((j or {}).get("status"), (j or {}).get("error_message")) for n, j in final.items()
               if (j or {}).get("status") != "completed"}
        rep.check(scen, "jobs converge", "completed", bad or "completed in %.0fs" % took, not bad)
        gone = wait_until(lambda: not [n for n in names if "-c" in n and cluster_listed(svc, n)],
                          cfg["slow_converge"])
        rep.check(scen, "clusters torn down", "gone", "gone" if gone else "still listed", gone)
        sampler.finish()
        rep.info(scen, "GET /api/v1/jobs p99 before slowing", "%.0f ms (n=%d)" % (base.p99(), len(base.list_ms)))
        sampler_checks(rep, scen, sampler)
        rep.info(scen, "sky processes at once (max)", sampler.max_sky)
        timeouts = [line for line in service_log(svc).splitlines() if "did not finish within" in line]
        rep.check(scen, "no call hit its time limit", 0, len(timeouts), not timeouts)
        svc.scenario({})
        left = no_leftovers(rep, scen, svc, to + 10)
        rep.info(scen, "processes under the work dir", len(left))
    finally:
        kill_leftovers(svc)
        svc.stop()
    return svc


# ----------------------------------------------------------------------------------------------------------------

def service_a(rep, jar, cfg, workdir):
    bindir = os.path.join(workdir, "bin")
    os.makedirs(bindir, exist_ok=True)
    link = os.path.join(bindir, "sky")
    os.symlink(harness.DOUBLE, link)
    svc = start_service(workdir, jar, service_env(cfg, cfg["launch_timeout"], cfg["read_timeout"],
                                                  cfg["down_timeout"]), sky_cli=link)
    try:
        svc.wait_ready(60)
        t = time.time()
        names = launch_faults(rep, svc, cfg)
        log("launch faults done in %.0fs" % (time.time() - t))
        health_checks(rep, "launch faults (all)", svc)
        for idx, (title, knobs, n_clusters) in enumerate(read_windows(cfg)):
            if not picked(cfg, "read fault: " + title):
                continue
            t = time.time()
            names += read_fault_window(rep, svc, cfg, idx, title, knobs, n_clusters)
            log("read fault '%s' done in %.0fs" % (title, time.time() - t))
        t = time.time()
        if picked(cfg, "CLI removed at runtime"):
            names += vanishing_cli(rep, svc, cfg, link, harness.DOUBLE)
        log("vanishing CLI done in %.0fs" % (time.time() - t))
        svc.scenario({})
        health_checks(rep, "service A at the end", svc)
        # Jobs left unknown (never guessed) are followed for ever: stop them, so that the service goes idle.
        unknown = [j["job_name"] for j in svc.get("/api/v1/jobs?limit=500&status=unknown").json()["jobs"]]
        for n in unknown:
            r = svc.request("DELETE", "/api/v1/jobs/" + n)
            rep.check("service A at the end", "stop unknown job " + n, 200, r.status, r.status == 200)
        if unknown:
            final = wait_jobs(svc, {n: {"stopped"} for n in unknown}, cfg["converge"])
            rep.check("service A at the end", "unknown jobs stopped", "stopped",
                      {n: (j or {}).get("status") for n, j in final.items()},
                      all((j or {}).get("status") == "stopped" for j in final.values()))
        # Every job settled and every teardown done, then nothing may be left running.
        active = wait_until(lambda: not [j for j in svc.get("/api/v1/jobs?limit=500").json()["jobs"]
                                         if j["status"] in ("pending", "provisioning", "running", "stopping")],
                            cfg["converge"])
        rep.check("service A at the end", "no active job", "none", "none" if active else "some active", active)
        left = no_leftovers(rep, "service A at the end", svc, cfg["read_timeout"] + 20)
        rep.info("service A at the end", "processes under the work dir", len(left))
        rep.info("service A at the end", "sky calls made", len(svc.invocations()))
    finally:
        kill_leftovers(svc)
        svc.stop()
    return svc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--short", action="store_true", help="CI mode: grouped read faults, a mildly slow CLI")
    ap.add_argument("--jar", default=harness.DEFAULT_JAR, help="the packaged service (default %(default)s)")
    ap.add_argument("--only", choices=["a", "b", "c"], action="append",
                    help="run only service A (faults), B (missing binary) or C (slow CLI); repeatable")
    ap.add_argument("--pick", metavar="REGEX",
                    help="run only the scenarios of service A whose id or title matches (to reproduce one failure): "
                         "e.g. 'exit100', 'hangafter-m', 'read fault: exit 1', 'CLI removed'")
    ap.add_argument("--keep", action="store_true", help="keep the work directories even when every check passed")
    args = ap.parse_args()
    if not os.path.isfile(args.jar):
        sys.exit("no jar at %s (build it, or pass --jar)" % args.jar)
    cfg = dict(MODES["short" if args.short else "long"], pick=re.compile(args.pick) if args.pick else None)
    only = set(args.only or ["a", "b", "c"])
    root = tempfile.mkdtemp(prefix="sky-faults-")
    rep = Report()
    started = time.time()
    log("mode %s, jar %s, work dir %s" % ("short" if args.short else "long", args.jar, root))
    try:
        if "b" in only:
            t = time.time()
            missing_binary(rep, args.jar, cfg, os.path.join(root, "missing-binary"))
            log("missing binary done in %.0fs" % (time.time() - t))
        if "a" in only:
            service_a(rep, args.jar, cfg, os.path.join(root, "faults"))
        if "c" in only:
            t = time.time()
            slow_cli(rep, args.jar, cfg, os.path.join(root, "slow"))
            log("slow CLI done in %.0fs" % (time.time() - t))
    except SystemExit as e:
        rep.check("harness", "ran to the end", "yes", e, False)
    rep.print_table()
    failed = rep.failures()
    checks = [r for r in rep.rows if r["ok"] is not None]
    print("\n%d checks, %d failed, %.0fs (%s mode)" % (len(checks), len(failed), time.time() - started,
                                                        "short" if args.short else "long"))
    if failed:
        print("\nFAILED CHECKS:")
        for r in failed:
            print("- %s / %s\n    expected: %s\n    observed: %s%s" % (
                r["scenario"], r["what"], r["expected"], r["observed"],
                "\n    detail: %s" % r["detail"] if r["detail"] else ""))
        print("\nwork directories kept for inspection (service.log, sky-state/invocations.jsonl): %s" % root)
        sys.exit(1)
    if args.keep:
        print("work directories: %s" % root)
    else:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
