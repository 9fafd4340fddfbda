"""Feature settings: the defaults of spec/features.json, overridden by SCL_<KEY> environment variables."""
from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import fields
from types import MappingProxyType
from typing import Any, TypeVar

from .spec import features_spec

# Integer settings hold an int, the others a float: Python keeps the distinction TypeScript cannot.
Settings = Mapping[str, float]

_SPEC: dict[str, dict[str, Any]] = features_spec()["settings"]
SETTING_KEYS: tuple[str, ...] = tuple(_SPEC)
_CAMEL_BOUNDARY = re.compile(r"([a-z0-9])([A-Z])")


class SettingError(ValueError):
    """An SCL_ override that does not parse as its setting's type (spec/errors.json)."""

    code = "SCL_ERR_BAD_SETTING"


def setting_env_name(key: str) -> str:
    """`egress.tryTimeoutSeconds` -> `SCL_EGRESS_TRY_TIMEOUT_SECONDS` (spec/start-contract.md)."""
    return "SCL_" + _CAMEL_BOUNDARY.sub(r"\1_\2", key.replace(".", "_")).upper()


# The one number grammar of spec/start-contract.md: what float() would also take (1_000, "５", "inf") is refused.
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


def default_settings() -> dict[str, float]:
    return {key: definition["default"] for key, definition in _SPEC.items()}


def load_settings(env: Mapping[str, str] = os.environ) -> Settings:
    """Defaults, then every SCL_ override present in `env`; a bad override raises SettingError."""
    settings = default_settings()
    for key in SETTING_KEYS:
        raw = env.get(setting_env_name(key))
        if raw is not None:
            settings[key] = parse_setting(key, raw)
    return MappingProxyType(settings)


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(word.capitalize() for word in rest)


T = TypeVar("T")


def settings_section(settings: Settings, feature: str, cls: type[T]) -> T:
    """A feature's typed view: field `try_timeout_seconds` of `cls` reads key `egress.tryTimeoutSeconds`."""
    values = {field.name: settings[f"{feature}.{_camel(field.name)}"] for field in fields(cls)}  # type: ignore[arg-type]
    return cls(**values)
