"""Metric line format and parsing, including GPU lines from a stand-in NVML."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from ainfinity_train.gpu import GpuSampler
from ainfinity_train.metrics import PREFIX, MetricsCallback, parse_metric_line

NEW_TRAIN = (PREFIX + '{"kind":"train","step":4,"total_steps":36,"epoch":0.44,"loss":5.9,'
             '"learning_rate":0.0029,"grad_norm":2.9,"samples_per_second":760.2}')


class FakeNvml:
    NVML_TEMPERATURE_GPU = 0

    class NVMLError(Exception):
        pass

    def nvmlInit(self):
        pass

    def nvmlDeviceGetCount(self):
        return 2

    def nvmlDeviceGetHandleByIndex(self, index):
        return index

    def nvmlDeviceGetMemoryInfo(self, handle):
        return SimpleNamespace(used=2048 * 1024 * 1024, total=81920 * 1024 * 1024)

    def nvmlDeviceGetUtilizationRates(self, handle):
        return SimpleNamespace(gpu=90 + handle)

    def nvmlDeviceGetTemperature(self, handle, sensor):
        return 60

    def nvmlDeviceGetPowerUsage(self, handle):
        if handle == 1:
            raise self.NVMLError("not supported")
        return 300500


def test_parses_new_style_lines_with_or_without_a_log_prefix():
    assert parse_metric_line(NEW_TRAIN)["loss"] == 5.9
    assert parse_metric_line("(head, rank=0, pid=4242) " + NEW_TRAIN)["step"] == 4
    gpu = parse_metric_line(PREFIX + '{"kind":"gpu","step":2,"gpus":[{"index":0,"utilization_pct":1.0}]}')
    assert gpu["gpus"][0]["index"] == 0


@pytest.mark.parametrize(
    "line",
    [
        "{'loss': 1.23, 'grad_norm': 0.5, 'learning_rate': 5e-05, 'epoch': 0.5}",
        "{'loss': '6.232', 'grad_norm': '3.378', 'learning_rate': '0', 'epoch': '0.1111'}",
        "{'eval_loss': '5.445', 'eval_runtime': '0.003', 'epoch': '1'}",
        "{'train_runtime': 12.5, 'train_samples_per_second': 3.2, 'train_loss': 4.3, 'epoch': 4.0}",
        '(head, rank=0, pid=4242) {"kind": "train", "step": 1, "loss": 1.0}',
    ],
)
def test_the_trainers_own_dicts_are_not_metric_lines(line):
    assert parse_metric_line(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "", "hello world", "{", "{}", "[1, 2]",
        PREFIX, PREFIX + "{", PREFIX + "[]", PREFIX + '{"kind":"bogus","step":1}',
        PREFIX + '{"kind":"train","step":"1"}', PREFIX + '{"kind":"train","step":true}',
        PREFIX + '{"kind":"train","loss":1.0}', PREFIX + '{"kind":"train","step":99999999999999999999}',
        PREFIX + '{"kind":"gpu","step":1}',
        PREFIX + '{"kind":"train","step":1} {"kind":"train","step":2}',
        PREFIX + '{"kind":"train","step":1,"loss":' + "1" * 70000 + "}", None,
        PREFIX + '{"kind":"train","step":1,"x":' + "[" * 20000 + "]" * 20000 + "}",
    ],
)
def test_rejects_everything_else(line):
    assert parse_metric_line(line) is None


def state(step=4, max_steps=36, epoch=0.44, main=True):
    return SimpleNamespace(global_step=step, max_steps=max_steps, epoch=epoch, is_world_process_zero=main)


ARGS = SimpleNamespace(per_device_train_batch_size=4, gradient_accumulation_steps=2, world_size=1)


def emitted(capsys) -> list[dict]:
    lines = capsys.readouterr().out.splitlines()
    assert all(line.startswith(PREFIX) and " " not in line[len(PREFIX):] for line in lines), lines
    return [json.loads(line[len(PREFIX):]) for line in lines]


def test_train_log_prints_train_and_gpu_lines(capsys):
    callback = MetricsCallback(GpuSampler(FakeNvml()))
    callback.on_train_begin(ARGS, state(step=0), None)
    callback.on_log(ARGS, state(), None, logs={"loss": 2.5, "learning_rate": 1e-4, "epoch": 0.44, "grad_norm": float("nan")})

    train, gpu = emitted(capsys)
    assert train["kind"] == "train" and train["loss"] == 2.5 and train["grad_norm"] is None
    assert train["samples_per_second"] > 0
    assert gpu == {
        "kind": "gpu",
        "step": 4,
        "gpus": [
            {"index": 0, "utilization_pct": 90.0, "memory_used_mb": 2048.0, "memory_total_mb": 81920.0,
             "temperature_c": 60.0, "power_w": 300.5},
            {"index": 1, "utilization_pct": 91.0, "memory_used_mb": 2048.0, "memory_total_mb": 81920.0,
             "temperature_c": 60.0, "power_w": None},
        ],
    }


def test_eval_log_prints_one_eval_line_with_every_eval_key(capsys):
    callback = MetricsCallback(GpuSampler(FakeNvml()))
    callback.on_log(ARGS, state(), None, logs={"eval_loss": 1.5, "eval_runtime": 0.5, "epoch": 1.0, "eval_acc": 0.9})

    [line] = emitted(capsys)
    assert line == {"kind": "eval", "step": 4, "total_steps": 36, "epoch": 1.0, "eval_loss": 1.5,
                    "eval_runtime": 0.5, "eval_acc": 0.9}


def test_only_the_main_process_prints_and_no_gpu_means_no_gpu_line(capsys):
    class NoGpu(FakeNvml):
        def nvmlInit(self):
            raise FakeNvml.NVMLError("driver not loaded")

    callback = MetricsCallback(GpuSampler(NoGpu()))
    callback.on_log(ARGS, state(main=False), None, logs={"loss": 1.0})
    assert emitted(capsys) == []
    callback.on_log(ARGS, state(), None, logs={"loss": 1.0})
    assert [line["kind"] for line in emitted(capsys)] == ["train"]


def test_the_closing_summary_prints_one_summary_line_with_every_value(capsys):
    callback = MetricsCallback(GpuSampler(FakeNvml()))
    logs = {"train_runtime": 12.5, "train_samples_per_second": 3.2, "train_steps_per_second": 0.8,
            "total_flos": 1.5e12, "train_loss": 4.3, "epoch": 4.0}
    callback.on_log(ARGS, state(step=36), None, logs=dict(logs))

    [line] = emitted(capsys)
    assert line == {"kind": "summary", "step": 36, "total_steps": 36, **logs}
    assert parse_metric_line(PREFIX + json.dumps(line))["kind"] == "summary"


def test_every_logged_value_reaches_its_line_without_overwriting_kind_or_step(capsys):
    callback = MetricsCallback(GpuSampler(FakeNvml()))
    # include_num_input_tokens_seen adds these to every step's dict, train_runtime among them.
    callback.on_log(ARGS, state(), None, logs={"loss": 2.0, "epoch": 0.44, "num_input_tokens_seen": 512,
                                               "train_runtime": 1.5, "train_tokens_per_second": 341.3})
    callback.on_log(ARGS, state(), None, logs={"eval_loss": 1.5, "epoch": 1.0, "num_input_tokens_seen": 512})
    callback.on_log(ARGS, state(), None, logs={"custom": float("inf"), "kind": "x", "step": 99, "total_steps": 1})

    train, _, evaluation, other = emitted(capsys)
    assert train["kind"] == "train" and train["loss"] == 2.0
    assert {k: train[k] for k in ("num_input_tokens_seen", "train_runtime", "train_tokens_per_second")} == {
        "num_input_tokens_seen": 512.0, "train_runtime": 1.5, "train_tokens_per_second": 341.3}
    assert evaluation["kind"] == "eval" and evaluation["num_input_tokens_seen"] == 512.0
    assert other == {"kind": "summary", "step": 4, "total_steps": 36, "custom": None}
