"""Shared helpers. Everything runs offline: the hub is switched off so that any accidental
download fails loudly instead of silently fetching a model or data set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

OFFLINE = {"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
os.environ.update(OFFLINE)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    cwd: Path


def run_finetune(request: dict | str | None, cwd: Path, timeout: float = 300) -> Run:
    """Runs `python -m ainfinity_train.finetune` the way a SkyPilot task does."""
    env = {k: v for k, v in os.environ.items() if k != "AINFINITY_TRAINING"}
    env.update(OFFLINE)
    env["PYTHONUNBUFFERED"] = "1"
    if request is not None:
        env["AINFINITY_TRAINING"] = request if isinstance(request, str) else json.dumps(request)
    done = subprocess.run(
        [sys.executable, "-m", "ainfinity_train.finetune"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Run(done.returncode, done.stdout, done.stderr, cwd)


@pytest.fixture(scope="session")
def tiny_run(tmp_path_factory) -> Run:
    """One cpu_tiny training run shared by the tests that read its output (it takes seconds)."""
    cwd = tmp_path_factory.mktemp("tiny_run")
    run = run_finetune({"config_file": "cpu_tiny", "output_dir": "run"}, cwd)
    assert run.returncode == 0, run.stderr[-4000:]
    return run
