"""train/install-venv.sh: nothing in the caller's environment or pip configuration can make it fetch from another
index, and a venv whose stamp matches its locks is left alone without running pip.

The canary is a PEP 503 index on 127.0.0.1 serving a `six` wheel whose .pth file would write a canary file on the
next interpreter start. The hostile environment points every pip setting there; the installer must not send it a
single request. The pinned `six` then comes from PyPI (when PyPI is reachable) or the install fails (when it is not);
either way the canary stays untouched, and the test says which happened.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

TRAIN_DIR = Path(__file__).resolve().parents[1]
INSTALLER = TRAIN_DIR / "install-venv.sh"
SIX = "six==1.17.0"
WHEEL_NAME = "six-1.17.0-py3-none-any.whl"
# PyPI's six 1.17.0 wheel and sdist.
SIX_HASHES = (
    "4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274",
    "ff70335d468e7eb6ec65b95b99d3a2836546063f63acc5171de367e834932a81",
)


def make_wheel(directory: Path, name: str, version: str, files: dict[str, str]) -> Path:
    """A minimal wheel with the given top-level files (a .pth runs at every interpreter start once installed)."""
    info = f"{name}-{version}.dist-info"
    contents = dict(files)
    contents[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    contents[f"{info}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = []
    for path, text in contents.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(text.encode())}")
    record.append(f"{info}/RECORD,,")
    contents[f"{info}/RECORD"] = "\n".join(record) + "\n"
    wheel = directory / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in contents.items():
            archive.writestr(path, text)
    return wheel


class CanaryIndex:
    """A PEP 503 simple index (also usable as a find-links page) that records every request it gets."""

    def __init__(self, wheel: Path):
        self.requests: list[str] = []
        body = wheel.read_bytes()
        link = f'<a href="/files/{wheel.name}#sha256={hashlib.sha256(body).hexdigest()}">{wheel.name}</a>'
        pages = {
            "/simple/": b'<html><body><a href="/simple/six/">six</a></body></html>',
            "/simple/six/": f"<html><body>{link}</body></html>".encode(),
            "/links/": f"<html><body>{link}</body></html>".encode(),
            f"/files/{wheel.name}": body,
        }
        index = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the http.server API)
                index.requests.append(self.path)
                page = pages.get(self.path.split("?")[0])
                self.send_response(200 if page is not None else 404)
                wheel_file = self.path.endswith(".whl")
                self.send_header("Content-Type", "application/octet-stream" if wheel_file else "text/html")
                self.end_headers()
                if page is not None:
                    self.wfile.write(page)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def canary(tmp_path):
    canary_file = tmp_path / "canary-ran"
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    payload = f"import pathlib; pathlib.Path({str(canary_file)!r}).write_text('pth ran')\n"
    wheel = make_wheel(wheels, "six", "1.17.0", {"six.py": "", "zz_canary.pth": payload})
    index = CanaryIndex(wheel)
    yield index, canary_file
    index.close()


def hostile_env(tmp_path: Path, index: CanaryIndex, canary_file: Path) -> dict[str, str]:
    """Every way the caller's environment could point pip (or the interpreter running it) at the canary."""
    config = f"[global]\nindex-url = {index.url}/simple/\nextra-index-url = {index.url}/simple/\n" \
             f"find-links = {index.url}/links/\ntrusted-host = 127.0.0.1\n"
    (tmp_path / "pip.conf").write_text(config)
    user_config = tmp_path / "xdg" / "pip"
    user_config.mkdir(parents=True)
    (user_config / "pip.conf").write_text(config)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(f"import pathlib; pathlib.Path({str(canary_file)!r}).write_text('hook')\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON"))}
    env.update(
        PIP_INDEX_URL=f"{index.url}/simple/",
        PIP_EXTRA_INDEX_URL=f"{index.url}/simple/",
        PIP_FIND_LINKS=f"{index.url}/links/",
        PIP_CONFIG_FILE=str(tmp_path / "pip.conf"),
        PIP_TRUSTED_HOST="127.0.0.1",
        PIP_NO_CACHE_DIR="1",
        PIP_REQUIRE_HASHES="0",
        PIP_ISOLATED="0",
        XDG_CONFIG_HOME=str(tmp_path / "xdg"),
        PYTHONPATH=str(hooks),
    )
    return env


