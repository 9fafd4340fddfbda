"""The input rules of a business counter (spec/features.md metrics), checked the same in every mode."""

from __future__ import annotations

import math
import re
from typing import Any

from .base import MetricError

MAX_LABELS = 5
_NAME = re.compile(r"[a-z][a-z0-9_]*_total")
_LABEL_NAME = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")


def check_counter_input(name: Any, value: Any, labels: Any) -> tuple[str, float, dict[str, str]]:
    """The checked name, value and labels; MetricError names the first bad one."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise MetricError("name", "name must match ^[a-z][a-z0-9_]*_total$")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise MetricError("value", "value must be a finite number >= 0")
    if labels is None:
        return name, value, {}
    if not isinstance(labels, dict):
        raise MetricError("labels", "labels must be an object of strings")
    if len(labels) > MAX_LABELS:
        raise MetricError("labels", f"at most {MAX_LABELS} labels")
    for label, label_value in labels.items():
        # `__` is Prometheus's own prefix (spec/features.md): refused here, as library mode refuses it.
        if not _LABEL_NAME.fullmatch(label) or label.startswith("__") or not isinstance(label_value, str):
            raise MetricError("labels", f'label "{label}" must be a Prometheus label name with a string value')
    return name, value, labels
