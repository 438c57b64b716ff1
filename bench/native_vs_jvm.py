#!/usr/bin/env python3
"""The native binary against the JVM jar, side by side in one run, on loopback with the SkyPilot double.

Each round runs both builds, one after the other, the order alternating between rounds (JVM first, then native first,
...), so that a neighbour's load on a shared machine falls on both. For each build and round:

- start: a fresh service (empty data directory, `local` profile, -Xmx768m for both): from exec to the first 200 of
  /q/health/ready ("ready") and to the first 200 of GET /api/v1/jobs?limit=50 ("first response"), both polled every
  5 ms; then its RSS after `--idle` seconds without requests ("idle RSS"). Start-up waits for `sky --version` (the
  SkyPilot double, a Python script), so the start is also timed once with the SkyPilot backend off.
- load: a service on a copy of one data directory seeded once with N jobs (default 10,000, as bench/load.py seeds
  them), its start to ready timed as above: a warm-up, then wrk with 8 connections on GET /api/v1/jobs?limit=50 ("list"), and the RSS at the end of it
  ("loaded RSS").
- job: one `local-smoke` job (no sleeps between its steps) launched through the API on that service, from POST to the
  `completed` status, polled every 10 ms.

Prints one line per build and round, then a table of medians, and last one JSON object with every figure.
"""
import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import load  # noqa: E402

HEAP = ["-Xmx768m"]
LIST = "/api/v1/jobs?limit=50"


def service(kind, artifact, workdir, env=None):
    if kind == "native":
        return harness.Service(workdir, java_opts=HEAP, binary=artifact, env=env)
    return harness.Service(workdir, jar=artifact, java_opts=HEAP, env=env)


def probe(svc, path, token=None):
    try:
        return svc.request("GET", path, auth=token is not None, token=token, timeout=5).status
    except (urllib.error.URLError, ConnectionError, OSError):
        return None


def start_timed(svc, timeout=120):
    """Starts the service; returns (ready s, first response s), both from just before exec."""
    svc.launched_at = t0 = time.time()
    svc.proc = harness.subprocess.Popen(
        svc.argv(), cwd=svc.workdir, env=svc.env(), stdout=harness.subprocess.DEVNULL,
        stderr=open(os.path.join(svc.workdir, "stderr.log"), "ab"), start_new_session=True)
    token_file = os.path.join(svc.data, "admin-token")
    ready = first = None
    while ready is None or first is None:
        if svc.proc.poll() is not None:
            raise SystemExit("the service exited (%s) while starting; see %s" % (svc.proc.returncode, svc.log))
        if time.time() - t0 > timeout:
            raise SystemExit("the service was not ready in %d s; see %s" % (timeout, svc.log))
        if ready is None and probe(svc, "/q/health/ready") == 200:
            ready = time.time() - t0
        if first is None and svc.token is None and os.path.exists(token_file):
            with open(token_file) as f:
                svc.token = f.read().strip() or None
        if first is None and svc.token and probe(svc, LIST, svc.token) == 200:
            first = time.time() - t0
        time.sleep(0.005)
    return ready, first


def measure_start(kind, artifact, idle):
    # The service's own start, without the `sky --version` check that start-up waits for (a Python process).
    work = tempfile.mkdtemp(prefix="ainfinity-nvj-")
    svc = service(kind, artifact, work, env={"AINFINITY_SKYPILOT_ENABLED": "false"})
    try:
        own, _ = start_timed(svc)
    finally:
        svc.stop()
        shutil.rmtree(work, ignore_errors=True)
    work = tempfile.mkdtemp(prefix="ainfinity-nvj-")
    svc = service(kind, artifact, work)
    try:
        ready, first = start_timed(svc)
        time.sleep(idle)  # the idle period is what is measured, not a wait for a condition
        return {"ready_s": round(ready, 3), "first_response_s": round(first, 3), "ready_no_sky_s": round(own, 3),
                "idle_rss_mb": round(svc.rss_mb(), 1)}
    finally:
        svc.stop()
        shutil.rmtree(work, ignore_errors=True)


def measure_load(kind, artifact, seeded, user, warmup, seconds):
    work = tempfile.mkdtemp(prefix="ainfinity-nvj-")
    shutil.copytree(seeded, os.path.join(work, "data"))
    svc = service(kind, artifact, work)
    try:
        ready, _ = start_timed(svc)
        load.wrk(svc.base + LIST, user, warmup, 8, threads=2)
        peak = []
        done = threading.Event()

        def sample():
            while not done.wait(0.5):
                peak.append(svc.rss_mb())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        listing = load.wrk(svc.base + LIST, user, seconds, 8, threads=2)
        done.set()
        sampler.join()
        loaded = svc.rss_mb()
        name = "e2e-%d" % int(time.time() * 1000)
        t0 = time.time()
        r = svc.post("/api/v1/jobs", {"job_name": name, "template": "local-smoke",
                                      "envs": {"SMOKE_SLEEP_SECONDS": "0"}}, token=user)
        assert r.status == 201, r.body
        status = None
        while time.time() - t0 < 120 and status not in ("completed", "failed", "stopped"):
            job = svc.job(name)
            status = job and job["status"]
            time.sleep(0.01)
        assert status == "completed", "the local-smoke job ended %s" % status
        return {"ready_seeded_s": round(ready, 3), "list": listing, "loaded_rss_mb": round(loaded, 1), "peak_rss_mb": round(max(peak + [loaded]), 1),
                "job_e2e_s": round(time.time() - t0, 2)}
    finally:
        svc.stop()
        shutil.rmtree(work, ignore_errors=True)


