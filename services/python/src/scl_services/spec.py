"""The shared contracts of the repository's spec/ folder, shipped inside the package (no library needed).

The files in contract/ are copies: scripts/setup/python.sh refreshes them from spec/, and
tests/test_services_contract_copies.py fails when a copy has drifted from the one contract.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

CONTRACT_FILES = ("features.json", "config.defaults.json", "errors.json")


@cache
def load_json(name: str) -> Any:
    return json.loads(files(__package__).joinpath("contract", name).read_text(encoding="utf-8"))
