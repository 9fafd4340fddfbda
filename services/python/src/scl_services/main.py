"""Entry point of every Python service and mode: read the start contract, listen, serve until SIGTERM."""
from __future__ import annotations

import logging
import os
import signal
import socket
import sys
from types import FrameType

import uvicorn

from .app import build_app
from .platform import make_platform
from .spec import load_json
from .start_options import StartOptions

GRACE_SECONDS = 10  # spec/start-contract.md: in-flight requests get up to 10 s after SIGTERM


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
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
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
    uvicorn.Server(config).run(sockets=[sock])
    return 0
