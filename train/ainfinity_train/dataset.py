"""Chat data: load, normalise to {"messages": [...]}, split, and tokenize with assistant-only labels."""

from __future__ import annotations

import json
from pathlib import Path

from datasets import Dataset
from omegaconf import DictConfig

IGNORE_INDEX = -100
ROLES = {"system", "user", "assistant", "tool"}


def load_conversations(spec: DictConfig, seed: int) -> tuple[Dataset, Dataset | None]:
    """Returns (train, eval) datasets with a single `messages` column; eval is None when the
    configured fraction leaves no record for it."""
    raw = _load_raw(spec)
    raw = raw.shuffle(seed=seed)
    if spec.max_samples is not None:
        raw = raw.select(range(min(int(spec.max_samples), len(raw))))
    role_map = dict(spec.role_map or {})
    rows = [_normalise(r.get(spec.messages_field), spec, role_map) for r in raw]
    data = Dataset.from_list([{"messages": m} for m in rows if m])
    if len(data) == 0:
        raise ValueError("dataset: no record has a user turn followed by an assistant turn")
    eval_count = int(len(data) * float(spec.eval_fraction))
    if eval_count < 1:
        return data, None
    split = data.train_test_split(test_size=eval_count, seed=seed, shuffle=False)
    return split["train"], split["test"]


def _load_raw(spec: DictConfig) -> Dataset:
    if spec.path:
        return _load_file(Path(spec.path))
    # Imported here: load_dataset pulls in the hub client, which local runs and tests never need.
    from datasets import load_dataset

    return load_dataset(spec.name, spec.config_name, split=spec.split)


def _load_file(path: Path) -> Dataset:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return Dataset(pq.read_table(path))
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json" and text.lstrip().startswith("["):
        return Dataset.from_list(json.loads(text))
    return Dataset.from_list([json.loads(line) for line in text.splitlines() if line.strip()])


def _normalise(messages: object, spec: DictConfig, role_map: dict) -> list[dict] | None:
    if not isinstance(messages, list):
        return None
    out = []
    for message in messages:
        if not isinstance(message, dict):
            return None
        role = message.get(spec.role_field)
        role = role_map.get(role, role)
        content = message.get(spec.content_field)
        if role not in ROLES or not isinstance(content, str):
            return None
        out.append({"role": role, "content": content})
    has_reply = any(m["role"] == "assistant" for m in out[1:])
    return out if has_reply else None


def tokenize(data: Dataset, tokenizer, max_length: int) -> Dataset:
    """Maps conversations to input_ids/attention_mask/labels and drops those whose assistant
    tokens were all cut off by truncation (they would contribute a 0/0 loss)."""
    encoded = data.map(
        lambda row: encode(row["messages"], tokenizer, max_length),
        remove_columns=data.column_names,
        desc="tokenize",
    )
    return encoded.filter(lambda row: any(label != IGNORE_INDEX for label in row["labels"]))


def encode(messages: list[dict], tokenizer, max_length: int) -> dict:
    text = tokenizer.apply_chat_template(messages, tokenize=False)
    spans = assistant_spans(messages, tokenizer, text)
    enc = tokenizer(
        text,
        add_special_tokens=False,
        truncation=True,
        max_length=max_length,
        return_offsets_mapping=True,
    )
    labels = [
        token if any(lo <= start < hi for lo, hi in spans) else IGNORE_INDEX
        for token, (start, _end) in zip(enc["input_ids"], enc["offset_mapping"])
    ]
    return {"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"], "labels": labels}


def assistant_spans(messages: list[dict], tokenizer, text: str) -> list[tuple[int, int]]:
    """Character spans of `text` that hold assistant replies, each with its end-of-turn marker
    so the model learns to stop. Found by rendering the prompt that precedes each reply, which
    works for any chat template without `{% generation %}` markers (Qwen3's has none)."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for i, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        content = message["content"]
        prompt = _render(tokenizer, messages[:i], add_generation_prompt=True)
        start = len(prompt) if prompt is not None and text.startswith(prompt) else text.find(content, cursor)
        found = text.find(content, max(start, cursor))
        if start < 0 or found < 0:
            continue
        end = found + len(content)
        turn = _render(tokenizer, messages[: i + 1], add_generation_prompt=False) or ""
        marker = turn[turn.rfind(content) + len(content) :].rstrip() if content in turn else ""
        if marker and text.startswith(marker, end):
            end += len(marker)
        spans.append((start, end))
        cursor = end
    return spans


def _render(tokenizer, messages: list[dict], add_generation_prompt: bool) -> str | None:
    if not messages:
        return None
    try:
        return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=add_generation_prompt)
    except Exception:  # noqa: BLE001 - some templates reject partial chats; fall back to searching
        return None
