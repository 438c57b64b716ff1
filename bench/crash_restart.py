#!/usr/bin/env python3
"""Crash-restart checks of the packaged service (Python 3 stdlib only): what a `kill -9` of the service does to the jobs
it was handling, and whether it picks them all up again after a restart on the same data.

Four phases, each with its own service (bench/harness.py: loopback, its own data dir and admin token, the sky test
double src/test/sky-double/sky); each kills the service with SIGKILL (its task and `sky` processes live on, as after a
real crash) and restarts it on the same data and port:

  sky       --sky-jobs concurrent launches (a thread each; cluster and managed mode alternate; most run for good, a
            fifth succeed and a fifth fail soon) through POST /api/v1/jobs in two waves: the first --kill-after, then,
            once those are answered and SkyPilot lists one of them, all the others at once; the kill comes with the
            first answer of the second wave. So at the kill there are requests in flight (stored or not), launches
            under way in SkyPilot (the double's launches block --launch-seconds after it lists the job) and launches
            still queued in the service. The long mode kills again during the recovery (--kills). Checked: every
            201 exists after the restart (a 503 must not; an unanswered one may or may not); no job was launched
            twice (`launch` / `jobs launch` records per job key in the double's invocations.jsonl, and cluster jobs /
            managed jobs per key in its state); nothing launched for a job that does not exist; every job reaches
            the status the double holds for it (running, completed or failed), at most 2 reconcile cycles (counted
            in the service's own cycle log; reconcile and fast interval set to --reconcile-interval) after that
            status became observable; no 5xx, no ERROR log line, no process left once the service is stopped.
  inflight  Launches that SkyPilot does not list yet when the service dies (the double sleeps --inflight-delay
            seconds before it records them, as the real CLI's request waits on the SkyPilot API server): the
            orphaned `sky launch` goes on and its cluster or managed job shows up after the restart. Checked as sky,
            above all: no job launched twice.
  local     Local jobs (infra local; local-smoke and a gated template of this bench whose task ends when the bench
            says) with known exit codes, the service killed while they run. While it is down two tasks end on their
            own (exit 0 and 5), one is killed whole (SIGKILL to its process group), one loses only its leader (the task
            wrapper). Checked: tasks alive at the restart are re-attached; every job ends with its true outcome
            (completed for exit 0, failed naming the code otherwise, failed with a reason when its process is gone);
            none lost or stuck; no process of any job left once it has ended.
  stop      Long local jobs stopped all at once (DELETE /api/v1/jobs/{name}); the kill comes as soon as the stop of the
            first job (whose task ignores SIGTERM; only its wrapper dies of it) is answered. Checked: a stop answered
            200 is not lost; a job whose stop got no answer and still runs is stopped again; every job ends `stopped`
            and none of its processes is left.

Figures are printed per phase (one JSON line each, then a JSON report); the exit status is 1 with every violation
listed, 0 when all checks held. `--short` is the CI size (under two minutes on a 2-core machine; the launch count
stays 50); the default also kills the sky phase's service a second time during its recovery, and runs more local
jobs and stops. Work directories (service.log, data/, sky-state/) are kept when a check fails (or with --keep).

    python3 bench/crash_restart.py --short
    python3 bench/crash_restart.py --jar target/quarkus-app/quarkus-run.jar --json crash.json
    python3 bench/crash_restart.py --short --phases sky,local --keep --verbose
"""
import argparse
import datetime
import importlib.machinery
import importlib.util
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

TERMINAL = {"completed", "failed", "stopped"}
LOCAL_TEMPLATE = "local-smoke"
# A local template whose task ignores SIGTERM (so a stop needs the SIGKILL after the grace period). Written into a
# private copy of the templates directory; skylaunch/ is not touched.
STUBBORN_TEMPLATE = """\
name: crash-stubborn
resources:
  cpus: 1+
envs:
  STUBBORN_SECONDS: "600"
setup: |
  echo "stubborn setup"
run: |
  trap '' TERM
  echo "stubborn task ignores SIGTERM"
  end=$(( $(date +%s) + STUBBORN_SECONDS ))
  while [ "$(date +%s)" -lt "$end" ]; do sleep 0.5; done
  echo "stubborn task done"
"""
# A local template whose task runs until a file appears, then exits with the code it was given: the bench decides
# when it ends (e.g. while the service is down).
GATE_TEMPLATE = """\
name: crash-gate
resources:
  cpus: 1+
envs:
  GATE_FILE: ""
  GATE_EXIT_CODE: "0"
setup: |
  echo "gate setup"
run: |
  case "$GATE_EXIT_CODE" in ''|*[!0-9]*) echo "GATE_EXIT_CODE must be a whole number" >&2; exit 2;; esac
  [ -n "$GATE_FILE" ] || { echo "GATE_FILE is empty" >&2; exit 2; }
  echo "gate waits for $GATE_FILE"
  while [ ! -e "$GATE_FILE" ]; do sleep 0.2; done
  echo "gate opened; exit $GATE_EXIT_CODE"
  exit "$GATE_EXIT_CODE"
"""


class Checks:
    """Collects violations per phase; a phase never stops at the first one, so a report names them all."""

    def __init__(self):
        self.violations = []

    def expect(self, ok, phase, message):
        if not ok:
            self.violations.append("[%s] %s" % (phase, message))
            print("  VIOLATION [%s] %s" % (phase, message), flush=True)
        return ok


def log(msg):
    print(time.strftime("%H:%M:%S ") + msg, flush=True)


# ---------------------------------------------------------------------------------------------------------------------
# What the sky double holds: its state file read directly (never through the CLI, which would record invocations),
# interpreted with the double's own functions so the "truth" is exactly what the double would print.

