"""Settings: defaults from spec/features.json, SCL_ overrides, typed sections."""

import dataclasses

import pytest

from scl_library.settings import SETTING_KEYS, SettingError, load_settings, setting_env_name


def test_a_setting_key_becomes_its_environment_variable_name():
    assert setting_env_name("egress.tryTimeoutSeconds") == "SCL_EGRESS_TRY_TIMEOUT_SECONDS"
    assert setting_env_name("logs.batchMaxRecords") == "SCL_LOGS_BATCH_MAX_RECORDS"
    assert setting_env_name("registry.ttlSeconds") == "SCL_REGISTRY_TTL_SECONDS"


def test_an_override_replaces_the_default_and_keeps_the_setting_type():
    settings = load_settings({"SCL_REGISTRY_TTL_SECONDS": "2", "SCL_EGRESS_MAX_ATTEMPTS": "5.0"})
    assert settings.registry.ttl_seconds == 2.0
    assert settings.egress.max_attempts == 5
    assert isinstance(settings.egress.max_attempts, int)
    assert settings.logs.batch_max_records == load_settings({}).logs.batch_max_records


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("SCL_EGRESS_MAX_ATTEMPTS", "two"),
        ("SCL_EGRESS_MAX_ATTEMPTS", "2.5"),
        ("SCL_EGRESS_MAX_ATTEMPTS", "0"),
        ("SCL_REGISTRY_TTL_SECONDS", "nan"),
        ("SCL_REGISTRY_TTL_SECONDS", "inf"),
        ("SCL_REGISTRY_TTL_SECONDS", ""),
    ],
)
def test_an_override_that_does_not_parse_is_an_error_naming_the_variable(name, raw):
    with pytest.raises(SettingError, match=name):
        load_settings({name: raw})


def test_every_setting_of_the_spec_is_read_by_a_typed_section():
    settings = load_settings({})
    read = {
        f"{section.name}.{_camel(field.name)}"
        for section in dataclasses.fields(settings)
        for field in dataclasses.fields(getattr(settings, section.name))
    }
    assert read == set(SETTING_KEYS)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)
