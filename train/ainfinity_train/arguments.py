"""Maps the composed `training` section, then the `training_arguments` group, onto Hugging Face TrainingArguments."""

from __future__ import annotations

import importlib.util
import os

import torch
from omegaconf import DictConfig, OmegaConf
from transformers import TrainingArguments

from .options import TRAINING_ARGUMENTS
from .request import RequestError


def resolve_bf16(value) -> bool:
    text = str(value).lower()
    if text == "auto":
        return torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    if text in ("true", "false"):
        return text == "true"
    raise ValueError(f"training.bf16: must be auto, true or false, not '{value}'")


def resolve_report_to(value) -> str:
    if str(value) != "auto":
        return str(value)
    wandb_ready = os.environ.get("WANDB_API_KEY") and importlib.util.find_spec("wandb") is not None
    return "wandb" if wandb_ready else "none"


def group(cfg: DictConfig) -> dict:
    """The `training_arguments` values a request set, by TrainingArguments field name."""
    section = cfg.get(TRAINING_ARGUMENTS)
    return {} if section is None else OmegaConf.to_container(section, resolve=True)


def seed(cfg: DictConfig) -> int:
    """The seed of the whole run (data split, model init, training): the group's when it sets one."""
    return group(cfg).get("seed", cfg.training.seed)


def build(cfg: DictConfig, has_eval: bool) -> TrainingArguments:
    values = {**_from_training(cfg.training, has_eval), **_from_group(group(cfg), has_eval)}
    try:
        return TrainingArguments(**values)
    except ValueError as err:
        # A combination no single rule can refuse (fp16 with bf16, bf16 on a machine without it, ...).
        raise RequestError("extra_args", f"TrainingArguments refuses these settings: {err}") from None


def _from_training(t: DictConfig, has_eval: bool) -> dict:
    return {
        "output_dir": t.output_dir,
        "num_train_epochs": t.num_train_epochs,
        "max_steps": t.max_steps,
        "per_device_train_batch_size": t.per_device_train_batch_size,
        "per_device_eval_batch_size": t.per_device_eval_batch_size,
        "gradient_accumulation_steps": t.gradient_accumulation_steps,
        "learning_rate": t.learning_rate,
        "lr_scheduler_type": t.lr_scheduler_type,
        "warmup_steps": t.warmup_steps,
        "weight_decay": t.weight_decay,
        "max_grad_norm": t.max_grad_norm,
        "logging_strategy": "steps",
        "logging_steps": t.logging_steps,
        # The first step's loss is the baseline a caller compares the rest against.
        "logging_first_step": True,
        "eval_strategy": "steps" if has_eval else "no",
        "eval_steps": t.eval_steps,
        "save_strategy": "steps",
        "save_steps": t.save_steps,
        "save_total_limit": t.save_total_limit,
        "seed": t.seed,
        "data_seed": t.seed,
        "bf16": resolve_bf16(t.bf16),
        **_checkpointing(bool(t.gradient_checkpointing)),
        "report_to": resolve_report_to(t.report_to),
        "push_to_hub": bool(t.push_to_hub),
        "dataloader_num_workers": t.dataloader_num_workers,
        "dataloader_pin_memory": torch.cuda.is_available(),
        # Progress bars are noise in a log stream; without them the Trainer prints each log dict.
        "disable_tqdm": True,
        "resume_from_checkpoint": t.resume_from_checkpoint,
    }


def _from_group(values: dict, has_eval: bool) -> dict:
    out = dict(values)
    if "bf16" in out:
        out["bf16"] = resolve_bf16(out["bf16"])
    elif out.get("fp16") is True:
        # fp16 asked for by name replaces training.bf16, whose auto would turn bf16 on beside it on most GPUs.
        out["bf16"] = False
    if "report_to" in out:
        out["report_to"] = resolve_report_to(out["report_to"])
    legacy = out.pop("gradient_checkpointing", None)
    current = out.pop("activation_checkpointing", None)
    if current is not None or legacy is not None:
        # The new name wins over its deprecated alias, as TrainingArguments itself has it.
        out.update(_checkpointing(current if current is not None else legacy))
    if "seed" in out and "data_seed" not in out:
        out["data_seed"] = out["seed"]
    if not has_eval:
        # Without an evaluation split there is nothing to evaluate, whatever the strategy.
        out.pop("eval_strategy", None)
    return out


def _checkpointing(on: bool) -> dict:
    # The config keeps the familiar name; Transformers 5 renamed the argument.
    return {
        "activation_checkpointing": on,
        "activation_checkpointing_kwargs": {"use_reentrant": False} if on else None,
    }