def load_double():
    loader = importlib.machinery.SourceFileLoader("sky_double", harness.DOUBLE)
    spec = importlib.util.spec_from_loader("sky_double", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


CLUSTER_JOB_STATUS = {"INIT": "provisioning", "PENDING": "provisioning", "SETTING_UP": "provisioning",
                      "RUNNING": "running", "SUCCEEDED": "completed", "FAILED": "failed", "FAILED_SETUP": "failed",
                      "FAILED_DRIVER": "failed", "CANCELLED": "stopped"}
MANAGED_STATUS = {"PENDING": "provisioning", "SUBMITTED": "provisioning", "STARTING": "provisioning",
                  "RUNNING": "running", "RECOVERING": "running", "WINDING_DOWN": "running", "SUCCEEDED": "completed",
                  "CANCELLING": "stopping", "CANCELLED": "stopped"}


class DoubleTruth:
    def __init__(self, sky_state):
        self.sky = load_double()
        self.sky.STATE_DIR = sky_state

    def state(self):
        return self.sky.load_json("state.json", {"clusters": {}, "managed": []})

    def _cluster_at(self, c, at):
        status = self.sky.cluster_status(c, at)
        if status is None:
            return None
        if status == "INIT" or not c["jobs"]:
            return "provisioning"
        return CLUSTER_JOB_STATUS.get(self.sky.cluster_job_status(c, c["jobs"][-1], at), "unknown")

    def _managed_at(self, m, at):
        raw = self.sky.managed_status(m, at)
        return "failed" if raw.startswith("FAILED") else MANAGED_STATUS.get(raw, "unknown")

    def status(self, state, key, mode, at):
        """(the ainfinity status the double's state maps to at `at`, the time that status began); (None, None) when
        the double knows nothing of the job `key` (harness.job_key)."""
        if mode == "cluster":
            c = state["clusters"].get(key)
            if c is None:
                return None, None
            fn, start = (lambda t: self._cluster_at(c, t)), c["launched_at"]
        else:
            ms = [m for m in state["managed"] if m["name"] == key]
            if not ms:
                return None, None
            m = ms[-1]
            fn, start = (lambda t: self._managed_at(m, t)), m["launched_at"]
        now_status = fn(at)
        # The timelines are monotone: find by bisection when the current status began.
        lo, hi = start, at
        if fn(lo) == now_status:
            return now_status, lo
        for _ in range(40):
            mid = (lo + hi) / 2
            if fn(mid) == now_status:
                hi = mid
            else:
                lo = mid
        return now_status, hi


# ---------------------------------------------------------------------------------------------------------------------
# Service log and API helpers

LOG_STAMP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) ")


def log_lines(service):
    try:
        with open(service.log, errors="replace") as f:
            for line in f:
                m = LOG_STAMP.match(line)
                if m:
                    stamp = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp()
                    yield stamp, line.rstrip("\n")
    except FileNotFoundError:
        return


def reconcile_cycles(service):
    """(start, end) of each reconcile cycle, from the Reconciler's debug line."""
    cycles = []
    for stamp, line in log_lines(service):
        if "reconcile jobs=" in line:
            took = re.search(r"tookMs=(\d+)", line)
            cycles.append((stamp - int(took.group(1)) / 1000.0 if took else stamp, stamp))
    return cycles


def launched_lines(service):
    """Per job key, the times the service logged that a `sky launch` returned and was recorded."""
    done = {}
    for stamp, line in log_lines(service):
        m = re.search(r"job=(\S+) launched on SkyPilot", line)
        if m:
            done.setdefault(m.group(1), []).append(stamp)
    return done


def problem_lines(service, until):
    """ERROR lines and 5xx answers in the service's log, before `until` (the bench's own graceful stop, whose
    shutdown noise is not what is checked here)."""
    return [line for stamp, line in log_lines(service)
            if stamp < until and (" ERROR " in line or re.search(r" status=5\d\d ", line))]


def parse_instant(text):
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?$", text)
    if not m:
        raise ValueError("not an instant: %r" % text)
    frac = (m.group(2) or "0")[:6].ljust(6, "0")
    tz = m.group(3) or "Z"
    tz = "+00:00" if tz == "Z" else tz
    return datetime.datetime.fromisoformat("%s.%s%s" % (m.group(1), frac, tz)).timestamp()


def events(service, name):
    out, after = [], None
    while True:
        r = service.get("/api/v1/jobs/%s/events?limit=500%s" % (name, "" if after is None else "&after=%d" % after))
        if r.status != 200:
            raise RuntimeError("GET events of %s: %d %s" % (name, r.status, r.body[:200]))
        body = r.json()
        out += body["events"]
        if not body["events"] or body.get("next_after") is None or body["next_after"] == after:
            return out
        after = body["next_after"]


def list_jobs(service):
    jobs, cursor = {}, None
    while True:
        r = service.get("/api/v1/jobs?limit=500" + ("" if cursor is None else "&after=" + cursor))
        if r.status != 200:
            raise RuntimeError("GET /api/v1/jobs: %d %s" % (r.status, r.body[:200]))
        body = r.json()
        for j in body["jobs"]:
            jobs[j["job_name"]] = j
        cursor = body.get("next_cursor")
        if not cursor:
            return jobs


def leftovers(service, wait_s):
    """Processes of this run (task processes, sky calls) other than the service itself, after up to `wait_s` for
    the ones under way to end."""
    end = time.time() + wait_s
    while True:
        own = service.proc.pid if service.proc is not None and service.proc.poll() is None else None
        found = [(pid, cmd) for pid, cmd in harness.processes_under(service.workdir) if pid != own]
        if not found or time.time() >= end:
            return found
        time.sleep(0.5)


def kill_leftovers(found):
    for pid, _ in found:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def new_service(workdir, jar, env):
    env = dict(env)
    env.setdefault("QUARKUS_LOG_CATEGORY__IO_AINFINITY__LEVEL", "DEBUG")
    # The same on every machine: with PYTHONUNBUFFERED set (as in some shells and CI images), a `sky` double orphaned
    # by the kill dies of EPIPE at its first print, before it records anything; unset, it goes on like the real
    # CLI, whose request is already with the SkyPilot API server (killing the CLI does not cancel it).
    env.setdefault("PYTHONUNBUFFERED", "")
    # One log across the restarts (Quarkus would otherwise move the previous run's log to service.log.1 at boot).
    env.setdefault("QUARKUS_LOG_FILE_ROTATION_ROTATE_ON_BOOT", "false")
    return harness.Service(workdir, jar=jar, env=env)


# ---------------------------------------------------------------------------------------------------------------------
# Phase 1: SkyPilot launches, killed in flight

