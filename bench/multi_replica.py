#!/usr/bin/env python3
"""Three replicas on one PostgreSQL: a leader killed during launches, then a rolling restart under read load.

Creates a scratch database on the PostgreSQL that AINFINITY_TEST_PG_URL (or --pg) names and starts three packaged
services (target/quarkus-app), A, B and C, each on its own loopback port and data directory, all on one state
directory of the `sky` test double (so SkyPilot is one cloud for the three, as in a real deployment). Intervals are
short so that the run is quick (reconcile 3 s, lease renewed every 1 s, lease 4 s: a dead leader is replaced within
5 s, under two reconcile intervals, as the defaults 10 s / 3 s / 15 s are); the settings are printed.

Scenario 1, failover. The all-jobs event stream is open on every replica. --jobs SkyPilot jobs (`local-smoke` on
`infra: aws`, cluster and managed mode alternating) are launched round-robin over the replicas by --clients threads,
each with an Idempotency-Key: the first --kill-after, then a quiet window of a few reconcile cycles with all three up
(the `sky` reads of the whole deployment are counted there, per cycle, from the double's invocations.jsonl and the
leader's cycle log), then the rest; the current leader (from the readiness check's `leadership` data) is killed with
SIGKILL once a few of those are answered, while its launches are under way in the double. A POST that finds its
replica dead is retried on the next one with the same key, as a client behind a load balancer would. Measured:
failover (the kill to the first readiness answer of a survivor that says it leads, polled every 100 ms, next to two
reconcile intervals), event latency on the survivors (read time minus the event's `at`, split by whether another
replica recorded it). Checked: every accepted job reaches `completed`; no job key launched twice (`launch` /
`jobs launch` calls per key in invocations.jsonl, and jobs per key in the double's state: a second call is allowed
only when the first submitted nothing); each survivor's stream carried every event of every job, in the order of
`GET /api/v1/jobs/{name}/events`; only the leader calls `sky` to reconcile.

Scenario 2, rolling restart. The killed replica is started again; then --readers threads read (`GET /api/v1/jobs`,
`GET /api/v1/jobs/{name}`) round-robin over the replicas while each replica in turn is stopped with SIGTERM, started
again on the same port and data, and waited for until ready. A read answered 503, or refused, is retried on the next
replica (a load balancer routing to ready pods), at most --read-attempts times. Checked: no read failed. Printed:
reads, retries, latency, each replica's stop and start times, and every leadership change seen.

    ./mvnw -q package -DskipTests && python3 bench/multi_replica.py          # about 2 minutes on 2 cores
    python3 bench/multi_replica.py --keep                                     # keep the services' logs
Loopback only. Exits 1 when a correctness check fails (each one listed), 2 when it cannot run; never on slow figures.
"""
import argparse
import datetime
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from cross_replica import parse_pg, psql  # noqa: E402

RECONCILE_READS = ("status", "queue", "jobs queue")
LAUNCHES = ("launch", "jobs launch")
TERMINAL = ("completed", "failed", "stopped")
CYCLE_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) .*reconcile jobs=(\d+) skyCalls=(\d+) tookMs=(\d+)")
LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) \S+ \S+ (\w+)\s")


def log(msg):
    print(msg, flush=True)


def log_time(date, millis):
    return time.mktime(time.strptime(date, "%Y-%m-%d %H:%M:%S")) + int(millis) / 1000.0


class Replica(harness.Service):
    """A service with a name (A, B, C) whose every process id is remembered: the double's invocations carry the
    caller's pid as `ppid`, so each `sky` call can be put down to a replica."""

    def __init__(self, name, workdir, jar, env, sky_state):
        super().__init__(os.path.join(workdir, name.lower()), jar=jar,
                         env=dict(env, HOSTNAME="replica-" + name.lower(), SKY_DOUBLE_STATE=sky_state))
        self.name = name
        self.sky_state = sky_state
        self.pids = []

    def start(self, timeout=120):
        try:
            return super().start(timeout)
        finally:
            if self.proc is not None:
                self.pids.append(self.proc.pid)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def leadership(self, timeout=2):
        """The readiness check's `leadership` data (whatever the readiness status), or None without an answer."""
        try:
            r = self.get("/q/health/ready", auth=False, timeout=timeout)
            checks = (r.json() or {}).get("checks", [])
        except (OSError, ValueError, http.client.HTTPException):
            return None
        return next((c.get("data") for c in checks if c.get("name") == "leadership"), None)


