"""Builds the model and tokenizer a config names: a pretrained checkpoint or the in-process tiny one."""

from __future__ import annotations

from collections.abc import Iterable

import torch
from omegaconf import DictConfig

from . import options, tiny

# The only dtypes a config may name (options.yaml lists the same); anything else is refused, never looked up on torch.
DTYPES = {"bfloat16": torch.bfloat16, "float16": torch.float16, "float32": torch.float32}


def resolve_dtype(name: object, bf16: bool) -> torch.dtype:
    if name == "auto":
        return torch.bfloat16 if bf16 else torch.float32
    if not isinstance(name, str) or name not in DTYPES:
        raise ValueError(f"model.dtype: unsupported '{name}' (supported: auto, {', '.join(DTYPES)})")
    return DTYPES[name]


def load(spec: DictConfig, texts: Iterable[str], bf16: bool):
    """`texts` only feeds the tiny tokenizer's training; pretrained models ignore it."""
    if spec.kind == "tiny_random":
        tokenizer = tiny.build_tokenizer(texts, spec.vocab_size)
        return tiny.build_model(spec, tokenizer), tokenizer
    if spec.kind != "pretrained":
        raise ValueError(f"model.kind: unsupported '{spec.kind}' (supported: pretrained, tiny_random)")
    from transformers import AutoModelForCausalLM, AutoTokenizer

    # Checked again here, against the same operator list, so that no path into this function can turn
    # remote code on for a model that was not listed.
    trust = options.check_remote_code(spec)
    tokenizer = AutoTokenizer.from_pretrained(spec.name_or_path, revision=spec.revision, trust_remote_code=trust)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(
        spec.name_or_path,
        revision=spec.revision,
        dtype=resolve_dtype(spec.dtype, bf16),
        attn_implementation=spec.attn_implementation,
        trust_remote_code=trust,
    )
    return model, tokenizer
