"""Feature settings: the defaults of spec/features.json, overridden by SCL_<KEY> environment variables.

The spec names a setting by a string key (`egress.tryTimeoutSeconds`); it is read once, here, into one
frozen dataclass per feature, so the features get typed fields and never a string-keyed map.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, TypeVar

from .spec import features_spec

_SPEC: dict[str, dict[str, Any]] = features_spec()["settings"]
SETTING_KEYS: tuple[str, ...] = tuple(_SPEC)
_CAMEL_BOUNDARY = re.compile(r"([a-z0-9])([A-Z])")


class SettingError(ValueError):
    """An SCL_ override that does not parse as its setting's type (spec/errors.json)."""

    code = "SCL_ERR_BAD_SETTING"


def setting_env_name(key: str) -> str:
    """`egress.tryTimeoutSeconds` -> `SCL_EGRESS_TRY_TIMEOUT_SECONDS` (spec/start-contract.md)."""
    return "SCL_" + _CAMEL_BOUNDARY.sub(r"\1_\2", key.replace(".", "_")).upper()


# The number grammar of spec/start-contract.md: what float() also takes (1_000, full-width digits, "inf") is refused.
_DECIMAL = re.compile(r"[ \t]*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t]*")


def parse_setting(key: str, raw: str, source: str | None = None) -> float:
    """Parses and checks one value against its setting's type and minimum."""
    definition = _SPEC[key]
    source = source or setting_env_name(key)
    if _DECIMAL.fullmatch(raw) is None:
        raise SettingError(f'{source}="{raw}" is not a number')
    try:
        value = float(raw)
    except ValueError:
        raise SettingError(f'{source}="{raw}" is not a number') from None
    if not math.isfinite(value):
        raise SettingError(f'{source}="{raw}" is not a finite number')
    if definition["type"] == "integer":
        if not value.is_integer():
            raise SettingError(f'{source}="{raw}" must be an integer')
        value = int(value)
    if value < definition["min"]:
        raise SettingError(f"{source}={raw} is below its minimum {definition['min']}")
    return value


@dataclass(frozen=True, slots=True)
class ConfigSettings:
    wait_seconds: float
    retry_backoff_seconds: float
    file_debounce_seconds: float  # the sidecar's; unused in-process


@dataclass(frozen=True, slots=True)
class RegistrySettings:
    ttl_seconds: float
    heartbeat_interval_seconds: float
    health_check_interval_seconds: float  # the sidecar's three; unused in-process
    health_check_timeout_seconds: float
    health_check_failure_threshold: int


@dataclass(frozen=True, slots=True)
class EgressSettings:
    try_timeout_seconds: float
    max_attempts: int
    backoff_base_seconds: float
    backoff_max_seconds: float
    retry_budget_ratio: float
    retry_budget_min_per_second: float
    retry_budget_window_seconds: float
    circuit_failure_threshold: int
    circuit_open_seconds: float


@dataclass(frozen=True, slots=True)
class LogsSettings:
    batch_max_records: int
    flush_interval_seconds: float
    queue_max_records: int
    export_timeout_seconds: float
    retry_backoff_seconds: float
    retry_backoff_max_seconds: float


@dataclass(frozen=True, slots=True)
class Settings:
    """Every feature's settings. Integer settings hold an int, the others a float: Python keeps the
    distinction TypeScript cannot."""

    config: ConfigSettings
    logs: LogsSettings
    registry: RegistrySettings
    egress: EgressSettings


def load_settings(env: Mapping[str, str] = os.environ) -> Settings:
    """Defaults, then every SCL_ override present in `env`; a bad override raises SettingError."""
    values: dict[str, float] = {key: definition["default"] for key, definition in _SPEC.items()}
    for key in SETTING_KEYS:
        raw = env.get(setting_env_name(key))
        if raw is not None:
            values[key] = parse_setting(key, raw)
    return Settings(
        config=_section(values, "config", ConfigSettings),
        logs=_section(values, "logs", LogsSettings),
        registry=_section(values, "registry", RegistrySettings),
        egress=_section(values, "egress", EgressSettings),
    )


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(word.capitalize() for word in rest)


T = TypeVar("T")


def _section(values: Mapping[str, float], feature: str, cls: type[T]) -> T:
    """Field `try_timeout_seconds` of `cls` reads key `egress.tryTimeoutSeconds`."""
    return cls(**{field.name: values[f"{feature}.{_camel(field.name)}"] for field in fields(cls)})  # type: ignore[arg-type]