class Stream(threading.Thread):
    """The all-jobs event stream of one replica, read on a thread: every event with the time it was read."""

    def __init__(self, svc):
        super().__init__(daemon=True)
        self.svc = svc
        self.events = []  # (read time, event)
        self.conn = None
        self.opened = threading.Event()
        self.error = None

    def run(self):
        try:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.svc.port, timeout=600)
            self.conn.request("GET", "/api/v1/events/stream",
                              headers={"Authorization": "Bearer " + self.svc.token, "Accept": "text/event-stream"})
            resp = self.conn.getresponse()
            if resp.status != 200:
                self.error = "answered %d" % resp.status
                return
            self.opened.set()
            data = None
            while True:
                line = resp.fp.readline()
                if not line:
                    return
                now = time.time()
                line = line.decode("utf-8").rstrip("\r\n")
                if line.startswith("data:"):
                    data = line[5:].strip()
                elif line == "" and data:
                    self.events.append((now, json.loads(data)))
                    data = None
        except (OSError, ValueError, http.client.HTTPException) as e:
            self.error = self.error or "%s: %s" % (type(e).__name__, e)

    def close(self):
        if self.conn is not None and self.conn.sock is not None:
            try:
                self.conn.sock.shutdown(2)
            except OSError:
                pass


def event_time(event):
    return datetime.datetime.fromisoformat(event["at"].replace("Z", "+00:00")).timestamp()


def fmt_ms(values):
    return "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d)" % (
        harness.percentile(values, 50), harness.percentile(values, 99), max(values) if values else float("nan"),
        len(values))


class Checks:
    def __init__(self):
        self.failed = []

    def check(self, ok, what, detail=""):
        log("CHECK %s: %s%s" % ("ok" if ok else "FAILED", what, (" — " + detail) if detail else ""))
        if not ok:
            self.failed.append(what)
        return ok


# ---------------------------------------------------------------------------------------------------------------------
# Scenario 1: a leader killed during launches

class Launcher:
    """Launches jobs round-robin over the replicas; a POST that finds its replica dead (or busy: 503) goes to the
    next one with the same Idempotency-Key and body."""

    def __init__(self, replicas, rounds=3):
        self.replicas = replicas
        self.rounds = rounds
        self.results = {}  # name -> dict
        self.lock = threading.Lock()
        self.answered = 0

    def body(self, index, name):
        return {"job_name": name, "template": "local-smoke", "resources": {"infra": "aws"},
                "mode": "cluster" if index % 2 == 0 else "managed", "down": False,
                "labels": {"bench": "multi-replica"}}

    def launch(self, index, name):
        key = uuid.uuid4().hex
        body = self.body(index, name)
        attempts = []
        outcome = None
        t0 = time.time()
        for _ in range(self.rounds):
            for k in range(len(self.replicas)):
                svc = self.replicas[(index + k) % len(self.replicas)]
                try:
                    r = svc.post("/api/v1/jobs", body, headers={"Idempotency-Key": key}, timeout=60)
                except (OSError, http.client.HTTPException) as e:
                    attempts.append((svc.name, type(e).__name__))
                    continue
                replayed = r.headers.get("Idempotent-Replayed") == "true"
                attempts.append((svc.name, r.status, "replayed") if replayed else (svc.name, r.status))
                if r.status == 201:
                    outcome = {"accepted": True, "by": svc.name, "replayed": replayed}
                elif r.status == 409 and len(attempts) > 1:
                    # The replica that died had stored the job before its receipt: the job exists.
                    outcome = {"accepted": True, "by": None, "replayed": False, "conflict": True}
                elif r.status == 503:
                    time.sleep(min(float(r.headers.get("Retry-After", "1") or 1), 1.0))
                    continue
                else:
                    outcome = {"accepted": False, "body": r.body[:300].decode(errors="replace")}
                break
            if outcome is not None:
                break
            time.sleep(0.5)
        outcome = outcome or {"accepted": False, "body": "no replica answered"}
        outcome.update(attempts=attempts, retries=len(attempts) - 1, at=t0, answered_at=time.time(), index=index,
                       mode=body["mode"], target=self.replicas[index % len(self.replicas)].name)
        with self.lock:
            self.results[name] = outcome
            self.answered += 1

    def run(self, items, clients):
        """Launches `items` ((index, name) pairs) on `clients` threads; returns the threads (started)."""
        queue = list(items)
        qlock = threading.Lock()

        def worker():
            while True:
                with qlock:
                    if not queue:
                        return
                    index, name = queue.pop(0)
                self.launch(index, name)

        threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
        for t in threads:
            t.start()
        return threads


def leader_of(replicas):
    """The replica that says it leads, or None."""
    for svc in replicas:
        if svc.alive():
            data = svc.leadership()
            if data and data.get("leader"):
                return svc
    return None


def await_leader(replicas, timeout):
    end = time.time() + timeout
    while time.time() < end:
        svc = leader_of(replicas)
        if svc:
            return svc
        time.sleep(0.1)
    return None


