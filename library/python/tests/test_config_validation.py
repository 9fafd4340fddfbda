"""Config answers: applied only when they parse, are not empty and match spec/config.schema.json."""

import json

import pytest

from scl_library.config.validation import Rejected, parse_answer
from scl_library.model import AppliedConfig


def _answer(document):
    return json.dumps(document).encode()


def test_a_valid_answer_is_applied_with_its_version():
    answer = parse_answer(_answer({"service": "web", "version": 3, "config": {"logLevel": "warn", "banner": "hi"}}))
    assert answer == AppliedConfig(3, {"logLevel": "warn", "banner": "hi"})


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"{}", "empty"),
        (b"null", "empty"),
        (_answer({"service": "web", "version": 2, "config": {}}), "empty"),
        (b"{not json", "invalid_json"),
        (b'{"version": NaN}', "invalid_json"),
        (_answer({"service": "web", "version": 2, "config": {"logLevel": "loud"}}), "schema"),
        (_answer({"service": "web", "version": 2, "config": {"logLevel": "info", "colour": "red"}}), "schema"),
        (_answer({"service": "web", "version": 2, "config": {"logLevel": "info", "pageSizeMax": 0}}), "schema"),
        (_answer({"service": "web", "version": 0, "config": {"logLevel": "info"}}), "schema"),
        (_answer({"service": "web", "version": True, "config": {"logLevel": "info"}}), "schema"),
        (_answer([1, 2]), "schema"),
    ],
)
def test_a_bad_answer_is_rejected_with_its_reason(body, reason):
    answer = parse_answer(body)
    assert isinstance(answer, Rejected)
    assert answer.reason == reason
