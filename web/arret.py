"""Stopping the app within a bounded time, whatever a step is stuck on.

Two traps of asyncio make a stuck step hang the whole process, and a test run with it:
`asyncio.wait_for` waits, after its timeout, for the cancelled step to finish; and the event
loop's end waits without limit for every thread of the default executor. So each step runs
as a task that is waited on with `asyncio.wait` and left behind, cancelled, if it overruns;
and blocking work runs in a daemon thread of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Awaitable, Callable
from typing import TypeVar

SHUTDOWN_STEP_TIMEOUT = 10.0
logger = logging.getLogger(__name__)
T = TypeVar("T")


async def borne(
    step: str, closing: Awaitable[object], timeout: float = SHUTDOWN_STEP_TIMEOUT
) -> bool:
    """Await one shutdown step for at most `timeout` seconds; True if it ended in time."""
    task = asyncio.ensure_future(closing)
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if not done:
        task.cancel()  # and do not wait for it: it may ignore the cancellation too
        logger.warning("shutdown: %s did not stop within %.0f s", step, timeout)
        return False
    if not task.cancelled() and task.exception() is not None:
        logger.warning("shutdown: %s failed: %r", step, task.exception())
    return True


def en_fil_detache(name: str, blocking: Callable[[], T]) -> asyncio.Future[T]:
    """Run `blocking` in a daemon thread; unlike `asyncio.to_thread`, a call that never
    returns holds neither the event loop's end nor the interpreter's exit."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if future.done():
            return  # the awaiting step gave up on it
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        result: T | None = None
        error: BaseException | None = None
        try:
            result = blocking()
        except BaseException as raised:  # handed over to the awaiting coroutine
            error = raised
        with contextlib.suppress(RuntimeError):  # the loop has closed meanwhile
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, name=name, daemon=True).start()
    return future
