"""Dependencies shared by controllers and pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from litestar import Request
from litestar.datastructures import State
from litestar.di import Provide

from mednum.composition import Services
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


@asynccontextmanager
async def connexion(request: Request[Any, Any, Any]) -> AsyncIterator[asyncpg.Connection]:
    """A pooled connection for code that is not a handler (a page shown again on a refusal)."""
    async with request.app.state.pool.acquire() as conn:
        yield conn


def reglages(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def provide_services(state: State) -> Services:
    services: Services = state.services
    return services


# Given to every handler that names them (web/app.py registers them once for the whole app).
DEPENDANCES = {
    "db": Provide(provide_connection),
    # Not "services": Litestar reports a body field of the same name as a dependency failure.
    "composition": Provide(provide_services, sync_to_thread=False),
}


def services(request: Request[Any, Any, Any]) -> Services:
    """The services of the composition root, for code that is not a handler."""
    return provide_services(request.app.state)
