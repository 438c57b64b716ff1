#!/usr/bin/env python3
"""SSE yardstick: the service's log streams against a trivial SSE server, both measured by the same Go client, side by
side in one run, on the same job log.

Builds bench/sse/go (`sseclient`, `trivialsse`) with `go build`, starts the packaged service (target/quarkus-app) on a
loopback port with a throwaway data directory and the local profile, launches ticker jobs (bench/sse/bench-ticker.yaml:
each line is `tick <unix ns>`), and starts the trivial server on those jobs' log files, <data>/runs/<key>/job.log,
the files the service itself follows. Then for each size the client opens that many subscribers, spread over the jobs,
first on the service (`/api/v1/jobs/<name>/logs/stream?tail=1`), then on the trivial server, for --seconds each after
the last connection, while the target's RSS (peak of VmRSS, sampled every 100 ms) and CPU (utime + stime) are
recorded. Latency is the subscriber's read minus the line's tick; the ramp of connections is warm-up, not measured,
and so is a first run of --warmup seconds on the service alone (a fresh JVM compiles while it serves).
The service refuses tail=0 (its least tail is 1), so its streams open with the last line already written; the client
times neither server's first line of a stream (-replayed 1).

In the table, complete/subscribers counts streams that stayed open to the window's end and whose line ids had no gap;
cut off, streams that ended before the window did while their job still ran (the notes below the table say how: after
a `reconnect` event, after an `error` event, or without either); RSS MB is the target's peak, CPU s its CPU time over
the ramp and the window; client CPU s is the client's own. --reports keeps every run's full report (p90 and max
latency, connect failures by cause), --keep the servers' logs.

Both servers poll the log every --poll-ms (default 10 ms; the service's shipped default is 100 ms, so pass
--poll-ms 100 to measure the service as shipped): the yardstick compares the fan-out, not the polling interval.

    ./mvnw -q package -DskipTests && python3 bench/sse_yardstick.py               # 100, 500, 2000 subscribers, 20 s
    python3 bench/sse_yardstick.py --sizes 100,500,2000 --seconds 15
    python3 bench/sse_yardstick.py --sizes 10000 --jobs 100 --seconds 15           # 100 subscribers per job
    python3 bench/sse_yardstick.py --short                                         # CI: 100 subscribers, 5 s
Loopback only. Exits non-zero only when the harness fails (a build, a start, a ticker that ended early, a client that
crashed), never on slow figures.
"""
import argparse
import datetime
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import harness

GO_DIR = os.path.join(harness.ROOT, "bench", "sse", "go")
TICKER = os.path.join(harness.ROOT, "bench", "sse", "bench-ticker.yaml")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class HarnessFailure(Exception):
    pass


def build(bindir):
    """The client and the trivial server, built from bench/sse/go with the standard library only."""
    binaries = {}
    for package, name in (("./client", "sseclient"), ("./trivial", "trivialsse")):
        out = os.path.join(bindir, name)
        r = subprocess.run(["go", "build", "-o", out, package], cwd=GO_DIR, capture_output=True, text=True,
                           timeout=300)
        if r.returncode != 0:
            raise HarnessFailure("go build %s failed:\n%s" % (package, r.stderr))
        binaries[name] = out
    return binaries


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def vm_rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


class Usage:
    """A process's peak VmRSS (sampled every 100 ms) and CPU time between start() and stop()."""

    def __init__(self, pid):
        self.pid, self.peak, self.cpu = pid, 0.0, None
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def start(self):
        self.cpu0 = cpu_seconds(self.pid)
        self.thread.start()
        return self

    def sample(self):
        while not self.done.is_set():
            try:
                self.peak = max(self.peak, vm_rss_mb(self.pid))
            except OSError:
                return
            self.done.wait(0.1)

    def stop(self):
        self.done.set()
        self.thread.join()
        self.cpu = cpu_seconds(self.pid) - self.cpu0
        return self


def launch_tickers(svc, names, ticks, sleep):
    for name in names:
        r = svc.post("/api/v1/jobs", {"job_name": name, "template": "bench-ticker", "resources": {"infra": "local"},
                                      "envs": {"TICKS": str(ticks), "TICK_SLEEP_SECONDS": str(sleep)}}, timeout=60)
        if r.status != 201:
            raise HarnessFailure("launch of %s answered %d: %s" % (name, r.status, r.body[:300]))
    logs = {}
    for name in names:
        status = svc.await_status(name, ("running",), 60)
        if status != "running":
            raise HarnessFailure("ticker %s is %s, not running" % (name, status))
        # Where the local backend writes the task's output (RunDir: <data>/runs/<key>/job.log).
        log = os.path.join(svc.data, "runs", svc.key(name), "job.log")
        end = time.time() + 30
        while not (os.path.exists(log) and os.path.getsize(log) > 0):
            if time.time() > end:
                raise HarnessFailure("no line in %s after 30 s" % log)
            time.sleep(0.1)
        logs[name] = log
    return logs


