"""Linux inotify through ctypes: the standard library has no file watcher, and sidecar mode links nothing else."""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

# <sys/inotify.h>: a file written and closed, or moved into the folder (the sidecar's rename), or created.
_IN_CLOSE_WRITE = 0x00000008
_IN_MOVED_TO = 0x00000080
_IN_CREATE = 0x00000100


class FolderWatch:
    """A non-blocking descriptor that becomes readable when something in `folder` changed."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    @classmethod
    def open(cls, folder: Path) -> FolderWatch | None:
        """None where inotify is not available (not Linux, no libc, out of watches): callers poll instead."""
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        except (OSError, AttributeError):
            return None
        if fd < 0:
            return None
        if libc.inotify_add_watch(fd, os.fsencode(folder), _IN_CLOSE_WRITE | _IN_MOVED_TO | _IN_CREATE) < 0:
            os.close(fd)
            return None
        return cls(fd)

    def drain(self) -> None:
        """Reads the pending events; which file changed does not matter, the caller looks again."""
        try:
            while os.read(self.fd, 65536):
                pass
        except BlockingIOError:
            pass

    def close(self) -> None:
        os.close(self.fd)
