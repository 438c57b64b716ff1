"""The AINFINITY_TRAINING contract: one JSON object in, a list of Hydra overrides out.

Only the standard library is imported here, so that a bad request is rejected before torch loads
and the single AINFINITY_ERROR line is the only thing written to stderr.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

ENV_VAR = "AINFINITY_TRAINING"
DEFAULT_CONFIG = "finetuning"
DATA_SUFFIXES = (".jsonl", ".json", ".parquet")
KEY_PATTERN = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_.]*$")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")

FIELDS = (
    "config_file",
    "dataset",
    "model",
    "num_train_epochs",
    "per_device_train_batch_size",
    "learning_rate",
    "output_dir",
    "accelerate_config",
    "extra_args",
    "max_steps",
)


class RequestError(ValueError):
    """A request the payload refuses; `field` is the dotted name the caller sent."""

    def __init__(self, field_name: str, reason: str):
        super().__init__(f"{field_name}: {reason}")
        self.field = field_name
        self.reason = reason

    def line(self) -> str:
        # One line, whatever the reason text holds, because callers read stderr line by line.
        name = f"training.{self.field}" if self.field else "training"
        return " ".join(f"AINFINITY_ERROR {name}: {self.reason}".split())


@dataclass
class TrainingRequest:
    """A validated request. `overrides` are Hydra override strings; `extra_args` are checked later
    against the composed config because only then is it known which keys exist."""

    config_name: str = DEFAULT_CONFIG
    overrides: list[str] = field(default_factory=list)
    extra_args: dict[str, str] = field(default_factory=dict)
    accelerate_config: str | None = None


def quote(value: str) -> str:
    """Quotes a string for Hydra's override grammar so commas, brackets, spaces and '=' stay literal."""
    if "${" in value:
        # Interpolations would let a request read other config values or environment variables.
        raise ValueError("must not contain '${'")
    # Hydra reads a backslash literally unless a run of them precedes a quote (the closing one
    # included): such runs are doubled, and each quote is escaped.
    escaped = re.sub(r"(\\*)('|\Z)", lambda m: m.group(1) * 2 + ("\\'" if m.group(2) else ""), value)
    return "'" + escaped + "'"


def has_parent_segment(path: str) -> bool:
    return ".." in re.split(r"[\\/]", path)


def parse(raw: str | None, conf_dir: Path, cwd: Path) -> TrainingRequest:
    """Validates the env var's text. `conf_dir` lists the config names that exist; `cwd` anchors
    relative paths so that every later process sees the same absolute path."""
    if raw is None or not raw.strip():
        return TrainingRequest()
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise RequestError("", f"not valid JSON ({err.msg} at char {err.pos})") from None
    if not isinstance(data, dict):
        raise RequestError("", "must be a JSON object")
    for key in data:
        if key not in FIELDS:
            raise RequestError(str(key), f"unknown field (allowed: {', '.join(FIELDS)})")
    request = TrainingRequest()
    values = {k: v for k, v in data.items() if v is not None}

    if "config_file" in values:
        request.config_name = _config_name(values["config_file"], conf_dir)
    if "model" in values:
        request.overrides.append("model=" + _group_choice("model", values["model"], conf_dir))
    if "dataset" in values:
        request.overrides.extend(_dataset(values["dataset"], conf_dir, cwd))
    for name in ("num_train_epochs", "per_device_train_batch_size"):
        if name in values:
            request.overrides.append(f"training.{name}={_int_at_least(name, values[name], 1)}")
    if "max_steps" in values:
        steps = _int(values["max_steps"], "max_steps")
        if steps != -1 and steps < 1:
            raise RequestError("max_steps", "must be >= 1, or -1 for no limit")
        request.overrides.append(f"training.max_steps={steps}")
    if "learning_rate" in values:
        request.overrides.append(f"training.learning_rate={_learning_rate(values['learning_rate'])!r}")
    if "output_dir" in values:
        request.overrides.append("training.output_dir=" + _quoted("output_dir", output_dir(values["output_dir"], cwd)))
    if "accelerate_config" in values:
        if not isinstance(values["accelerate_config"], str):
            raise RequestError("accelerate_config", "must be a string")
        request.accelerate_config = values["accelerate_config"]
    if "extra_args" in values:
        request.extra_args = _extra_args(values["extra_args"])
    return request


def output_dir(value: object, cwd: Path, field_name: str = "output_dir") -> str:
    if not isinstance(value, str) or not value.strip():
        raise RequestError(field_name, "must be a non-empty string")
    if has_parent_segment(value):
        raise RequestError(field_name, "must not contain '..' segments")
    path = Path(value)
    return str(path if path.is_absolute() else cwd / path)


def _config_name(value: object, conf_dir: Path) -> str:
    if not isinstance(value, str) or not NAME_PATTERN.match(value):
        raise RequestError("config_file", "must be a config name such as 'finetuning'")
    if not (conf_dir / f"{value}.yaml").is_file():
        raise RequestError("config_file", f"unknown config '{value}' (known: {', '.join(_names(conf_dir))})")
    return value


def _group_choice(group: str, value: object, conf_dir: Path) -> str:
    if not isinstance(value, str) or not NAME_PATTERN.match(value):
        raise RequestError(group, f"must be a {group} config name")
    if not (conf_dir / group / f"{value}.yaml").is_file():
        known = ", ".join(_names(conf_dir / group))
        raise RequestError(group, f"unknown {group} config '{value}' (known: {known})")
    return value


def _dataset(value: object, conf_dir: Path, cwd: Path) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        raise RequestError("dataset", "must be a dataset config name or a .jsonl/.parquet path")
    if not value.lower().endswith(DATA_SUFFIXES):
        return ["dataset=" + _group_choice("dataset", value, conf_dir)]
    path = Path(value) if Path(value).is_absolute() else cwd / value
    if not path.is_file():
        raise RequestError("dataset", f"file not found: {path}")
    return ["dataset=local_file", "dataset.path=" + _quoted("dataset", str(path))]


def _extra_args(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        raise RequestError("extra_args", "must be an object of string to string")
    for key, item in value.items():
        if not KEY_PATTERN.match(key):
            raise RequestError(f"extra_args.{key}", "key must match ^[a-zA-Z_][a-zA-Z0-9_.]*$")
        if not isinstance(item, str):
            raise RequestError(f"extra_args.{key}", "value must be a string")
    return dict(value)


def _int(value: object, name: str) -> int:
    # bool is an int in Python; JSON true must not pass as 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise RequestError(name, "must be an integer")
    return value


def _int_at_least(name: str, value: object, minimum: int) -> int:
    number = _int(value, name)
    if number < minimum:
        raise RequestError(name, f"must be >= {minimum}")
    return number


def _learning_rate(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise RequestError("learning_rate", "must be a finite number")
    if value <= 0:
        raise RequestError("learning_rate", "must be > 0")
    return float(value)


def _quoted(name: str, value: str) -> str:
    try:
        return quote(value)
    except ValueError as err:
        raise RequestError(name, str(err)) from None


def _names(directory: Path) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.yaml"))
