"""Dependencies shared by controllers and pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import asyncpg
from litestar import Request
from litestar.datastructures import State
from litestar.di import Provide
from litestar.params import QueryParameter

from mednum.composition import Services
from mednum.services.executeur import Hub
from mednum.settings import Settings
from web.lecture import POSITION_MAX, connexion_de_lecture, pool_de_lecture


async def provide_connection(request: Request[Any, Any, Any]) -> AsyncIterator[asyncpg.Connection]:
    async with connexion_de_lecture(request) as conn:
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


# A page's `?apres=`: the position of the write it follows (web.formulaires.apres), to wait for.
Position = Annotated[int | None, QueryParameter(name="apres")]


async def wait_if_asked(request: Request[Any, Any, Any], apres: int | None) -> None:
    """Wait for the write a page follows; past the bound, the page says it may not show it
    yet (web/templating.py), and a record not found yet is « en cours », not « introuvable »
    (web/errors.py)."""
    if apres is not None and apres > 0:
        pool = await pool_de_lecture(request)
        if not await wait_for_projection(request.app.state, min(apres, POSITION_MAX), pool):
            request.state.saisie_en_cours = True


def saisie_en_cours(request: Request[Any, Any, Any]) -> bool:
    """Whether this page follows a write the read models have not reached yet."""
    return bool(getattr(request.state, "saisie_en_cours", False))


@asynccontextmanager
async def connexion(request: Request[Any, Any, Any]) -> AsyncIterator[asyncpg.Connection]:
    """A pooled connection for code that is not a handler (a page shown again on a refusal),
    from the same pool as the handler's `db`."""
    async with connexion_de_lecture(request) as conn:
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