def read_cycles(svc):
    """The leader's reconcile cycles from its debug log: (start, end, jobs, skyCalls)."""
    cycles = []
    try:
        with open(svc.log, errors="replace") as f:
            for line in f:
                m = CYCLE_LINE.match(line)
                if m:
                    end = log_time(m.group(1), m.group(2))
                    cycles.append((end - int(m.group(5)) / 1000.0, end, int(m.group(3)), int(m.group(4))))
    except FileNotFoundError:
        pass
    return cycles


def count_lines(svc, text):
    with open(svc.log, errors="replace") as f:
        return sum(1 for line in f if text in line)


def all_jobs(svc):
    r = svc.get("/api/v1/jobs?limit=500", timeout=30)
    return {j["job_name"]: j for j in r.json()["jobs"]} if r.status == 200 else None


def job_events(svc, name):
    events, after = [], 0
    while True:
        r = svc.get("/api/v1/jobs/%s/events?after=%d&limit=500" % (name, after), timeout=30)
        if r.status != 200:
            return None
        page = r.json()
        events += page["events"]
        if not page.get("next_after"):
            return events
        after = page["next_after"]


def owner_of_pid(replicas, victim=None):
    """Replica name by process id. A `sky` call whose replica was killed before it recorded itself has ppid 1: it is
    put down to the killed replica (`victim`)."""
    owners = {pid: svc.name for svc in replicas for pid in svc.pids}
    owners[1] = victim or "orphan"
    return owners


def failover(args, replicas, checks, report):
    svc0 = replicas[0]
    leader = await_leader(replicas, 30)
    if not checks.check(leader is not None, "a replica leads after start-up"):
        return None
    log("[failover] leader at start: %s (%s)" % (leader.name, leader.leadership().get("replica")))
    svc0.scenario({"time_scale": 1.0, "init_units": 1, "pending_units": 1, "setup_units": 1,
                   "run_units": args.run_units, "launch_seconds": args.launch_seconds})
    streams = [Stream(svc) for svc in replicas]
    for s in streams:
        s.start()
        if not s.opened.wait(30):
            raise SystemExit("the event stream of %s did not open: %s" % (s.svc.name, s.error))

    names = ["mr-%02d" % i for i in range(args.jobs)]
    launcher = Launcher(replicas)
    t_start = time.time()
    for t in launcher.run(list(enumerate(names))[:args.kill_after], args.clients):
        t.join()
    log("[failover] wave 1: %d launches answered in %.1f s" % (args.kill_after, time.time() - t_start))

    # A quiet window with all three up and the first wave running: the deployment's `sky` reads per cycle.
    first = names[:args.kill_after]
    end = time.time() + 60
    while time.time() < end:
        jobs = all_jobs(svc0) or {}
        if all(jobs.get(n, {}).get("status") in ("running",) + TERMINAL for n in first):
            break
        time.sleep(0.5)
    window_from = time.time()
    time.sleep((args.window_cycles + 1) * args.reconcile_interval + 0.5)
    window_to = time.time()
    steady = steady_reads(args, replicas, leader, window_from, window_to)
    checks.check(steady.get("cycles", 0) > 0 and set(steady["by_replica"]) == {leader.name},
                 "only the leader calls `sky` to reconcile while all three are up", str(steady.get("by_replica")))
    report["steady"] = steady

    # Wave 2; the leader dies once a few of its launches are answered (so some are under way in the double).
    kill = {}
    holder = leader.leadership() or {}
    launched_before = launcher.answered
    threads = launcher.run(list(enumerate(names))[args.kill_after:], args.clients)
    end = time.time() + 60
    while launcher.answered < launched_before + args.kill_into_wave and time.time() < end:
        time.sleep(0.01)
    kill["at"] = time.time()
    leader.kill9()
    kill["victim"] = leader.name
    kill["replica"] = holder.get("replica")
    survivors = [svc for svc in replicas if svc is not leader]
    log("[failover] killed the leader %s (pid %d) at %d answered launches" % (
        leader.name, leader.pids[-1], launcher.answered))
    new_leader, seen_at, polls = None, None, 0
    end = time.time() + 60
    while time.time() < end and new_leader is None:
        for svc in survivors:
            polls += 1
            data = svc.leadership(timeout=1)
            if data and data.get("leader"):
                new_leader, seen_at = svc, time.time()
                break
        else:
            time.sleep(0.1)
    for t in threads:
        t.join()
    t_launched = time.time() - t_start
    if not checks.check(new_leader is not None, "a survivor took the lease within 60 s of the kill"):
        return None
    took = seen_at - kill["at"]
    target = 2 * args.reconcile_interval
    report["failover_s"] = took
    log("[failover] %s leads %.2f s after the kill (%d readiness polls); 2 reconcile intervals = %.1f s: %s; "
        "lease + renew = %.1f s" % (new_leader.name, took, polls, target,
                                    "target held" if took <= target else "TARGET MISSED",
                                    args.lease + args.renew_interval))
    log("[failover] all %d launches answered %.1f s after the first" % (len(names), t_launched))
    results = launcher.results
    accepted = [n for n in names if results.get(n, {}).get("accepted")]
    retried = [n for n in names if results.get(n, {}).get("retries")]
    replayed = [n for n in names if results.get(n, {}).get("replayed")]
    conflicts = [n for n in names if results.get(n, {}).get("conflict")]
    log("[failover] launches: %d accepted, %d retried on another replica (%d replayed by key, %d found existing), "
        "%d refused" % (len(accepted), len(retried), len(replayed), len(conflicts), len(names) - len(accepted)))
    for n in retried:
        log("    %s (target %s): %s" % (n, results[n]["target"], results[n]["attempts"]))
    checks.check(len(accepted) == len(names), "every launch accepted by some replica",
                 "; ".join("%s: %s" % (n, results.get(n)) for n in names if n not in accepted))

    # Every job ends; with the double's defaults, completed.
    end = time.time() + args.settle_timeout
    jobs = {}
    while time.time() < end:
        jobs = all_jobs(new_leader) or jobs
        if jobs and all(jobs.get(n, {}).get("status") in TERMINAL for n in accepted):
            break
        time.sleep(1)
    t_done = time.time() - kill["at"]
    statuses = {}
    for n in accepted:
        statuses.setdefault(jobs.get(n, {}).get("status", "missing"), []).append(n)
    log("[failover] %.1f s after the kill: %s" % (t_done, {k: len(v) for k, v in sorted(statuses.items())}))
    not_done = [n for n in accepted if statuses.get("completed") is None or n not in statuses["completed"]]
    checks.check(not not_done, "every accepted job completed (none lost or stuck)",
                 "; ".join("%s %s (%s, accepted by %s): %s" % (
                     n, jobs.get(n, {}).get("status", "missing"), results[n]["mode"], results[n]["by"],
                     jobs.get(n, {}).get("message") or jobs.get(n, {}).get("error")) for n in not_done))
    strays = sorted(set(jobs) - set(names))
    checks.check(not strays, "no job the clients did not launch", ", ".join(strays))

    launched_by = launches_once(svc0, replicas, names, results, kill, checks, report)
    time.sleep(1.5)  # the last terminal events on their way to the streams
    stream_order(survivors, streams, accepted, results, launched_by, kill, new_leader, checks, report)
    for s in streams:
        s.close()
    report.update(kill=kill, new_leader=new_leader.name, accepted=len(accepted), retried=len(retried),
                  replayed=len(replayed), statuses={k: len(v) for k, v in statuses.items()})
    after = deployment_reads(replicas, kill, seen_at, report)
    checks.check(set(after) <= {new_leader.name}, "only the new leader calls `sky` to reconcile once it leads",
                 str(after))
    first = [c for c in read_cycles(new_leader) if c[1] >= kill["at"]]
    adopted = sum(count_lines(svc, "found in SkyPilot by name") for svc in survivors)
    log("[failover] the new leader's first reconcile cycle ended %.2f s after the kill; %d launches under way at the "
        "kill adopted by name" % ((first[0][1] - kill["at"]) if first else float("nan"), adopted))
    report.update(first_cycle_after_kill_s=(first[0][1] - kill["at"]) if first else None, adopted=adopted)
    return leader


