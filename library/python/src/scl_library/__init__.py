"""sidecar-lab's in-process library for Python: metrics, logs, registry, config, egress (spec/features.md)."""

from .feature import FEATURE_NAMES, Exchange, Feature, FeatureName, Observer, parse_feature_list
from .library import Library, LibraryOptions
from .logs.records import EventLogger
from .metrics.business import BusinessMetricError
from .model import AppliedConfig, ConfigDocument, EgressRequest, EgressResponse, LogFieldValue, LogLevel
from .settings import SettingError, Settings, load_settings, setting_env_name

__all__ = [
    "FEATURE_NAMES",
    "AppliedConfig",
    "BusinessMetricError",
    "ConfigDocument",
    "EgressRequest",
    "EgressResponse",
    "EventLogger",
    "Exchange",
    "Feature",
    "FeatureName",
    "Library",
    "LibraryOptions",
    "LogFieldValue",
    "LogLevel",
    "Observer",
    "SettingError",
    "Settings",
    "load_settings",
    "parse_feature_list",
    "setting_env_name",
]
