#!/usr/bin/env python3
"""A small client for the ainfinity API, using only the standard library.

It covers the earlier client's calls (launch, get, list, stop, logs, delete, wait) and follows a job's status
events and log lines over server-sent events, resuming from the last event id after a dropped connection.

    export AINFINITY_URL=http://localhost:8000 AINFINITY_TOKEN=$(cat data/admin-token)
    python3 examples/training_client.py launch smoke-1 --template local-smoke
    python3 examples/training_client.py follow-events smoke-1
    python3 examples/training_client.py follow-logs smoke-1 --tail 20
    python3 examples/training_client.py wait smoke-1
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Iterator, Optional

TERMINAL = {"completed", "failed", "stopped"}


class ApiError(Exception):
    """A problem+json answer, carrying its status and detail."""

    def __init__(self, status: int, problem: dict[str, Any]):
        super().__init__(f"{status}: {problem.get('detail') or problem.get('message') or problem}")
        self.status = status
        self.problem = problem


class Client:
    def __init__(self, base_url: str, token: str, prefix: str = "/api/v1", timeout: float = 30.0):
        self.base = base_url.rstrip("/") + prefix
        self.token = token
        self.timeout = timeout

    # -- plain JSON calls -------------------------------------------------------------------------

    def _request(self, method: str, path: str, body: Optional[dict] = None, query: Optional[dict] = None) -> Any:
        url = self.base + path
        if query:
            url += "?" + urllib.parse.urlencode(query, doseq=True)
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, method=method, headers=self._headers(body is not None))
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                problem = json.loads(raw)
            except ValueError:
                problem = {"detail": raw.decode(errors="replace")}
            raise ApiError(e.code, problem) from None

    def _headers(self, json_body: bool = False, extra: Optional[dict] = None) -> dict:
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if json_body:
            headers["Content-Type"] = "application/json"
        headers.update(extra or {})
        return headers

    def launch(self, job_name: str, **fields: Any) -> dict:
        return self._request("POST", "/jobs", {"job_name": job_name, **fields})["job_info"]

    def get(self, job_name: str) -> dict:
        return self._request("GET", f"/jobs/{urllib.parse.quote(job_name)}")["job_info"]

    def list(self, status: Optional[str] = None, labels: Optional[list[str]] = None, limit: int = 50) -> list[dict]:
        """Every job matching the filters, following next_cursor across pages."""
        jobs, cursor = [], None
        while True:
            query: dict[str, Any] = {"limit": limit}
            if status:
                query["status"] = status
            if labels:
                query["label"] = labels
            if cursor:
                query["after"] = cursor
            page = self._request("GET", "/jobs", query=query)
            jobs.extend(page["jobs"])
            cursor = page.get("next_cursor")
            if not cursor:
                return jobs

    def stop(self, job_name: str) -> dict:
        return self._request("DELETE", f"/jobs/{urllib.parse.quote(job_name)}")["job_info"]

    def delete(self, job_name: str) -> dict:
        return self._request("DELETE", f"/jobs/{urllib.parse.quote(job_name)}/delete")["job_info"]

    def logs(self, job_name: str, tail: int = 100) -> str:
        return self._request("GET", f"/jobs/{urllib.parse.quote(job_name)}/logs", query={"tail": tail})["logs"]

    def metrics(self, job_name: str) -> dict:
        return self._request("GET", f"/jobs/{urllib.parse.quote(job_name)}/metrics")

    def wait(self, job_name: str, timeout: float = 3600, interval: float = 2.0) -> dict:
        """Polls until the job reaches a final status (the earlier client's behaviour)."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.get(job_name)
            if job["status"] in TERMINAL:
                return job
            if time.monotonic() > deadline:
                raise TimeoutError(f"{job_name} still {job['status']} after {timeout} s")
            time.sleep(interval)

    # -- server-sent events with resume -----------------------------------------------------------

    def stream(self, path: str, query: Optional[dict] = None, retries: int = 20) -> Iterator[dict]:
        """Yields SSE events ({'event', 'id', 'data'}) and reconnects with Last-Event-ID when the stream drops
        before the server ends it, so no event is missed or repeated."""
        last_id: Optional[str] = None
        attempt = 0
        while True:
            url = self.base + path + ("?" + urllib.parse.urlencode(query) if query else "")
            extra = {"Accept": "text/event-stream"}
            if last_id is not None:
                extra["Last-Event-ID"] = last_id
            req = urllib.request.Request(url, headers=self._headers(extra=extra))
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    attempt = 0
                    for event in _parse_sse(resp):
                        if event.get("id") is not None:
                            last_id = event["id"]
                        if event.get("event") == "reconnect":
                            break
                        yield event
                    else:
                        return  # the server completed the stream
            except urllib.error.HTTPError as e:
                raise ApiError(e.code, json.loads(e.read() or b"{}")) from None
            except (OSError, TimeoutError):
                attempt += 1
                if attempt > retries:
                    raise
                time.sleep(min(2 ** attempt, 30) / 10)

    def follow_events(self, job_name: str) -> Iterator[dict]:
        for event in self.stream(f"/jobs/{urllib.parse.quote(job_name)}/events/stream"):
            yield json.loads(event["data"])

    def follow_logs(self, job_name: str, tail: int = 100) -> Iterator[str]:
        for event in self.stream(f"/jobs/{urllib.parse.quote(job_name)}/logs/stream", {"tail": tail}):
            yield json.loads(event["data"]).get("line", event["data"])


def _parse_sse(resp) -> Iterator[dict]:
    event: dict[str, Any] = {}
    data: list[str] = []
    for raw in resp:
        line = raw.decode("utf-8").rstrip("\r\n")
        if not line:
            if data or event:
                event["data"] = "\n".join(data)
                yield event
            event, data = {}, []
        elif line.startswith(":"):
            continue  # heartbeat comment
        else:
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "data":
                data.append(value)
            elif field in ("event", "id"):
                event[field] = value


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("AINFINITY_URL", "http://localhost:8000"))
    parser.add_argument("--token", default=os.environ.get("AINFINITY_TOKEN"))
    sub = parser.add_subparsers(dest="command", required=True)
    launch = sub.add_parser("launch")
    launch.add_argument("job_name")
    launch.add_argument("--template")
    launch.add_argument("--infra")
    launch.add_argument("--config-file")
    launch.add_argument("--env", action="append", default=[], help="KEY=VALUE")
    for name in ("get", "stop", "delete", "wait", "metrics", "follow-events"):
        sub.add_parser(name).add_argument("job_name")
    logs = sub.add_parser("logs")
    logs.add_argument("job_name")
    logs.add_argument("--tail", type=int, default=100)
    follow_logs = sub.add_parser("follow-logs")
    follow_logs.add_argument("job_name")
    follow_logs.add_argument("--tail", type=int, default=100)
    lst = sub.add_parser("list")
    lst.add_argument("--status")
    lst.add_argument("--label", action="append")
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("a token is needed: --token or AINFINITY_TOKEN")
    client = Client(args.url, args.token)
    try:
        if args.command == "launch":
            fields: dict[str, Any] = {}
            if args.template:
                fields["template"] = args.template
            if args.infra:
                fields["resources"] = {"infra": args.infra}
            if args.config_file:
                fields["training"] = {"config_file": args.config_file}
            if args.env:
                fields["envs"] = dict(e.split("=", 1) for e in args.env)
            print(json.dumps(client.launch(args.job_name, **fields), indent=2))
        elif args.command in ("get", "stop", "delete", "wait", "metrics"):
            print(json.dumps(getattr(client, args.command)(args.job_name), indent=2))
        elif args.command == "list":
            for job in client.list(args.status, args.label):
                print(f"{job['job_name']}\t{job['status']}\t{job['created_at']}")
        elif args.command == "logs":
            print(client.logs(args.job_name, args.tail))
        elif args.command == "follow-events":
            for event in client.follow_events(args.job_name):
                print(json.dumps(event))
        elif args.command == "follow-logs":
            for line in client.follow_logs(args.job_name, args.tail):
                print(line)
    except ApiError as e:
        print(f"error {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
