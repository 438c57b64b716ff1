"""Writes a synthetic chat file for bench/gpu_check.sh: no download, same bytes for the same seed.

Each record is one short user turn and one long assistant reply made of template sentences over a
Zipf-distributed lexicon of made-up words. The reply holds more words than `--min-words`, and the
payload's byte-level pre-tokenizer never joins two words into one token, so with `--min-words`
above the run's `max_length` every conversation is truncated to exactly `max_length` tokens:
tokens per second is then samples per second times `max_length`. The lexicon is large enough for
the payload's in-process BPE tokenizer to reach a vocabulary of tens of thousands of tokens.

    python bench/gpu_check_data.py OUT.jsonl [--records 1100] [--min-words 1200] [--seed 7]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from pathlib import Path

ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st", "tr", "gl", "sk", "pl"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "ee"]
CODAS = ["", "", "n", "r", "s", "l", "m", "x", "nd", "rt"]
TEMPLATES = [
    "The {a} {b} {c} the {d} before the {e}.",
    "Every {a} that {b} a {c} also {d} the {e}.",
    "First the {a}, then the {b}, and at last the {c} {d}.",
    "If a {a} {b}, the {c} will {d} with the {e}.",
    "Step {n}: take the {a} and {b} it into the {c}.",
    "A {a} is not a {b}, but every {b} can {c} a {a}.",
]
QUESTIONS = [
    "Explain how the {a} relates to the {b}.",
    "Describe the {a} in detail.",
    "What happens when a {a} meets a {b}?",
    "Give the steps to {a} a {b}.",
]


def lexicon(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        syllables = rng.choice((1, 2, 2, 3, 3, 4))
        words.add("".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)))
    return sorted(words)


def records(count: int, min_words: int, seed: int, lexicon_size: int = 30000):
    rng = random.Random(seed)
    words = lexicon(rng, lexicon_size)
    rng.shuffle(words)
    # Zipf-like weights: a few frequent words and a long tail, as in natural text.
    cumulative = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(words))))

    def fill(template: str, step: int) -> str:
        picks = rng.choices(words, cum_weights=cumulative, k=5)
        return template.format(a=picks[0], b=picks[1], c=picks[2], d=picks[3], e=picks[4], n=step)

    for _ in range(count):
        question = fill(rng.choice(QUESTIONS), 0)
        sentences: list[str] = []
        length = 0
        while length < min_words:
            sentence = fill(rng.choice(TEMPLATES), len(sentences) + 1)
            sentences.append(sentence)
            length += len(sentence.split())
        yield {"messages": [{"role": "user", "content": question}, {"role": "assistant", "content": " ".join(sentences)}]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=1100)
    parser.add_argument("--min-words", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for record in records(args.records, args.min_words, args.seed):
            out.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
