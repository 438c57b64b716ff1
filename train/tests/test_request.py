"""The AINFINITY_TRAINING contract: what is accepted, and the one-line errors for what is not."""

from __future__ import annotations

import json

import pytest

from ainfinity_train import config
from ainfinity_train.request import RequestError, parse
from conftest import run_finetune


@pytest.mark.parametrize(
    ("request_json", "reason"),
    [
        ({"epochs": 3}, "AINFINITY_ERROR training.epochs: unknown field"),
        ({"learning_rate": 0}, "AINFINITY_ERROR training.learning_rate: must be > 0"),
        ({"learning_rate": -1e-5}, "AINFINITY_ERROR training.learning_rate: must be > 0"),
        ({"extra_args": {"training.no_such_knob": "1"}},
         "AINFINITY_ERROR training.extra_args.training.no_such_knob: not an option a launch may set"),
        ({"output_dir": "runs/../../etc"}, "AINFINITY_ERROR training.output_dir: must not contain '..' segments"),
        ({"num_train_epochs": 0}, "AINFINITY_ERROR training.num_train_epochs: must be >= 1"),
        ({"config_file": "nope"}, "AINFINITY_ERROR training.config_file: unknown config 'nope'"),
        ("not json", "AINFINITY_ERROR training: not valid JSON"),
        ("[1]", "AINFINITY_ERROR training: must be a JSON object"),
    ],
)
def test_bad_request_exits_2_with_one_error_line(tmp_path, request_json, reason):
    run = run_finetune(request_json, tmp_path, timeout=60)

    assert run.returncode == 2
    assert run.stderr.endswith("\n") and run.stderr.count("\n") == 1, run.stderr
    assert run.stderr.startswith(reason), run.stderr
    assert run.stdout == ""
    assert not any(tmp_path.iterdir())


def error_for(data: dict, tmp_path) -> RequestError:
    with pytest.raises(RequestError) as caught:
        config.load(json.dumps(data), tmp_path)
    return caught.value


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        ({"num_train_epochs": True}, "num_train_epochs", "must be an integer"),
        ({"num_train_epochs": 1.5}, "num_train_epochs", "must be an integer"),
        ({"per_device_train_batch_size": 0}, "per_device_train_batch_size", "must be >= 1"),
        ({"learning_rate": "1e-4"}, "learning_rate", "must be a finite number"),
        ({"max_steps": 0}, "max_steps", "must be >= 1, or -1 for no limit"),
        ({"output_dir": ""}, "output_dir", "must be a non-empty string"),
        ({"output_dir": "a/${oc.env:HOME}"}, "output_dir", "must not contain '${'"),
        ({"model": "../qwen3"}, "model", "must be a model config name"),
        ({"dataset": "missing.jsonl"}, "dataset", "file not found"),
        ({"dataset": "no_such_set"}, "dataset", "unknown dataset config 'no_such_set'"),
        ({"dataset": "local_file"}, "dataset", "dataset.path has no value"),
        ({"accelerate_config": 3}, "accelerate_config", "must be a string"),
        ({"extra_args": ["a=b"]}, "extra_args", "must be an object of string to string"),
        ({"extra_args": {"a b": "1"}}, "extra_args.a b", "key must match"),
        ({"extra_args": {"training.seed": 1}}, "extra_args.training.seed", "value must be a string"),
        ({"extra_args": {"training": "x"}}, "extra_args.training", "not an option a launch may set"),
        ({"extra_args": {"training.seed": "abc"}}, "extra_args.training.seed", "must be a whole number"),
        ({"extra_args": {"training.push_to_hub": "yes"}}, "extra_args.training.push_to_hub", "not an option"),
        ({"extra_args": {"training.learning_rate": "0"}}, "extra_args.training.learning_rate", "must be greater than 0"),
        ({"extra_args": {"training.output_dir": "../x"}}, "extra_args.training.output_dir", "must be outputs or a"),
    ],
)
def test_rejects_bad_values_naming_the_field(tmp_path, data, field, reason):
    error = error_for(data, tmp_path)
    assert error.field == field
    assert error.reason.startswith(reason)


def test_missing_or_empty_env_var_means_defaults(tmp_path):
    for raw in (None, "", "  "):
        request = parse(raw, config.CONF_DIR, tmp_path)
        assert request.config_name == "finetuning" and request.overrides == [] and request.extra_args == {}


def test_null_values_keep_config_defaults(tmp_path):
    cfg, _ = config.load(json.dumps({"learning_rate": None, "num_train_epochs": None}), tmp_path)
    assert cfg.training.learning_rate == 2.0e-05
    assert cfg.training.num_train_epochs == 1


def test_error_line_stays_on_one_line():
    line = RequestError("dataset", "file not found: /tmp/a\nb").line()
    assert "\n" not in line and line.startswith("AINFINITY_ERROR training.dataset: ")
