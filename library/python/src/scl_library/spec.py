"""Loads the shared contracts from the repository's spec/ folder, the one source every language reads."""
from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any


class SpecNotFoundError(RuntimeError):
    """The spec/ folder was not found: set SCL_SPEC_DIR or install the library editable from the repository."""


@cache
def spec_dir() -> Path:
    """SCL_SPEC_DIR, or the nearest spec/ folder above this file (the library is installed editable)."""
    override = os.environ.get("SCL_SPEC_DIR")
    if override:
        return Path(override)
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "spec"
        if (candidate / "features.json").is_file():
            return candidate
    raise SpecNotFoundError(
        "spec/features.json not found above the library; set SCL_SPEC_DIR to the repository's spec folder"
    )


@cache
def load_json(name: str) -> Any:
    """One spec file, parsed once per process."""
    with (spec_dir() / name).open(encoding="utf-8") as file:
        return json.load(file)


def features_spec() -> dict[str, Any]:
    result: dict[str, Any] = load_json("features.json")
    return result
