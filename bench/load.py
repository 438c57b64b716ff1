#!/usr/bin/env python3
"""Load on loopback against the packaged service (JVM), with wrk (Debian package `wrk`) for the read load.

1. Seeds N stored jobs (default 10,000) owned by one user: one real job is launched through the API and run to its end,
   then its rows are cloned with sqlite3 while the service is stopped (launching 10,000 jobs through SkyPilot's double
   would measure process start-up, not the API).
2. `list`: wrk alone on GET /api/v1/jobs?limit=50 as that user. Target: >= 1,000 req/s with p99 < 20 ms.
3. `mixed`: at the same time, wrk on the list and on single jobs, launches at a fixed rate (SkyPilot double, managed
   mode), SSE subscribers on the all-jobs stream; p50/p99 per endpoint, errors, and the service's RSS every second.
4. Start-up and idle RSS of fresh services (empty data directory), compared with the anchors in docs/DEVELOPMENT.md.

--short bounds every phase for CI (and checks only that nothing failed); the default is the documented long mode.
Every figure is printed; the last line is one JSON object with all of them."""
import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

# The JVM as the image and scripts/run.sh start it: bounded by src/main/jvm/jvm.options, sized for the manifests' 1 GiB
# limit. Its RSS under load must stay under RSS_SHARE of that limit (room for the sky processes beside it).
LIMIT_MB = 1024
RSS_SHARE = 0.6
JAVA_OPTS = ["-XX:MaxRAM=%dm" % LIMIT_MB, "@" + os.path.join(harness.ROOT, "src", "main", "jvm", "jvm.options")]
ANCHORS = os.path.join(harness.ROOT, "docs", "DEVELOPMENT.md")