def start_trivial(binary, logs, workdir, poll_ms):
    """The trivial server on the tickers' own log files, linked by job name so its URLs read like the service's."""
    linkdir = os.path.join(workdir, "trivial-logs")
    os.makedirs(linkdir)
    for name, log in logs.items():
        os.symlink(log, os.path.join(linkdir, name))
    proc = subprocess.Popen([binary, "-addr", "127.0.0.1:0", "-dir", linkdir, "-poll", "%gms" % poll_ms],
                            stdout=subprocess.PIPE, stderr=open(os.path.join(workdir, "trivial.log"), "ab"),
                            start_new_session=True)
    ready, _, _ = select.select([proc.stdout], [], [], 10)
    line = proc.stdout.readline().decode() if ready else ""
    if not line.startswith("listening on "):
        proc.kill()
        raise HarnessFailure("the trivial server did not start: %r" % line)
    return proc, "http://" + line.split()[-1]


def measure(args, client, urls, headers, pid, size, workdir, seconds=None):
    """One client run against one target; the client's report with the target's RSS and CPU added."""
    seconds = args.seconds if seconds is None else seconds
    urls_file = os.path.join(workdir, "urls.txt")
    with open(urls_file, "w") as f:
        f.write("\n".join(urls) + "\n")
    argv = [client, "-urls", urls_file, "-n", str(size), "-duration", "%gs" % seconds,
            "-ramp", str(args.ramp), "-replayed", "1", "-json"]
    for h in headers:
        argv += ["-header", h]
    usage = Usage(pid).start()
    # The client bounds itself (ramp + connect timeout + window + 10 s); this is the backstop.
    limit = size / args.ramp + 10 + seconds + 30
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        raise HarnessFailure("the client did not finish within %.0f s" % limit)
    finally:
        usage.stop()
    if r.returncode != 0:
        raise HarnessFailure("the client failed (%d): %s" % (r.returncode, r.stderr.strip()))
    report = json.loads(r.stdout)
    refused = [k for k in report["connect_failures"] if k.startswith("http 4") and k != "http 429"]
    if refused:
        # A request the target cannot accept at all (URL, token, parameters) is the harness's fault, not a figure.
        raise HarnessFailure("the target refused the streams: %s" % report["connect_failures"])
    report["rss_mb"], report["cpu_s"] = usage.peak, usage.cpu
    return report


def still_running(svc, names):
    for name in names:
        job = svc.job(name)
        if not job or job["status"] != "running":
            raise HarnessFailure("ticker %s is %s: the figures above may count its end as cut-offs; raise TICKS"
                                 % (name, job and job["status"]))


COLUMNS = ("target", "subscribers", "p50 ms", "p99 ms", "complete/subscribers", "cut off", "RSS MB", "CPU s",
           "lines/s", "failed connects", "connect s", "client CPU s")


def row(target, size, rep):
    def ms(v):
        return "-" if v < 0 else "%.1f" % v
    cells = (target, str(size), ms(rep["p50_ms"]), ms(rep["p99_ms"]), "%d/%d" % (rep["complete"], size),
             str(rep["cut_off"]), "%.0f" % rep["rss_mb"], "%.2f" % rep["cpu_s"], "%.0f" % rep["lines_per_second"],
             str(rep["failed_connects"]), "%.2f" % rep["connect_seconds"], "%.2f" % rep["client_cpu_seconds"])
    return "| " + " | ".join(cells) + " |"


def notes(target, size, rep):
    out = []
    if rep["connect_failures"]:
        out.append("%s, %d: failed connects %s" % (target, size, json.dumps(rep["connect_failures"])))
    if rep["cut_off_reasons"]:
        out.append("%s, %d: cut off %s" % (target, size, json.dumps(rep["cut_off_reasons"])))
    if rep["gaps"]:
        out.append("%s, %d: %d gaps in line ids" % (target, size, rep["gaps"]))
    return out


def loadavg():
    return "%.2f %.2f %.2f" % os.getloadavg()


