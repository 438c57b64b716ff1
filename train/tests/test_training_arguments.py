"""The training_arguments group: Hugging Face TrainingArguments by their own names, only the fields options.yaml
lists, checked against the pinned Transformers and applied after the `training` section."""

from __future__ import annotations

import dataclasses
import json
import re
from decimal import Decimal

import pytest
from transformers import TrainingArguments

from ainfinity_train import arguments, config, finetune, options
from ainfinity_train.request import RequestError
from conftest import run_finetune

PREFIX = options.TRAINING_ARGUMENTS + "."
GROUP = {key[len(PREFIX):]: rule for key, rule in options.rules().items() if key.startswith(PREFIX)}
# Hub access, tokens, launcher configs, free-form argument strings and dicts, paths outside outputs, code.
FORBIDDEN = re.compile(
    r"hub|token$|push|deepspeed|fsdp|accelerator_config|parallelism|_kwargs$|_args$|_dir$|_config$|compile|liger"
    r"|logging_dir|debug|label_names|include_for_metrics|optim_target_modules|trackio|project"
)
# These TrainingArguments fields may name a path or a free string: each has the one rule that keeps it safe.
STRING_RULES = {"output_dir": "output", "resume_from_checkpoint": "checkpoint", "run_name": "text"}


def load(extra: dict, cwd, config_file: str = "cpu_tiny"):
    cfg, _ = config.load(json.dumps({"config_file": config_file, "extra_args": extra}), cwd)
    return cfg


def build(extra: dict, cwd, has_eval: bool = True) -> TrainingArguments:
    return arguments.build(load(extra, cwd), has_eval=has_eval)


def accepted_samples():
    """(name, value) pairs each rule takes: its bounds, every choice, null where it takes one."""
    for name, rule in GROUP.items():
        if rule.type in ("int", "float"):
            low = rule.min if rule.min is not None else rule.gt + Decimal("0.000001")
            values = {str(low), str(rule.max)}
            values |= {"null"} if rule.nullable else set()
        elif rule.type == "bool":
            values = {"true", "false"}
        elif rule.type == "enum":
            values = set(rule.values)
        elif rule.type == "output":
            values = {"outputs", "outputs/run-1"}
        elif rule.type == "checkpoint":
            values = {"auto", "null", "outputs/run-1/checkpoint-5"}
        else:
            values = {"run 1 of sweep-7"}
        for value in sorted(values):
            yield name, value


def expected(name: str, value: str, cwd):
    rule = GROUP[name]
    if rule.is_null(value):
        return None
    if name == "bf16":
        return arguments.resolve_bf16(value)
    if name == "report_to":
        chosen = arguments.resolve_report_to(value)
        return [] if chosen == "none" else [chosen]
    typed = {"int": int, "float": float, "bool": lambda v: v.lower() == "true"}.get(rule.type, str)
    return str(cwd / value) if rule.type == "output" else typed(value)


def test_every_listed_name_is_a_field_of_the_pinned_training_arguments():
    fields = {field.name for field in dataclasses.fields(TrainingArguments)}
    assert {"gradient_accumulation_steps", "logging_steps"} <= set(GROUP)
    assert set(GROUP) - fields == set()


def test_no_listed_name_reaches_a_hub_a_token_a_file_or_code():
    assert [name for name in GROUP if FORBIDDEN.search(name) and name not in STRING_RULES] == []
    strings = {name: rule.type for name, rule in GROUP.items() if rule.type in ("output", "checkpoint", "name", "text")}
    assert strings == STRING_RULES
    assert GROUP["report_to"].values == options.rules()["training.report_to"].values
    assert set(GROUP["optim"].values) <= {"adamw_torch", "adamw_torch_fused", "adafactor", "sgd", "adagrad", "rmsprop"}


@pytest.mark.parametrize(("name", "value"), list(accepted_samples()))
def test_values_the_rules_take_are_accepted_by_training_arguments(tmp_path, name, value):
    # On the CPU, so that precision flags are judged by their values, not by this machine's hardware.
    extra = {PREFIX + name: value} if name == "use_cpu" else {PREFIX + name: value, PREFIX + "use_cpu": "true"}
    args = build(extra, tmp_path)
    actual = getattr(args, name)
    assert actual == expected(name, value, tmp_path), (name, value, actual)


def test_the_group_wins_over_the_training_section(tmp_path):
    training = {"training.gradient_accumulation_steps": "3", "training.logging_steps": "5", "training.seed": "11"}
    grouped = {PREFIX + "gradient_accumulation_steps": "2", PREFIX + "logging_steps": "1", PREFIX + "seed": "7"}

    before = build(training, tmp_path)
    after = build({**training, **grouped}, tmp_path)

    assert (before.gradient_accumulation_steps, before.logging_steps, before.seed) == (3, 5, 11)
    assert (after.gradient_accumulation_steps, after.logging_steps, after.seed, after.data_seed) == (2, 1, 7, 7)
    assert arguments.seed(load({**training, **grouped}, tmp_path)) == 7
    assert arguments.seed(load(training, tmp_path)) == 11