def steady_reads(args, replicas, leader, window_from, window_to):
    """`sky` reads of the whole deployment per reconcile cycle, over the leader's cycles inside the window."""
    cycles = [c for c in read_cycles(leader) if c[0] >= window_from and c[1] <= window_to and c[2] > 0]
    others = [(svc.name, len(read_cycles(svc))) for svc in replicas if svc is not leader]
    if not cycles:
        log("[steady] no reconcile cycle of the leader in the window (is its debug log on?)")
        return {"cycles": 0}
    lo, hi = cycles[0][0] - 0.05, cycles[-1][1] + 0.05
    pids = owner_of_pid(replicas)
    calls = [i for i in leader.invocations() if i["command"] in RECONCILE_READS and lo <= i["time"] <= hi]
    by_replica = {}
    for i in calls:
        by_replica[pids.get(i["ppid"], "?")] = by_replica.get(pids.get(i["ppid"], "?"), 0) + 1
    by_command = {}
    for i in calls:
        by_command[i["command"]] = by_command.get(i["command"], 0) + 1
    per_cycle = len(calls) / float(len(cycles))
    log("[steady] %.1f s window, all 3 replicas up, %d jobs active: %d cycles of the leader %s (%s), %d `sky` reads "
        "(%s; by replica %s) = %.2f per cycle for the deployment; cycles logged by the others: %s" % (
            hi - lo, cycles[-1][2], len(cycles), leader.name,
            ", ".join("%.1f s" % (b[0] - a[0]) for a, b in zip(cycles, cycles[1:])) or "one",
            len(calls), by_command, by_replica, per_cycle, others))
    return {"cycles": len(cycles), "reads": len(calls), "per_cycle": per_cycle, "by_replica": by_replica,
            "by_command": by_command, "logged_by_others": dict(others), "window_s": hi - lo,
            "sky_calls_logged": sum(c[3] for c in cycles)}


