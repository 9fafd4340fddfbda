"""The shared contracts of the repository's spec/ folder, shipped inside the package so a wheel works anywhere.

The files in contract/ are copies: scripts/setup/python.sh refreshes them from spec/, and
tests/test_library_contract_copies.py fails when a copy has drifted from the one contract.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

CONTRACT_FILES = ("features.json", "config.schema.json", "errors.json", "log-line.schema.json")


@cache
def load_json(name: str) -> Any:
    """One contract file, parsed once per process."""
    return json.loads(files(__package__).joinpath("contract", name).read_text(encoding="utf-8"))


def features_spec() -> dict[str, Any]:
    result: dict[str, Any] = load_json("features.json")
    return result
