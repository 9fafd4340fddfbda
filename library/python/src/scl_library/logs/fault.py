"""The feature fault switch of spec/faults.md: with SCL_TEST_HOOKS=1, SIGUSR2 makes the shipper task raise."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable, Mapping

FAULT_MARKER = "SCL_FAULT_INJECTED"
FAULT_SITE = "logs.shipper"


class InjectedFault(Exception):
    """The bug the switch stands for; nothing in the library catches it."""

    def __init__(self) -> None:
        super().__init__(
            f"{FAULT_MARKER}: an exception raised on purpose in {FAULT_SITE}"
            " (SIGUSR2 with SCL_TEST_HOOKS=1, spec/faults.md)"
        )


def announce() -> None:
    """The stderr line that tells the harness the fault fired in this process."""
    print(f"{FAULT_MARKER} {FAULT_SITE} pid={os.getpid()}", file=sys.stderr, flush=True)


def install_fault_switch(arm: Callable[[], None], env: Mapping[str, str] = os.environ) -> Callable[[], None]:
    """Calls `arm` on SIGUSR2 when test hooks are on; returns what disarms it."""
    if env.get("SCL_TEST_HOOKS") != "1":
        return lambda: None
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR2, arm)

    def disarm() -> None:
        loop.remove_signal_handler(signal.SIGUSR2)

    return disarm