def deployment_reads(replicas, kill, seen_at, report):
    """Reconcile reads per replica over scenario 1: before the kill, between the kill and the new leader, after."""
    pids = owner_of_pid(replicas, kill["victim"])
    sides = ({}, {}, {})
    for i in replicas[0].invocations():
        if i["command"] in RECONCILE_READS:
            side = sides[0 if i["time"] < kill["at"] else 1 if i["time"] < seen_at else 2]
            side[pids.get(i["ppid"], "?")] = side.get(pids.get(i["ppid"], "?"), 0) + 1
    log("[failover] `sky` reconcile reads by replica: before the kill %s, until a survivor leads %s, after %s" % sides)
    report["reads_before_kill"], report["reads_failover"], report["reads_after"] = sides
    return sides[2]


def launches_once(svc0, replicas, names, results, kill, checks, report):
    """No job key launched twice: launch calls per key, and what the double holds per key."""
    pids = owner_of_pid(replicas, kill["victim"])
    calls = {}
    for i in svc0.invocations():
        if i["command"] in LAUNCHES:
            argv = i["argv"]
            flag = "-c" if i["command"] == "launch" else "-n"
            key = argv[argv.index(flag) + 1] if flag in argv else None
            calls.setdefault(key, []).append(i)
    with open(os.path.join(svc0.sky_state, "state.json")) as f:
        state = json.load(f)
    held = {name: len(c["jobs"]) for name, c in state["clusters"].items()}
    for m in state["managed"]:
        held[m["name"]] = held.get(m["name"], 0) + 1
    twice, missing, relaunched = [], [], []
    for n in names:
        if not results.get(n, {}).get("accepted"):
            continue
        key = svc0.key(n)
        mine = calls.get(key, [])
        if held.get(key, 0) > 1:
            twice.append(n)
        if held.get(key, 0) == 0:
            missing.append(n)
        if len(mine) > 1:
            relaunched.append(n)
            log("    %s: %d launch calls, %d submitted in the double: %s" % (n, len(mine), held.get(key, 0), ", ".join(
                "%s by %s (pid %d) at kill%+.2f s" % (i["command"], pids.get(i["ppid"], "?"), i["pid"],
                                                    i["time"] - kill["at"]) for i in mine)))
    adopters = {}
    for n in names:
        mine = calls.get(svc0.key(n), [])
        by = results.get(n, {}).get("by")
        for i in mine:
            who = pids.get(i["ppid"], "?")
            if by and who != by:
                adopters[n] = who
    log("[failover] launch calls: %d for %d keys; %d keys called more than once; %d launched by another replica than "
        "the one that accepted them (picked up by the new leader): %s" % (
            sum(len(v) for v in calls.values()), len(calls), len(relaunched), len(adopters),
            ", ".join("%s accepted by %s, launched by %s" % (n, results[n]["by"], who)
                      for n, who in sorted(adopters.items())) or "none"))
    checks.check(not twice, "no job launched twice (jobs per key in the double's state)", ", ".join(twice))
    checks.check(not missing, "every accepted job submitted to SkyPilot", ", ".join(missing))
    report.update(launch_calls=sum(len(v) for v in calls.values()), keys_called_twice=len(relaunched),
                  relaunched_elsewhere=len(adopters))
    return {n: pids.get(calls[svc0.key(n)][0]["ppid"], "?") for n in names if calls.get(svc0.key(n))}


