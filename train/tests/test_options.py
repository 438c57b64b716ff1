"""training.extra_args: only the keys options.yaml lists, only the values their rules take, and remote
model code only for a model the operator listed."""

from __future__ import annotations

import json

import pytest

from ainfinity_train import config, model, options
from ainfinity_train.request import RequestError
from conftest import run_finetune

REMOTE = options.REMOTE_CODE_ENV
HUB_MODEL = "some-org/some-model"


def load(extra: dict, tmp_path, config_file: str = "finetuning"):
    cfg, _ = config.load(json.dumps({"config_file": config_file, "extra_args": extra}), tmp_path)
    return cfg


def refusal(extra: dict, tmp_path, config_file: str = "finetuning") -> RequestError:
    with pytest.raises(RequestError) as caught:
        load(extra, tmp_path, config_file)
    return caught.value


@pytest.fixture(autouse=True)
def no_remote_code_models(monkeypatch):
    monkeypatch.delenv(REMOTE, raising=False)


@pytest.mark.parametrize(
    "key",
    [
        "model.trust_remote_code_extra",
        "model.kind",
        "model.architecture",
        "training.push_to_hub",
        "dataset.path",
        "dataset.role_map",
        "launch.accelerate_config",
        "training.no_such_knob",
    ],
)
def test_refuses_keys_the_allow_list_does_not_name(tmp_path, key):
    error = refusal({key: "1"}, tmp_path)
    assert error.field == f"extra_args.{key}"
    assert error.reason.startswith("not an option a launch may set")


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("training.num_train_epochs", "1_000", "must be a whole number"),
        ("training.num_train_epochs", " 5", "must be a whole number"),
        ("training.num_train_epochs", "5 ", "must be a whole number"),
        ("training.num_train_epochs", "20.0", "must be a whole number"),
        ("training.num_train_epochs", "+5", "must be a whole number"),
        ("training.num_train_epochs", "0x10", "must be a whole number"),
        ("training.num_train_epochs", "", "must be a whole number"),
        ("training.num_train_epochs", "0", "must be at least 1"),
        ("training.num_train_epochs", "10001", "must be at most 10000"),
        ("training.max_steps", "-2", "must be at least -1"),
        ("training.seed", "4294967296", "must be at most 4294967295"),
        ("training.seed", "null", "must be a whole number"),
        ("dataset.max_samples", "0", "must be at least 1"),
        ("dataset.max_samples", "None", "must be a whole number"),
        ("training.learning_rate", "0", "must be greater than 0"),
        ("training.learning_rate", "-1e-4", "must be greater than 0"),
        ("training.learning_rate", "11", "must be at most 10"),
        ("training.learning_rate", "nan", "must be a decimal number"),
        ("training.learning_rate", "inf", "must be a decimal number"),
        ("training.learning_rate", "Infinity", "must be a decimal number"),
        ("training.learning_rate", "1e999", "must be a finite number"),
        ("training.learning_rate", "1e1000", "must be a decimal number"),
        ("training.learning_rate", "1_0.0", "must be a decimal number"),
        ("training.learning_rate", " 0.1", "must be a decimal number"),
        ("training.learning_rate", "0.1f", "must be a decimal number"),
        ("training.weight_decay", "-0.1", "must be at least 0"),
        ("dataset.eval_fraction", "0.6", "must be at most 0.5"),
        ("training.gradient_checkpointing", "yes", "must be true or false"),
        ("training.gradient_checkpointing", "1", "must be true or false"),
        ("training.gradient_checkpointing", " true", "must be true or false"),
        ("training.bf16", "TRUE", "must be one of auto, true, false"),
        ("training.lr_scheduler_type", "Cosine", "must be one of linear,"),
        ("training.report_to", "all", "must be one of auto, none, wandb, tensorboard"),
        ("model.dtype", "float64", "must be one of auto, bfloat16, float16, float32"),
        ("model.dtype", "_C", "must be one of"),
        ("model.attn_implementation", "custom", "must be one of eager, sdpa, flash_attention_2"),
        ("training.output_dir", "/tmp/x", "must be outputs or a relative path under it"),
        ("training.output_dir", "outputs/../x", "must be outputs or a relative path under it"),
        ("training.output_dir", "outputs/.hidden", "must be outputs or a relative path under it"),
        ("training.output_dir", "other/run", "must be outputs or a relative path under it"),
        ("training.output_dir", "outputs/", "must be outputs or a relative path under it"),
        ("training.output_dir", "outputs/a b", "must be outputs or a relative path under it"),
        ("training.resume_from_checkpoint", "/ckpt", "must be auto, null, or outputs"),
        ("training.resume_from_checkpoint", "None", "must be auto, null, or outputs"),
        ("model.name_or_path", "/etc/model", "must be a hub id (org/name) or a relative path"),
        ("model.name_or_path", "../model", "must be a hub id (org/name) or a relative path"),
        ("model.name_or_path", "org//model", "must be a hub id (org/name) or a relative path"),
        ("model.name_or_path", "https://example.com/m", "must be a hub id (org/name) or a relative path"),
        ("dataset.name", "org/set,with=odd", "must be a hub id (org/name) or a relative path"),
        ("model.revision", "", "must be 1-256 characters"),
        ("model.revision", "r" * 257, "must be 1-256 characters"),
        ("model.revision", "main\n", "must not contain control characters"),
        ("model.revision", "a\x7fb", "must not contain control characters"),
        ("model.revision", "a\u2028b", "must not contain control characters"),
        ("dataset.split", "${oc.env:HOME}", "must not contain control characters or '${'"),
    ],
)
def test_refuses_values_their_rule_does_not_take(tmp_path, key, value, reason):
    error = refusal({key: value}, tmp_path)
    assert error.field == f"extra_args.{key}"
    assert error.reason.startswith(reason), error.reason


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("training.num_train_epochs", "10000", 10000),
        ("training.num_train_epochs", "007", 7),
        ("training.max_steps", "-1", -1),
        ("training.seed", "4294967295", 4294967295),
        ("dataset.max_samples", "null", None),
        ("dataset.max_samples", "12", 12),
        ("training.learning_rate", "1e-4", 1e-4),
        ("training.learning_rate", "10", 10.0),
        ("training.learning_rate", ".5", 0.5),
        ("training.learning_rate", "2.", 2.0),
        ("training.weight_decay", "0", 0.0),
        ("dataset.eval_fraction", "0.5", 0.5),
        ("training.gradient_checkpointing", "FALSE", False),
        ("training.gradient_checkpointing", "True", True),
        ("training.bf16", "true", "true"),
        ("training.bf16", "auto", "auto"),
        ("training.lr_scheduler_type", "constant", "constant"),
        ("model.dtype", "bfloat16", "bfloat16"),
        ("model.attn_implementation", "eager", "eager"),
        ("training.resume_from_checkpoint", "null", None),
        ("training.resume_from_checkpoint", "auto", "auto"),
        ("model.name_or_path", "Qwen/Qwen3-1.7B", "Qwen/Qwen3-1.7B"),
        ("model.name_or_path", "models/my_model.v2", "models/my_model.v2"),
        ("dataset.name", "Open-Orca/SlimOrca", "Open-Orca/SlimOrca"),
        ("model.revision", "r" * 256, "r" * 256),
        ("dataset.split", "train[:10%], 'x'=y \\", "train[:10%], 'x'=y \\"),
    ],
)
def test_accepts_values_their_rule_takes_typed(tmp_path, key, value, expected):
    cfg = load({key: value}, tmp_path)
    section, name = key.split(".", 1)
    actual = cfg[section][name]
    assert actual == expected and type(actual) is type(expected)


