"""Answers the egress makes itself when no try could be made (spec/features.json egress.errorKinds)."""

from __future__ import annotations

import json
from typing import Any

from ..model import EgressResponse
from ..spec import features_spec, load_json

ERROR_KINDS: dict[str, dict[str, Any]] = features_spec()["egress"]["errorKinds"]
_MESSAGES: dict[str, dict[str, Any]] = load_json("errors.json")["platform"]
ERROR_HEADER = "x-scl-egress-error"


def error_answer(kind: str, attempts: int) -> EgressResponse:
    code = ERROR_KINDS[kind]["code"]
    body = json.dumps({"error": {"code": code, "message": _MESSAGES[code]["message"]}}).encode()
    headers = {"content-type": "application/json", ERROR_HEADER: kind}
    return EgressResponse(ERROR_KINDS[kind]["status"], headers, body, attempts, kind)