def stream_order(survivors, streams, accepted, results, launched_by, kill, new_leader, checks, report):
    """Each survivor's stream against each job's recorded events; latency split by who recorded the event: `pending`
    the replica that answered the launch, `provisioning` the one that ran `sky launch`, the rest the leader then."""
    truth, recorded = {}, {}
    for n in accepted:
        recorded[n] = job_events(new_leader, n) or []
        truth[n] = [e["id"] for e in recorded[n]]
    expected = sum(len(v) for v in truth.values())
    end = time.time() + 15
    by_svc = {s.svc.name: s for s in streams}
    while time.time() < end and any(
            sum(1 for _, e in by_svc[svc.name].events if e["job_name"] in truth) < expected for svc in survivors):
        time.sleep(0.2)
    report["latency"] = {}
    for svc in survivors:
        stream = by_svc[svc.name]
        seen = {}
        for _, e in stream.events:
            seen.setdefault(e["job_name"], []).append(e["id"])
        wrong = [n for n in accepted if seen.get(n, []) != truth[n]]
        checks.check(not wrong, "the stream on %s carried every event of every job, in order" % svc.name,
                     "; ".join("%s: stream %s, recorded %s" % (n, seen.get(n), truth[n]) for n in wrong[:5]))
        missed_evidence(stream, [e for n in wrong for e in recorded[n] if e["id"] not in seen.get(n, [])])
        local, remote = [], []
        for read, e in stream.events:
            if e["job_name"] not in truth:
                continue
            at = event_time(e)
            if e.get("status") == "pending":
                recorder = results[e["job_name"]].get("by")
            elif e.get("status") == "provisioning":
                recorder = launched_by.get(e["job_name"])
            else:
                recorder = kill["victim"] if at < kill["at"] else new_leader.name  # the reconciler's replica
            (local if recorder == svc.name else remote).append((read - at) * 1000.0)
        log("[failover] events on %s (%s): recorded there %s; recorded by another replica %s" % (
            svc.name, "leader" if svc is new_leader else "follower", fmt_ms(local), fmt_ms(remote)))
        report["latency"][svc.name] = {
            "local_p50": harness.percentile(local, 50), "local_p99": harness.percentile(local, 99),
            "remote_p50": harness.percentile(remote, 50), "remote_p99": harness.percentile(remote, 99),
            "remote_max": max(remote) if remote else None, "events": len(local) + len(remote)}


def missed_evidence(stream, missed):
    """For each event a stream never carried: when it was recorded, and the ids the stream carried around it then."""
    carried = [(read, e["id"], e["job_name"], e.get("status")) for read, e in stream.events]
    for e in missed[:6]:
        at = event_time(e)
        around = [c for c in carried if abs(c[1] - e["id"]) <= 3]
        log("    %s never carried id %d (%s %s, at %s); it carried %s" % (
            stream.svc.name, e["id"], e["job_name"], e.get("status"), e["at"], ", ".join(
                "%d (%s %s) read at%+.0f ms" % (c[1], c[2], c[3], (c[0] - at) * 1000.0) for c in around)))


# ---------------------------------------------------------------------------------------------------------------------
# Scenario 2: rolling restart under read load

class Readers:
    """Reader threads, round-robin over the replicas; a 503 or a refused connection moves on to the next replica."""

    def __init__(self, replicas, names, threads, attempts):
        self.replicas, self.names, self.attempts = replicas, names, attempts
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.reads = self.retries = 0
        self.causes = {}
        self.failed = []
        self.latency = []
        self.threads = [threading.Thread(target=self.loop, args=(i,), daemon=True) for i in range(threads)]

    def loop(self, k):
        i = k
        while not self.stop.is_set():
            path = "/api/v1/jobs?limit=50" if i % 2 == 0 else "/api/v1/jobs/" + self.names[i % len(self.names)]
            t0 = time.time()
            outcome, retries = None, 0
            for attempt in range(self.attempts):
                svc = self.replicas[(i + attempt) % len(self.replicas)]
                try:
                    r = svc.get(path, timeout=10)
                except (OSError, http.client.HTTPException) as e:
                    outcome = "%s %s" % (svc.name, type(e).__name__)
                    cause = type(e).__name__
                else:
                    if r.status == 200:
                        outcome = None
                        break
                    outcome = "%s %d" % (svc.name, r.status)
                    if r.status != 503:
                        break
                    cause = "503"
                with self.lock:
                    self.causes[cause] = self.causes.get(cause, 0) + 1
                retries += 1
                time.sleep(0.02)
            with self.lock:
                self.reads += 1
                self.retries += retries
                if outcome is None:
                    self.latency.append((time.time() - t0) * 1000.0)
                else:
                    self.failed.append((time.time(), path, outcome))
            i += 1


class LeaderWatch(threading.Thread):
    """Polls every replica's readiness every 200 ms and records each change of who says it leads."""

    def __init__(self, replicas):
        super().__init__(daemon=True)
        self.replicas = replicas
        self.changes = []  # (time, leaders by name)
        self.overlaps = 0
        self.stop = threading.Event()

    def run(self):
        last = None
        while not self.stop.is_set():
            leading = []
            for svc in self.replicas:
                data = svc.leadership(timeout=1) if svc.alive() else None
                if data and data.get("leader"):
                    leading.append("%s (%s)" % (svc.name, data.get("replica")))
            if len(leading) > 1:
                self.overlaps += 1
            now = tuple(leading)
            if now != last:
                self.changes.append((time.time(), now))
                last = now
            time.sleep(0.2)