def test_output_paths_stay_under_the_working_directory(tmp_path):
    extra = {"training.output_dir": "outputs/run-1", "training.resume_from_checkpoint": "outputs/run-1/checkpoint-5"}
    cfg = load(extra, tmp_path)
    assert cfg.training.output_dir == str(tmp_path / "outputs" / "run-1")
    assert cfg.training.resume_from_checkpoint == "outputs/run-1/checkpoint-5"


def test_bf16_auto_is_taken_where_the_config_has_a_boolean(tmp_path):
    cfg = load({"training.bf16": "auto"}, tmp_path, config_file="cpu_tiny")
    assert cfg.training.bf16 == "auto"


def test_listed_keys_still_must_exist_in_the_composed_config(tmp_path):
    error = refusal({"model.revision": "main"}, tmp_path, config_file="cpu_tiny")
    assert error.field == "extra_args.model.revision"
    assert error.reason == "not a key of the composed config"


@pytest.mark.parametrize(
    ("listed", "extra", "trusted"),
    [
        (f"{HUB_MODEL}", {"model.trust_remote_code": "true", "model.name_or_path": HUB_MODEL}, True),
        (f"other/model, {HUB_MODEL}", {"model.trust_remote_code": "TRUE", "model.name_or_path": HUB_MODEL}, True),
        (f"{HUB_MODEL}", {"model.trust_remote_code": "false", "model.name_or_path": HUB_MODEL}, False),
        (None, {"model.trust_remote_code": "false", "model.name_or_path": HUB_MODEL}, False),
        ("Qwen/Qwen3-0.6B", {"model.trust_remote_code": "true"}, True),
    ],
)
def test_remote_code_is_accepted_for_a_listed_model(tmp_path, monkeypatch, listed, extra, trusted):
    if listed is None:
        monkeypatch.delenv(REMOTE, raising=False)
    else:
        monkeypatch.setenv(REMOTE, listed)
    cfg = load(extra, tmp_path)
    assert cfg.model.trust_remote_code is trusted
    assert options.check_remote_code(cfg.model) is trusted


