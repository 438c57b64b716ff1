"""Accepted requests end up, typed, in the composed config and in TrainingArguments."""

from __future__ import annotations

import json

from ainfinity_train import arguments, config


def load(data: dict, cwd):
    cfg, _ = config.load(json.dumps(data), cwd)
    return cfg


def test_named_fields_reach_training_arguments(tmp_path):
    cfg = load(
        {
            "config_file": "cpu_tiny",
            "num_train_epochs": 7,
            "per_device_train_batch_size": 3,
            "learning_rate": 5e-4,
            "max_steps": 11,
            "output_dir": "runs/a",
        },
        tmp_path,
    )
    args = arguments.build(cfg, has_eval=True)

    assert args.num_train_epochs == 7
    assert args.per_device_train_batch_size == 3
    assert args.learning_rate == 5e-4
    assert args.max_steps == 11
    assert args.output_dir == str(tmp_path / "runs" / "a")
    assert args.eval_strategy == "steps"
    assert args.bf16 is False


def test_extra_args_are_typed_like_the_value_they_replace(tmp_path):
    cfg = load(
        {
            "config_file": "cpu_tiny",
            "extra_args": {
                "training.warmup_steps": "5",
                "training.weight_decay": "0.1",
                "training.gradient_checkpointing": "true",
                "training.lr_scheduler_type": "constant",
                "training.seed": "7",
                "dataset.max_samples": "12",
            },
        },
        tmp_path,
    )
    args = arguments.build(cfg, has_eval=False)

    assert args.warmup_steps == 5
    assert args.weight_decay == 0.1
    assert args.activation_checkpointing is True
    assert args.lr_scheduler_type == "constant"
    assert args.eval_strategy == "no"
    assert cfg.training.seed == 7
    assert cfg.dataset.max_samples == 12


def test_string_values_are_taken_literally(tmp_path):
    odd = "run 1, lr=3e-4 [a]{b} 'quoted' back\\slash"
    cfg = load({"output_dir": odd, "extra_args": {"model.revision": odd}}, tmp_path)
    assert cfg.training.output_dir == str(tmp_path / odd)
    assert cfg.model.revision == odd


def test_dataset_may_be_a_local_file(tmp_path):
    data = tmp_path / "chats.jsonl"
    data.write_text("{}\n")
    cfg = load({"dataset": "chats.jsonl"}, tmp_path)
    assert cfg.dataset.path == str(data)
    assert cfg.dataset.messages_field == "messages"


def test_group_choices_and_accelerate_config(tmp_path):
    cfg = load({"model": "tiny_random", "dataset": "tiny_chat", "accelerate_config": "train/accelerate/ds2_config.yaml"}, tmp_path)
    assert cfg.model.kind == "tiny_random"
    assert cfg.dataset.path.endswith("ainfinity_train/data/tiny_chat.jsonl")
    assert cfg.launch.accelerate_config == "train/accelerate/ds2_config.yaml"


def test_default_config_targets_qwen3_on_an_orca_dataset(tmp_path):
    cfg = load({}, tmp_path)
    assert cfg.model.name_or_path == "Qwen/Qwen3-0.6B"
    assert cfg.dataset.name and cfg.dataset.role_map["gpt"] == "assistant"
    assert cfg.training.output_dir == str(tmp_path / "outputs" / "finetune")
    assert cfg.training.push_to_hub is False


def test_report_to_follows_wandb_key(monkeypatch):
    monkeypatch.delenv("WANDB_API_KEY", raising=False)
    assert arguments.resolve_report_to("auto") == "none"
    assert arguments.resolve_report_to("tensorboard") == "tensorboard"