def sky_phase(args, checks, workdir):
    phase = "sky"
    interval = args.reconcile_interval
    svc = new_service(workdir, args.jar, {
        "AINFINITY_SKYPILOT_RECONCILE_INTERVAL": "%gS" % interval,
        # The fast interval is set to the same value, so that "a reconcile cycle" has one length throughout.
        "AINFINITY_SKYPILOT_FAST_INTERVAL": "%gS" % interval,
    })
    n = args.sky_jobs
    names = ["cr-%02d" % i for i in range(n)]
    mode = {name: ("cluster" if i % 2 == 0 else "managed") for i, name in enumerate(names)}
    # Most jobs run for good (their final status is running); every fifth succeeds, every fifth+1 fails, both soon.
    kind = {name: ("succeeds" if i % 5 == 0 else "fails" if i % 5 == 1 else "long") for i, name in enumerate(names)}
    truth = DoubleTruth(svc.sky_state)
    log("[sky] workdir %s; %d launches (%d cluster, %d managed), kill after %d answers, reconcile interval %gs"
        % (workdir, n, sum(1 for v in mode.values() if v == "cluster"),
           sum(1 for v in mode.values() if v == "managed"), args.kill_after, interval))
    svc.start()
    svc.wait_ready()
    # The double's knobs per job key, known once the service has written its admin token (the jobs' owner).
    per_name = {}
    for i, name in enumerate(names):
        if kind[name] != "long":
            per_name[svc.key(name)] = {"run_units": 2, "outcome": "SUCCEEDED" if kind[name] == "succeeds" else "FAILED"}
    svc.scenario({"time_scale": args.time_scale, "init_units": 1, "pending_units": 1, "setup_units": 1,
                  "run_units": 10 ** 7, "launch_seconds": args.launch_seconds, "per_name": per_name})

    # Two waves of concurrent requests (one thread each): the first --kill-after launches, then, once they are
    # answered and SkyPilot lists at least one of them (so launches are under way in SkyPilot, not only queued in the
    # service), all the others at once; the kill comes with the first answer of the second wave. At the kill there
    # are requests in flight (some stored, some not), launches under way in SkyPilot and launches still queued.
    results = {}
    lock = threading.Lock()
    waves = [threading.Event(), threading.Event()]
    wave_of = {name: (0 if i < args.kill_after else 1) for i, name in enumerate(names)}

    def body(name):
        b = {"job_name": name, "template": LOCAL_TEMPLATE, "mode": mode[name], "resources": {"infra": "aws"},
             "labels": {"bench": "crash-restart"}}
        if kind[name] != "long":
            b["down"] = False  # the cluster stays, so its outcome stays readable in the double
        return b

    def launch(name):
        waves[wave_of[name]].wait(timeout=120)
        t0 = time.time()
        try:
            r = svc.post("/api/v1/jobs", body(name), timeout=60)
            outcome = (r.status, r.body[:300].decode(errors="replace"))
        except Exception as e:  # connection reset/refused, timeout: no answer
            outcome = (None, "%s: %s" % (type(e).__name__, e))
        with lock:
            results[name] = (outcome[0], outcome[1], t0, time.time())

    def answered(wave):
        with lock:
            return sum(1 for nm, r in results.items() if wave_of[nm] == wave and r[0] is not None)

    threads = [threading.Thread(target=launch, args=(name,), daemon=True) for name in names]
    for t in threads:
        t.start()
    started = time.time()
    waves[0].set()
    first_wave = sum(1 for w in wave_of.values() if w == 0)
    end = time.time() + 60
    while time.time() < end and answered(0) < first_wave:
        time.sleep(0.01)
    end = time.time() + 10
    while time.time() < end and not sky_entries(truth.state()):
        time.sleep(0.02)
    waves[1].set()
    end = time.time() + 2
    while time.time() < end and answered(1) == 0:
        time.sleep(0.001)
    svc.kill9()
    killed_at = time.time()
    sky_at_kill = truth.state()
    with lock:
        answered_at_kill = sum(1 for r in results.values() if r[0] == 201)
    for t in threads:
        t.join(timeout=120)
    got = {name: results.get(name, (None, "thread did not finish", 0, 0)) for name in names}
    ok201 = sorted(nm for nm, r in got.items() if r[0] == 201)
    unanswered = sorted(nm for nm, r in got.items() if r[0] is None)
    refused503 = sorted(nm for nm, r in got.items() if r[0] == 503)
    other = {nm: r[:2] for nm, r in got.items() if r[0] not in (None, 201, 503)}
    in_sky_at_kill = sorted(set(sky_at_kill["clusters"]) | {m["name"] for m in sky_at_kill["managed"]})
    log("[sky] killed after %d answers: %d answered 201 in all, %d unanswered, %d answered 503, %d other; %d known "
        "to the double at the kill" % (answered_at_kill, len(ok201), len(unanswered), len(refused503), len(other),
                                       len(in_sky_at_kill)))
    checks.expect(answered_at_kill >= args.kill_after, phase, "only %d launches were answered 201 before the kill "
                  "(wanted %d)" % (answered_at_kill, args.kill_after))
    checks.expect(not other, phase, "launches answered neither 201, 503 nor nothing: %s" % other)

    restarted_at = time.time()
    svc.start()
    log("[sky] restarted in %.1fs" % svc.started_in)
    restart_times = [svc.started_in]
    # Further kills (the long mode): each lands while the restarted service is launching again what the previous
    # one left, as soon as it has logged a few of those launches.
    for k in range(1, args.kills):
        end = time.time() + 30
        while time.time() < end:
            again = sum(1 for stamp, line in log_lines(svc) if stamp >= restarted_at and "launching (again)" in line)
            if again >= 3:
                break
            time.sleep(0.05)
        svc.kill9()
        log("[sky] killed again (%d/%d) with %d launches begun after the last restart" % (k + 1, args.kills, again))
        restarted_at = time.time()
        svc.start()
        restart_times.append(svc.started_in)
        log("[sky] restarted in %.1fs" % svc.started_in)

    # Every 201 exists; unanswered ones may or may not; a 503 must not.
    existing = {}
    for name in names:
        r = svc.get("/api/v1/jobs/" + name)
        if r.status == 200:
            existing[name] = r.json()["job_info"]
        elif r.status != 404:
            checks.expect(False, phase, "GET %s after restart answered %d: %s" % (name, r.status, r.body[:200]))
    lost = [nm for nm in ok201 if nm not in existing]
    checks.expect(not lost, phase, "launches answered 201 but missing after the restart: %s" % lost)
    ghost503 = [nm for nm in refused503 if nm in existing]
    checks.expect(not ghost503, phase, "launches answered 503 that exist after the restart: %s" % ghost503)
    unanswered_exist = [nm for nm in unanswered if nm in existing]

    figures = verify_sky(svc, truth, existing, mode, kind, restarted_at, phase, checks, args)
    figures.update({
        "launches": n, "answered_201": len(ok201), "answered_503": len(refused503), "unanswered": len(unanswered),
        "unanswered_existing": len(unanswered_exist), "unanswered_absent": len(unanswered) - len(unanswered_exist),
        "known_to_sky_at_kill": len(in_sky_at_kill), "existing_after_restart": len(existing),
        "lost_201": len(lost), "kills": args.kills, "restart_s": [round(t, 2) for t in restart_times],
        "answered_201_at_kill": answered_at_kill,
        "killed_after_s": round(killed_at - started, 2),
    })
    return workdir, figures


