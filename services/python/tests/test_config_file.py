"""Sidecar mode's config file reader: a rename into the folder is noticed, a bad file keeps the last good one."""

import asyncio
import json
import os
import select

from scl_services.platform.base import ConfigInUse
from scl_services.platform.config_file import ConfigFileWatcher, parse_config_file
from scl_services.platform.folder_watch import FolderWatch


def _replace(path, version, config):
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps({"version": version, "config": config}))
    os.replace(temp, path)


def test_a_file_renamed_into_the_watched_folder_wakes_the_watch(tmp_path):
    watch = FolderWatch.open(tmp_path)
    assert watch is not None, "inotify is available on Linux"
    try:
        assert select.select([watch.fd], [], [], 0)[0] == []
        _replace(tmp_path / "config.json", 1, {"logLevel": "info"})
        assert select.select([watch.fd], [], [], 2)[0] == [watch.fd]
        watch.drain()
        assert select.select([watch.fd], [], [], 0)[0] == []
    finally:
        watch.close()


def test_the_watcher_applies_a_new_version_and_keeps_it_over_a_bad_file(tmp_path):
    path = tmp_path / "config.json"
    applied: list[ConfigInUse] = []
    rejected: list[str] = []
    watcher = ConfigFileWatcher(path, {"logLevel": "info"}, applied.append, rejected.append)

    async def scenario():
        task = asyncio.create_task(watcher.follow())
        _replace(path, 2, {"logLevel": "warn"})
        for _ in range(100):
            if watcher.current.version == 2:
                break
            await asyncio.sleep(0.01)
        path.write_text("{torn")
        await asyncio.sleep(0.1)
        task.cancel()

    asyncio.run(scenario())
    assert [a.version for a in applied] == [2]
    assert watcher.current.version == 2
    assert rejected


def test_a_config_file_needs_a_version_and_a_known_log_level():
    parsed = parse_config_file('{"version": 3, "config": {"logLevel": "debug"}}')
    assert parsed is not None
    assert parsed.version == 3
    for text in (
        '{"version": 0, "config": {"logLevel": "info"}}',
        '{"version": 1, "config": {}}',
        "[]",
        "{",
        '{"version": true, "config": {"logLevel": "info"}}',
    ):
        assert parse_config_file(text) is None, text
