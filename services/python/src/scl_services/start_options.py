"""The start contract (spec/start-contract.md): every SCL_ variable a service reads, checked once at start."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast
from urllib.parse import urlsplit

from .spec import load_json

Service = Literal["web", "customers", "payment"]
Mode = Literal["none", "library", "sidecar"]
SERVICES: tuple[Service, ...] = ("web", "customers", "payment")
MODES: tuple[Mode, ...] = ("none", "library", "sidecar")


class StartError(ValueError):
    """A missing or malformed start-contract variable; the process exits 2 naming it."""

    code = "SCL_ERR_BAD_FLAG"


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
        service = cast(Service, _choice(env, "SCL_SERVICE", SERVICES))
        mode = cast(Mode, _choice(env, "SCL_MODE", MODES))
        features = () if mode == "none" else _features(env.get("SCL_FEATURES"))
        sidecar_uses = {name for name in features if mode == "sidecar"}
        # Mode sidecar with egress off calls SCL_PEERS with a plain client, as mode none does.
        plain_peers = mode == "none" or (mode == "sidecar" and "egress" not in features)
        public_port = _port("SCL_PUBLIC_PORT", _required(env, "SCL_PUBLIC_PORT"))
        private_port = _optional(env, "SCL_PRIVATE_PORT")
        return cls(
            service=service,
            mode=mode,
            instance_id=_required(env, "SCL_INSTANCE_ID"),
            public_port=public_port,
            private_port=public_port if private_port is None else _port("SCL_PRIVATE_PORT", private_port),
            host=_optional(env, "SCL_HOST") or "127.0.0.1",
            data_dir=Path(_required(env, "SCL_DATA_DIR")).resolve(),
            controlplane_url=_url(env, "SCL_CONTROLPLANE_URL", required=True) if mode == "library" else None,
            log_file=Path(_required(env, "SCL_LOG_FILE")).resolve() if "logs" in sidecar_uses else None,
            config_file=Path(_required(env, "SCL_CONFIG_FILE")).resolve() if "config" in sidecar_uses else None,
            egress_url=_url(env, "SCL_EGRESS_URL", required=True) if "egress" in sidecar_uses else None,
            sidecar_api_url=_url(env, "SCL_SIDECAR_API_URL", required=False) if mode == "sidecar" else None,
            peers=_peers(_optional(env, "SCL_PEERS"), required=service == "web") if plain_peers else {},
            features=features,
            test_hooks=_choice(env, "SCL_TEST_HOOKS", ("0", "1"), default="0") == "1",
        )


def _optional(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _required(env: Mapping[str, str], name: str) -> str:
    value = _optional(env, name)
    if value is None:
        raise StartError(f"{name} is required (spec/start-contract.md)")
    return value


def _choice(env: Mapping[str, str], name: str, valid: tuple[str, ...], default: str | None = None) -> str:
    value = _optional(env, name) or default
    if value not in valid:
        problem = f"{name} is required" if value is None else f'{name}="{value}" is not valid'
        raise StartError(f"{problem}; valid values: {', '.join(valid)}")
    return value


def _port(name: str, raw: str) -> int:
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 65535):
        raise StartError(f'{name}="{raw}" is not valid; expected a port, 1-65535')
    return int(raw)


def _url(env: Mapping[str, str], name: str, required: bool) -> str | None:
    raw = _required(env, name) if required else _optional(env, name)
    if raw is None:
        return None
    parsed = urlsplit(raw)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise StartError(f'{name}="{raw}" is not valid; expected an http(s):// URL')
    return raw.rstrip("/")


def _peers(raw: str | None, required: bool) -> dict[str, str]:
    """`customers=http://127.0.0.1:7101,payment=http://127.0.0.1:7102`."""
    if raw is None:
        if required:
            raise StartError("SCL_PEERS is required for web; expected customers=http://...,payment=http://...")
        return {}
    peers: dict[str, str] = {}
    for entry in filter(None, (part.strip() for part in raw.split(","))):
        name, separator, url = entry.partition("=")
        if not separator or not name.strip() or not _url({"SCL_PEERS": url.strip()}, "SCL_PEERS", False):
            raise StartError(f'SCL_PEERS entry "{entry}" is not valid; expected service=http://host:port')
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
