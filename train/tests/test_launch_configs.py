"""The accelerate and DeepSpeed configs the GPU tasks launch with parse and agree with each other."""

from __future__ import annotations

import json
from pathlib import Path

from accelerate.commands.config.config_args import load_config_from_file

TRAIN_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = TRAIN_DIR.parent


def test_deepspeed_zero2_config_is_stage_2_with_trainer_filled_batch_sizes():
    config = json.loads((TRAIN_DIR / "deepspeed" / "zero2.json").read_text())
    assert config["zero_optimization"]["stage"] == 2
    assert config["train_micro_batch_size_per_gpu"] == "auto"
    assert config["bf16"]["enabled"] == "auto"


def test_ds2_accelerate_config_points_at_the_zero2_file_from_the_repo_root():
    config = load_config_from_file(str(TRAIN_DIR / "accelerate" / "ds2_config.yaml"))
    assert config.distributed_type == "DEEPSPEED"
    assert (REPO_ROOT / config.deepspeed_config["deepspeed_config_file"]).is_file()


def test_fsdp_accelerate_config_uses_fsdp2_without_double_checkpointing():
    config = load_config_from_file(str(TRAIN_DIR / "accelerate" / "fsdp_config.yaml"))
    assert config.distributed_type == "FSDP"
    assert config.fsdp_config["fsdp_version"] == 2
    assert config.fsdp_config["fsdp_activation_checkpointing"] is False