def install(venv: Path, locks: list[Path], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(INSTALLER), "--python", sys.executable, str(venv), *map(str, locks)],
        env=env if env is not None else {k: v for k, v in os.environ.items() if not k.startswith("PIP_")},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_hostile_pip_environment_reaches_the_canary_without_the_installer(tmp_path, canary):
    # Control: the canary does catch a pip that honours the environment, even one run with --isolated,
    # because --isolated still reads the file PIP_CONFIG_FILE names.
    index, canary_file = canary
    env = hostile_env(tmp_path, index, canary_file)
    env.pop("PYTHONPATH")
    for extra in ([], ["--isolated"]):
        if extra:
            env = {k: v for k, v in env.items() if k in ("PIP_CONFIG_FILE",) or not k.startswith("PIP_")}
        index.requests.clear()
        target = tmp_path / f"download{len(extra)}"
        command = [sys.executable, "-m", "pip", *extra, "download", "--no-deps", "-d", str(target), SIX]
        subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert f"/files/{WHEEL_NAME}" in index.requests, (extra, index.requests)


def test_installer_never_asks_the_canary_index(tmp_path, canary):
    index, canary_file = canary
    lock = tmp_path / "tiny.lock"
    lock.write_text(f"{SIX} " + " ".join(f"--hash=sha256:{h}" for h in SIX_HASHES) + "\n")
    venv = tmp_path / "venv"

    done = install(venv, [lock], hostile_env(tmp_path, index, canary_file))

    assert index.requests == []
    tail = done.stdout.splitlines()[-3:] + done.stderr.splitlines()[-3:]
    print(f"installer exit {done.returncode}; last lines:\n" + "\n".join(tail))
    if done.returncode == 0:
        # PyPI was reachable: the real six is in, stamped, and it holds no .pth of the canary.
        check = subprocess.run([str(venv / "bin" / "python"), "-c", "import six; print(six.__version__)"],
                               capture_output=True, text=True, timeout=120)
        assert check.stdout.strip() == "1.17.0", check.stderr
        assert not list(venv.glob("lib/python*/site-packages/zz_canary.pth"))
        assert (venv / ".ainfinity-locks").read_text().startswith("tiny.lock ")
    else:
        # PyPI unreachable (an offline machine): the install fails, and it failed talking to PyPI, not the canary.
        assert "pypi.org" in done.stdout + done.stderr, done.stderr[-2000:]
    assert not canary_file.exists()


@pytest.fixture
def probe_lock(tmp_path) -> Path:
    """A lock naming one local wheel by path and hash: installing it needs no index and no network."""
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    wheel = make_wheel(wheels, "stamp_probe", "1.0", {"stamp_probe.py": "VALUE = 1\n"})
    lock = tmp_path / "probe.lock"
    lock.write_text(f"stamp_probe @ {wheel.as_uri()} --hash=sha256:{hashlib.sha256(wheel.read_bytes()).hexdigest()}\n")
    return lock


def test_matching_stamp_runs_no_pip(tmp_path, probe_lock):
    lock = probe_lock
    venv = tmp_path / "venv"
    first = install(venv, [lock])
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]

    # pip in this venv now refuses to run and leaves a mark if anything starts it.
    marker = tmp_path / "pip-ran"
    (pip_dir,) = venv.glob("lib/python*/site-packages/pip")
    shutil.rmtree(pip_dir)
    pip_dir.mkdir()
    (pip_dir / "__init__.py").write_text("")
    (pip_dir / "__main__.py").write_text(
        f"import pathlib, sys\npathlib.Path({str(marker)!r}).write_text('ran')\nsys.exit(3)\n")

    again = install(venv, [lock])
    assert again.returncode == 0, again.stderr
    assert "up to date" in again.stdout
    assert not marker.exists()

    # The same venv with a changed lock does start pip: the check above is the stamp's doing.
    lock.write_text(lock.read_text() + "# changed\n")
    stale = install(venv, [lock])
    assert stale.returncode != 0
    assert marker.exists()


def test_venv_without_a_stamp_is_rebuilt(tmp_path, probe_lock):
    # A venv this installer did not make may hold anything at a matching version, which pip would keep.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    planted = venv / "planted.txt"
    planted.write_text("left by someone else")

    done = install(venv, [probe_lock])

    assert done.returncode == 0, done.stderr[-2000:]
    assert "has no stamp of this installer; recreating it" in done.stdout
    assert not planted.exists()
    assert (venv / ".ainfinity-locks").read_text().startswith("probe.lock ")