FINAL = {"long": "running", "succeeds": "completed", "fails": "failed"}


def launch_counts(svc):
    """`sky launch -c KEY` and `sky jobs launch -n KEY` calls per job KEY, from the double's record."""
    counts = {}
    for rec in svc.invocations():
        argv = rec["argv"]
        if rec["command"] == "launch":
            key = argv[argv.index("-c") + 1] if "-c" in argv else None
        elif rec["command"] == "jobs launch":
            key = argv[argv.index("-n") + 1] if "-n" in argv else None
        else:
            continue
        counts[key] = counts.get(key, 0) + 1
    return counts


def verify_sky(svc, truth, existing, mode, kind, restarted_at, phase, checks, args, settle_until=0.0):
    """After a restart: every existing job reaches the final status the double holds for it, within 2 reconcile
    cycles of that status being observable; nothing launched twice or for a job that does not exist; no process
    left once the service is stopped. `settle_until`: do not conclude before then (launches still under way)."""
    key = {nm: svc.key(nm) for nm in existing}
    name_of = {k: nm for nm, k in key.items()}
    deadline = time.time() + args.converge_timeout
    while True:
        jobs = list_jobs(svc)
        state = truth.state()
        now = time.time()
        pending = []
        for nm in existing:
            seen = jobs.get(nm, {}).get("status")
            true_status, _ = truth.status(state, key[nm], mode[nm], now)
            if true_status != FINAL[kind[nm]] or seen != true_status:
                pending.append((nm, seen, true_status))
        if (not pending and now >= settle_until) or now > deadline:
            break
        time.sleep(0.5)
    checks.expect(not pending, phase, "jobs that did not reach their true status within %ds of the restart "
                  "(name, service, double): %s" % (args.converge_timeout, pending))
    converged_at = time.time()

    # Per job: when its final status became observable in the double, and when the service recorded it.
    state = truth.state()
    launched = launched_lines(svc)
    cycles = [c for c in reconcile_cycles(svc) if c[0] >= restarted_at - 0.5]
    live_at = restarted_at + svc.started_in
    per_job = {}
    for nm in existing:
        true_status, since = truth.status(state, key[nm], mode[nm], converged_at)
        evs = events(svc, nm)
        into = [parse_instant(e["at"]) for e in evs if e.get("status") == true_status]
        t_match = into[-1] if into else None
        # Observable once the double holds it, the service is back (live), and the job's own launch (which the
        # reconciler waits for) has returned.
        ops_done = launched.get(key[nm], [])
        t_ref = max([since or 0, live_at] + ops_done)
        if t_match is None:
            lag_cycles = lag_s = None
        elif t_match <= restarted_at:
            lag_cycles, lag_s = 0, 0.0
        else:
            # Cycles under way once the status was observable, up to the one that recorded it.
            lag_cycles = sum(1 for start, end in cycles if end > t_ref and start <= t_match + 0.001)
            lag_s = max(0.0, t_match - t_ref)
        per_job[nm] = {"mode": mode[nm], "kind": kind[nm], "status": true_status, "lag_s": lag_s,
                       "lag_cycles": lag_cycles, "statuses": [e.get("status") for e in evs],
                       "t_final": since, "t_launched": ops_done, "t_match": t_match}
    slow = {nm: v for nm, v in per_job.items() if v["lag_cycles"] is not None and v["lag_cycles"] > 2}
    checks.expect(not slow, phase, "jobs that took more than 2 reconcile cycles to show their true status "
                  "(cycles, seconds): %s" % {nm: (v["lag_cycles"], round(v["lag_s"], 2)) for nm, v in slow.items()})
    never = [nm for nm, v in per_job.items() if v["lag_cycles"] is None]
    checks.expect(not never, phase, "jobs with no event into their true status: %s" % never)

    counts = launch_counts(svc)
    duplicates = {name_of.get(k, k): c for k, c in counts.items() if c > 1}
    checks.expect(not duplicates, phase, "launched more than once (name: sky launch calls): %s" % duplicates)
    twice_in_sky = {name_of.get(k, k): n for k, n in sky_entries(state).items() if n > 1}
    checks.expect(not twice_in_sky, phase, "more than one cluster job or managed job in SkyPilot for one job "
                  "(name: count): %s" % twice_in_sky)
    strays = sorted(k for k in counts if k not in name_of)
    checks.expect(not strays, phase, "launched in SkyPilot but no such job in the service (keys): %s" % strays)
    unlaunched = sorted(nm for nm in existing if counts.get(key[nm], 0) == 0)
    checks.expect(not unlaunched, phase, "jobs that were never launched in SkyPilot: %s" % unlaunched)
    adopted = sum(1 for _, line in log_lines(svc) if "found in SkyPilot by name" in line)
    relaunched = sum(1 for _, line in log_lines(svc) if "launching (again)" in line)

    stopping_at = time.time()
    svc.stop()
    left = leftovers(svc, wait_s=15)
    checks.expect(not left, phase, "processes left after the service stopped: %s" % left)
    kill_leftovers(left)
    errors = problem_lines(svc, stopping_at)
    checks.expect(not errors, phase, "ERROR lines or 5xx answers in the service log: %s" % errors[:5])

    lags = [v["lag_s"] for v in per_job.values() if v["lag_s"] is not None]
    lag_cycles = [v["lag_cycles"] for v in per_job.values() if v["lag_cycles"] is not None]
    figures = {
        "duplicates": len(duplicates), "duplicate_names": duplicates, "strays": len(strays),
        "adopted_by_name": adopted, "launched_again_by_recovery": relaunched,
        "reconcile_interval_s": args.reconcile_interval, "restart_s": round(svc.started_in, 2),
        "converge_s_after_restart": round(converged_at - restarted_at, 2),
        "converge_s_after_live": round(converged_at - live_at, 2),
        "converge_cycles_after_restart": len([c for c in cycles if c[0] <= converged_at]),
        "max_lag_s": round(max(lags), 2) if lags else None,
        "max_lag_cycles": max(lag_cycles) if lag_cycles else None,
        "final_statuses": count_by(v["status"] for v in per_job.values()),
        "leftover_processes": len(left),
    }
    if args.verbose:
        figures.update(per_job=per_job, cycles=cycles, restarted_at=restarted_at)
    return figures