def test_output_dir_and_checkpoint_come_from_the_group(tmp_path):
    args = build({PREFIX + "output_dir": "outputs/old", PREFIX + "resume_from_checkpoint": "null"}, tmp_path)
    assert args.output_dir == str(tmp_path / "outputs" / "old")
    assert args.resume_from_checkpoint is None
    assert build({}, tmp_path).resume_from_checkpoint == "auto"


@pytest.mark.parametrize(
    ("extra", "on"),
    [
        ({"gradient_checkpointing": "true"}, True),
        ({"activation_checkpointing": "true"}, True),
        ({"gradient_checkpointing": "true", "activation_checkpointing": "false"}, False),
        ({"gradient_checkpointing": "false", "training.gradient_checkpointing": "true"}, False),
    ],
)
def test_gradient_checkpointing_is_the_alias_of_activation_checkpointing(tmp_path, extra, on):
    args = build({(k if k.startswith("training.") else PREFIX + k): v for k, v in extra.items()}, tmp_path)
    assert args.activation_checkpointing is on and args.gradient_checkpointing is on
    assert args.activation_checkpointing_kwargs == ({"use_reentrant": False} if on else None)


def test_fp16_by_name_turns_off_the_configs_bf16(tmp_path):
    args = build({"training.bf16": "true", PREFIX + "fp16": "true", PREFIX + "use_cpu": "true"}, tmp_path)
    assert args.fp16 is True and args.bf16 is False


def test_a_combination_training_arguments_refuses_names_extra_args(tmp_path):
    with pytest.raises(RequestError) as caught:
        build({PREFIX + "bf16": "true", PREFIX + "fp16": "true", PREFIX + "use_cpu": "true"}, tmp_path)
    assert caught.value.field == "extra_args"
    assert caught.value.reason.startswith("TrainingArguments refuses these settings: At most one of fp16 and bf16")


def test_eval_strategy_needs_an_evaluation_split(tmp_path):
    assert build({PREFIX + "eval_strategy": "epoch"}, tmp_path).eval_strategy == "epoch"
    assert build({PREFIX + "eval_strategy": "epoch"}, tmp_path, has_eval=False).eval_strategy == "no"


@pytest.mark.parametrize(
    "name",
    ["not_a_field", "push_to_hub", "hub_token", "hub_model_id", "deepspeed", "fsdp_config", "optim_args",
     "logging_dir", "torch_compile_backend", "accelerator_config", "gradient_checkpointing_kwargs", "disable_tqdm"],
)
def test_refuses_names_the_allow_list_does_not_hold(tmp_path, name):
    with pytest.raises(RequestError) as caught:
        load({PREFIX + name: "1"}, tmp_path)
    assert caught.value.field == f"extra_args.{PREFIX}{name}"
    assert caught.value.reason.startswith("not a TrainingArguments field a launch may set")


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("optim", "my.module.Optimizer", "must be one of adamw_torch,"),
        ("report_to", "all", "must be one of auto, none, wandb, tensorboard"),
        ("output_dir", "/tmp/elsewhere", "must be outputs or a relative path under it"),
        ("resume_from_checkpoint", "../checkpoint-5", "must be auto, null, or outputs"),
        ("gradient_accumulation_steps", "0", "must be at least 1"),
        ("logging_steps", "0.5", "must be a whole number"),
        ("logging_strategy", "false", "must be one of no, steps, epoch"),
        ("run_name", "${oc.env:HOME}", "must not contain control characters or '${'"),
    ],
)
def test_refuses_values_their_rule_does_not_take(tmp_path, name, value, reason):
    with pytest.raises(RequestError) as caught:
        load({PREFIX + name: value}, tmp_path)
    assert caught.value.field == f"extra_args.{PREFIX}{name}"
    assert caught.value.reason.startswith(reason), caught.value.reason


def test_entry_point_refuses_an_unknown_field_with_one_line_and_exit_2(tmp_path):
    run = run_finetune({"extra_args": {PREFIX + "not_a_field": "1"}}, tmp_path, timeout=60)
    assert run.returncode == 2
    assert run.stderr == (
        "AINFINITY_ERROR training.extra_args.training_arguments.not_a_field: not a TrainingArguments field a launch"
        " may set (see ainfinity_train/options.yaml)\n"
    )
    assert run.stdout == ""


def test_entry_point_refuses_a_combination_with_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    # In this process: the refusal comes once the arguments are built, after torch has loaded.
    extra = {PREFIX + "bf16": "true", PREFIX + "fp16": "true", PREFIX + "use_cpu": "true"}
    monkeypatch.setenv("AINFINITY_TRAINING", json.dumps({"config_file": "cpu_tiny", "extra_args": extra}))
    monkeypatch.chdir(tmp_path)

    code = finetune.main()

    errors = [line for line in capsys.readouterr().err.splitlines() if "AINFINITY_ERROR" in line]
    assert code == 2
    assert len(errors) == 1 and errors[0].startswith(
        "AINFINITY_ERROR training.extra_args: TrainingArguments refuses these settings: At most one of fp16 and bf16")
