"""Loading, splitting and assistant-only labels."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from omegaconf import OmegaConf

from ainfinity_train import dataset, tiny
from ainfinity_train.dataset import IGNORE_INDEX

CHAT = [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": "Name a colour."},
    {"role": "assistant", "content": "Blue."},
    {"role": "user", "content": "Another one?"},
    {"role": "assistant", "content": "Green, of course."},
]
# Mimics Qwen3's template: the reply after the last user turn gets an empty think block, which a
# prompt rendered with add_generation_prompt does not contain.
THINKING_TEMPLATE = (
    r"{% set ns = namespace(last=0) %}"
    r"{% for m in messages %}{% if m['role'] == 'user' %}{% set ns.last = loop.index0 %}{% endif %}{% endfor %}"
    r"{% for m in messages %}<|im_start|>{{ m['role'] }}{{ '\n' }}"
    r"{% if m['role'] == 'assistant' and loop.index0 > ns.last %}<think>{{ '\n\n' }}</think>{{ '\n\n' }}{% endif %}"
    r"{{ m['content'] }}<|im_end|>{{ '\n' }}{% endfor %}"
    r"{% if add_generation_prompt %}<|im_start|>assistant{{ '\n' }}{% endif %}"
)


@pytest.fixture(scope="module")
def tokenizer():
    return tiny.build_tokenizer([m["content"] for m in CHAT] * 3, vocab_size=300)


def supervised_text(tokenizer, encoded) -> str:
    return tokenizer.decode([t for t, label in zip(encoded["input_ids"], encoded["labels"]) if label != IGNORE_INDEX])


def test_only_assistant_replies_and_their_end_marker_are_labelled(tokenizer):
    encoded = dataset.encode(CHAT, tokenizer, max_length=512)

    assert supervised_text(tokenizer, encoded) == "Blue.<|im_end|>Green, of course.<|im_end|>"
    masked = [t for t, label in zip(encoded["input_ids"], encoded["labels"]) if label == IGNORE_INDEX]
    assert "Name a colour." in tokenizer.decode(masked) and "Be brief." in tokenizer.decode(masked)
    assert all(label in (IGNORE_INDEX, t) for t, label in zip(encoded["input_ids"], encoded["labels"]))


def test_masking_follows_templates_that_change_the_last_reply(tokenizer):
    tokenizer = tiny.build_tokenizer([m["content"] for m in CHAT], vocab_size=300)
    tokenizer.chat_template = THINKING_TEMPLATE
    encoded = dataset.encode(CHAT, tokenizer, max_length=512)

    assert supervised_text(tokenizer, encoded) == "Blue.<|im_end|><think>\n\n</think>\n\nGreen, of course.<|im_end|>"


def test_truncation_caps_length_and_fully_masked_rows_are_dropped(tokenizer):
    from datasets import Dataset

    data = Dataset.from_list([{"messages": CHAT}])
    assert len(dataset.encode(CHAT, tokenizer, max_length=8)["input_ids"]) == 8
    assert len(dataset.tokenize(data, tokenizer, max_length=8)) == 0
    assert len(dataset.tokenize(data, tokenizer, max_length=512)) == 1


def spec(path, **extra):
    base = {
        "name": None, "config_name": None, "path": str(path), "split": "train",
        "messages_field": "messages", "role_field": "role", "content_field": "content",
        "role_map": {}, "eval_fraction": 0.25, "max_samples": None,
    }
    return OmegaConf.create({**base, **extra})


def test_jsonl_is_split_shuffled_with_the_seed_and_capped(tmp_path):
    path = tmp_path / "chats.jsonl"
    rows = [{"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}]}
            for i in range(20)]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")

    train, evals = dataset.load_conversations(spec(path), seed=1)
    again, _ = dataset.load_conversations(spec(path), seed=1)
    capped, none = dataset.load_conversations(spec(path, max_samples=3, eval_fraction=0.1), seed=1)

    assert (len(train), len(evals)) == (15, 5)
    assert train["messages"] == again["messages"]
    assert [m[0]["content"] for m in train["messages"]] != [f"q{i}" for i in range(15)]
    assert len(capped) == 3 and none is None


def test_parquet_in_sharegpt_layout_is_mapped_to_roles(tmp_path):
    path = tmp_path / "orca.parquet"
    convo = [{"from": "system", "value": "s"}, {"from": "human", "value": "hi"}, {"from": "gpt", "value": "yo"}]
    pq.write_table(pa.Table.from_pylist([{"conversations": convo}] * 4 + [{"conversations": convo[:2]}]), path)
    orca = spec(path, messages_field="conversations", role_field="from", content_field="value",
                role_map={"system": "system", "human": "user", "gpt": "assistant"}, eval_fraction=0.0)

    train, evals = dataset.load_conversations(orca, seed=0)

    assert evals is None
    assert len(train) == 4, "the record without an assistant reply is dropped"
    assert train[0]["messages"][2] == {"role": "assistant", "content": "yo"}
