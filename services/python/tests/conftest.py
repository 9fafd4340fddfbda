"""Real service processes over real sockets: start `python -m scl_services` with the start contract's variables."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Service:
    process: subprocess.Popen[bytes]
    url: str
    env: dict[str, str]
    stderr_path: Path
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.url, timeout=10)

    def wait_healthy(self, timeout_seconds: float = 20) -> None:
        deadline = time.monotonic() + timeout_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"service exited {self.process.returncode}: {self.stderr_path.read_text()}")
            try:
                if self.client.get("/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise AssertionError(f"service not healthy in {timeout_seconds}s: {self.stderr_path.read_text()}")

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.client.close()
        return self.process.returncode


def _service_starter(tmp_path: Path) -> Iterator[object]:
    """`start(service, mode, **env)`; every process is stopped afterwards, even when a test fails."""
    started: list[Service] = []

    def start(service: str, mode: str, port: int | None = None, data_dir: Path | None = None, **extra: str) -> Service:
        port = port or free_port()
        instance = f"{service}-{len(started) + 1}"
        env = {
            **os.environ,
            "SCL_SERVICE": service,
            "SCL_MODE": mode,
            "SCL_INSTANCE_ID": instance,
            "SCL_PUBLIC_PORT": str(port),
            "SCL_DATA_DIR": str(data_dir or tmp_path / instance),
            "SCL_TEST_HOOKS": "1",
            **extra,
        }
        stderr_path = tmp_path / f"{instance}.stderr"
        process = subprocess.Popen(
            [sys.executable, "-m", "scl_services"],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=stderr_path.open("wb"),
        )
        handle = Service(process, f"http://127.0.0.1:{port}", env, stderr_path)
        started.append(handle)
        handle.wait_healthy()
        return handle

    yield start
    for handle in started:
        handle.stop(signal.SIGKILL)


@pytest.fixture
def start_service(tmp_path: Path) -> Iterator[object]:
    yield from _service_starter(tmp_path)


@pytest.fixture(scope="module")
def start_module_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The same, for processes shared by the tests of one module."""
    yield from _service_starter(tmp_path_factory.mktemp("services"))


@pytest.fixture(scope="module")
def controlplane_url() -> Iterator[str]:
    """The real control plane; skips when it is not built (`npm run build`)."""
    main_js = REPO / "dist" / "controlplane" / "src" / "main.js"
    if not main_js.is_file():
        pytest.skip("the control plane is not built: run `npm run build` from the repository root")
    process = subprocess.Popen(["node", str(main_js), "--port", "0"], stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert process.stdout is not None
        yield json.loads(process.stdout.readline())["url"]
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def anyio_backend() -> str:
    """The anyio pytest plugin runs the async tests on asyncio, the loop the services run on (uvloop is one)."""
    return "asyncio"