def sky_entries(state):
    """Cluster jobs per cluster and managed jobs per name (both job keys), as the double holds them."""
    out = {}
    for name, c in state["clusters"].items():
        out[name] = out.get(name, 0) + len(c["jobs"])
    for m in state["managed"]:
        out[m["name"]] = out.get(m["name"], 0) + 1
    return out


def inflight_phase(args, checks, workdir):
    """Launches that SkyPilot does not list yet when the service dies (the CLI still talking to the API server, or
    the request waiting in its queue): the orphaned `sky launch` goes on and its cluster or managed job appears
    only after the restart. The service must not launch the job a second time."""
    phase = "inflight"
    svc = new_service(workdir, args.jar, {
        "AINFINITY_SKYPILOT_RECONCILE_INTERVAL": "%gS" % args.reconcile_interval,
        "AINFINITY_SKYPILOT_FAST_INTERVAL": "%gS" % args.reconcile_interval,
    })
    names = ["if-%02d" % i for i in range(args.inflight_jobs)]
    mode = {nm: ("cluster" if i % 2 == 0 else "managed") for i, nm in enumerate(names)}
    kind = {nm: "long" for nm in names}
    delay = args.inflight_delay
    truth = DoubleTruth(svc.sky_state)
    log("[inflight] workdir %s; %d launches that SkyPilot lists only %gs after they start" % (
        workdir, len(names), delay))
    svc.start()
    svc.wait_ready()
    svc.scenario({"time_scale": args.time_scale, "init_units": 1, "pending_units": 1, "setup_units": 1,
                  "run_units": 10 ** 7, "per_name": {svc.key(nm): {"slow": [delay, delay]} for nm in names}})
    name_of = {svc.key(nm): nm for nm in names}
    for nm in names:
        r = svc.post("/api/v1/jobs", {"job_name": nm, "template": LOCAL_TEMPLATE, "mode": mode[nm],
                                      "resources": {"infra": "aws"}, "labels": {"bench": "crash-restart"}})
        checks.expect(r.status == 201, phase, "launch of %s answered %d: %s" % (nm, r.status, r.body[:200]))
    # SkyOps runs max-concurrent-operations (4) at once: wait until as many launches as that are under way.
    end = time.time() + 30
    under_way = []
    while time.time() < end:
        under_way = sorted(name_of.get(k, k) for k in launch_counts(svc))
        if len(under_way) >= min(4, len(names)):
            break
        time.sleep(0.1)
    first_launch = min([r["time"] for r in svc.invocations() if r["command"] in ("launch", "jobs launch")] or
                       [time.time()])
    svc.kill9()
    # Launches from now on are listed at once (the orphaned ones keep the delay they started with).
    svc.scenario({"time_scale": args.time_scale, "init_units": 1, "pending_units": 1, "setup_units": 1,
                  "run_units": 10 ** 7})
    listed = sorted(name_of.get(k, k) for k in sky_entries(truth.state()))
    log("[inflight] killed with %d launches under way (%s), %d listed by SkyPilot" % (
        len(under_way), ", ".join(under_way), len(listed)))
    checks.expect(under_way and not listed, phase, "the test needs launches under way and not yet listed at the "
                  "kill: under way %s, listed %s" % (under_way, listed))
    restarted_at = time.time()
    svc.start()
    log("[inflight] restarted in %.1fs" % svc.started_in)
    existing = {nm: svc.job(nm) for nm in names}
    lost = [nm for nm, j in existing.items() if j is None]
    checks.expect(not lost, phase, "launches answered 201 but missing after the restart: %s" % lost)
    existing = {nm: j for nm, j in existing.items() if j is not None}
    # Conclude only after the orphaned launches have ended (and a second launch had its chance to show).
    figures = verify_sky(svc, truth, existing, mode, kind, restarted_at, phase, checks, args,
                         settle_until=first_launch + delay + 1)
    figures.update({"launches": len(names), "under_way_at_kill": len(under_way), "listed_at_kill": len(listed),
                    "listing_delay_s": delay, "existing_after_restart": len(existing)})
    return workdir, figures


def count_by(values):
    out = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


# ---------------------------------------------------------------------------------------------------------------------
# Phases 2 and 3: the local backend

def local_launch(svc, name, envs, template=LOCAL_TEMPLATE):
    r = svc.post("/api/v1/jobs", {"job_name": name, "template": template, "resources": {"infra": "local"},
                                  "envs": envs, "labels": {"bench": "crash-restart"}})
    if r.status != 201:
        raise SystemExit("launch of %s answered %d: %s" % (name, r.status, r.body[:300]))


def wait_all(svc, names, statuses, timeout):
    end = time.time() + timeout
    while True:
        jobs = list_jobs(svc)
        missing = {nm: jobs.get(nm, {}).get("status") for nm in names if jobs.get(nm, {}).get("status") not in
                   statuses}
        if not missing or time.time() > end:
            return jobs, missing
        time.sleep(0.25)


