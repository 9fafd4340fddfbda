"""The Platform per mode; `make_platform` is the one place that knows the modes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..start_options import StartOptions
from .base import ConfigInUse, LogLevel, MetricError, PeerAnswer, Platform

__all__ = ["ConfigInUse", "LogLevel", "MetricError", "PeerAnswer", "Platform", "make_platform"]


def make_platform(options: StartOptions, defaults: Mapping[str, Any]) -> Platform:
    if options.mode == "library":
        # Imported here: modes none and sidecar link no library.
        from .library import LibraryPlatform

        return LibraryPlatform(options, defaults)
    if options.mode == "sidecar":
        from .sidecar import SidecarPlatform

        return SidecarPlatform(options, defaults)
    from .none import NonePlatform

    return NonePlatform(options, defaults)
