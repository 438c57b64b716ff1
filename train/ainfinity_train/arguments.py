"""Maps the composed `training` section onto Hugging Face TrainingArguments."""

from __future__ import annotations

import importlib.util
import os

import torch
from omegaconf import DictConfig
from transformers import TrainingArguments


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


def build(cfg: DictConfig, has_eval: bool) -> TrainingArguments:
    t = cfg.training
    checkpointing = bool(t.gradient_checkpointing)
    return TrainingArguments(
        output_dir=t.output_dir,
        num_train_epochs=t.num_train_epochs,
        max_steps=t.max_steps,
        per_device_train_batch_size=t.per_device_train_batch_size,
        per_device_eval_batch_size=t.per_device_eval_batch_size,
        gradient_accumulation_steps=t.gradient_accumulation_steps,
        learning_rate=t.learning_rate,
        lr_scheduler_type=t.lr_scheduler_type,
        warmup_steps=t.warmup_steps,
        weight_decay=t.weight_decay,
        max_grad_norm=t.max_grad_norm,
        logging_strategy="steps",
        logging_steps=t.logging_steps,
        # The first step's loss is the baseline a caller compares the rest against.
        logging_first_step=True,
        eval_strategy="steps" if has_eval else "no",
        eval_steps=t.eval_steps,
        save_strategy="steps",
        save_steps=t.save_steps,
        save_total_limit=t.save_total_limit,
        seed=t.seed,
        data_seed=t.seed,
        bf16=resolve_bf16(t.bf16),
        # The config keeps the familiar name; Transformers 5 renamed the argument.
        activation_checkpointing=checkpointing,
        activation_checkpointing_kwargs={"use_reentrant": False} if checkpointing else None,
        report_to=resolve_report_to(t.report_to),
        push_to_hub=bool(t.push_to_hub),
        dataloader_num_workers=t.dataloader_num_workers,
        dataloader_pin_memory=torch.cuda.is_available(),
        # Progress bars are noise in a log stream; without them the Trainer prints each log dict.
        disable_tqdm=True,
    )
