"""Checks a control plane answer before it is applied: parses, not empty, matches spec/config.schema.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from jsonschema import Draft202012Validator

from ..model import AppliedConfig
from ..spec import load_json

Reason = Literal["empty", "invalid_json", "schema"]
_validator = Draft202012Validator(load_json("config.schema.json"))


@dataclass(frozen=True, slots=True)
class Rejected:
    reason: Reason
    detail: str


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_answer(body: bytes) -> AppliedConfig | Rejected:
    """The body of `GET /v1/config/{service}`: `{"service","version","config"}`."""
    if not body.strip():
        return Rejected("empty", "the answer has no body")
    try:
        # Python's json accepts NaN and Infinity by default; JSON does not.
        document = json.loads(body, parse_constant=_reject_constant)
    except ValueError as error:
        return Rejected("invalid_json", str(error))
    if document is None or document == {}:
        return Rejected("empty", "the answer is an empty document")
    if not isinstance(document, dict):
        return Rejected("schema", "the answer is not a JSON object")
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return Rejected("schema", f"version must be an integer >= 1, got {version!r}")
    config = document.get("config")
    if config is None or config == {}:
        return Rejected("empty", "the answer carries no config")
    violation = next(iter(_validator.iter_errors(config)), None)
    if violation is not None:
        where = "/".join(map(str, violation.absolute_path)) or "(root)"
        return Rejected("schema", f"{where}: {violation.message}")
    return AppliedConfig(version, config)
