"""Stopping the app: a stuck step is left behind instead of holding the process."""

from __future__ import annotations

import asyncio
import threading

from web.arret import borne, en_fil_detache


async def ignores_cancellation(started: asyncio.Event, released: asyncio.Event) -> None:
    started.set()
    while not released.is_set():
        try:
            await released.wait()
        except asyncio.CancelledError:
            continue  # the shape of a step that swallows its cancellation


def test_a_step_that_ignores_cancellation_is_left_behind() -> None:
    # Given a shutdown step that does not end, even when cancelled
    async def scenario() -> tuple[bool, bool]:
        started, released = asyncio.Event(), asyncio.Event()
        step = asyncio.ensure_future(ignores_cancellation(started, released))
        await started.wait()
        # When it is awaited with a bound
        ended = await borne("stuck", step, timeout=0.05)
        still_running = not step.done()
        released.set()
        await step
        return ended, still_running

    ended, still_running = asyncio.run(scenario())
    # Then the shutdown goes on, told that the step did not end
    assert ended is False
    assert still_running


def test_a_step_that_ends_in_time_is_reported_as_ended_even_if_it_failed() -> None:
    async def fails() -> None:
        raise RuntimeError("connexion perdue")

    assert asyncio.run(borne("failing", fails(), timeout=5)) is True


def test_a_blocking_call_that_never_returns_does_not_hold_the_end_of_the_loop() -> None:
    # Given a blocking call that does not return until released
    release = threading.Event()

    async def scenario() -> bool:
        return await borne("blocked", en_fil_detache("blocked", release.wait), timeout=0.05)

    # When the step is given up, then the event loop still ends: `asyncio.run` would wait
    # forever for the same call made with `asyncio.to_thread`
    try:
        assert asyncio.run(scenario()) is False
    finally:
        release.set()


def test_a_blocking_call_hands_back_its_result_and_its_error() -> None:
    async def scenario() -> tuple[int, str]:
        result = await en_fil_detache("sum", lambda: 2 + 2)
        try:
            await en_fil_detache("boom", lambda: int("x"))
        except ValueError as error:
            return result, str(error)
        return result, ""

    result, error = asyncio.run(scenario())
    assert result == 4
    assert "invalid literal" in error
