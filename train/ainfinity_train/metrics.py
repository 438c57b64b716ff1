"""Metric lines on stdout: the one format the service parses from SkyPilot's logs.

Each line is `AINFINITY_METRICS ` followed by a compact JSON object whose `kind` is train, eval,
gpu or summary. Every dict the Trainer logs becomes one such line; the dicts the Trainer prints
itself are not metric lines.
"""

from __future__ import annotations

import json
import math
import sys
import time

from transformers import TrainerCallback

from .gpu import GpuSampler

PREFIX = "AINFINITY_METRICS "
KINDS = ("train", "eval", "gpu", "summary")
MAX_LINE = 65536  # the service skips longer lines unread; the same limit here keeps both sides agreed
# Keys a line sets itself; a logged value of the same name must not overwrite them.
OWN_KEYS = ("kind", "step", "total_steps")


class MetricsCallback(TrainerCallback):
    """Prints one line for every dict the Trainer logs, from the main process only: a train line per
    logging step (plus a gpu line when NVML sees GPUs), an eval line per evaluation, and a summary
    line for the closing `train_runtime`, `train_loss`, ... dict.

    The Trainer logs nothing else; a dict that is neither a step's loss nor an evaluation is reported
    as a summary, so that no logged value is lost."""

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
            # Not "train_runtime": with include_num_input_tokens_seen every step's dict carries one too.
            emit(train_line(state.global_step, state.max_steps, logs, self._throughput(args, state)))
            if self._sampler.available:
                emit({"kind": "gpu", "step": state.global_step, "gpus": self._sampler.sample()})
        else:
            emit(summary_line(state.global_step, state.max_steps, logs))

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
    line = {
        "kind": "train",
        "step": int(step),
        "total_steps": int(total_steps),
        "epoch": _number(logs.get("epoch")),
        "loss": _number(logs.get("loss")),
        "learning_rate": _number(logs.get("learning_rate")),
        "grad_norm": _number(logs.get("grad_norm")),
        "samples_per_second": _number(samples_per_second),
    }
    # Anything else the Trainer logged (num_input_tokens_seen, ...) follows the fixed fields.
    line.update(_rest(logs, line))
    return line


def eval_line(step: int, total_steps: int, epoch, logs: dict) -> dict:
    line = {
        "kind": "eval",
        "step": int(step),
        "total_steps": int(total_steps),
        "epoch": _number(epoch),
        "eval_loss": _number(logs.get("eval_loss")),
    }
    line.update(_rest(logs, line))
    return line


def summary_line(step: int, total_steps: int, logs: dict) -> dict:
    """The Trainer's closing dict (train_runtime, train_samples_per_second, train_steps_per_second,
    total_flos, train_loss, epoch) as it logged it."""
    line = {"kind": "summary", "step": int(step), "total_steps": int(total_steps)}
    line.update(_rest(logs, line))
    return line


def _rest(logs: dict, line: dict) -> dict:
    return {k: _number(v) for k, v in logs.items() if k not in line and k not in OWN_KEYS}


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
    if at < 0:
        return None
    try:
        data = json.loads(line[at + len(PREFIX) :])
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than the interpreter's stack
        return None
    if not isinstance(data, dict) or data.get("kind") not in KINDS:
        return None
    step = data.get("step")
    # A step must fit the service's 64-bit long.
    if isinstance(step, bool) or not isinstance(step, int) or not -(2**63) <= step < 2**63:
        return None
    if data["kind"] == "gpu" and not isinstance(data.get("gpus"), list):
        return None
    return data


def _number(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    # JSON has no NaN or Infinity; a diverged loss is reported as null rather than a broken line.
    return number if math.isfinite(number) else None
