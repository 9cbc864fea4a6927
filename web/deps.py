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

# Requests that change nothing may read a replica; the others read what they write.
METHODES_SURES = frozenset({"GET", "HEAD", "OPTIONS"})


async def pool_de_lecture(request: Request[Any, Any, Any]) -> asyncpg.Pool:
    """Where this request reads the read models, chosen once per request.

    Without `MEDNUM_READ_DATABASE_URL`, or for a request that writes, the primary. A safe
    request reads the replica; if it shows a write (`?apres=N`), only once the replica has
    applied N, waiting at most `read_replica_wait` — past that, it reads the primary (which
    `wait_if_asked` then waits for as before)."""
    deja: asyncpg.Pool | None = request.state.get("pool_de_lecture")
    if deja is not None:
        return deja
    state = request.app.state
    pool: asyncpg.Pool = state.pool
    if state.lecture is not state.pool and request.method in METHODES_SURES:
        pool = state.lecture
        apres = _position_demandee(request)
        if apres is not None:
            settings: Settings = state.settings
            if not await state.waiter.wait_for(
                state.lecture, apres, settings.read_replica_wait, replique=True
            ):
                pool = state.pool
    request.state.pool_de_lecture = pool
    return pool


def _position_demandee(request: Request[Any, Any, Any]) -> int | None:
    """`?apres=N` as the handlers read it (an invalid one is theirs to refuse)."""
    texte = request.query_params.get("apres")
    try:
        valeur = int(texte) if texte is not None else 0
    except ValueError:
        return None
    return min(valeur, POSITION_MAX) if valeur > 0 else None


async def provide_connection(request: Request[Any, Any, Any]) -> AsyncIterator[asyncpg.Connection]:
    pool = await pool_de_lecture(request)
    async with pool.acquire() as conn:
        yield conn


def provide_hub(state: State) -> Hub:
    hub: Hub = state.hub
    return hub


async def wait_for_projection(
    state: State, notification_id: int | None, pool: asyncpg.Pool | None = None
) -> bool:
    """Read-your-writes: wait (bounded) until the read models passed `notification_id`, as
    `pool` sees them (the primary by default)."""
    settings: Settings = state.settings
    lue = state.pool if pool is None else pool
    return bool(
        await state.waiter.wait_for(
            lue,
            notification_id,
            settings.read_your_writes_timeout,
            replique=lue is not state.pool,
        )
    )


# Positions are PostgreSQL bigints: waiting for a larger one is waiting for one that never comes.
POSITION_MAX = 2**63 - 1


async def wait_if_asked(request: Request[Any, Any, Any], apres: int | None) -> None:
    if apres is not None and apres > 0:
        pool = await pool_de_lecture(request)
        await wait_for_projection(request.app.state, min(apres, POSITION_MAX), pool)


@asynccontextmanager
async def connexion(request: Request[Any, Any, Any]) -> AsyncIterator[asyncpg.Connection]:
    """A pooled connection for code that is not a handler (a page shown again on a refusal),
    from the same pool as the handler's `db`."""
    pool = await pool_de_lecture(request)
    async with pool.acquire() as conn:
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
