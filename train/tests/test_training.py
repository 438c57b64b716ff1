"""End to end: the cpu_tiny config trains, evaluates, checkpoints and reports metric lines."""

from __future__ import annotations

import ast

from ainfinity_train.metrics import PREFIX, parse_metric_line


def metric_lines(stdout: str, kind: str) -> list[dict]:
    parsed = [parse_metric_line(line) for line in stdout.splitlines() if line.startswith(PREFIX)]
    return [line for line in parsed if line and line["kind"] == kind]


def test_loss_decreases_over_training(tiny_run):
    train = metric_lines(tiny_run.stdout, "train")
    assert len(train) >= 5
    assert train[0]["step"] == 1
    assert train[-1]["loss"] < train[0]["loss"] * 0.8


def test_eval_runs_and_its_loss_improves(tiny_run):
    evals = metric_lines(tiny_run.stdout, "eval")
    assert len(evals) >= 2
    assert evals[-1]["eval_loss"] < evals[0]["eval_loss"]


def test_checkpoints_and_final_model_are_written_to_output_dir(tiny_run):
    out = tiny_run.cwd / "run"
    checkpoints = sorted(p.name for p in out.glob("checkpoint-*"))
    assert checkpoints, list(out.iterdir())
    assert (out / checkpoints[-1] / "trainer_state.json").is_file()
    for name in ("model.safetensors", "config.json", "tokenizer.json", "ainfinity_config.yaml"):
        assert (out / name).is_file(), name


def test_every_metric_line_parses(tiny_run):
    lines = [line for line in tiny_run.stdout.splitlines() if line.startswith(PREFIX)]
    assert lines
    for line in lines:
        parsed = parse_metric_line(line)
        assert parsed is not None, line
        assert parsed["total_steps"] == metric_lines(tiny_run.stdout, "train")[-1]["step"]


def test_train_lines_carry_the_documented_fields(tiny_run):
    line = metric_lines(tiny_run.stdout, "train")[-1]
    assert list(line) == [
        "kind", "step", "total_steps", "epoch", "loss", "learning_rate", "grad_norm", "samples_per_second",
    ]
    assert isinstance(line["step"], int) and isinstance(line["epoch"], float)
    assert line["samples_per_second"] > 0


def test_the_closing_summary_is_a_metric_line(tiny_run):
    [summary] = metric_lines(tiny_run.stdout, "summary")
    assert summary["step"] == summary["total_steps"] == metric_lines(tiny_run.stdout, "train")[-1]["step"]
    for key in ("train_runtime", "train_samples_per_second", "train_steps_per_second", "train_loss", "epoch"):
        assert summary[key] > 0, key
    lines = tiny_run.stdout.splitlines()
    assert lines.index(next(line for line in lines if '"kind":"summary"' in line)) > max(
        at for at, line in enumerate(lines) if '"kind":"train"' in line)


def test_every_dict_the_trainer_prints_follows_a_metric_line_with_its_values(tiny_run):
    # The Trainer adds its printing callback after the payload's, so each dict's metric line comes first.
    lines = [line for line in tiny_run.stdout.splitlines() if line.startswith((PREFIX, "{"))]
    printed = [(at, ast.literal_eval(line)) for at, line in enumerate(lines) if line.startswith("{")]
    assert len(printed) >= 3
    for at, trainer in printed:
        assert parse_metric_line(lines[at]) is None
        metric = parse_metric_line(lines[at - 1])
        assert metric is not None, lines[at]
        assert set(trainer) <= set(metric), (lines[at - 1], lines[at])
        for key, value in trainer.items():
            assert float(value) == float(f"{metric[key]:.4g}"), key


def test_a_relaunch_resumes_from_the_last_checkpoint(tmp_path):
    from conftest import run_finetune

    request = {"config_file": "cpu_tiny", "output_dir": "spot", "max_steps": 18}
    first = run_finetune(request, tmp_path)
    second = run_finetune({**request, "max_steps": 27}, tmp_path)

    assert first.returncode == 0 and second.returncode == 0, second.stderr[-2000:]
    assert (tmp_path / "spot" / "checkpoint-18").is_dir()
    assert metric_lines(second.stdout, "train")[0]["step"] > 18


def test_the_earlier_services_training_arguments_reach_the_trainer(tmp_path, tiny_run):
    import torch

    from conftest import run_finetune

    extra = {
        "training_arguments.gradient_accumulation_steps": "2",
        "training_arguments.logging_steps": "1",
        "training_arguments.output_dir": "outputs/compat",
    }
    run = run_finetune({"config_file": "cpu_tiny", "output_dir": "ignored", "extra_args": extra}, tmp_path)

    assert run.returncode == 0, run.stderr[-2000:]
    out = tmp_path / "outputs" / "compat"
    assert (out / "ainfinity_config.yaml").is_file() and not (tmp_path / "ignored").exists()
    # The arguments the Trainer ran with, as it saved them beside the final model.
    used = torch.load(out / "training_args.bin", weights_only=False)
    assert (used.gradient_accumulation_steps, used.logging_steps) == (2, 1)
    train = metric_lines(run.stdout, "train")
    total = train[-1]["total_steps"]
    assert [line["step"] for line in train] == list(range(1, total + 1))
    # Two micro-batches per optimizer step: fewer steps over the same epochs than the default run's.
    assert total < metric_lines(tiny_run.stdout, "train")[-1]["total_steps"]
