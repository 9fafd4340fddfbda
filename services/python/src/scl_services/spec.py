"""Reads the repository's spec/ folder, which services share with every language (no library needed)."""
from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any


@cache
def spec_dir() -> Path:
    override = os.environ.get("SCL_SPEC_DIR")
    if override:
        return Path(override)
    for folder in Path(__file__).resolve().parents:
        if (folder / "spec" / "features.json").is_file():
            return folder / "spec"
    raise RuntimeError("spec/ not found above services/python; set SCL_SPEC_DIR")


@cache
def load_json(name: str) -> Any:
    with (spec_dir() / name).open(encoding="utf-8") as file:
        return json.load(file)