def run_dir(svc, name):
    """A local job's run directory, named by its key."""
    return os.path.join(svc.data, "runs", svc.key(name))


def task_pid(svc, name):
    try:
        with open(os.path.join(run_dir(svc, name), "pid")) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def private_templates(workdir):
    """A copy of skylaunch/ plus this bench's own templates, for the service's AINFINITY_TEMPLATES_DIR."""
    templates = os.path.join(workdir, "templates")
    os.makedirs(templates)
    for f in os.listdir(os.path.join(harness.ROOT, "skylaunch")):
        if f.endswith(".yaml"):
            shutil.copy(os.path.join(harness.ROOT, "skylaunch", f), templates)
    with open(os.path.join(templates, "crash-stubborn.yaml"), "w") as f:
        f.write(STUBBORN_TEMPLATE)
    with open(os.path.join(templates, "crash-gate.yaml"), "w") as f:
        f.write(GATE_TEMPLATE)
    return templates


def local_phase(args, checks, workdir):
    phase = "local"
    svc = new_service(workdir, args.jar, {"AINFINITY_TEMPLATES_DIR": private_templates(workdir)})
    n = args.local_jobs
    step_s = 0.5
    gates = os.path.join(workdir, "gates")
    os.makedirs(gates)
    # Roles: two tasks end on their own while the service is down (exit 0 and 5; their exit code is on disk); one is
    # killed while it is down (its whole process group SIGKILLed: no exit code); one loses only its leader (the task
    # wrapper, SIGKILLed) while it is down, its run script goes on; the others run on past the restart and must be
    # re-attached.
    plan = {
        "loc-00": {"role": "ends-while-down", "code": 0, "template": "crash-gate"},
        "loc-01": {"role": "ends-while-down", "code": 5, "template": "crash-gate"},
        "loc-02": {"role": "killed-while-down", "code": 0, "template": LOCAL_TEMPLATE},
        "loc-03": {"role": "leader-killed-while-down", "code": 0, "template": LOCAL_TEMPLATE},
    }
    # The re-attached ones: gated tasks (certain to outlive the restart; their gates open once it is back) and
    # local-smoke tasks that end by themselves a few seconds after the restart.
    for i in range(4, n):
        gated = i % 2 == 0
        code = (0 if i % 4 < 2 else (7 if gated else 3))
        plan["loc-%02d" % i] = {"role": "re-attached", "code": code, "template": "crash-gate" if gated else
                                LOCAL_TEMPLATE}
    names = sorted(plan)
    log("[local] workdir %s; %d local jobs" % (workdir, n))
    svc.start()
    svc.wait_ready()
    for name in names:
        p = plan[name]
        if p["template"] == "crash-gate":
            envs = {"GATE_FILE": os.path.join(gates, name), "GATE_EXIT_CODE": str(p["code"])}
        else:
            # The task that loses its leader runs long, so that whatever outlives the leader is still there at the end.
            steps = 600 if p["role"] == "leader-killed-while-down" else args.local_steps
            envs = {"SMOKE_STEPS": str(steps), "SMOKE_SLEEP_SECONDS": str(step_s), "SMOKE_EXIT_CODE": str(p["code"])}
        local_launch(svc, name, envs, template=p["template"])
    jobs, missing = wait_all(svc, names, {"running"}, 60)
    checks.expect(not missing, phase, "jobs not running 60s after launch: %s" % missing)
    pids = {nm: task_pid(svc, nm) for nm in names}
    svc.kill9()
    log("[local] killed the service with %d tasks running" % n)
    for name in names:
        if plan[name]["role"] == "killed-while-down" and pids.get(name):
            os.killpg(pids[name], signal.SIGKILL)
        if plan[name]["role"] == "leader-killed-while-down" and pids.get(name):
            os.kill(pids[name], signal.SIGKILL)
        if plan[name]["role"] == "ends-while-down":
            open(os.path.join(gates, name), "w").close()
    down_since = time.time()
    should_end = [nm for nm in names if plan[nm]["role"] == "ends-while-down"]
    while time.time() < down_since + 30:
        ended_while_down = [nm for nm in should_end if os.path.exists(os.path.join(run_dir(svc, nm), "exit_code"))]
        if len(ended_while_down) == len(should_end):
            break
        time.sleep(0.1)
    checks.expect(len(ended_while_down) == len(should_end), phase, "the gated tasks did not end while the service "
                  "was down: %s of %s" % (ended_while_down, should_end))
    time.sleep(max(0.0, down_since + args.local_down_s - time.time()))
    alive_at_restart = sorted(nm for nm in names if run_dir_processes(svc, nm))
    restarted_at = time.time()
    svc.start()
    log("[local] restarted in %.1fs; tasks alive at the restart: %s" % (svc.started_in, ", ".join(alive_at_restart)))
    name_of = {svc.key(nm): nm for nm in names}
    reattached = sorted(set(name_of.get(m.group(1), m.group(1)) for stamp, line in log_lines(svc)
                            if stamp >= restarted_at - 1
                            for m in [re.search(r"job=(\S+) re-attached to pid", line)] if m))
    gated_reattach = [nm for nm in names if plan[nm]["role"] == "re-attached" and plan[nm]["template"] == "crash-gate"]
    checks.expect(set(gated_reattach) <= set(reattached), phase, "tasks alive at the restart that the service did "
                  "not re-attach: %s (re-attached: %s)" % (sorted(set(gated_reattach) - set(reattached)), reattached))
    for nm in gated_reattach:
        open(os.path.join(gates, nm), "w").close()
    longest = args.local_steps * step_s
    jobs, missing = wait_all(svc, names, TERMINAL, longest + 60)
    ended_in = time.time() - restarted_at
    checks.expect(not missing, phase, "jobs not ended %ds after the restart: %s" % (longest + 60, missing))
    outcomes = {}
    for name in names:
        j = jobs.get(name)
        if not checks.expect(j is not None, phase, "job %s lost after the restart" % name):
            continue
        p = plan[name]
        status, reason = j["status"], j.get("error_message") or ""
        outcomes[name] = (p["role"], p["code"], status, reason)
        if p["role"] in ("killed-while-down", "leader-killed-while-down"):
            checks.expect(status == "failed" and reason, phase, "%s (%s) ended %s with reason %r; expected failed "
                          "with a reason" % (name, p["role"], status, reason))
        elif p["code"] == 0:
            checks.expect(status == "completed", phase, "%s (exit 0, %s) ended %s (%r)" % (
                name, p["role"], status, reason))
        else:
            checks.expect(status == "failed" and ("code %d" % p["code"]) in reason, phase,
                          "%s (exit %d, %s) ended %s with reason %r; expected failed naming the code" % (
                              name, p["code"], p["role"], status, reason))
    time.sleep(2)
    left = {nm: run_dir_processes(svc, nm) for nm in names}
    left = {nm: procs for nm, procs in left.items() if procs}
    checks.expect(not left, phase, "task processes still running after their job ended (job: [(pid, command)]): %s"
                  % left)
    stopping_at = time.time()
    svc.stop()
    rest = leftovers(svc, wait_s=0 if left else 10)
    checks.expect(not rest or left, phase, "processes left after the service stopped: %s" % rest)
    kill_leftovers(rest)
    errors = problem_lines(svc, stopping_at)
    checks.expect(not errors, phase, "ERROR lines or 5xx answers in the service log: %s" % errors[:5])
    figures = {
        "jobs": n, "existing_after_restart": sum(1 for nm in names if nm in jobs),
        "alive_at_restart": len(alive_at_restart), "reattached": len(reattached),
        "completed": sum(1 for o in outcomes.values() if o[2] == "completed"),
        "failed": sum(1 for o in outcomes.values() if o[2] == "failed"),
        "ended_s_after_restart": round(ended_in, 2),
        "restart_s": round(svc.started_in, 2),
        "leftover_processes": sum(len(v) for v in left.values()) or len(rest),
        "outcomes": {nm: {"role": o[0], "exit": o[1], "status": o[2], "reason": o[3]} for nm, o in outcomes.items()},
    }
    return workdir, figures