def rolling_restart(args, replicas, victim, checks, report):
    t0 = time.time()
    victim.start()
    victim.wait_ready()
    log("[roll] the killed replica %s started again in %.1f s" % (victim.name, time.time() - t0))
    names = ["mr-%02d" % i for i in range(args.jobs)]
    readers = Readers(replicas, names, args.readers, args.read_attempts)
    watch = LeaderWatch(replicas)
    watch.start()
    for t in readers.threads:
        t.start()
    time.sleep(2)
    roll_from = time.time()
    steps = []
    for svc in replicas:
        s0 = time.time()
        svc.stop()
        stopped = time.time() - s0
        svc.start()
        started = time.time() - s0 - stopped
        svc.wait_ready()
        steps.append((svc.name, stopped, started, time.time() - s0 - stopped - started, svc.proc.returncode))
        time.sleep(1)
    time.sleep(2)
    readers.stop.set()
    for t in readers.threads:
        t.join()
    watch.stop.set()
    watch.join()
    roll_s = time.time() - roll_from
    for name, stopped, started, ready, _ in steps:
        log("[roll] %s: SIGTERM to exit %.1f s, start to live %.1f s, live to ready %.1f s" % (
            name, stopped, started, ready))
    log("[roll] leadership seen during the roll (readiness every 200 ms on each replica):")
    for at, leading in watch.changes:
        log("    %+7.2f s  %s" % (at - roll_from, ", ".join(leading) if leading else "no replica leads"))
    log("[roll] %d reads in %.1f s by %d readers: %d retries on another replica (%s), %d failed; latency %s; polls "
        "with two replicas leading: %d" % (
            readers.reads, roll_s, args.readers, readers.retries, readers.causes, len(readers.failed),
            fmt_ms(readers.latency), watch.overlaps))
    for at, path, outcome in readers.failed[:10]:
        log("    failed read at %+.2f s: %s (%s)" % (at - roll_from, path, outcome))
    checks.check(not readers.failed, "no read failed during the rolling restart",
                 "%d of %d" % (len(readers.failed), readers.reads))
    final = [svc.leadership() or {} for svc in replicas]
    checks.check(sum(1 for d in final if d.get("leader")) == 1, "one leader after the roll",
                 ", ".join("%s leader=%s holder=%s" % (svc.name, d.get("leader"), d.get("holder"))
                           for svc, d in zip(replicas, final)))
    report["roll"] = {"reads": readers.reads, "retries": readers.retries, "retry_causes": readers.causes,
                      "failed": len(readers.failed),
                      "seconds": roll_s, "p50_ms": harness.percentile(readers.latency, 50),
                      "p99_ms": harness.percentile(readers.latency, 99), "leader_changes": len(watch.changes) - 1,
                      "overlaps": watch.overlaps,
                      "steps": [{"replica": s[0], "stop_s": s[1], "start_s": s[2], "ready_s": s[3], "exit": s[4]}
                                for s in steps]}


# ---------------------------------------------------------------------------------------------------------------------

