"""Builds the model and tokenizer a config names: a pretrained checkpoint or the in-process tiny one."""

from __future__ import annotations

from collections.abc import Iterable

import torch
from omegaconf import DictConfig

from . import tiny


def load(spec: DictConfig, texts: Iterable[str], bf16: bool):
    """`texts` only feeds the tiny tokenizer's training; pretrained models ignore it."""
    if spec.kind == "tiny_random":
        tokenizer = tiny.build_tokenizer(texts, spec.vocab_size)
        return tiny.build_model(spec, tokenizer), tokenizer
    if spec.kind != "pretrained":
        raise ValueError(f"model.kind: unsupported '{spec.kind}' (supported: pretrained, tiny_random)")
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(
        spec.name_or_path, revision=spec.revision, trust_remote_code=spec.trust_remote_code
    )
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    dtype = spec.dtype
    if dtype == "auto":
        dtype = torch.bfloat16 if bf16 else torch.float32
    elif isinstance(dtype, str):
        dtype = getattr(torch, dtype)
    model = AutoModelForCausalLM.from_pretrained(
        spec.name_or_path,
        revision=spec.revision,
        dtype=dtype,
        attn_implementation=spec.attn_implementation,
        trust_remote_code=spec.trust_remote_code,
    )
    return model, tokenizer
