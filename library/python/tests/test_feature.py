"""The feature interface: names, start order, SCL_FEATURES."""

import pytest

from scl_library.feature import FEATURE_NAMES, FeatureListError, in_start_order, parse_feature_list


class _Named:
    def __init__(self, name):
        self.name = name

    async def start(self):
        pass

    async def stop(self):
        pass


def test_features_start_in_the_order_config_metrics_logs_registry_egress():
    shuffled = [_Named(n) for n in ("egress", "registry", "logs", "metrics", "config")]
    assert [f.name for f in in_start_order(shuffled)] == ["config", "metrics", "logs", "registry", "egress"]


def test_an_unset_feature_list_enables_all_five():
    assert parse_feature_list(None) == FEATURE_NAMES
    assert parse_feature_list(" ") == FEATURE_NAMES
    assert parse_feature_list("metrics, logs") == ("metrics", "logs")


def test_an_unknown_feature_name_is_refused():
    with pytest.raises(FeatureListError, match="tracing"):
        parse_feature_list("metrics,tracing")