def wrk(url, token, seconds, connections, threads=1, script=None):
    """Runs wrk and returns (requests/s, p50 ms, p99 ms, requests, errors)."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian package)")
    argv = ["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % seconds, "--latency", "--timeout", "5s",
            "-H", "Authorization: Bearer " + token]
    if script:
        argv += ["-s", script]
    out = subprocess.run(argv + [url], capture_output=True, text=True, timeout=seconds + 60).stdout
    def grab(pattern, default=None):
        m = re.search(pattern, out, re.M)
        return m.group(1) if m else default
    def ms(value):
        number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    requests = int(grab(r"^\s*(\d+) requests in", "0"))
    errors = int(grab(r"Non-2xx or 3xx responses: (\d+)", "0"))
    socket = grab(r"Socket errors: (.*)$")
    if socket:
        errors += sum(int(n) for n in re.findall(r"\d+", socket))
    return {"rps": float(grab(r"Requests/sec:\s+([\d.]+)", "0")), "p50_ms": ms(grab(r"^\s+50%\s+(\S+)", "0us")),
            "p99_ms": ms(grab(r"^\s+99%\s+(\S+)", "0us")), "requests": requests, "errors": errors}


def seed(service, owner_token, n):
    """Launches one real job as the owner, then clones its rows into n jobs in total (service stopped meanwhile)."""
    r = service.post("/api/v1/jobs", {"job_name": "seed-00000", "template": "local-smoke",
                                      "labels": {"team": "bench"}}, token=owner_token)
    assert r.status == 201, r.body
    assert service.await_status("seed-00000", {"completed"}, 120) == "completed"
    service.stop()
    # A row's job_name is the job's key (harness.job_key), display_name the name its owner gave it.
    owner = harness.token_subject(owner_token)
    seed_key = harness.job_key(owner, "seed-00000")
    db = sqlite3.connect(os.path.join(service.data, "ainfinity.db"))
    columns = [row[1] for row in db.execute("PRAGMA table_info(jobs)")
               if row[1] not in ("id", "job_name", "display_name")]
    template = db.execute("SELECT %s FROM jobs WHERE job_name = ?" % ", ".join(columns), (seed_key,)).fetchone()
    assert template is not None, "no stored row for the key of seed-00000 owned by %s" % owner
    event_columns = [row[1] for row in db.execute("PRAGMA table_info(job_events)") if row[1] not in ("id", "job_id")]
    events = db.execute("SELECT %s FROM job_events e JOIN jobs j ON j.id = e.job_id WHERE j.job_name = ?"
                        % ", ".join("e." + c for c in event_columns), (seed_key,)).fetchall()
    status_at = columns.index("status")
    created_at = columns.index("created_at")
    outcomes = ["completed"] * 8 + ["failed", "stopped"]
    with db:
        for i in range(1, n):
            row = list(template)
            row[status_at] = outcomes[i % len(outcomes)]
            row[created_at] = template[created_at] + i
            name = "seed-%05d" % i
            cur = db.execute("INSERT INTO jobs (job_name, display_name, %s) VALUES (?, ?, %s)" % (
                ", ".join(columns), ", ".join("?" * len(columns))), [harness.job_key(owner, name), name] + row)
            job_id = cur.lastrowid
            db.execute("INSERT INTO job_labels (job_id, label_key, label_value) VALUES (?, 'team', ?)",
                       (job_id, "bench" if i % 2 else "other"))
            for event in events:
                db.execute("INSERT INTO job_events (job_id, %s) VALUES (?, %s)" % (
                    ", ".join(event_columns), ", ".join("?" * len(event_columns))), [job_id] + list(event))
    db.close()
    service.start()
    total = service.get("/api/v1/jobs?limit=1", token=owner_token).json()["total"]
    assert total == n, "seeded %d jobs, the API lists %d" % (n, total)


def mint(service, name, roles):
    r = service.post("/api/v1/tokens", {"name": name, "roles": roles, "expires_in_days": 1})
    assert r.status == 201, r.body
    return r.json()["token"]


class Launcher(threading.Thread):
    """Launches SkyPilot (double) managed jobs at a fixed rate and times each answer."""

    def __init__(self, service, token, rate, until):
        super().__init__(daemon=True)
        self.service, self.token, self.rate, self.until = service, token, rate, until
        self.latencies, self.errors = [], 0

    def run(self):
        i = 0
        next_at = time.time()
        while time.time() < self.until:
            t0 = time.time()
            r = self.service.post("/api/v1/jobs", {
                "job_name": "load-%05d" % i, "template": "local-smoke", "mode": "managed",
                "resources": {"infra": "aws"}}, token=self.token)
            self.latencies.append((time.time() - t0) * 1000)
            self.errors += r.status != 201
            i += 1
            next_at += 1.0 / self.rate
            time.sleep(max(0.0, next_at - time.time()))


class Subscriber(threading.Thread):
    """One SSE subscriber of the all-jobs stream: the lag of each event (received minus recorded), until `until`."""

    def __init__(self, service, token, until):
        super().__init__(daemon=True)
        self.service, self.token, self.until = service, token, until
        self.received, self.error = [], None  # (recorded at, lag ms) of each event

    def run(self):
        req = urllib.request.Request(self.service.base + "/api/v1/events/stream", headers={
            "Authorization": "Bearer " + self.token, "Accept": "text/event-stream"})
        try:
            with urllib.request.urlopen(req, timeout=max(1.0, self.until - time.time() + 20)) as stream:
                while time.time() < self.until:
                    line = stream.readline()
                    if not line:
                        break
                    if line.startswith(b"data:"):
                        data = json.loads(line[5:])
                        if "at" not in data:
                            self.error = "cut off: %s" % data
                            break
                        at = timestamp(data["at"])
                        self.received.append((at, (time.time() - at) * 1000))
        except OSError as e:
            if time.time() < self.until:
                self.error = repr(e)


def timestamp(iso):
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def sample_rss(service, until, samples):
    while time.time() < until:
        samples.append(round(service.rss_mb(), 1))
        time.sleep(1)


def mixed(service, token, names, seconds, launch_rate, subscribers, workdir):
    script = os.path.join(workdir, "one-job.lua")
    with open(script, "w") as f:
        f.write("local names = {%s}\nrequest = function()\n"
                "  return wrk.format(nil, '/api/v1/jobs/' .. names[math.random(#names)])\nend\n"
                % ", ".join('"%s"' % n for n in names))
    # Subscribers connect first and stay a little after the load, so that every launch's events reach them.
    subs_until = time.time() + seconds + 6
    subs = [Subscriber(service, token, subs_until) for _ in range(subscribers)]
    for t in subs:
        t.start()
    time.sleep(1)
    until = time.time() + seconds
    launcher = Launcher(service, token, launch_rate, until)
    rss = []
    sampler = threading.Thread(target=sample_rss, args=(service, until, rss), daemon=True)
    results = {}
    def run_wrk(key, url, connections, lua=None):
        results[key] = wrk(url, token, seconds, connections, script=lua)
    loads = [threading.Thread(target=run_wrk, args=("list", service.base + "/api/v1/jobs?limit=50", 8)),
             threading.Thread(target=run_wrk, args=("get", service.base + "/api/v1/jobs/x", 4, script))]
    for t in [launcher, sampler] + loads:
        t.start()
    for t in loads + [launcher, sampler] + subs:
        t.join(seconds + 90)
    launched = launcher.latencies
    # Every event recorded up to 2 s before the subscribers left must have reached each of them.
    cutoff = subs_until - 2
    stored = sum(1 for i in range(len(launched))
                 for e in service.get("/api/v1/jobs/load-%05d/events" % i, token=token).json()["events"]
                 if timestamp(e["at"]) < cutoff)
    lags = [lag for s in subs for _, lag in s.received]
    return {
        "seconds": seconds,
        "list_limit50": results["list"], "get_job": results["get"],
        "launch": {"count": len(launched), "errors": launcher.errors,
                   "p50_ms": round(harness.percentile(launched, 50), 1),
                   "p99_ms": round(harness.percentile(launched, 99), 1)},
        "sse": {"subscribers": subscribers, "events_stored": stored,
                "events_each": sorted({sum(1 for at, _ in s.received if at < cutoff) for s in subs}),
                "lag_p50_ms": round(harness.percentile(lags, 50), 1),
                "lag_p99_ms": round(harness.percentile(lags, 99), 1),
                "errors": [s.error for s in subs if s.error]},
        "rss_mb": rss,
    }


def performance_anchors():
    """The JVM anchors of docs/DEVELOPMENT.md ("Performance anchors"): start-up seconds and idle RSS in MB."""
    with open(ANCHORS) as f:
        text = f.read()
    startup = re.search(r"^\| JVM start-up to ready \| ([\d.]+) s \|", text, re.M)
    rss = re.search(r"^\| JVM idle RSS \| (\d+) MB \|", text, re.M)
    if not startup or not rss:
        raise SystemExit("docs/DEVELOPMENT.md has no performance anchors (| JVM start-up to ready | … s | and "
                         "| JVM idle RSS | … MB |)")
    return float(startup.group(1)), int(rss.group(1))


def startup(jar, runs, idle_seconds):
    figures = []
    for _ in range(runs):
        work = tempfile.mkdtemp(prefix="ainfinity-start-")
        s = harness.Service(work, jar=jar, java_opts=JAVA_OPTS)
        try:
            s.start()
            s.wait_ready()
            ready = time.time() - s.launched_at
            time.sleep(idle_seconds)
            figures.append({"ready_s": round(ready, 2), "idle_rss_mb": round(s.rss_mb(), 1)})
        finally:
            s.stop()
            shutil.rmtree(work, ignore_errors=True)
    return figures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", default=harness.DEFAULT_JAR)
    ap.add_argument("--short", action="store_true", help="CI mode: small and bounded; checks errors only")
    ap.add_argument("--jobs", type=int)
    ap.add_argument("--seconds", type=int)
    args = ap.parse_args()
    n = args.jobs or (2000 if args.short else 10_000)
    seconds = args.seconds or (5 if args.short else 30)
    work = tempfile.mkdtemp(prefix="ainfinity-load-")
    service = harness.Service(work, jar=args.jar, java_opts=JAVA_OPTS)
    report = {"host_cpus": os.cpu_count(), "jobs": n, "java_opts": JAVA_OPTS}
    try:
        service.start()
        user = mint(service, "bench", ["user"])
        seed(service, user, n)
        print("seeded %d jobs" % n)
        service.get("/api/v1/jobs?limit=50", token=user)
        list_rss, list_done = [], threading.Event()
        def sample_list_rss():
            while not list_done.is_set():
                list_rss.append(round(service.rss_mb(), 1))
                list_done.wait(1)
        list_sampler = threading.Thread(target=sample_list_rss, daemon=True)
        list_sampler.start()
        wrk(service.base + "/api/v1/jobs?limit=50", user, 3 if args.short else 10, 16)  # warm-up (JIT)
        # The target is a rate held under a latency bound: measured with 8 and with 16 connections.
        report["list_c8"] = wrk(service.base + "/api/v1/jobs?limit=50", user, seconds, 8, threads=2)
        report["list"] = wrk(service.base + "/api/v1/jobs?limit=50", user, seconds, 16, threads=2)
        for key, conns in (("list_c8", 8), ("list", 16)):
            print(("list  GET /api/v1/jobs?limit=50 alone, %d connections: %%(rps).0f req/s, p50 %%(p50_ms).2f ms, "
                   "p99 %%(p99_ms).2f ms, %%(requests)d requests, %%(errors)d errors" % conns) % report[key])
        list_done.set()
        list_sampler.join()
        report["list_rss_mb"] = list_rss
        print("list  RSS MB        first %.0f, max %.0f, last %.0f (%d samples)" % (
            list_rss[0], max(list_rss), list_rss[-1], len(list_rss)))
        names = ["seed-%05d" % i for i in range(0, n, max(1, n // 500))]
        report["mixed"] = m = mixed(service, user, names, seconds * 2, 2, 10, work)
        for key in ("list_limit50", "get_job"):
            print("mixed %-13s %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors" % (
                key, m[key]["rps"], m[key]["p50_ms"], m[key]["p99_ms"], m[key]["errors"]))
        print("mixed launch        %(count)d launches, p50 %(p50_ms).1f ms, p99 %(p99_ms).1f ms, %(errors)d errors"
              % m["launch"])
        print("mixed sse           %(subscribers)d subscribers, events each %(events_each)s of %(events_stored)d"
              " recorded, lag p50 %(lag_p50_ms).0f ms, p99 %(lag_p99_ms).0f ms, errors %(errors)s" % m["sse"])
        rss = m["rss_mb"]
        print("mixed RSS MB        first %.0f, max %.0f, last %.0f (%d samples)" % (rss[0], max(rss), rss[-1], len(rss)))
    finally:
        service.stop()
        shutil.rmtree(work, ignore_errors=True)
    anchor_start, anchor_rss = performance_anchors()
    report["startup"] = figures = startup(args.jar, 1 if args.short else 3, 5 if args.short else 15)
    ready = statistics.median(f["ready_s"] for f in figures)
    idle = statistics.median(f["idle_rss_mb"] for f in figures)
    print("start-up to ready   %.2f s (median of %d; anchor %.1f s)" % (ready, len(figures), anchor_start))
    print("idle RSS            %.0f MB (median of %d; anchor %d MB)" % (idle, len(figures), anchor_rss))
    print(json.dumps(report))
    failures = []
    m = report["mixed"]
    for key in ("list_limit50", "get_job"):
        if m[key]["errors"] or m[key]["requests"] == 0:
            failures.append("%s: %d errors of %d requests" % (key, m[key]["errors"], m[key]["requests"]))
    for key in ("list_c8", "list"):
        if report[key]["errors"] or report[key]["requests"] == 0:
            failures.append("%s: %d errors of %d requests" % (key, report[key]["errors"], report[key]["requests"]))
    if m["launch"]["errors"] or m["launch"]["count"] == 0:
        failures.append("launches: %d errors of %d" % (m["launch"]["errors"], m["launch"]["count"]))
    if m["sse"]["errors"] or m["sse"]["events_each"] != [m["sse"]["events_stored"]]:
        failures.append("sse: errors %s, events received %s of %d recorded" % (
            m["sse"]["errors"], m["sse"]["events_each"], m["sse"]["events_stored"]))
    peak = max(report["list_rss_mb"] + rss)
    print("RSS peak            %.0f MB, %.0f%% of the %d MB the JVM is sized for (bound: %.0f%%)" % (
        peak, 100 * peak / LIMIT_MB, LIMIT_MB, 100 * RSS_SHARE))
    if peak > RSS_SHARE * LIMIT_MB:
        failures.append("RSS peak %.0f MB is over %.0f%% of %d MB" % (peak, 100 * RSS_SHARE, LIMIT_MB))
    if not args.short:
        for key in ("list_c8", "list"):
            if report[key]["rps"] < 1000 or report[key]["p99_ms"] >= 20:
                print("TARGET MISSED (%s): %.0f req/s, p99 %.2f ms (target >= 1000 req/s, p99 < 20 ms)" % (
                    key, report[key]["rps"], report[key]["p99_ms"]))
        tail = rss[len(rss) * 3 // 4:]
        if max(tail) > 1.25 * statistics.median(rss[len(rss) // 4: len(rss) // 2]):
            print("RSS NOT FLAT: last quarter up to %.0f MB" % max(tail))
    if failures:
        raise SystemExit("FAILED: " + "; ".join(failures))


if __name__ == "__main__":
    main()
