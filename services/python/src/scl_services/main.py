"""Entry point of every Python service and mode: read the start contract, listen, serve until SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys
from collections.abc import Awaitable, Callable
from types import FrameType

import uvicorn

from .app import build_app
from .platform import make_platform
from .spec import load_json
from .start_options import StartOptions

GRACE_SECONDS = 10  # spec/start-contract.md: in-flight requests get up to 10 s after SIGTERM
WITHDRAW_TIMEOUT_SECONDS = 3.0
_log = logging.getLogger(__name__)


class WithdrawingServer(uvicorn.Server):
    """uvicorn's server, with one step before its graceful shutdown: the platform's withdraw().

    On the first SIGTERM or SIGINT the instance leaves the registry (library mode) while the server
    still accepts; only then does uvicorn stop accepting and drain. A second signal during the
    withdraw goes straight to uvicorn.
    """

    def __init__(self, config: uvicorn.Config, withdraw: Callable[[], Awaitable[None]]) -> None:
        super().__init__(config)
        self._withdraw = withdraw
        self._withdrawing = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._withdraw_task: asyncio.Future[None] | None = None

    async def serve(self, sockets: list[socket.socket] | None = None) -> None:
        self._loop = asyncio.get_running_loop()
        await super().serve(sockets)

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self._withdrawing or self._loop is None:
            super().handle_exit(sig, frame)
            return
        self._withdrawing = True
        # A signal handler may interrupt the loop anywhere: hand the work to the loop thread-safely.
        self._loop.call_soon_threadsafe(self._start_withdraw, sig)

    def _start_withdraw(self, sig: int) -> None:
        async def withdraw_then_exit() -> None:
            try:
                await asyncio.wait_for(self._withdraw(), WITHDRAW_TIMEOUT_SECONDS)
            except Exception as error:  # the shutdown goes on whatever happened
                _log.warning("withdrawing from the registry failed: %r", error)
            super(WithdrawingServer, self).handle_exit(sig, None)

        self._withdraw_task = asyncio.ensure_future(withdraw_then_exit())


def _listening_socket(host: str, port: int) -> socket.socket:
    """Bound and listening before the features start, so the registry never lists a closed port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _exit_cleanly(_signum: int, _frame: FrameType | None) -> None:
    # uvicorn re-raises SIGTERM after its graceful shutdown; the contract wants exit status 0.
    raise SystemExit(0)


def main() -> int:
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        options = StartOptions.from_env(os.environ)
        platform = make_platform(options, load_json("config.defaults.json")[options.service])
    except ValueError as error:
        # StartError (SCL_ERR_BAD_FLAG) and, in library mode, the library's SettingError (SCL_ERR_BAD_SETTING).
        code = getattr(error, "code", None)
        if code is None:
            raise
        print(f"{code}: {error}", file=sys.stderr)
        return 2
    options.data_dir.mkdir(parents=True, exist_ok=True)
    sock = _listening_socket(options.host, options.private_port)
    signal.signal(signal.SIGTERM, _exit_cleanly)
    signal.signal(signal.SIGINT, _exit_cleanly)
    config = uvicorn.Config(
        build_app(options, platform),
        loop="uvloop",
        http="httptools",
        lifespan="on",
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=GRACE_SECONDS,
        server_header=False,
    )
    WithdrawingServer(config, platform.withdraw).run(sockets=[sock])
    return 0
