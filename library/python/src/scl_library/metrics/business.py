"""Business counters the app reports: scl_business_<name>, checked so bad input is an error, never a crash."""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Mapping

from prometheus_client import CollectorRegistry, Counter

_NAME = re.compile(r"^[a-z][a-z0-9_]*_total$")
_LABEL_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
MAX_LABELS = 5
MAX_COUNTERS = 100  # distinct business counters per process


class BusinessMetricError(ValueError):
    """The caller's name, value or labels break the rules of spec/features.md (metrics)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class BusinessMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self._registry = registry
        self._counters: dict[str, tuple[Counter, tuple[str, ...]]] = {}
        self._lock = threading.Lock()

    def count(self, name: str, value: float = 1, labels: Mapping[str, str] | None = None) -> None:
        """Adds `value` (>= 0) to `scl_business_<name>`; raises BusinessMetricError on bad input."""
        labels = labels or {}
        if not isinstance(name, str) or not _NAME.match(name):
            raise BusinessMetricError("name", f"name must match {_NAME.pattern}, got {name!r}")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            raise BusinessMetricError("value", f"value must be a finite number >= 0, got {value!r}")
        if len(labels) > MAX_LABELS:
            raise BusinessMetricError("labels", f"at most {MAX_LABELS} labels, got {len(labels)}")
        for key, label_value in labels.items():
            if not _LABEL_NAME.match(key) or key.startswith("__") or not isinstance(label_value, str):
                raise BusinessMetricError(
                    "labels", f"label {key!r} must be a Prometheus label name with a string value"
                )
        counter = self._counter(name, tuple(sorted(labels)))
        (counter.labels(**labels) if labels else counter).inc(value)

    def _counter(self, name: str, label_names: tuple[str, ...]) -> Counter:
        with self._lock:
            known = self._counters.get(name)
            if known is None:
                if len(self._counters) >= MAX_COUNTERS:
                    raise BusinessMetricError("name", f"at most {MAX_COUNTERS} business counters per process")
                counter = Counter(
                    f"scl_business_{name}", f"business counter {name}", label_names, registry=self._registry
                )
                known = self._counters[name] = (counter, label_names)
        counter, first_label_names = known
        if first_label_names != label_names:
            raise BusinessMetricError(
                "labels", f"{name} was first counted with labels {list(first_label_names)}; use the same label names"
            )
        return counter