def run(args, workdir):
    bins = build(os.path.join(workdir, "bin"))
    templates = os.path.join(workdir, "templates")
    shutil.copytree(os.path.join(harness.ROOT, "skylaunch"), templates)
    shutil.copy(TICKER, templates)
    svc = harness.Service(workdir, jar=args.jar, java_opts=["-Xmx%s" % args.xmx] + args.java_opt, env={
        "AINFINITY_TEMPLATES_DIR": templates,
        "AINFINITY_SKYPILOT_ENABLED": "false",
        "AINFINITY_EVENTS_MAX_STREAMS_PER_CALLER": str(max(args.sizes) + 100),
        "AINFINITY_EVENTS_LOG_POLL_INTERVAL": "%gms" % args.poll_ms,
        "QUARKUS_LOG_LEVEL": "WARN",
    })
    trivial = None
    try:
        svc.start()
        names = ["yard-%d" % j for j in range(args.jobs)]
        per_run = args.seconds + max(args.sizes) / args.ramp + 15
        ticks = int((len(args.sizes) * 2 * per_run + args.warmup + 120) / args.tick_sleep)
        logs = launch_tickers(svc, names, ticks, args.tick_sleep)
        trivial, trivial_base = start_trivial(bins["trivialsse"], logs, workdir, args.poll_ms)
        targets = (
            ("service", ["%s/api/v1/jobs/%s/logs/stream?tail=1" % (svc.base, n) for n in names],
             ["Authorization: Bearer " + svc.token], svc.proc.pid),
            ("trivial", ["%s/logs/%s/stream" % (trivial_base, n) for n in names], [], trivial.pid),
        )
        if args.warmup > 0:
            # A fresh JVM compiles its stream path while it serves: one run, not reported, lets the JIT catch up.
            target, urls, headers, pid = targets[0]
            rep = measure(args, bins["sseclient"], urls, headers, pid, args.sizes[0], workdir, args.warmup)
            print("# warm-up, not in the table: the service, %d subscribers for %g s, p99 %.1f ms, CPU %.2f s"
                  % (args.sizes[0], args.warmup, rep["p99_ms"], rep["cpu_s"]), flush=True)
            time.sleep(1)
        print("| " + " | ".join(COLUMNS) + " |")
        print("|" + "---|" * len(COLUMNS), flush=True)
        results, remarks = {}, []
        for size in args.sizes:
            for target, urls, headers, pid in targets:
                rep = measure(args, bins["sseclient"], urls, headers, pid, size, workdir)
                still_running(svc, names)
                if trivial.poll() is not None or svc.proc.poll() is not None:
                    raise HarnessFailure("the %s exited during the run" % target)
                results[(target, size)] = rep
                remarks += notes(target, size, rep)
                print(row(target, size, rep), flush=True)
                time.sleep(1)
        for r in remarks:
            print(r)
        if args.reports:
            with open(args.reports, "w") as f:
                json.dump([dict(target=t, **rep) for (t, _), rep in results.items()], f, indent=1)
        for size in args.sizes:
            s, t = results[("service", size)]["p99_ms"], results[("trivial", size)]["p99_ms"]
            ratio = "%.1f" % (s / t) if s > 0 and t > 0 else "-"
            print("p99 service / trivial at %d subscribers: %s" % (size, ratio))
    finally:
        if trivial is not None:
            trivial.kill()
            trivial.wait()
        svc.stop()
        harness.kill_processes_under(workdir)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="100,500,2000", help="subscriber counts, comma-separated")
    p.add_argument("--seconds", type=float, default=20, help="measurement window per target and size")
    p.add_argument("--jobs", type=int, default=1, help="ticker jobs the subscribers are spread over")
    p.add_argument("--tick-sleep", type=float, default=None,
                   help="seconds between a ticker's lines; default 0.03, or 0.005 x jobs when that is longer")
    p.add_argument("--warmup", type=float, default=5,
                   help="seconds of one unreported run on the service first, at the first size (0: none)")
    p.add_argument("--poll-ms", type=float, default=10, help="how often both servers check the log for new lines")
    p.add_argument("--ramp", type=float, default=2000, help="connections opened per second")
    p.add_argument("--xmx", default="768m", help="the service's maximum heap")
    p.add_argument("--jar", default=harness.DEFAULT_JAR)
    p.add_argument("--java-opt", action="append", default=[],
                   help="an extra option for the service's JVM (repeatable), e.g. -XX:StartFlightRecording=...")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory (the servers' logs)")
    p.add_argument("--reports", help="write every run's full report (the client's JSON, RSS and CPU) to this file")
    p.add_argument("--short", action="store_true", help="CI: 100 subscribers, 5 s, 3 s of warm-up")
    args = p.parse_args()
    if args.short:
        args.sizes, args.seconds, args.warmup = "100", 5, 3
    args.sizes = [int(s) for s in str(args.sizes).split(",")]
    if args.tick_sleep is None:
        args.tick_sleep = max(0.03, 0.005 * args.jobs)
    if not os.path.exists(args.jar):
        print("build first: ./mvnw -q package -DskipTests", file=sys.stderr)
        return 2
    if shutil.which("go") is None:
        print("go is not installed: the yardstick needs it to build its client and server", file=sys.stderr)
        return 2
    print("# %s, %d CPUs, load average %s; %g s per target and size, %d ticker job(s) at one line every %g s, "
          "both servers polling every %g ms, %g connections/s"
          % (datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), os.cpu_count(), loadavg(), args.seconds,
             args.jobs, args.tick_sleep, args.poll_ms, args.ramp), flush=True)
    workdir = tempfile.mkdtemp(prefix="ainfinity-yardstick-")
    try:
        run(args, workdir)
    except HarnessFailure as e:
        print("yardstick failed: %s (service log: %s)" % (e, os.path.join(workdir, "service.log")), file=sys.stderr)
        print("# load average at the end: %s" % loadavg())
        return 1
    print("# load average at the end: %s" % loadavg())
    if args.keep:
        print("# kept %s (service.log, trivial.log)" % workdir)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
