"""The one interface every feature implements, here and in the sidecar (spec/features.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar, cast, runtime_checkable

from .spec import features_spec

FeatureName = Literal["metrics", "logs", "registry", "config", "egress"]
FEATURE_NAMES: tuple[FeatureName, ...] = tuple(cast(list[FeatureName], features_spec()["features"]))

# Registration comes last so the instance is ready when it is listed, and goes first at shutdown.
START_ORDER: tuple[FeatureName, ...] = ("config", "metrics", "logs", "registry", "egress")


@dataclass(frozen=True, slots=True)
class Exchange:
    """A completed inbound request, as every feature sees it."""

    route: str  # OpenAPI path template (`/customers/{id}`), or `other` when no route matched
    method: str
    status: int
    duration_seconds: float
    request_id: str


class Feature(Protocol):
    """Start acquires what the feature needs; stop releases it, in reverse order of start."""

    @property
    def name(self) -> FeatureName: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


@runtime_checkable
class Observer(Protocol):
    """A feature that cares about completed requests; called on the request path, so it must be cheap."""

    def observe(self, exchange: Exchange) -> None: ...


F = TypeVar("F", bound=Feature)


def in_start_order(features: Iterable[F]) -> list[F]:
    return sorted(features, key=lambda feature: START_ORDER.index(feature.name))


class FeatureListError(ValueError):
    code = "SCL_ERR_BAD_SETTING"


def parse_feature_list(value: str | None) -> tuple[FeatureName, ...]:
    """Parses SCL_FEATURES ("metrics,logs"); unset or blank means all five."""
    if value is None or not value.strip():
        return FEATURE_NAMES
    names = [part.strip() for part in value.split(",") if part.strip()]
    for name in names:
        if name not in FEATURE_NAMES:
            raise FeatureListError(f'SCL_FEATURES: unknown feature "{name}"; valid: {", ".join(FEATURE_NAMES)}')
    return tuple(cast(list[FeatureName], names))
