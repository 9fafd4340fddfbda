"""Entry point of every Python service and mode: read the start contract, listen, serve until SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys
from collections.abc import Awaitable, Callable

import uvicorn
import uvloop
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .app import build_app
from .platform import make_platform
from .spec import load_json
from .start_options import StartOptions

GRACE_SECONDS = 10  # spec/start-contract.md: in-flight requests get up to 10 s after SIGTERM
WITHDRAW_TIMEOUT_SECONDS = 3.0
_log = logging.getLogger(__name__)


def notify_started(app: ASGIApp, started: Callable[[], None]) -> ASGIApp:
    """Calls `started` once the app's lifespan startup completed, before the server takes a request."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return

        async def send_noticing_startup(message: Message) -> None:
            await send(message)
            if message["type"] == "lifespan.startup.complete":
                started()

        await app(scope, receive, send_noticing_startup)

    return wrapped


async def serve(app: ASGIApp, sock: socket.socket, withdraw: Callable[[], Awaitable[None]]) -> None:
    """Serves until SIGTERM or SIGINT; then leaves the registry while still accepting, then drains.

    The process owns its signals through the event loop; uvicorn is driven only through its public
    `Server.serve`, `should_exit` and `force_exit`. uvicorn puts handlers of its own in place while it
    serves: ours replace them once the app has started, before the first request is taken. A signal
    during startup reaches uvicorn's, which stops, then hands it on to ours.
    """
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()

    def on_signal(sig: signal.Signals) -> None:
        if not stopping.is_set():
            stopping.set()  # first signal: withdraw, then drain
        elif not server.should_exit:
            server.should_exit = True  # another during the withdraw: drain now
        elif sig == signal.SIGINT:
            server.force_exit = True  # Ctrl-C again while draining, as uvicorn does: stop waiting

    def own_signals() -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, on_signal, sig)

    own_signals()
    config = uvicorn.Config(
        notify_started(app, own_signals),
        http="httptools",
        lifespan="on",
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=GRACE_SECONDS,
        server_header=False,
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve(sockets=[sock]), name="uvicorn")
    stop_requested = asyncio.create_task(stopping.wait(), name="stop-requested")
    await asyncio.wait({serving, stop_requested}, return_when=asyncio.FIRST_COMPLETED)
    if stopping.is_set() and not serving.done():
        try:
            await asyncio.wait_for(withdraw(), WITHDRAW_TIMEOUT_SECONDS)
        except Exception as error:  # the shutdown goes on whatever happened
            _log.warning("withdrawing from the registry failed: %r", error)
        server.should_exit = True
    stop_requested.cancel()
    await serving


def _listening_socket(host: str, port: int) -> socket.socket:
    """Bound and listening before the features start, so the registry never lists a closed port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


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
    uvloop.run(serve(build_app(options, platform), sock, platform.withdraw))
    return 0
