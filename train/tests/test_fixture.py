"""fixtures/metric_lines.txt is shared with the service's parser: it must hold lines exactly as a
run prints them, each followed by a `#> ` line saying what parse_metric_line makes of it (kind,
step, and its other keys, or null for a line that is not a metric), which the service's own parser
test checks too. AINFINITY_REGEN_FIXTURES=1 rewrites it from a fresh run."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ainfinity_train.metrics import PREFIX, parse_metric_line

FIXTURE = Path(__file__).parent / "fixtures" / "metric_lines.txt"
EXPECT = "#> "
GPU_LINE = PREFIX + json.dumps(
    {
        "kind": "gpu",
        "step": 10,
        "gpus": [
            {"index": 0, "utilization_pct": 97.0, "memory_used_mb": 30512.0, "memory_total_mb": 81559.0,
             "temperature_c": 64.0, "power_w": 612.5},
            {"index": 1, "utilization_pct": 95.0, "memory_used_mb": 30498.0, "memory_total_mb": 81559.0,
             "temperature_c": 61.0, "power_w": 598.25},
        ],
    },
    separators=(",", ":"),
)
# Lines a fresh CPU run cannot print: Transformers 4 printed the Trainer's floats as numbers (still
# not a metric line), and SkyPilot puts a prefix before every line of a node's output.
OLDER_TRAINER_LINE = "{'loss': 6.232, 'grad_norm': 3.378, 'learning_rate': 0.0, 'epoch': 0.11}"
PREFIXED_LINE = (
    "(head, rank=0, pid=4242) "
    + PREFIX
    + '{"kind":"train","step":2,"total_steps":36,"epoch":0.2222222222222222,"loss":6.1,'
    + '"learning_rate":0.0015,"grad_norm":null,"samples_per_second":700.5}'
)
HEADER = """\
# Metric lines as printed by `python -m ainfinity_train.finetune` with config_file=cpu_tiny.
# Lines starting with '#' are comments. Every other line is one stdout line, verbatim: either
# `AINFINITY_METRICS {json}` or a dict the Hugging Face Trainer prints itself, which is not a metric.
# The `#> ` line after each is what a parser must make of it: kind, step and the other keys, sorted,
# or null for a line that is not a metric; the Python and the Java parser tests both check it.
# Regenerate: AINFINITY_REGEN_FIXTURES=1 .venv-train/bin/python -m pytest train/tests/test_fixture.py
"""


def data_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def trainer_dicts(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("{")]


def key_sets(lines: list[str]) -> dict[str, set[frozenset]]:
    sets: dict[str, set[frozenset]] = {}
    for line in lines:
        parsed = parse_metric_line(line)
        if parsed and parsed["kind"] != "gpu":
            sets.setdefault(parsed["kind"], set()).add(frozenset(parsed))
    return sets


def expectation(line: str) -> dict:
    parsed = parse_metric_line(line)
    if parsed is None:
        return None
    return {"kind": parsed["kind"], "step": parsed.get("step"), "keys": sorted(set(parsed) - {"kind", "step"})}


def with_expectation(line: str) -> str:
    return f"{line}\n{EXPECT}{json.dumps(expectation(line), separators=(',', ':'))}"


def expected_pairs(text: str) -> list[tuple[str, dict]]:
    lines = text.splitlines()
    pairs = []
    for at, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            following = lines[at + 1] if at + 1 < len(lines) else ""
            assert following.startswith(EXPECT), f"line {at + 1} lacks its '{EXPECT}' line"
            pairs.append((line, json.loads(following[len(EXPECT) :])))
    return pairs


def pick(stdout: str) -> list[str]:
    """The first train and eval lines and the summary, each with the Trainer's own dict printed after
    it, and the last train line."""
    lines = [line for line in stdout.splitlines() if line.startswith((PREFIX, "{"))]
    chosen: list[str] = []
    for kind in ("train", "eval", "summary"):
        at = next(i for i, line in enumerate(lines) if line.startswith(PREFIX + '{"kind":"' + kind))
        chosen += lines[at : at + 2]
        if kind == "eval":
            chosen.append([line for line in lines if line.startswith(PREFIX + '{"kind":"train"')][-1])
    return chosen


def render(stdout: str) -> str:
    body = "\n".join(with_expectation(line) for line in pick(stdout))
    gpu = "# Hand-written: no GPU where this file is generated; shape as printed on a 2-GPU node.\n"
    older = "# Hand-written: a Transformers 4 dict (floats as numbers) and a line behind SkyPilot's prefix.\n"
    hand = f"{gpu}{with_expectation(GPU_LINE)}\n{older}{with_expectation(OLDER_TRAINER_LINE)}\n"
    return f"{HEADER}{body}\n{hand}{with_expectation(PREFIXED_LINE)}\n"


def test_fixture_matches_a_fresh_run(tiny_run):
    if os.environ.get("AINFINITY_REGEN_FIXTURES") == "1":
        FIXTURE.write_text(render(tiny_run.stdout), encoding="utf-8")
    fixture = data_lines(FIXTURE.read_text(encoding="utf-8"))
    fresh = key_sets(tiny_run.stdout.splitlines())
    expected = key_sets(fixture)
    for kind in ("train", "eval", "summary"):
        assert kind in expected, f"fixture lacks a {kind} line"
        assert expected[kind] == fresh.get(kind), kind
    assert len(trainer_dicts(fixture)) >= 4, "fixture lacks the Trainer's own dicts"


def test_metric_lines_parse_and_the_trainers_dicts_do_not():
    lines = data_lines(FIXTURE.read_text(encoding="utf-8"))
    dicts = trainer_dicts(lines)
    metrics = [parse_metric_line(line) for line in lines if line not in dicts]
    assert all(metrics), [line for line in lines if line not in dicts and parse_metric_line(line) is None]
    assert {m["kind"] for m in metrics} == {"train", "eval", "gpu", "summary"}
    assert [parse_metric_line(line) for line in dicts] == [None] * len(dicts)


def test_every_fixture_line_parses_as_its_expectation_says():
    pairs = expected_pairs(FIXTURE.read_text(encoding="utf-8"))
    assert len(pairs) == len(data_lines(FIXTURE.read_text(encoding="utf-8")))
    for line, expected in pairs:
        assert expectation(line) == expected, line
