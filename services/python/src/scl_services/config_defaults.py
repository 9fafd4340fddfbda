"""The built-in config of each service (spec/config.defaults.json), and the fallback for a key a document leaves out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .spec import load_json

BUILT_IN: dict[str, dict[str, Any]] = load_json("config.defaults.json")


def config_value(service: str, config: Mapping[str, Any], key: str) -> Any:
    """config.schema.json requires only logLevel: a missing key falls back to the built-in default."""
    return config[key] if key in config else BUILT_IN[service][key]
