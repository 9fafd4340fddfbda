"""The process owns its signals (main.serve): SIGTERM or SIGINT stops it with status 0, a second one too."""

import signal

import pytest


@pytest.mark.parametrize(
    "signals",
    [
        pytest.param((signal.SIGTERM,), id="SIGTERM"),
        pytest.param((signal.SIGINT,), id="SIGINT"),
        pytest.param((signal.SIGINT, signal.SIGTERM), id="SIGINT then SIGTERM"),
    ],
)
def test_a_stop_signal_ends_the_service_with_status_0(start_service, signals):
    service = start_service("customers", "none")
    for sig in signals[:-1]:
        service.process.send_signal(sig)
    assert service.stop(signals[-1]) == 0, service.stderr_path.read_text()
    stderr = service.stderr_path.read_text()
    assert "Traceback" not in stderr, stderr
