"""The composed features of one process: what a Python app links in library mode."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from types import TracebackType

import httpx
from prometheus_client import CollectorRegistry

from .config.feature import ConfigFeature, ConfigListener
from .egress.answers import error_answer
from .egress.feature import EgressFeature
from .feature import FEATURE_NAMES, Exchange, Feature, FeatureName, Observer, in_start_order
from .logs.feature import LogsFeature
from .logs.records import EventLogger
from .metrics.business import BusinessMetrics
from .metrics.feature import MetricsFeature
from .middleware import ASGIApp, ObserveMiddleware
from .model import AppliedConfig, ConfigDocument, EgressRequest, EgressResponse
from .registry.client import RegistryClient
from .registry.feature import Registration, RegistryFeature
from .registry.resolver import Resolver
from .settings import Settings, load_settings

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LibraryOptions:
    service: str
    instance_id: str
    controlplane_url: str
    advertise_address: str  # SCL_HOST
    advertise_port: int  # SCL_PUBLIC_PORT
    config_defaults: ConfigDocument  # version 0, used until the first good pull
    features: tuple[FeatureName, ...] = FEATURE_NAMES
    settings: Settings | None = None  # default: load_settings() from the environment
    mode: str = "library"


class Library:
    """Start it (or `async with library:`) once the server listens; stop it after the server drained."""

    def __init__(self, options: LibraryOptions) -> None:
        settings = options.settings or load_settings()
        enabled = frozenset(options.features)
        controlplane_url = options.controlplane_url.rstrip("/")
        # The control plane's connections (blocking queries, heartbeats, log exports) apart from egress's.
        self._client = httpx.AsyncClient(timeout=None, limits=httpx.Limits(max_connections=None))
        self._egress_client = httpx.AsyncClient(timeout=None, limits=httpx.Limits(max_connections=None))
        self._registry = CollectorRegistry(auto_describe=True)
        self._defaults = AppliedConfig(0, options.config_defaults)
        self.log = EventLogger(_app_logger(options.instance_id))
        self.log.set_level(options.config_defaults.get("logLevel", "info"))

        features: list[Feature] = []
        self._config: ConfigFeature | None = None
        if "config" in enabled:
            self._config = ConfigFeature(
                options.service,
                options.config_defaults,
                settings.config,
                self._registry,
                self._client,
                controlplane_url,
            )
            self._config.on_config(lambda applied: self.log.set_level(applied.config["logLevel"]))
            features.append(self._config)
        self._metrics: MetricsFeature | None = None
        if "metrics" in enabled:
            self._metrics = MetricsFeature(self._registry)
            features.append(self._metrics)
        # With `metrics` disabled, counts are still checked, into a registry nobody scrapes.
        self.metrics = self._metrics.business if self._metrics else BusinessMetrics(CollectorRegistry())
        if "logs" in enabled:
            resource = {
                "service.name": options.service,
                "service.instance.id": options.instance_id,
                "scl.mode": options.mode,
                "scl.lang": "python",
            }
            features.append(
                LogsFeature(self.log, settings.logs, self._registry, self._client, controlplane_url, resource)
            )
        if "registry" in enabled:
            registration = Registration(
                options.service, options.instance_id, options.advertise_address, options.advertise_port
            )
            features.append(
                RegistryFeature(
                    registration, settings.registry, self._registry, RegistryClient(self._client, controlplane_url)
                )
            )
        self._egress: EgressFeature | None = None
        if "egress" in enabled:
            resolver = Resolver(RegistryClient(self._client, controlplane_url))
            self._egress = EgressFeature(settings.egress, self._registry, self._egress_client, resolver)
            features.append(self._egress)

        self.features: tuple[Feature, ...] = tuple(in_start_order(features))
        self._observers = tuple(f.observe for f in self.features if isinstance(f, Observer))
        self._started: list[Feature] = []

    # === the app's side ===

    def config(self) -> AppliedConfig:
        return self._config.current if self._config else self._defaults

    def on_config(self, listener: ConfigListener) -> None:
        if self._config is not None:
            self._config.on_config(listener)

    async def egress(self, service: str, request: EgressRequest) -> EgressResponse:
        """With `egress` disabled every call answers no_instance without sending anything, as in library/ts."""
        if self._egress is None:
            return error_answer("no_instance", 0)
        return await self._egress.request(service, request)

    def scrape(self) -> tuple[bytes, str] | None:
        """Prometheus text of every metric and its content type; None when `metrics` is disabled."""
        return self._metrics.scrape() if self._metrics else None

    def observe(self, exchange: Exchange) -> None:
        for observe in self._observers:
            observe(exchange)

    def middleware(self, app: ASGIApp) -> ASGIApp:
        """Wraps an ASGI app so every completed request reaches the features."""
        return ObserveMiddleware(app, self.observe) if self._observers else app

    # === lifecycle ===

    async def start(self) -> None:
        """Starts the features in order; a feature that fails to start stops the ones already started."""
        for feature in self.features:
            try:
                await feature.start()
            except BaseException:
                await self.stop()
                raise
            self._started.append(feature)

    async def deregister(self) -> None:
        """Leaves the registry now, before the server stops accepting, so peers stop sending first.

        stop() no longer stops the registry feature afterwards; without that feature this does nothing.
        """
        for feature in [f for f in self._started if isinstance(f, RegistryFeature)]:
            self._started.remove(feature)
            await feature.stop()

    async def stop(self) -> None:
        """Stops the started features in reverse order; one failing does not keep the others running."""
        while self._started:
            feature = self._started.pop()
            try:
                await feature.stop()
            except Exception:
                _log.exception("stopping feature %s failed", feature.name)
        await self._client.aclose()
        await self._egress_client.aclose()

    async def __aenter__(self) -> Library:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()


def _app_logger(instance_id: str) -> logging.Logger:
    """A logger of its own per library, not propagating: its records go only to the logs feature."""
    logger = logging.getLogger(f"scl.app.{instance_id}")
    logger.propagate = False
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    return logger
