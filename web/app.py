"""The Litestar application: `create_app()` wires the web layer onto the hub."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from litestar import Litestar, Router
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.middleware import DefineMiddleware
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router

from mednum.communes import referentiel_communes
from mednum.database import prepare_database
from mednum.eventstore import open_event_store
from mednum.projector import ProjectionWaiter, ProjectorService
from mednum.scheduler import schedule_housekeeping
from mednum.service import Hub
from mednum.settings import Settings
from projections.catalogue import all_projections
from web.api.communes import CommunesController
from web.api.export import ExportLieux
from web.api.health import health
from web.api.lieux import LieuxController
from web.auth.csrf import SESSION_COOKIE, CSRFUnlessBearerMiddleware
from web.auth.guards import public
from web.auth.middleware import AuthMiddleware
from web.auth.sessions import PostgresStore, RotatingSessionConfig
from web.errors import EXCEPTION_HANDLERS
from web.pages.auth import AuthPages
from web.pages.imports import ImportPages
from web.pages.lieux import LieuxPages
from web.pages.public import PublicPages
from web.security import SecurityHeadersMiddleware
from web.static_assets import STATIC_DIR, vendor_directories
from web.templating import template_config

SESSION_MAX_AGE = 8 * 3600


def create_app(settings: Settings, dsn: str, *, prepare: bool = True) -> Litestar:
    """The whole site. `dsn` names a PostgreSQL database; `prepare` migrates it at start."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        if prepare:
            await prepare_database(dsn)
        app.state.pool = await asyncpg.create_pool(dsn, min_size=1, max_size=10)
        event_store = await asyncio.to_thread(open_event_store, dsn)
        app.state.hub = Hub(event_store, referentiel_communes())
        projections = all_projections()
        app.state.waiter = ProjectionWaiter(dsn, [p.name for p in projections])
        await app.state.waiter.start()
        app.state.projectors = ProjectorService(
            dsn, projections, batch_size=settings.projector_batch_size
        )
        if settings.run_projectors:
            await app.state.projectors.start()
        scheduler = AsyncIOScheduler(timezone="Europe/Paris")
        schedule_housekeeping(scheduler, app.state.pool)
        scheduler.start()
        try:
            yield
        finally:
            scheduler.shutdown(wait=False)
            await app.state.projectors.stop()
            await app.state.waiter.stop()
            await app.state.pool.close()
            await asyncio.to_thread(event_store.close)

    state = State({"settings": settings})
    session_config = RotatingSessionConfig(
        key=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
        store="sessions",
    )
    csrf_config = CSRFConfig(
        secret=settings.secret_key,
        cookie_name="mednum_csrf",
        cookie_secure=settings.secure_cookies,
        cookie_samesite="lax",
        header_name="x-csrftoken",
    )
    static_router = create_static_files_router(
        path="/static", directories=[STATIC_DIR], guards=[public]
    )
    vendor_routers = [
        create_static_files_router(
            path=f"/static/vendor/{name}", directories=[directory], guards=[public]
        )
        for name, directory in vendor_directories().items()
    ]
    api = Router(
        path="/api/v1",
        route_handlers=[LieuxController, ExportLieux, CommunesController],
        tags=["API"],
    )
    return Litestar(
        route_handlers=[
            api,
            health,
            PublicPages,
            AuthPages,
            LieuxPages,
            ImportPages,
            static_router,
            *vendor_routers,
        ],
        lifespan=[lifespan],
        state=state,
        stores={"sessions": PostgresStore(state)},
        middleware=[
            DefineMiddleware(SecurityHeadersMiddleware, tiles_url=settings.tiles_url),
            session_config.middleware,
            DefineMiddleware(AuthMiddleware, exclude=["^/static"]),
            DefineMiddleware(CSRFUnlessBearerMiddleware, config=csrf_config),
        ],
        template_config=template_config(),
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=OpenAPIConfig(
            title="MedNum — API",
            version="1",
            description=(
                "API du registre MedNum. Authentification des clients machines : "
                "`Authorization: Bearer <jeton>` (jeton créé par `mednum token create EMAIL`)."
            ),
            path="/schema",
            render_plugins=[JsonRenderPlugin(path=["/", "/openapi.json"])],
            openapi_router=Router(
                path="/schema", route_handlers=[], guards=[public], include_in_schema=False
            ),
            components=Components(
                security_schemes={
                    "jeton": SecurityScheme(type="http", scheme="bearer"),
                }
            ),
        ),
        debug=False,
    )
