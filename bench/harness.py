"""What the bench scripts share (Python 3 stdlib only): run the packaged service on a loopback port with its own data
directory, talk to it with the admin token it generates, kill it hard, restart it on the same data, sample its memory.

The service runs in the `local` profile (as scripts/run.sh runs it), so it generates its keys and writes an admin token
into the data directory; rate limits are lifted so the benches measure the service, not the limiter. SkyPilot is the
test double (src/test/sky-double/sky) unless the caller passes another CLI.

Job names are unique per owner: the API takes and shows the name, but SkyPilot (and so the double's argv, state,
invocations and `per_name` knobs) and the run directories see the job's key, `job_key(owner, name)`. The owner of the
benches' jobs is the admin token's subject, `Service.owner`; `Service.key(name)` is a job's key."""
import base64
import hashlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOUBLE = os.path.join(ROOT, "src", "test", "sky-double", "sky")
DEFAULT_JAR = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def job_key(owner, name):
    """The service's key for the job `name` of `owner`, as io.ainfinity.job.JobKeys computes it: the name cut to 52
    characters, then 10 hex digits of SHA-256 over owner, NUL, name (63 characters at most)."""
    digest = hashlib.sha256((owner + "\0" + name).encode("utf-8")).hexdigest()[:10]
    return name[:52] + "-" + digest


def token_subject(token):
    """The `sub` claim of a JWT (its payload read, not verified)."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["sub"]


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


class Response:
    def __init__(self, status, body, headers):
        self.status, self.body, self.headers = status, body, headers

    def json(self):
        return json.loads(self.body) if self.body else None


class Service:
    """One service process. `start()` may be called again after `kill9()` or `stop()`: same port, same data."""

    def __init__(self, workdir, jar=DEFAULT_JAR, sky_cli=DOUBLE, env=None, java_opts=(), binary=None):
        self.workdir = workdir
        self.data = os.path.join(workdir, "data")
        self.sky_state = os.path.join(workdir, "sky-state")
        self.log = os.path.join(workdir, "service.log")
        os.makedirs(self.sky_state, exist_ok=True)
        self.jar, self.sky_cli, self.java_opts = os.path.abspath(jar), sky_cli, list(java_opts)
        # A native binary instead of the jar: it takes the same -X options (heap size) as the JVM.
        self.binary = binary and os.path.abspath(binary)
        self.extra_env = dict(env or {})
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        self.proc = None
        self.token = None
        self.owner = None
        self.started_in = None

    def env(self):
        env = dict(os.environ)
        env.pop("SKYPILOT_API_SERVER_ENDPOINT", None)
        env.update(
            QUARKUS_PROFILE="local",
            SERVING_HOST="127.0.0.1",
            SERVING_PORT=str(self.port),
            AINFINITY_DATA_DIR=self.data,
            AINFINITY_TEMPLATES_DIR=os.path.join(ROOT, "skylaunch"),
            AINFINITY_PAYLOAD_DIR=os.path.join(ROOT, "train"),
            AINFINITY_SKYPILOT_CLI=self.sky_cli,
            SKY_DOUBLE_STATE=self.sky_state,
            AINFINITY_RATE_LIMIT_READS_PER_MINUTE="100000000",
            AINFINITY_RATE_LIMIT_LAUNCHES_PER_MINUTE="100000000",
            QUARKUS_LOG_FILE_ENABLED="true",
            QUARKUS_LOG_FILE_PATH=self.log,
            QUARKUS_LOG_CONSOLE_ENABLED="false",
        )
        env.update(self.extra_env)
        return env

    def start(self, timeout=120):
        t0 = self.launched_at = time.time()
        self.proc = subprocess.Popen(
            self.argv(), cwd=self.workdir, env=self.env(),
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.workdir, "stderr.log"), "ab"),
            start_new_session=True)
        self.wait_for("the service to be live", lambda: self.get("/q/health/live", auth=False).status == 200, timeout)
        self.started_in = time.time() - t0
        with open(os.path.join(self.data, "admin-token")) as f:
            self.token = f.read().strip()
        self.owner = token_subject(self.token)
        return self

    def key(self, name):
        """What SkyPilot, the sky double and the run directories call this service's job `name`."""
        return job_key(self.owner, name)

    def argv(self):
        if self.binary:
            return [self.binary] + self.java_opts
        return ["java"] + self.java_opts + ["-jar", self.jar]

    def wait_ready(self, timeout=60):
        self.wait_for("readiness", lambda: self.get("/q/health/ready", auth=False).status == 200, timeout)

    def wait_for(self, what, check, timeout):
        end = time.time() + timeout
        while time.time() < end:
            if self.proc is not None and self.proc.poll() is not None:
                raise SystemExit("the service exited (%s) while waiting for %s; see %s" % (
                    self.proc.returncode, what, self.log))
            try:
                if check():
                    return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.2)
        raise SystemExit("timed out waiting for " + what)

    def kill9(self):
        """SIGKILL to the service alone: its task processes (own process groups) live on, as after a real crash."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self, timeout=60):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def rss_mb(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        return float("nan")

    def request(self, method, path, body=None, headers=None, auth=True, timeout=30, token=None):
        data = None
        hdrs = {}
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json"
        if auth:
            hdrs["Authorization"] = "Bearer " + (token or self.token)
        hdrs.update(headers or {})
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return Response(r.status, r.read(), dict(r.headers))
        except urllib.error.HTTPError as e:
            return Response(e.code, e.read(), dict(e.headers))

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body, **kw):
        return self.request("POST", path, body=body, **kw)

    def job(self, name):
        r = self.get("/api/v1/jobs/" + name)
        return r.json()["job_info"] if r.status == 200 else None

    def await_status(self, name, statuses, timeout):
        """Waits until the job is in one of `statuses`; returns its last status either way."""
        end = time.time() + timeout
        status = None
        while time.time() < end:
            job = self.job(name)
            status = job and job["status"]
            if status in statuses:
                return status
            time.sleep(0.25)
        return status

    def scenario(self, knobs):
        """Sets the sky double's scenario; it reads the file on every call."""
        tmp = os.path.join(self.sky_state, "scenario.json.tmp")
        with open(tmp, "w") as f:
            json.dump(knobs, f)
        os.replace(tmp, os.path.join(self.sky_state, "scenario.json"))

    def invocations(self):
        try:
            with open(os.path.join(self.sky_state, "invocations.jsonl")) as f:
                return [json.loads(line) for line in f if line.strip()]
        except FileNotFoundError:
            return []


def processes_under(marker):
    """Live processes whose command line or environment contains `marker` (a path unique to one bench run: the sky
    double's calls carry it in SKY_DOUBLE_STATE, task processes in their paths)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open("/proc/%s/environ" % pid, "rb") as f:
                environ = f.read().decode(errors="replace")
            with open("/proc/%s/stat" % pid) as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if (marker in cmd or marker in environ) and state != "Z":
            found.append((int(pid), cmd.strip()))
    return found


def kill_processes_under(marker):
    """SIGKILLs, one pid at a time, every live process that `processes_under(marker)` finds (task processes run in
    process groups of their own, so stopping the service leaves them running); returns what it found."""
    found = processes_under(marker)
    for pid, _ in found:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return found
