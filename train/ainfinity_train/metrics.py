"""Metric lines on stdout: the one format the service parses from SkyPilot's logs.

Each line is `AINFINITY_METRICS ` followed by a compact JSON object whose `kind` is train, eval or
gpu. `parse_metric_line` also reads the dicts the Trainer itself prints, so logs from older
payloads and the final `train_runtime` summary are understood too.
"""

from __future__ import annotations

import ast
import json
import math
import sys
import time

from transformers import TrainerCallback

from .gpu import GpuSampler

PREFIX = "AINFINITY_METRICS "
KINDS = ("train", "eval", "gpu", "summary")
MAX_LINE = 65536  # literal_eval on an unbounded line could take unbounded time


class MetricsCallback(TrainerCallback):
    """Prints a train line per logging step (plus a gpu line when NVML sees GPUs) and an eval line
    per evaluation, from the main process only."""

    def __init__(self, sampler: GpuSampler | None = None):
        self._sampler = sampler if sampler is not None else GpuSampler()
        self._since = time.monotonic()
        self._since_step = 0
        self._eval_seconds = 0.0

    def on_train_begin(self, args, state, control, **kwargs):
        self._since = time.monotonic()
        self._since_step = state.global_step
        self._eval_seconds = 0.0

    def on_log(self, args, state, control, logs=None, **kwargs):
        if not state.is_world_process_zero or not logs:
            return
        if any(key.startswith("eval_") for key in logs):
            # Evaluation time falls inside the next train interval; keep it out of its throughput.
            self._eval_seconds += _number(logs.get("eval_runtime")) or 0.0
            emit(eval_line(state.global_step, state.max_steps, logs.get("epoch", state.epoch), logs))
        elif "loss" in logs:
            emit(train_line(state.global_step, state.max_steps, logs, self._throughput(args, state)))
            if self._sampler.available:
                emit({"kind": "gpu", "step": state.global_step, "gpus": self._sampler.sample()})

    def _throughput(self, args, state) -> float | None:
        now = time.monotonic()
        seconds = now - self._since - self._eval_seconds
        steps = state.global_step - self._since_step
        self._since, self._since_step, self._eval_seconds = now, state.global_step, 0.0
        if steps <= 0 or seconds <= 0:
            return None
        per_step = args.per_device_train_batch_size * args.gradient_accumulation_steps * args.world_size
        return steps * per_step / seconds


def train_line(step: int, total_steps: int, logs: dict, samples_per_second: float | None) -> dict:
    return {
        "kind": "train",
        "step": int(step),
        "total_steps": int(total_steps),
        "epoch": _number(logs.get("epoch")),
        "loss": _number(logs.get("loss")),
        "learning_rate": _number(logs.get("learning_rate")),
        "grad_norm": _number(logs.get("grad_norm")),
        "samples_per_second": _number(samples_per_second),
    }


def eval_line(step: int, total_steps: int, epoch, logs: dict) -> dict:
    line = {
        "kind": "eval",
        "step": int(step),
        "total_steps": int(total_steps),
        "epoch": _number(epoch),
        "eval_loss": _number(logs.get("eval_loss")),
    }
    line.update({k: _number(v) for k, v in logs.items() if k.startswith("eval_") and k != "eval_loss"})
    return line


def emit(line: dict) -> None:
    # sys.stdout looked up per call so redirected or captured stdout is honoured; flush because
    # the service reads the stream live and Python block-buffers a pipe.
    print(PREFIX + json.dumps(line, separators=(",", ":")), file=sys.stdout, flush=True)


def parse_metric_line(line: str) -> dict | None:
    """Returns the metric dict a log line carries, with `kind` set, or None for any other line.
    Leading text such as SkyPilot's `(head, rank=0, pid=42) ` prefix is allowed."""
    if not isinstance(line, str) or len(line) > MAX_LINE:
        return None
    at = line.find(PREFIX)
    if at >= 0:
        return _parse_json(line[at + len(PREFIX) :])
    return _parse_trainer_dict(line)


def _parse_json(text: str) -> dict | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("kind") not in KINDS:
        return None
    step = data.get("step")
    if isinstance(step, bool) or not isinstance(step, int):
        return None
    if data["kind"] == "gpu" and not isinstance(data.get("gpus"), list):
        return None
    return data


def _parse_trainer_dict(line: str) -> dict | None:
    # The Trainer prints str(dict), with floats pre-formatted as strings ('%.4g') in recent versions.
    text = line.strip()
    start = text.find("{")
    if start < 0 or not text.endswith("}"):
        return None
    try:
        data = ast.literal_eval(text[start:])
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(data, dict) or not data or not all(isinstance(k, str) for k in data):
        return None
    values = {k: _maybe_number(v) for k, v in data.items()}
    if any(k.startswith("eval_") for k in values):
        kind = "eval"
    elif "train_runtime" in values:
        kind = "summary"
    elif isinstance(values.get("loss"), (int, float)) and not isinstance(values["loss"], bool):
        kind = "train"
    else:
        return None
    return {"kind": kind, **values}


def _maybe_number(value):
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _number(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    # JSON has no NaN or Infinity; a diverged loss is reported as null rather than a broken line.
    return number if math.isfinite(number) else None
