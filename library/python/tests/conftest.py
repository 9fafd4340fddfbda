"""Fixtures: the real control plane (node dist/controlplane/src/main.js), started per test module."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
CONTROLPLANE_MAIN = REPO / "dist" / "controlplane" / "src" / "main.js"


@pytest.fixture(scope="module")
def controlplane_url() -> Iterator[str]:
    """Skips when node or the built control plane is missing (run `npm run build` first)."""
    if shutil.which("node") is None or not CONTROLPLANE_MAIN.is_file():
        pytest.skip("the control plane is not built: run `npm run build` from the repository root")
    process = subprocess.Popen(
        ["node", str(CONTROLPLANE_MAIN), "--port", "0"], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        yield json.loads(line)["url"]
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def anyio_backend() -> str:
    """The anyio pytest plugin runs the async tests on asyncio, the event loop the library is written for."""
    return "asyncio"
