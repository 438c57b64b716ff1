#!/usr/bin/env python3
"""SSE fan-out benchmark: many subscribers on the log streams of jobs that print timestamped lines.

Starts the packaged service (target/quarkus-app) on 127.0.0.1 with a throwaway data directory and the local profile,
launches ticker jobs (bench/sse/bench-ticker.yaml: one line every 20 ms carrying its wall-clock time), opens N
subscribers per scenario (all on one job, or spread over 100 jobs) and prints, per scenario: subscribers, lines
delivered per second, delivery latency p50/p99 (task's echo to the subscriber's read), the service's heap and RSS.

    ./mvnw -q package -DskipTests && python3 bench/sse_fanout.py            # 100, 500, 2000 subscribers
    python3 bench/sse_fanout.py --sizes 100 --seconds 5                      # short mode
Loopback only; every loop is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(port: int, token: str, method: str, path: str, body=None):
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read() or b"null")


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def heap_mb(port: int) -> float:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/q/metrics", timeout=10) as r:
        total = 0.0
        for line in r.read().decode().splitlines():
            if line.startswith('jvm_memory_used_bytes{area="heap"'):
                total += float(line.rsplit(" ", 1)[1])
    return total / 1024 / 1024


async def subscribe(port: int, token: str, job: str, stop: float, latencies: list, counts: list):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
    writer.write(
        (f"GET /api/v1/jobs/{job}/logs/stream?tail=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
         f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n").encode())
    await writer.drain()
    n = 0
    try:
        while time.time() < stop:
            try:
                line = await asyncio.wait_for(reader.readline(), timeout=max(0.1, stop - time.time()))
            except asyncio.TimeoutError:
                break
            if not line:
                break
            if line.startswith(b"data:") and b"tick " in line:
                sent = int(line.split(b"tick ", 1)[1].split(b'"', 1)[0])
                latencies.append((time.time_ns() - sent) / 1e6)
                n += 1
    finally:
        counts.append(n)
        writer.close()


async def scenario(port, token, jobs, subscribers, seconds):
    latencies, counts = [], []
    stop = time.time() + seconds
    tasks = [asyncio.create_task(subscribe(port, token, jobs[i % len(jobs)], stop, latencies, counts))
             for i in range(subscribers)]
    await asyncio.gather(*tasks, return_exceptions=True)
    return latencies, counts


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,500,2000")
    parser.add_argument("--seconds", type=float, default=12)
    args = parser.parse_args()
    jar = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")
    if not os.path.exists(jar):
        print("build first: ./mvnw -q package -DskipTests", file=sys.stderr)
        return 2
    data = tempfile.mkdtemp(prefix="ainfinity-bench-")
    templates = os.path.join(data, "templates")
    shutil.copytree(os.path.join(ROOT, "skylaunch"), templates)
    shutil.copy(os.path.join(ROOT, "bench", "sse", "bench-ticker.yaml"), templates)
    port = free_port()
    env = dict(os.environ, QUARKUS_PROFILE="local", SERVING_HOST="127.0.0.1", SERVING_PORT=str(port),
               AINFINITY_DATA_DIR=data, AINFINITY_TEMPLATES_DIR=templates, AINFINITY_SKYPILOT_ENABLED="false",
               AINFINITY_RATE_LIMIT_ENABLED="false", SERVING_LOG_LEVEL="WARN")
    service = subprocess.Popen(["java", "-Xmx512m", "-jar", jar], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 60
        while not os.path.exists(os.path.join(data, "admin-token")) and time.time() < deadline:
            time.sleep(0.2)
        token = open(os.path.join(data, "admin-token")).read().strip()
        time.sleep(1)
        sizes = [int(s) for s in args.sizes.split(",")]
        print(f"# {time.strftime('%Y-%m-%d %H:%M')} {os.cpu_count()} CPUs, {args.seconds:.0f} s per scenario, "
              f"a line every 20 ms on one job, every 500 ms on each of 100 jobs")
        print(f"{'scenario':<14}{'subscribers':>12}{'lines/s':>12}{'p50 ms':>9}{'p99 ms':>9}"
              f"{'heap MB':>9}{'RSS MB':>8}")
        run = 0
        for spread in (1, 100):
            for size in sizes:
                run += 1
                jobs = []
                for j in range(spread):
                    name = f"bench-{run}-{j}"
                    # One job ticks every 20 ms; 100 jobs every 500 ms each, so the tasks do not eat the two cores.
                    sleep = 0.02 if spread == 1 else 0.5
                    api(port, token, "POST", "/api/v1/jobs",
                        {"job_name": name, "template": "bench-ticker",
                         "envs": {"TICKS": str(int(args.seconds * 3 / sleep)), "TICK_SLEEP_SECONDS": str(sleep)}})
                    jobs.append(name)
                time.sleep(1.5)
                latencies, counts = asyncio.run(scenario(port, token, jobs, size, args.seconds))
                label = "one job" if spread == 1 else f"{spread} jobs"
                print(f"{label:<14}{size:>12}{sum(counts) / args.seconds:>12.0f}{pct(latencies, 50):>9.1f}"
                      f"{pct(latencies, 99):>9.1f}{heap_mb(port):>9.0f}{rss_mb(service.pid):>8.0f}", flush=True)
                for name in jobs:
                    try:
                        api(port, token, "DELETE", f"/api/v1/jobs/{name}")
                    except Exception:
                        pass
        return 0
    finally:
        os.killpg(service.pid, signal.SIGTERM)
        try:
            service.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(service.pid, signal.SIGKILL)
        subprocess.run(["pkill", "-f", data], check=False)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