def log_evidence(replicas):
    """ERROR and WARN lines of every replica's log (counts, and the first few ERRORs)."""
    counts = {}
    errors = []
    for svc in replicas:
        try:
            with open(svc.log, errors="replace") as f:
                for line in f:
                    m = LOG_LINE.match(line)
                    if m and m.group(3) in ("ERROR", "WARN"):
                        counts[(svc.name, m.group(3))] = counts.get((svc.name, m.group(3)), 0) + 1
                        if m.group(3) == "ERROR" and len(errors) < 8:
                            errors.append("%s: %s" % (svc.name, line.strip()[:400]))
        except FileNotFoundError:
            pass
    log("[logs] %s" % (", ".join("%s %s %d" % (k[0], k[1], v) for k, v in sorted(counts.items())) or "no WARN/ERROR"))
    for e in errors:
        log("    " + e)
    return {"%s_%s" % k: v for k, v in counts.items()}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--jobs", type=int, default=50)
    p.add_argument("--kill-after", type=int, default=20, help="launches before the quiet window and the kill")
    p.add_argument("--kill-into-wave", type=int, default=4, help="answers of the second wave before the kill")
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--readers", type=int, default=4)
    p.add_argument("--read-attempts", type=int, default=6, help="replicas a read tries before it counts as failed")
    p.add_argument("--reconcile-interval", type=float, default=3.0, help="seconds (also the fast interval)")
    p.add_argument("--renew-interval", type=float, default=1.0, help="seconds (the scheduler takes 1 s at least)")
    p.add_argument("--lease", type=float, default=4.0, help="seconds")
    p.add_argument("--window-cycles", type=int, default=4, help="reconcile cycles in the quiet window")
    p.add_argument("--run-units", type=int, default=22, help="seconds each job runs in the double")
    p.add_argument("--launch-seconds", type=float, default=2.0, help="how long the double's launches block")
    p.add_argument("--settle-timeout", type=float, default=120.0)
    p.add_argument("--pg", default=os.environ.get("AINFINITY_TEST_PG_URL"), help="jdbc:postgresql:// URL of a server")
    p.add_argument("--jar", default=harness.DEFAULT_JAR)
    p.add_argument("--json", help="write the figures to this file")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory (logs) even when all checks hold")
    args = p.parse_args()
    if not args.pg:
        print("set AINFINITY_TEST_PG_URL or pass --pg (scripts/start-test-postgres.sh prints one)", file=sys.stderr)
        return 2
    if not os.path.exists(args.jar):
        print("build first: ./mvnw -q package -DskipTests", file=sys.stderr)
        return 2
    pg = parse_pg(args.pg)
    scratch = "mr_" + uuid.uuid4().hex[:10]
    psql(pg, pg["database"], "CREATE DATABASE " + scratch)
    workdir = tempfile.mkdtemp(prefix="ainfinity-mr-")
    sky_state = os.path.join(workdir, "sky-state")
    os.makedirs(sky_state)
    seconds = lambda s: "%gS" % s  # noqa: E731
    env = {
        "AINFINITY_STORE_KIND": "postgresql",
        "AINFINITY_DB_URL": "jdbc:postgresql://%s:%s/%s" % (pg["host"], pg["port"], scratch),
        "AINFINITY_DB_USER": pg["user"],
        "AINFINITY_DB_PASSWORD": pg["password"],
        "AINFINITY_SKYPILOT_RECONCILE_INTERVAL": seconds(args.reconcile_interval),
        "AINFINITY_SKYPILOT_FAST_INTERVAL": seconds(args.reconcile_interval),
        "AINFINITY_LEADER_RENEW_INTERVAL": seconds(args.renew_interval),
        "AINFINITY_LEADER_LEASE_DURATION": seconds(args.lease),
        # The leader's cycle lines (`reconcile jobs=… skyCalls=…`) count the cycles of the quiet window.
        "QUARKUS_LOG_CATEGORY__IO_AINFINITY_SKYPILOT__LEVEL": "DEBUG",
        "QUARKUS_LOG_FILE_ROTATION_ROTATE_ON_BOOT": "false",
        # As the PostgreSQL overlay has it: a stopping replica reports not ready for a while before it stops serving.
        "QUARKUS_SHUTDOWN_DELAY": "2S",
        # As in crash_restart.py: an orphaned `sky` double must go on after its replica's kill, as the real CLI does.
        "PYTHONUNBUFFERED": "",
    }
    replicas = [Replica(n, workdir, args.jar, env, sky_state) for n in ("A", "B", "C")]
    checks = Checks()
    report = {"settings": {"reconcile_s": args.reconcile_interval, "renew_s": args.renew_interval,
                           "lease_s": args.lease, "jobs": args.jobs}}
    t_run = time.time()
    log("# %s, 3 replicas on one PostgreSQL (%s:%s, database %s), workdir %s; reconcile and fast interval %gs, "
        "lease %gs renewed every %gs; %d jobs (launch blocks %gs, runs %ds); load average %.2f %.2f %.2f" % (
            datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), pg["host"], pg["port"], scratch, workdir,
            args.reconcile_interval, args.lease, args.renew_interval, args.jobs, args.launch_seconds,
            args.run_units, *os.getloadavg()))
    try:
        t0 = time.time()
        starters = [threading.Thread(target=svc.start, daemon=True) for svc in replicas]
        for t in starters:
            t.start()
        for t in starters:
            t.join()
        for svc in replicas:
            if not svc.alive() or svc.token is None:
                raise SystemExit("replica %s did not start; see %s" % (svc.name, svc.log))
            svc.wait_ready()
        log("[start] 3 replicas ready in %.1f s" % (time.time() - t0))
        victim = failover(args, replicas, checks, report)
        if victim is not None:
            rolling_restart(args, replicas, victim, checks, report)
    finally:
        for svc in replicas:
            try:
                svc.stop()
            except (SystemExit, OSError):
                pass
        report["logs"] = log_evidence(replicas)
        left = harness.kill_processes_under(workdir)
        checks.check(not left, "no process of the run left once the replicas stopped",
                     "; ".join("%d %s" % (pid, cmd[:120]) for pid, cmd in left[:5]))
        try:
            psql(pg, pg["database"], "DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)")
        except subprocess.CalledProcessError as e:
            print("scratch database %s not dropped: %s" % (scratch, e.stderr), file=sys.stderr)
        report["seconds"] = time.time() - t_run
        report["failed"] = checks.failed
        log("# %.0f s in all; %s" % (report["seconds"], "all checks held" if not checks.failed
                                     else "FAILED: " + "; ".join(checks.failed)))
        if args.json:
            with open(args.json, "w") as f:
                json.dump(report, f, indent=2)
        if args.keep or checks.failed:
            log("# kept %s" % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