def run_dir_processes(svc, name):
    """Live processes of one local job: its task carries AINFINITY_RUN_DIR=<run dir> in its environment (children
    inherit it), its scripts are under the run dir."""
    directory = run_dir(svc, name)
    env_entry = ("AINFINITY_RUN_DIR=" + directory).encode()
    found = []
    for pid, cmd in harness.processes_under(directory):
        try:
            with open("/proc/%d/environ" % pid, "rb") as f:
                environ = f.read().split(b"\0")
        except OSError:
            continue
        if env_entry in environ or (directory + os.sep) in cmd:
            found.append((pid, cmd))
    return found


def stop_phase(args, checks, workdir):
    phase = "stop"
    # A long stop grace, as in production (10 s by default): the SIGKILL that follows the SIGTERM of a stop is due
    # well after the kill, whatever the machine's speed.
    svc = new_service(workdir, args.jar, {"AINFINITY_TEMPLATES_DIR": private_templates(workdir),
                                          "AINFINITY_LOCAL_STOP_GRACE": "30S"})
    # stop-00 runs crash-stubborn (its task ignores SIGTERM, only its wrapper dies of it); the others local-smoke.
    names = ["stop-%02d" % i for i in range(args.stop_jobs)]
    trigger = names[0]
    log("[stop] workdir %s; %d jobs stopped at once, the service killed as soon as the stop of %s is answered"
        % (workdir, len(names), trigger))
    svc.start()
    svc.wait_ready()
    for name in names:
        if name == trigger:
            local_launch(svc, name, {}, template="crash-stubborn")
        else:
            local_launch(svc, name, {"SMOKE_STEPS": "600", "SMOKE_SLEEP_SECONDS": "1"})
    jobs, missing = wait_all(svc, names, {"running"}, 60)
    checks.expect(not missing, phase, "jobs not running 60s after launch: %s" % missing)

    answers = {}
    lock = threading.Lock()
    barrier = threading.Barrier(len(names))

    def stop(name):
        try:
            barrier.wait(timeout=30)
        except threading.BrokenBarrierError:
            pass
        try:
            r = svc.request("DELETE", "/api/v1/jobs/" + name, timeout=30)
            answer = (r.status, (r.json() or {}).get("job_info", {}).get("status") if r.status == 200 else
                      r.body[:200].decode(errors="replace"))
        except Exception as e:  # the kill came first
            answer = (None, "%s: %s" % (type(e).__name__, e))
        with lock:
            answers[name] = answer
            if name == trigger:
                svc.kill9()

    threads = [threading.Thread(target=stop, args=(nm,), daemon=True) for nm in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    if svc.proc.poll() is None:
        svc.kill9()
    alive_at_kill = {nm: len(run_dir_processes(svc, nm)) for nm in names}
    for name in names:
        status, detail = answers.get(name, (None, "no answer"))
        checks.expect(status in (None, 200), phase, "stop of %s answered %s: %s" % (name, status, detail))
        if status == 200:
            checks.expect(detail == "stopping", phase, "stop of %s answered 200 with status %s" % (name, detail))
    answered = sorted(nm for nm in names if answers.get(nm, (None,))[0] == 200)
    log("[stop] killed; stops answered: %s; task processes alive at the kill: %s" % (answered, alive_at_kill))
    restarted_at = time.time()
    svc.start()
    log("[stop] restarted in %.1fs" % svc.started_in)
    # A stop that got no answer may not have been recorded: such a job runs on, and is stopped again now.
    restopped = []
    for name in names:
        j = svc.job(name)
        if not checks.expect(j is not None, phase, "job %s lost after the restart" % name):
            continue
        if name in answered:
            checks.expect(j["status"] in ("stopping", "stopped"), phase, "%s: its stop was answered before the "
                          "kill, yet after the restart it is %s" % (name, j["status"]))
        elif j["status"] in ("running", "provisioning", "pending"):
            r = svc.request("DELETE", "/api/v1/jobs/" + name)
            checks.expect(r.status == 200, phase, "second stop of %s answered %d" % (name, r.status))
            restopped.append(name)
    jobs, missing = wait_all(svc, names, TERMINAL, 60)
    ended_in = time.time() - restarted_at
    checks.expect(not missing, phase, "jobs not ended 60s after the restart: %s" % missing)
    for name in names:
        j = jobs.get(name)
        if j is not None:
            checks.expect(j["status"] == "stopped", phase, "%s ended %s (%r), expected stopped" % (
                name, j["status"], j.get("error_message")))
    time.sleep(2)
    left = {nm: run_dir_processes(svc, nm) for nm in names}
    left = {nm: procs for nm, procs in left.items() if procs}
    checks.expect(not left, phase, "task processes still running after their job ended stopped (job: [(pid, "
                  "command)]): %s" % left)
    stopping_at = time.time()
    svc.stop()
    rest = leftovers(svc, wait_s=0 if left else 10)
    checks.expect(not rest or left, phase, "processes left after the service stopped: %s" % rest)
    kill_leftovers(rest)
    errors = problem_lines(svc, stopping_at)
    checks.expect(not errors, phase, "ERROR lines or 5xx answers in the service log: %s" % errors[:5])
    figures = {
        "jobs": len(names), "stops_answered": len(answered), "stops_unanswered": len(names) - len(answered),
        "stopped_again_after_restart": len(restopped),
        "alive_at_kill": sum(1 for v in alive_at_kill.values() if v),
        "stopped": sum(1 for nm in names if jobs.get(nm, {}).get("status") == "stopped"),
        "ended_s_after_restart": round(ended_in, 2), "restart_s": round(svc.started_in, 2),
        "leftover_processes": sum(len(v) for v in left.values()) or len(rest),
        "final": {nm: [jobs.get(nm, {}).get("status"), jobs.get(nm, {}).get("error_message")] for nm in names},
    }
    return workdir, figures


# ---------------------------------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", default=harness.DEFAULT_JAR, help="the packaged service (default %(default)s)")
    ap.add_argument("--short", action="store_true", help="the CI size: fewer jobs, shorter runs")
    ap.add_argument("--phases", default="sky,inflight,local,stop",
                    help="comma list of sky, inflight, local, stop (default: all)")
    ap.add_argument("--sky-jobs", type=int, help="concurrent SkyPilot launches (default 50)")
    ap.add_argument("--kill-after", type=int, help="sky phase: launches answered before the kill (the first wave; "
                    "default 20)")
    ap.add_argument("--kills", type=int, help="sky phase: kills in a row, each during the recovery from the one "
                    "before (default 2, short 1)")
    ap.add_argument("--reconcile-interval", type=float, default=2.0,
                    help="reconcile (and fast) interval in seconds given to the service (default %(default)s)")
    ap.add_argument("--time-scale", type=float, default=0.5, help="seconds per unit of the sky double's clock")
    ap.add_argument("--launch-seconds", type=float, default=1.0, help="how long the double's launches block")
    ap.add_argument("--inflight-jobs", type=int, default=4, help="launches under way at the kill (inflight phase)")
    ap.add_argument("--inflight-delay", type=float, default=15.0,
                    help="seconds before SkyPilot lists an in-flight launch (inflight phase; above the restart time)")
    ap.add_argument("--converge-timeout", type=int, default=120, help="seconds after the restart to reach the truth")
    ap.add_argument("--local-jobs", type=int, help="local jobs killed during their runs (default 12, short 7)")
    ap.add_argument("--local-steps", type=int, help="steps of 0.5 s the local-smoke jobs run (default 40, short 20)")
    ap.add_argument("--local-down-s", type=float, default=2.0, help="seconds the service stays down (local phase)")
    ap.add_argument("--stop-jobs", type=int, help="local jobs stopped just before the kill (default 4, short 2)")
    ap.add_argument("--verbose", action="store_true", help="per-job details in the figures")
    ap.add_argument("--keep", action="store_true", help="keep the work directories (always kept on a violation)")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    short = args.short
    args.sky_jobs = args.sky_jobs or 50
    args.kill_after = args.kill_after or 20
    args.kills = args.kills or (1 if short else 2)
    args.local_jobs = args.local_jobs or (7 if short else 12)
    args.local_steps = args.local_steps or (20 if short else 40)
    args.stop_jobs = args.stop_jobs or (2 if short else 4)
    if args.local_jobs < 5:
        ap.error("--local-jobs must be at least 5")
    if not os.path.isfile(args.jar):
        ap.error("no jar at %s (build it with ./mvnw -B package -DskipTests, or pass --jar)" % args.jar)
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    runners = {"sky": sky_phase, "inflight": inflight_phase, "local": local_phase, "stop": stop_phase}
    unknown = [p for p in phases if p not in runners]
    if unknown:
        ap.error("unknown phase(s): %s" % unknown)

    checks = Checks()
    report = {"mode": "short" if short else "long", "phases": {}}
    started = time.time()
    workdirs = []
    for p in phases:
        t0 = time.time()
        before = len(checks.violations)
        workdir = tempfile.mkdtemp(prefix="ainfinity-crash-%s-" % p)
        try:
            workdir, figures = runners[p](args, checks, workdir)
        except (Exception, SystemExit) as e:  # the harness exits on a service that does not come up
            checks.expect(False, p, "phase aborted: %s: %s (work directory %s)" % (type(e).__name__, e, workdir))
            kill_leftovers(harness.processes_under(workdir))  # the service and whatever it started
            figures = {}
        figures["phase_s"] = round(time.time() - t0, 1)
        figures["violations"] = len(checks.violations) - before
        workdirs.append(workdir)
        report["phases"][p] = figures
        print("%s figures: %s" % (p, json.dumps({k: v for k, v in figures.items() if k not in ("outcomes", "final")})),
              flush=True)
    report["total_s"] = round(time.time() - started, 1)
    report["violations"] = checks.violations
    print(json.dumps(report, indent=2, sort_keys=True))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2, sort_keys=True)
    if checks.violations or args.keep:
        print("work directories kept (service.log, data/, sky-state/): %s" % " ".join(workdirs))
    else:
        for w in workdirs:
            shutil.rmtree(w, ignore_errors=True)
    if checks.violations:
        print("FAILED: %d violation(s):" % len(checks.violations))
        for v in checks.violations:
            print("  - " + v)
        return 1
    print("OK: every crash-restart check held (%.0fs)" % report["total_s"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
