"""The start contract (spec/start-contract.md): every SCL_ variable a service reads, checked once at start."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast

from .spec import load_json

Service = Literal["web", "customers", "payment"]
Mode = Literal["none", "library", "sidecar"]
SERVICES: tuple[Service, ...] = ("web", "customers", "payment")
MODES: tuple[Mode, ...] = ("none", "library", "sidecar")


class StartError(ValueError):
    """A missing or malformed SCL_ variable; the process exits 2 naming it."""

    code = "SCL_ERR_BAD_SETTING"


@dataclass(frozen=True, slots=True)
class StartOptions:
    service: Service
    mode: Mode
    instance_id: str
    public_port: int
    private_port: int
    host: str
    data_dir: Path
    controlplane_url: str | None = None
    log_file: Path | None = None
    config_file: Path | None = None
    egress_url: str | None = None
    sidecar_api_url: str | None = None
    peers: Mapping[str, str] = field(default_factory=dict)
    features: tuple[str, ...] = ()
    test_hooks: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> StartOptions:
        mode = cast(Mode, _choice(env, "SCL_MODE", MODES))
        controlplane_url = env.get("SCL_CONTROLPLANE_URL") or None
        if mode == "library" and controlplane_url is None:
            raise StartError("SCL_CONTROLPLANE_URL is required in library mode, e.g. http://127.0.0.1:7000")
        public_port = _port(env, "SCL_PUBLIC_PORT", env.get("SCL_PUBLIC_PORT"))
        return cls(
            service=cast(Service, _choice(env, "SCL_SERVICE", SERVICES)),
            mode=mode,
            instance_id=_required(env, "SCL_INSTANCE_ID"),
            public_port=public_port,
            private_port=_port(env, "SCL_PRIVATE_PORT", env.get("SCL_PRIVATE_PORT") or str(public_port)),
            host=env.get("SCL_HOST") or "127.0.0.1",
            data_dir=Path(_required(env, "SCL_DATA_DIR")),
            controlplane_url=controlplane_url.rstrip("/") if controlplane_url else None,
            log_file=_path(env, "SCL_LOG_FILE"),
            config_file=_path(env, "SCL_CONFIG_FILE"),
            egress_url=(env.get("SCL_EGRESS_URL") or "").rstrip("/") or None,
            sidecar_api_url=(env.get("SCL_SIDECAR_API_URL") or "").rstrip("/") or None,
            peers=_peers(env.get("SCL_PEERS", "")),
            features=_features(env.get("SCL_FEATURES")),
            test_hooks=env.get("SCL_TEST_HOOKS") == "1",
        )


def _required(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise StartError(f"{name} is required (spec/start-contract.md)")
    return value


def _choice(env: Mapping[str, str], name: str, valid: tuple[str, ...]) -> str:
    value = _required(env, name)
    if value not in valid:
        raise StartError(f'{name}="{value}" is not valid; valid: {", ".join(valid)}')
    return value


def _port(env: Mapping[str, str], name: str, raw: str | None) -> int:
    if raw is None or not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise StartError(f'{name}="{raw or ""}" must be a port number between 1 and 65535')
    return int(raw)


def _path(env: Mapping[str, str], name: str) -> Path | None:
    value = env.get(name)
    return Path(value) if value else None


def _peers(raw: str) -> dict[str, str]:
    """`customers=http://127.0.0.1:7101,payment=http://127.0.0.1:7102`."""
    peers: dict[str, str] = {}
    for entry in filter(None, (part.strip() for part in raw.split(","))):
        name, separator, url = entry.partition("=")
        if not separator or not name or not url:
            raise StartError(f'SCL_PEERS entry "{entry}" must be service=url')
        peers[name.strip()] = url.strip().rstrip("/")
    return peers


def _features(raw: str | None) -> tuple[str, ...]:
    valid: list[str] = load_json("features.json")["features"]
    if raw is None or not raw.strip():
        return tuple(valid)
    names = tuple(part.strip() for part in raw.split(",") if part.strip())
    for name in names:
        if name not in valid:
            raise StartError(f'SCL_FEATURES: unknown feature "{name}"; valid: {", ".join(valid)}')
    return names
