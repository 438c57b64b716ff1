"""The `training.extra_args` allow-list (options.yaml) and the gate on remote model code.

The service applies the same file at launch; the payload applies it again when it starts, so a task
launched by any other route (or a service with an older file) cannot set an unlisted key either.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from .request import RequestError

OPTIONS_FILE = Path(__file__).resolve().parent / "options.yaml"
REMOTE_CODE_KEY = "model.trust_remote_code"
REMOTE_CODE_ENV = "AINFINITY_REMOTE_CODE_MODELS"
# The group of Hugging Face TrainingArguments set by their own names (`training_arguments.<field>`).
TRAINING_ARGUMENTS = "training_arguments"
TYPES = ("int", "float", "bool", "enum", "output", "checkpoint", "name", "text")
MAX_TEXT = 256

INT = re.compile(r"-?[0-9]+")
FLOAT = re.compile(r"-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]{1,3})?")
SEGMENT = r"[A-Za-z0-9_-][A-Za-z0-9._-]*"
OUTPUT = re.compile(rf"outputs(/{SEGMENT})*")
NAME = re.compile(rf"{SEGMENT}(/{SEGMENT})*")
# C0, DEL, C1 and the two Unicode line separators: none may reach a log line or a config value.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SEGMENTS = "segments of letters, digits, '.', '_' or '-', not starting with '.'"


@dataclass(frozen=True)
class Rule:
    type: str
    min: Decimal | None = None
    max: Decimal | None = None
    gt: Decimal | None = None
    values: tuple[str, ...] = ()
    nullable: bool = False

    def check(self, value: str) -> str | None:
        """What is wrong with `value`, or None when it is accepted."""
        if self.type == "int":
            if self.nullable and value == "null":
                return None
            return self._number(value, INT, "a whole number")
        if self.type == "float":
            return self._number(value, FLOAT, "a decimal number")
        if self.type == "bool":
            return None if value.lower() in ("true", "false") else "must be true or false"
        if self.type == "enum":
            return None if value in self.values else "must be one of " + ", ".join(self.values)
        if self.type == "output":
            return None if OUTPUT.fullmatch(value) else f"must be outputs or a relative path under it ({SEGMENTS})"
        if self.type == "checkpoint":
            if value in ("auto", "null") or OUTPUT.fullmatch(value):
                return None
            return f"must be auto, null, or outputs or a relative path under it ({SEGMENTS})"
        if self.type == "name":
            return None if NAME.fullmatch(value) else f"must be a hub id (org/name) or a relative path ({SEGMENTS})"
        return _text(value)

    def is_null(self, value: str) -> bool:
        return value == "null" and (self.nullable or self.type == "checkpoint")

    def _number(self, value: str, shape: re.Pattern, what: str) -> str | None:
        if not shape.fullmatch(value):
            return f"must be {what}"
        number = Decimal(value)
        if self.type == "float" and not math.isfinite(float(value)):
            return "must be a finite number"
        if self.gt is not None and number <= self.gt:
            return f"must be greater than {self.gt}"
        if self.min is not None and number < self.min:
            return f"must be at least {self.min}"
        if self.max is not None and number > self.max:
            return f"must be at most {self.max}"
        return None


def _text(value: str) -> str | None:
    # Counted in UTF-16 units, as the service counts them, so both draw the line at the same place.
    if not value or len(value.encode("utf-16-le")) // 2 > MAX_TEXT:
        return f"must be 1-{MAX_TEXT} characters"
    if CONTROL.search(value) or "${" in value:
        return "must not contain control characters or '${'"
    return None


def parse_rules(text: str) -> dict[str, Rule]:
    """Reads options.yaml; a malformed file is a packaging error, so it raises ValueError."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError("options.yaml: must be a mapping of config keys to rules")
    rules = {}
    for key, spec in data.items():
        if not isinstance(key, str) or not isinstance(spec, dict) or spec.get("type") not in TYPES:
            raise ValueError(f"options.yaml: {key}: needs a type, one of {', '.join(TYPES)}")
        unknown = set(spec) - {"type", "min", "max", "gt", "values", "nullable"}
        if unknown:
            raise ValueError(f"options.yaml: {key}: unknown attributes {sorted(unknown)}")
        values = spec.get("values", [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"options.yaml: {key}: values must be a list of strings")
        if spec["type"] == "enum" and not values:
            raise ValueError(f"options.yaml: {key}: an enum needs values")
        rules[key] = Rule(
            type=spec["type"],
            min=_bound(key, spec.get("min")),
            max=_bound(key, spec.get("max")),
            gt=_bound(key, spec.get("gt")),
            values=tuple(values),
            nullable=spec.get("nullable", False) is True,
        )
    return rules


def _bound(key: str, value: object) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"options.yaml: {key}: bounds must be numbers")
    return Decimal(str(value))


@lru_cache(maxsize=1)
def rules() -> dict[str, Rule]:
    return parse_rules(OPTIONS_FILE.read_text(encoding="utf-8"))


def check_extra_args(extra_args: dict[str, str]) -> None:
    """Refuses a key the allow-list does not name, or a value its rule does not take."""
    allowed = rules()
    for key, value in extra_args.items():
        name = f"extra_args.{key}"
        if key == REMOTE_CODE_KEY:
            # Allowed per model, once the config is composed: see check_remote_code.
            if value.lower() not in ("true", "false"):
                raise RequestError(name, "must be true or false")
            continue
        rule = allowed.get(key)
        if rule is None:
            what = "a TrainingArguments field" if key.startswith(TRAINING_ARGUMENTS + ".") else "an option"
            raise RequestError(name, f"not {what} a launch may set (see ainfinity_train/options.yaml)")
        reason = rule.check(value)
        if reason:
            raise RequestError(name, reason)


def remote_code_models(environ: dict[str, str] | None = None) -> set[str]:
    text = (os.environ if environ is None else environ).get(REMOTE_CODE_ENV, "")
    return {name.strip() for name in text.split(",") if name.strip()}


def check_remote_code(model: object, environ: dict[str, str] | None = None) -> bool:
    """The trust_remote_code value to load `model` with. Remote code runs only for a model the operator
    listed in AINFINITY_REMOTE_CODE_MODELS, by its exact name; anything else is refused, whether the
    request or a config file asked for it. Asking for false is always fine, as the service also holds."""
    trust = getattr(model, "trust_remote_code", False) if model is not None else False
    name = getattr(model, "name_or_path", None) if model is not None else None
    if trust is False:
        return False
    field = f"extra_args.{REMOTE_CODE_KEY}"
    if not isinstance(trust, bool):
        raise RequestError(field, "must be true or false")
    if not isinstance(name, str) or name not in remote_code_models(environ):
        raise RequestError(field, f"not allowed for model '{name}': the operator has not listed it for remote code")
    return trust
