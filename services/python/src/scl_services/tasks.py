"""Ending a background task on stop without swallowing the stopper's own cancellation."""

from __future__ import annotations

import asyncio
import logging

_log = logging.getLogger(__name__)


async def cancel_and_wait(task: asyncio.Task[object] | asyncio.Task[None]) -> None:
    """Cancels `task` and waits until it ended.

    `asyncio.wait` never raises the task's own CancelledError, so none needs suppressing: if the
    caller is cancelled while it waits, that CancelledError still reaches the caller (where a
    `suppress(CancelledError)` around `await task` would swallow it). A failure the task ended with
    is logged, not lost as "Task exception was never retrieved".
    """
    task.cancel()
    await asyncio.wait({task})
    if not task.cancelled() and (error := task.exception()) is not None:
        _log.warning("background task %s failed: %r", task.get_name(), error, exc_info=error)
