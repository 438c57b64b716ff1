#!/usr/bin/env python3
"""Adds the sha256 of every file PyPI has for each pinned version to the training payload's lock files.

Usage: scripts/lock-train.py [LOCK...]   (default: every train/locks/*.lock)

Each lock line is `name==version`, optionally followed by `--hash=...` options; the pins are kept as they are
and the hashes are rewritten from PyPI's simple index (JSON form, PEP 691), so that `pip --require-hashes`
installs exactly these files and nothing a mirror, a cache or an index override could substitute. Comment
lines at the top of a file are kept. To move a pin, edit its version and run this again.
Standard library only; honours SSL_CERT_FILE for the CA bundle.
"""

from __future__ import annotations

import json
import os
import re
import ssl
import sys
import urllib.request
from pathlib import Path

INDEX = "https://pypi.org/simple/"
ACCEPT = "application/vnd.pypi.simple.v1+json"
ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.!+_-]+)\s*(?:\\\s*)?$")
ARCHIVES = (".tar.gz", ".zip", ".tar.bz2", ".tgz")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def file_version(filename: str) -> str | None:
    """The version part of a wheel or sdist file name, or None for other kinds of file."""
    if filename.endswith(".whl"):
        parts = filename[: -len(".whl")].split("-")
        return parts[1] if len(parts) >= 5 else None
    for suffix in ARCHIVES:
        if filename.endswith(suffix):
            stem = filename[: -len(suffix)]
            return stem.rsplit("-", 1)[1] if "-" in stem else None
    return None


def same_version(a: str, b: str) -> bool:
    # File names spell some versions differently from the pin (case, '_' for '-', a leading 'v').
    def norm(v: str) -> str:
        return v.lower().lstrip("v").replace("_", "-")

    return norm(a) == norm(b)


def fetch(name: str, context: ssl.SSLContext) -> dict:
    request = urllib.request.Request(INDEX + canonical(name) + "/", headers={"Accept": ACCEPT})
    with urllib.request.urlopen(request, context=context, timeout=60) as response:
        return json.load(response)


def hashes(name: str, version: str, context: ssl.SSLContext) -> list[str]:
    page = fetch(name, context)
    found = sorted(
        {
            f["hashes"]["sha256"]
            for f in page["files"]
            if "sha256" in f.get("hashes", {}) and same_version(file_version(f["filename"]) or "", version)
        }
    )
    if not found:
        raise SystemExit(f"lock-train: PyPI lists no file for {name}=={version}")
    return found


def pins(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Splits a lock file into its leading comment lines and its (name, version) pins."""
    header: list[str] = []
    found: list[tuple[str, str]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not found and (stripped.startswith("#") or not stripped):
            header.append(line)
            continue
        if not stripped or stripped.startswith("#") or stripped.startswith("--hash="):
            continue
        match = PIN.match(stripped)
        if not match:
            raise SystemExit(f"lock-train: not a `name==version` pin: {line!r}")
        found.append((match.group(1), match.group(2)))
    return header, found


def relock(path: Path, context: ssl.SSLContext) -> int:
    header, found = pins(path.read_text())
    lines = list(header)
    for name, version in found:
        digests = hashes(name, version, context)
        lines.append(f"{name}=={version} \\")
        lines.extend(f"    --hash=sha256:{d}" + (" \\" if i < len(digests) - 1 else "") for i, d in enumerate(digests))
    path.write_text("\n".join(lines) + "\n")
    return len(found)


def main(argv: list[str]) -> int:
    cafile = os.environ.get("SSL_CERT_FILE")
    context = ssl.create_default_context(cafile=cafile if cafile and os.path.isfile(cafile) else None)
    paths = [Path(a) for a in argv] or sorted((ROOT / "train" / "locks").glob("*.lock"))
    # The locks are installed into one venv, so a package pinned in two of them would be installed twice,
    # possibly at two versions.
    seen: dict[str, Path] = {}
    for path in paths:
        for name, _ in pins(path.read_text())[1]:
            if canonical(name) in seen:
                raise SystemExit(f"lock-train: {name} is pinned in both {seen[canonical(name)]} and {path}")
            seen[canonical(name)] = path
    for path in paths:
        count = relock(path, context)
        print(f"lock-train: {path}: {count} pins hashed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