def seed(jar, jobs, root):
    """One data directory with `jobs` jobs and a user token, made once with the JVM build and copied for every run."""
    svc = harness.Service(root, jar=jar, java_opts=HEAP)
    try:
        svc.start()
        user = load.mint(svc, "bench", ["user"])
        load.seed(svc, user, jobs)
    finally:
        svc.stop()
    return svc.data, user


def median(rows, *path):
    values = []
    for row in rows:
        for key in path:
            row = row[key]
        values.append(row)
    return statistics.median(values)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", default=harness.DEFAULT_JAR)
    ap.add_argument("--native", default=None, help="the runner (default: the only target/*-runner)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=10_000)
    ap.add_argument("--idle", type=float, default=10)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--seconds", type=int, default=20)
    args = ap.parse_args()
    if args.native is None:
        runners = [os.path.join(harness.ROOT, "target", f) for f in os.listdir(os.path.join(harness.ROOT, "target"))
                   if f.endswith("-runner")]
        if len(runners) != 1:
            raise SystemExit("no single target/*-runner; build it (scripts/native-check.sh) or pass --native")
        args.native = runners[0]
    artifacts = {"jvm": args.jar, "native": args.native}
    root = tempfile.mkdtemp(prefix="ainfinity-nvj-seed-")
    results = {"jvm": [], "native": []}
    try:
        seeded, user = seed(args.jar, args.jobs, root)
        print("seeded %d jobs" % args.jobs, flush=True)
        for i in range(args.rounds):
            order = ["jvm", "native"] if i % 2 == 0 else ["native", "jvm"]
            for kind in order:
                # The machine may be shared: the load average when each measurement began goes with its figures.
                load_avg = float(open("/proc/loadavg").read().split()[0])
                row = measure_start(kind, artifacts[kind], args.idle)
                row["loadavg_1m"] = load_avg
                row.update(measure_load(kind, artifacts[kind], seeded, user, args.warmup, args.seconds))
                results[kind].append(row)
                print("round %d %-6s ready %.3f s, first response %.3f s, idle RSS %.0f MB, list %.0f req/s "
                      "(p50 %.2f ms, p99 %.2f ms, %d errors), loaded RSS %.0f MB, local job %.2f s; load average %.1f" % (
                          i + 1, kind, row["ready_s"], row["first_response_s"], row["idle_rss_mb"],
                          row["list"]["rps"], row["list"]["p50_ms"], row["list"]["p99_ms"], row["list"]["errors"],
                          row["loaded_rss_mb"], row["job_e2e_s"], load_avg), flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    print("\nmedians of %d rounds, %d CPUs, %d jobs stored, wrk 8 connections %d s after %d s of warm-up" % (
        args.rounds, os.cpu_count(), args.jobs, args.seconds, args.warmup))
    print("| figure | JVM | native | native / JVM |")
    print("|---|---|---|---|")
    for label, path, unit in (("start to ready", ("ready_s",), "s"),
                              ("start to first response", ("first_response_s",), "s"),
                              ("start to ready, %d jobs stored" % args.jobs, ("ready_seeded_s",), "s"),
                              ("start to ready, SkyPilot backend off", ("ready_no_sky_s",), "s"),
                              ("idle RSS", ("idle_rss_mb",), "MB"),
                              ("loaded RSS (after the list load)", ("loaded_rss_mb",), "MB"),
                              ("list throughput, 8 connections", ("list", "rps"), "req/s"),
                              ("list p99", ("list", "p99_ms"), "ms"),
                              ("local-smoke job, POST to completed", ("job_e2e_s",), "s")):
        jvm, native = median(results["jvm"], *path), median(results["native"], *path)
        print("| %s | %s %s | %s %s | %.2f |" % (label, fmt(jvm), unit, fmt(native), unit, native / jvm if jvm else 0))
    errors = sum(r["list"]["errors"] for rows in results.values() for r in rows)
    print(json.dumps({"cpus": os.cpu_count(), "jobs": args.jobs, "rounds": args.rounds, "results": results}))
    if errors:
        raise SystemExit("FAILED: %d list requests failed" % errors)


def fmt(value):
    return "%.3g" % value if value < 10 else "%.0f" % value


if __name__ == "__main__":
    main()
