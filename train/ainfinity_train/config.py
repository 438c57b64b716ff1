"""Composes the Hydra config for a validated request, including the type-checked extra_args."""

from __future__ import annotations

import math
from pathlib import Path

from hydra import compose, initialize_config_dir
from omegaconf import DictConfig, ListConfig, OmegaConf

from . import options
from . import request as req

PACKAGE_DIR = Path(__file__).resolve().parent
CONF_DIR = PACKAGE_DIR / "conf"
DATA_DIR = PACKAGE_DIR / "data"
_ABSENT = object()


def register_resolvers() -> None:
    # Lets a config name a file shipped inside the package without knowing where it is installed.
    OmegaConf.register_new_resolver("ainfinity_data", lambda name: str(DATA_DIR / name), replace=True)


def load(raw: str | None, cwd: Path) -> tuple[DictConfig, req.TrainingRequest]:
    """Validates the env var text and composes the config; raises RequestError on any bad value."""
    request = req.parse(raw, CONF_DIR, cwd)
    options.check_extra_args(request.extra_args)
    register_resolvers()
    base = _compose(request.config_name, request.overrides)
    extras = extra_overrides(base, request.extra_args, cwd)
    cfg = _compose(request.config_name, request.overrides + extras) if extras else base
    missing = sorted(OmegaConf.missing_keys(cfg))
    if missing:
        # e.g. dataset=local_file chosen by name: its path only comes from a file-path `dataset`.
        raise req.RequestError(missing[0].split(".")[0], f"{missing[0]} has no value")
    cfg.training.output_dir = req.output_dir(cfg.training.output_dir, cwd, "output_dir")
    options.check_remote_code(cfg.model)
    if request.accelerate_config is not None:
        cfg.launch.accelerate_config = request.accelerate_config
    return cfg, request


def _compose(config_name: str, overrides: list[str]) -> DictConfig:
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3", job_name="finetune"):
        return compose(config_name=config_name, overrides=overrides)


def extra_overrides(cfg: DictConfig, extra_args: dict[str, str], cwd: Path) -> list[str]:
    """Turns each extra_args entry into `key=value`, typed by its options.yaml rule (or like the value it
    replaces), so a request can neither add keys, replace whole sections, nor smuggle Hydra grammar
    (sweeps, interpolations). The entries have passed options.check_extra_args."""
    rules = options.rules()
    overrides = []
    for key, text in extra_args.items():
        name = f"extra_args.{key}"
        current = OmegaConf.select(cfg, key, default=_ABSENT, throw_on_missing=False)
        # The training_arguments group holds only what a request sets, so its keys are added, not replaced.
        grouped = key.startswith(options.TRAINING_ARGUMENTS + ".") and _has_group(cfg)
        if current is _ABSENT and not grouped:
            raise req.RequestError(name, "not a key of the composed config")
        if isinstance(current, (DictConfig, ListConfig)):
            raise req.RequestError(name, "names a config section, not a single value")
        rule = rules.get(key)
        if rule is not None and rule.type == "output":
            text = req.output_dir(text, cwd, name)
        value = _typed(name, current, text) if rule is None else _by_rule(name, rule, text)
        if key == "training.learning_rate" and float(value) <= 0:
            raise req.RequestError(name, "must be > 0")
        overrides.append(f"{'++' if grouped else ''}{key}={value}")
    return overrides


def _has_group(cfg: DictConfig) -> bool:
    return isinstance(OmegaConf.select(cfg, options.TRAINING_ARGUMENTS, default=None), DictConfig)


def _by_rule(name: str, rule: options.Rule, text: str) -> str:
    if rule.is_null(text):
        return "null"
    if rule.type == "int":
        return str(int(text))
    if rule.type == "float":
        return repr(float(text))
    if rule.type == "bool":
        return text.lower()
    # enum, output, checkpoint, name, text: a string, whatever it looks like ("true" for training.bf16 too).
    return _quoted(name, text)


def _quoted(name: str, text: str) -> str:
    try:
        return req.quote(text)
    except ValueError as err:
        raise req.RequestError(name, str(err)) from None


def _typed(name: str, current: object, text: str) -> str:
    try:
        if isinstance(current, bool):
            if text.lower() not in ("true", "false"):
                raise ValueError("must be true or false")
            return text.lower()
        if isinstance(current, int):
            return str(int(text))
        if isinstance(current, float):
            return repr(_finite(float(text)))
        if current is None:
            return _guess(text)
        return req.quote(text)
    except ValueError as err:
        reason = str(err) if str(err).startswith("must") else f"must be a {type(current).__name__}"
        raise req.RequestError(name, reason) from None


def _guess(text: str) -> str:
    # The config default is null, so the type is unknown: numbers and booleans keep their type.
    if text.lower() in ("true", "false", "null"):
        return text.lower()
    for parse in (int, float):
        try:
            value = parse(text)
            return repr(_finite(value)) if parse is float else str(value)
        except ValueError:
            continue
    return req.quote(text)


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value
