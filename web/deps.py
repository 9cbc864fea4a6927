"""Dependencies shared by controllers and pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
from litestar import Request
from litestar.datastructures import State

from mednum.services.executeur import Hub
from mednum.settings import Settings


async def provide_connection(state: State) -> AsyncIterator[asyncpg.Connection]:
    async with state.pool.acquire() as conn:
        yield conn


def provide_hub(state: State) -> Hub:
    hub: Hub = state.hub
    return hub


async def wait_for_projection(state: State, notification_id: int | None) -> bool:
    """Read-your-writes: wait (bounded) until the read models passed `notification_id`."""
    settings: Settings = state.settings
    return bool(
        await state.waiter.wait_for(state.pool, notification_id, settings.read_your_writes_timeout)
    )


# Positions are PostgreSQL bigints: waiting for a larger one is waiting for one that never comes.
POSITION_MAX = 2**63 - 1


async def wait_if_asked(request: Request[Any, Any, Any], apres: int | None) -> None:
    if apres is not None and apres > 0:
        await wait_for_projection(request.app.state, min(apres, POSITION_MAX))
