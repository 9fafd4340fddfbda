"""Sidecar mode's config: SCL_CONFIG_FILE (spec/config-file.schema.json), re-read when it changes.

The sidecar replaces the file by rename, so a reader never sees it half written. The folder is
watched with inotify (folder_watch.py), plus a stat of the file every second in case an event is
missed; where inotify is not available the file is polled every 20 ms instead. A change is read
when the file's inode, mtime or size differ from the last read.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .base import LOG_LEVELS, ConfigInUse
from .folder_watch import FolderWatch

POLL_SECONDS = 0.02  # without inotify
SAFETY_POLL_SECONDS = 1.0  # with inotify


def parse_config_file(text: str) -> ConfigInUse | None:
    """The sidecar validated the document against the schema; this only guards against a hand-edited file."""
    try:
        document = json.loads(text)
    except ValueError:
        return None
    if not isinstance(document, dict):
        return None
    version, config = document.get("version"), document.get("config")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return None
    if not isinstance(config, dict) or config.get("logLevel") not in LOG_LEVELS:
        return None
    return ConfigInUse(version, config)


class ConfigFileWatcher:
    def __init__(
        self,
        path: Path,
        defaults: Mapping[str, Any],
        on_change: Callable[[ConfigInUse], None],
        on_rejected: Callable[[str], None],
    ) -> None:
        self.current = ConfigInUse(0, defaults)
        self._path = path
        self._on_change = on_change
        self._on_rejected = on_rejected
        self._seen: tuple[int, int, int] | None = None

    def check(self) -> None:
        """Reads the file when its identity or content changed; a bad file keeps the config in use."""
        try:
            stat = os.stat(self._path)
        except FileNotFoundError:
            return
        identity = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if identity == self._seen:
            return
        self._seen = identity
        try:
            text = self._path.read_text(encoding="utf-8")
        except OSError as error:
            self._on_rejected(f"{self._path}: {error}")
            return
        loaded = parse_config_file(text)
        if loaded is None:
            self._on_rejected(f"{self._path}: not a config file of spec/config-file.schema.json")
        elif loaded.version != self.current.version:
            self.current = loaded
            self._on_change(loaded)

    async def follow(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        watch = FolderWatch.open(self._path.parent)
        if watch is None:
            while True:
                self.check()
                await asyncio.sleep(POLL_SECONDS)
        loop = asyncio.get_running_loop()
        loop.add_reader(watch.fd, self._on_folder_event, watch)
        try:
            while True:
                self.check()
                await asyncio.sleep(SAFETY_POLL_SECONDS)
        finally:
            loop.remove_reader(watch.fd)
            watch.close()

    def _on_folder_event(self, watch: FolderWatch) -> None:
        watch.drain()
        self.check()
