#!/usr/bin/env python3
"""Cross-replica events: how long an event recorded by one replica takes to reach a subscriber of another.

Creates a scratch database on the PostgreSQL that AINFINITY_TEST_PG_URL (or --pg) names, starts two packaged services
(target/quarkus-app) on it, A and B, each on its own loopback port and data directory, and opens the all-jobs event
stream (`/api/v1/events/stream`) on both. Then it launches --jobs `local-smoke` jobs on A, one after another, and waits
until all have completed. Every event those jobs record is written by A; the stream on A measures the local path and
the one on B the cross-replica path (latency: the subscriber's read minus the event's `at`, same host clock). It
prints both side by side, checks that B saw every event A saw, in the same order, and drops the database.

    ./mvnw -q package -DskipTests && python3 bench/cross_replica.py            # 20 jobs
    python3 bench/cross_replica.py --jobs 5                                    # short
Loopback only. Exits non-zero when the harness fails or B missed an event, never on slow figures.
"""
import argparse
import datetime
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

import harness


class Stream(threading.Thread):
    """The all-jobs event stream of one service, read on a thread: (event id, job, latency ms) per event."""

    def __init__(self, svc):
        super().__init__(daemon=True)
        self.svc = svc
        self.events = []
        self.conn = None
        self.opened = threading.Event()

    def run(self):
        self.conn = http.client.HTTPConnection("127.0.0.1", self.svc.port, timeout=300)
        self.conn.request("GET", "/api/v1/events/stream",
                          headers={"Authorization": "Bearer " + self.svc.token, "Accept": "text/event-stream"})
        resp = self.conn.getresponse()
        if resp.status != 200:
            raise SystemExit("stream on %s answered %d" % (self.svc.base, resp.status))
        self.opened.set()
        data = None
        try:
            while True:
                line = resp.fp.readline()
                if not line:
                    return
                now = time.time()
                line = line.decode("utf-8").rstrip("\r\n")
                if line.startswith("data:"):
                    data = line[5:].strip()
                elif line == "" and data:
                    event = json.loads(data)
                    at = datetime.datetime.fromisoformat(event["at"].replace("Z", "+00:00")).timestamp()
                    self.events.append((event["id"], event["job_name"], (now - at) * 1000.0))
                    data = None
        except (OSError, ValueError):
            return

    def close(self):
        if self.conn is not None and self.conn.sock is not None:
            try:
                self.conn.sock.shutdown(2)
            except OSError:
                pass


def psql(pg, database, sql):
    env = dict(os.environ, PGPASSWORD=pg.get("password", ""))
    subprocess.run(["psql", "-h", pg["host"], "-p", pg["port"], "-U", pg["user"], "-d", database, "-v",
                    "ON_ERROR_STOP=1", "-q", "-c", sql], check=True, env=env, capture_output=True)


def parse_pg(url):
    """host, port, database, user, password of a jdbc:postgresql:// URL."""
    u = urllib.parse.urlparse(url[len("jdbc:"):])
    q = dict(urllib.parse.parse_qsl(u.query))
    return {"host": u.hostname or "127.0.0.1", "port": str(u.port or 5432), "database": u.path.lstrip("/"),
            "user": q.get("user", "postgres"), "password": q.get("password", "")}


def row(name, lats, seen):
    return "| %s | %d | %.1f | %.1f | %.1f |" % (
        name, seen, harness.percentile(lats, 50), harness.percentile(lats, 99), max(lats) if lats else float("nan"))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--jobs", type=int, default=20)
    p.add_argument("--pg", default=os.environ.get("AINFINITY_TEST_PG_URL"), help="jdbc:postgresql:// URL of a server")
    p.add_argument("--jar", default=harness.DEFAULT_JAR)
    p.add_argument("--keep", action="store_true", help="keep the temporary directory (the services' logs)")
    p.add_argument("--no-signals", action="store_true",
                   help="run the replicas with ainfinity.store.signals=false: B learns of events by its 1 s poll")
    args = p.parse_args()
    if not args.pg:
        print("set AINFINITY_TEST_PG_URL or pass --pg (scripts/start-test-postgres.sh prints one)", file=sys.stderr)
        return 2
    if not os.path.exists(args.jar):
        print("build first: ./mvnw -q package -DskipTests", file=sys.stderr)
        return 2
    pg = parse_pg(args.pg)
    scratch = "xr_" + uuid.uuid4().hex[:10]
    psql(pg, pg["database"], "CREATE DATABASE " + scratch)
    workdir = tempfile.mkdtemp(prefix="ainfinity-xr-")
    env = {
        "AINFINITY_STORE_KIND": "postgresql",
        "AINFINITY_DB_URL": "jdbc:postgresql://%s:%s/%s" % (pg["host"], pg["port"], scratch),
        "AINFINITY_DB_USER": pg["user"],
        "AINFINITY_DB_PASSWORD": pg["password"],
        "QUARKUS_LOG_LEVEL": "WARN",
        "AINFINITY_STORE_SIGNALS": "false" if args.no_signals else "true",
        # The bench launches local jobs; each service has a data directory of its own.
        "AINFINITY_LOCAL_ALLOW_SHARED_STORE": "true",
    }
    services = [harness.Service(os.path.join(workdir, n), jar=args.jar, env=env) for n in ("a", "b")]
    streams = []
    failed = False
    try:
        for svc in services:
            svc.start()
        a, b = services
        streams = [Stream(a), Stream(b)]
        for s in streams:
            s.start()
            if not s.opened.wait(30):
                raise SystemExit("a stream did not open")
        names = ["xr-%02d" % i for i in range(args.jobs)]
        t0 = time.time()
        for name in names:
            r = a.post("/api/v1/jobs", {"job_name": name, "template": "local-smoke", "resources": {"infra": "local"},
                                        "envs": {"SMOKE_STEPS": "2", "SMOKE_SLEEP_SECONDS": "0.1"}})
            if r.status != 201:
                raise SystemExit("launch of %s answered %d: %s" % (name, r.status, r.body[:300]))
            a.await_status(name, ("completed",), 120)
        elapsed = time.time() - t0
        time.sleep(3)
        on_a = [e for e in streams[0].events if e[1] in names]
        on_b = [e for e in streams[1].events if e[1] in names]
        print("# %s, signals %s, 2 replicas on one PostgreSQL (%s:%s), %d local-smoke jobs launched on A one after another in"
              " %.1f s; load average %.2f %.2f %.2f" % (
                  datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), "off" if args.no_signals else "on", pg["host"], pg["port"], args.jobs, elapsed,
                  *os.getloadavg()))
        print("| subscriber | events | p50 ms | p99 ms | max ms |")
        print("|---|---|---|---|---|")
        print(row("on A (recorded there)", [e[2] for e in on_a], len(on_a)))
        print(row("on B (other replica)", [e[2] for e in on_b], len(on_b)))
        if [e[0] for e in on_b] != [e[0] for e in on_a]:
            print("B's events differ from A's: %d against %d" % (len(on_b), len(on_a)))
            failed = True
        else:
            print("B saw every event A saw, in the same order")
    finally:
        for s in streams:
            s.close()
        for svc in services:
            try:
                svc.stop()
            except SystemExit:
                svc.kill9()
        try:
            psql(pg, pg["database"], "DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)")
        except subprocess.CalledProcessError as e:
            print("scratch database %s not dropped: %s" % (scratch, e.stderr), file=sys.stderr)
        if args.keep:
            print("# kept %s" % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