@pytest.mark.parametrize(
    ("listed", "extra", "reason"),
    [
        (None, {"model.trust_remote_code": "true", "model.name_or_path": HUB_MODEL}, "not allowed for model"),
        ("", {"model.trust_remote_code": "true", "model.name_or_path": HUB_MODEL}, "not allowed for model"),
        ("some-org/some-model-2", {"model.trust_remote_code": "true", "model.name_or_path": HUB_MODEL},
         "not allowed for model"),
        ("some-org", {"model.trust_remote_code": "true", "model.name_or_path": HUB_MODEL}, "not allowed for model"),
        ("SOME-ORG/SOME-MODEL", {"model.trust_remote_code": "true", "model.name_or_path": HUB_MODEL},
         "not allowed for model"),
        (HUB_MODEL, {"model.trust_remote_code": "true"}, "not allowed for model 'Qwen/Qwen3-0.6B'"),
        (HUB_MODEL, {"model.trust_remote_code": "yes", "model.name_or_path": HUB_MODEL}, "must be true or false"),
    ],
)
def test_remote_code_is_refused_unless_the_composed_model_is_listed(tmp_path, monkeypatch, listed, extra, reason):
    if listed is not None:
        monkeypatch.setenv(REMOTE, listed)
    error = refusal(extra, tmp_path)
    assert error.field == "extra_args.model.trust_remote_code"
    assert error.reason.startswith(reason), error.reason


def test_model_loading_rechecks_remote_code_from_the_config(tmp_path, monkeypatch):
    cfg = load({}, tmp_path)
    cfg.model.trust_remote_code = True
    with pytest.raises(RequestError):
        model.load(cfg.model, [], bf16=False)
    monkeypatch.setenv(REMOTE, cfg.model.name_or_path)
    assert options.check_remote_code(cfg.model) is True


@pytest.mark.parametrize(
    ("name", "bf16", "expected"),
    [("auto", True, "bfloat16"), ("auto", False, "float32"), ("float16", False, "float16"),
     ("bfloat16", False, "bfloat16"), ("float32", True, "float32")],
)
def test_dtype_comes_from_a_fixed_mapping(name, bf16, expected):
    assert str(model.resolve_dtype(name, bf16)) == f"torch.{expected}"


@pytest.mark.parametrize("name", ["float64", "Tensor", "_C", "load", "__class__", "", None, 16])
def test_dtype_outside_the_mapping_is_refused(name):
    with pytest.raises(ValueError, match="model.dtype: unsupported"):
        model.resolve_dtype(name, bf16=False)


@pytest.mark.parametrize(
    ("extra", "line"),
    [
        ({"model.trust_remote_code": "true", "model.name_or_path": HUB_MODEL},
         "AINFINITY_ERROR training.extra_args.model.trust_remote_code: not allowed for model 'some-org/some-model'"),
        ({"training.push_to_hub": "true"}, "AINFINITY_ERROR training.extra_args.training.push_to_hub: not an option"),
        ({"training.num_train_epochs": "1_000"},
         "AINFINITY_ERROR training.extra_args.training.num_train_epochs: must be a whole number"),
    ],
)
def test_entry_point_refuses_with_one_line_and_exit_2(tmp_path, extra, line):
    run = run_finetune({"extra_args": extra}, tmp_path, timeout=60)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and run.stderr.startswith(line), run.stderr
    assert run.stdout == ""


def test_allow_list_file_is_well_formed_and_leaves_remote_code_out():
    rules = options.rules()
    assert options.REMOTE_CODE_KEY not in rules
    assert rules["training.seed"] == options.Rule("int", min=0, max=4294967295)
    assert rules["dataset.max_samples"].nullable


@pytest.mark.parametrize(
    "text",
    [
        "a: {type: regex}\n",
        "a: {type: int, step: 2}\n",
        "a: {type: enum}\n",
        "a: {type: enum, values: [1, 2]}\n",
        "a: {type: int, max: ten}\n",
        "- a\n",
    ],
)
def test_malformed_allow_list_is_a_packaging_error(text):
    with pytest.raises(ValueError, match="options.yaml"):
        options.parse_rules(text)
