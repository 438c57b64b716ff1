#!/usr/bin/env python3
"""Measures the SkyPilot reconciler of a running service (see sky_reconcile.sh). Python 3 stdlib only.

For each size N: a fresh service (java -jar) on 127.0.0.1 with a temp data dir and the sky test double; N jobs
launched through the API (half cluster mode, half managed, long-running); then the double is switched to sleep 1-3 s
per call and, for --load-seconds, a bounded number of threads GET /api/v1/jobs in a loop. Reported: sky processes per
reconcile cycle (from the service's cycle log and, independently, from the double's invocation records) and latency
percentiles of the GETs that started while a cycle ran."""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOUBLE = os.path.join(ROOT, "src", "test", "sky-double", "sky")
READS = {"status", "queue", "jobs queue"}
MAX_REQUESTS = 200_000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


TOKEN = {"value": None}


def http(method, url, body=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if TOKEN["value"]:
        headers["Authorization"] = "Bearer " + TOKEN["value"]
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.read()


def wait_for(what, check, timeout):
    end = time.time() + timeout
    while time.time() < end:
        try:
            if check():
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.5)
    raise SystemExit("timed out waiting for " + what)


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def invocations(state):
    try:
        with open(os.path.join(state, "invocations.jsonl")) as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def cycles_from_log(log_path):
    """(start, end, jobs, sky calls) of each reconcile cycle, from the Reconciler's debug line."""
    cycles = []
    with open(log_path, errors="replace") as f:
        for line in f:
            if "reconcile jobs=" not in line:
                continue
            stamp = datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()
            fields = dict(kv.split("=") for kv in line.strip().split() if "=" in kv and kv.split("=")[0] in
                          ("jobs", "skyCalls", "tookMs"))
            took = int(fields["tookMs"]) / 1000.0
            cycles.append((stamp - took, stamp, int(fields["jobs"]), int(fields["skyCalls"])))
    return cycles


def run_size(jar, n, load_seconds, threads):
    tmp = tempfile.mkdtemp(prefix="ainfinity-bench-")
    state, data, log = os.path.join(tmp, "sky-state"), os.path.join(tmp, "data"), os.path.join(tmp, "service.log")
    os.makedirs(state)
    with open(os.path.join(state, "scenario.json"), "w") as f:
        json.dump({"time_scale": 0.5, "run_units": 10 ** 7}, f)
    port = free_port()
    env = dict(os.environ, QUARKUS_PROFILE="local", AINFINITY_RATE_LIMIT_READS_PER_MINUTE="100000000",
               AINFINITY_RATE_LIMIT_LAUNCHES_PER_MINUTE="100000000", SERVING_HOST="127.0.0.1", SERVING_PORT=str(port), AINFINITY_DATA_DIR=data,
               AINFINITY_TEMPLATES_DIR=os.path.join(ROOT, "skylaunch"), AINFINITY_PAYLOAD_DIR=os.path.join(ROOT, "train"),
               AINFINITY_SKYPILOT_CLI=DOUBLE,
               SKY_DOUBLE_STATE=state, QUARKUS_LOG_CATEGORY__IO_AINFINITY_SKYPILOT__LEVEL="DEBUG",
               QUARKUS_LOG_FILE_ENABLED="true", QUARKUS_LOG_FILE_PATH=log, QUARKUS_LOG_CONSOLE_ENABLED="false")
    env.pop("SKYPILOT_API_SERVER_ENDPOINT", None)
    proc = subprocess.Popen(["java", "-jar", os.path.abspath(jar)], cwd=tmp, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = "http://127.0.0.1:%d" % port
    try:
        wait_for("the service", lambda: http("GET", base + "/q/health/ready")[0] == 200, 120)
        with open(os.path.join(data, "admin-token")) as f:
            TOKEN["value"] = f.read().strip()
        started = time.time()
        names = ["b%d-%d" % (n, i) for i in range(n)]

        def launch(chunk):
            for i in chunk:
                http("POST", base + "/api/v1/jobs", {"job_name": names[i], "template": "local-smoke",
                                                     "mode": "cluster" if i % 2 == 0 else "managed",
                                                     "resources": {"infra": "aws"}})
        workers = [threading.Thread(target=launch, args=(range(k, n, 4),)) for k in range(4)]
        [w.start() for w in workers]
        [w.join() for w in workers]
        wait_for("all jobs running", lambda: json.loads(http(
            "GET", base + "/api/v1/jobs?status=running&limit=1")[1])["total"] == n, 600)
        launched_in = time.time() - started
        with open(os.path.join(state, "scenario.json"), "w") as f:
            json.dump({"time_scale": 0.5, "run_units": 10 ** 7, "slow": [1, 3]}, f)
        window_start = time.time()
        latencies = []
        stop_at = window_start + load_seconds

        def load():
            while time.time() < stop_at and len(latencies) < MAX_REQUESTS:
                t0 = time.time()
                http("GET", base + "/api/v1/jobs")
                latencies.append((t0, time.time() - t0))
        loaders = [threading.Thread(target=load) for _ in range(threads)]
        [t.start() for t in loaders]
        [t.join() for t in loaders]
        window_end = time.time()
        # Let the last cycle finish so it is logged whole.
        time.sleep(7)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    cycles = [c for c in cycles_from_log(log) if c[0] >= window_start and c[0] < window_end and c[2] > 0]
    calls = [i for i in invocations(state) if window_start <= i["time"] < window_end + 7]
    per_cycle_double = []
    for start, end, _, _ in cycles:
        per_cycle_double.append(sum(1 for i in calls if i["command"] in READS and start - 0.05 <= i["time"] <= end))
    in_cycle = [lat for t0, lat in latencies if any(s <= t0 <= e for s, e, _, _ in cycles)]
    shutil.rmtree(tmp, ignore_errors=True)
    return {
        "jobs": n, "launched_and_running_s": round(launched_in, 1), "cycles": len(cycles),
        "sky_calls_per_cycle_service": sorted({c[3] for c in cycles}),
        "sky_processes_per_cycle_double": sorted(set(per_cycle_double)),
        "other_sky_processes_in_window": sum(1 for i in calls if i["command"] not in READS),
        "cycle_seconds": [round(c[1] - c[0], 1) for c in cycles],
        "gets": len(latencies), "gets_during_cycles": len(in_cycle),
        "p50_ms_during_cycles": round(percentile(in_cycle, 50) * 1000, 1),
        "p99_ms_during_cycles": round(percentile(in_cycle, 99) * 1000, 1),
        "p50_ms_all": round(percentile([l for _, l in latencies], 50) * 1000, 1),
        "p99_ms_all": round(percentile([l for _, l in latencies], 99) * 1000, 1),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", required=True)
    ap.add_argument("--sizes", default="10,100,500")
    ap.add_argument("--load-seconds", type=float, default=30)
    ap.add_argument("--threads", type=int, default=4)
    args = ap.parse_args()
    print("host: %d CPUs; load: %d threads GET /api/v1/jobs for %.0f s per size; sky double sleeps 1-3 s per call"
          % (os.cpu_count(), args.threads, args.load_seconds))
    for n in (int(s) for s in args.sizes.split(",")):
        r = run_size(args.jar, n, args.load_seconds, args.threads)
        print(json.dumps(r))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
