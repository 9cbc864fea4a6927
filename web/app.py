"""The Litestar application: `create_app()` wires the web layer onto the hub."""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from litestar import Litestar, Router
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.middleware import DefineMiddleware
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router

from mednum.composition import services_sur
from mednum.infra.database import prepare_database
from mednum.infra.election import Election
from mednum.infra.eventstore import open_event_store
from mednum.infra.lecture_ecriture import ProjectionWaiter, topics_of
from mednum.infra.projector import ProjectorService
from mednum.infra.registre_effacements import RegistreEffacements
from mednum.infra.taches import Taches
from mednum.jobs.planification import schedule_housekeeping
from mednum.jobs.rapports_planifies import planifier_rapports
from mednum.jobs.retention import planifier_retention
from mednum.jobs.suivi_orientations import planifier_suivi_orientations
from mednum.settings import Settings
from projections.catalogue import all_projections
from web.api.acteurs import StructuresController
from web.api.acteurs_aidants import AidantsController
from web.api.activites import ActivitesController
from web.api.beneficiaires import BeneficiairesController
from web.api.communes import CommunesController
from web.api.diagnostics import (
    DiagnosticsBeneficiaireController,
    DiagnosticsController,
    ReferentielController,
)
from web.api.export import ExportLieux
from web.api.export_coop import exporter_activites_coop
from web.api.financements import FinancementsController
from web.api.formations import ParcoursController
from web.api.formations_sessions import SessionsFormationController
from web.api.health import health
from web.api.hors_ligne import HorsLigneController
from web.api.lieux import LieuxController
from web.api.lieux_proches import LieuxProchesController
from web.api.lieux_suivi import SuiviLieuxController
from web.api.orientations import (
    ConfirmationPriseEnChargeController,
    OrientationsController,
    ProposerOrientationPublique,
)
from web.api.pass_numerique import PassNumeriqueController
from web.api.rapports import IndicateursController, RapportsController
from web.arret import borne, en_fil_detache
from web.auth.csrf import SESSION_COOKIE, CSRFUnlessBearerMiddleware
from web.auth.guards import public
from web.auth.jetons import CacheJetons
from web.auth.middleware import AuthMiddleware
from web.auth.sessions import PostgresStore, RotatingSessionConfig
from web.cache_http import CacheStatiqueMiddleware
from web.cas_usage import TOUS
from web.deps import DEPENDANCES
from web.errors import EXCEPTION_HANDLERS
from web.exposition import routes_api, routes_formulaires
from web.mesures import MesuresMiddleware, metrics
from web.pages.accueil import AccueilMediateurPages
from web.pages.acteurs_aidants import AidantsPages
from web.pages.acteurs_structures import StructuresPages
from web.pages.activites import ActivitesPages
from web.pages.activites_rapide import SeanceRapidePages
from web.pages.activites_statistiques import StatistiquesActivitesPages
from web.pages.auth import AuthPages
from web.pages.beneficiaires import BeneficiairesPages
from web.pages.carte_script import DEJA_COMPRESSE, CarteScript
from web.pages.diagnostics import DiagnosticsPages
from web.pages.financements import FinancementsPages
from web.pages.formations import FormationsPages
from web.pages.formations_sessions import SessionsFormationPages
from web.pages.hors_ligne import HorsLignePages
from web.pages.import_coop import ImportCoopPages
from web.pages.imports import ImportPages
from web.pages.lieux import LieuxPages
from web.pages.lieux_suivi import SuiviLieuxPages
from web.pages.orientation import OrientationPages
from web.pages.orientation_mediateur import OrientationMediateurPages
from web.pages.pass_numerique import PassNumeriquePages
from web.pages.public import PublicPages
from web.pages.rapports import RapportsPages
from web.pages.signalements import SignalementPublicPages, SignalementsPages
from web.security import SecurityHeadersMiddleware, mandataires_de_confiance
from web.static_assets import STATIC_DIR, vendor_directories
from web.templating import template_config

SESSION_MAX_AGE = 8 * 3600


def compression() -> CompressionConfig:
    """brotli where the browser takes it, gzip otherwise; gzip alone when the optional
    `brotli` package (pinned in constraints.txt) is not installed."""
    # Bodies compressed once and kept (the map's markers) say so with DEJA_COMPRESSE.
    if importlib.util.find_spec("brotli") is not None:
        return CompressionConfig(
            backend="brotli",
            brotli_gzip_fallback=True,
            minimum_size=500,
            exclude_opt_key=DEJA_COMPRESSE,
        )
    return CompressionConfig(backend="gzip", minimum_size=500, exclude_opt_key=DEJA_COMPRESSE)


def create_app(settings: Settings, dsn: str, *, prepare: bool = True) -> Litestar:
    """The whole site. `dsn` names a PostgreSQL database; `prepare` migrates it at start."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        if prepare:
            await prepare_database(dsn)
        app.state.pool = await asyncpg.create_pool(dsn, min_size=1, max_size=settings.db_pool_size)
        # Read models of safe requests: the replica when there is one (web/deps.py).
        app.state.lecture = app.state.pool
        if settings.read_database_url:
            app.state.lecture = await asyncpg.create_pool(
                settings.read_database_url,
                min_size=1,
                max_size=settings.read_pool_size,
                timeout=5,  # connecting: a replica out of reach sends reads to the primary
            )
        app.state.dsn = dsn
        app.state.jetons = CacheJetons(settings.token_cache_seconds)
        app.state.taches = Taches()
        event_store = await asyncio.to_thread(
            open_event_store,
            dsn,
            pool_size=settings.event_store_pool_size,
            max_overflow=settings.event_store_max_overflow,
        )
        app.state.services = services_sur(
            event_store,
            settings.secret_key,
            RegistreEffacements.du_dossier(settings.data_dir),
        )
        app.state.hub = app.state.services.hub
        projections = all_projections()
        app.state.waiter = ProjectionWaiter(dsn, topics_of(projections))
        await app.state.waiter.start()
        # Jobs run in one process of all those sharing the primary: the elected one.
        scheduler = AsyncIOScheduler(timezone="Europe/Paris")
        app.state.election = Election(dsn, on_lead=scheduler.resume, on_lose=scheduler.pause)
        app.state.projectors = ProjectorService(
            dsn,
            projections,
            batch_size=settings.projector_batch_size,
            election=app.state.election,
        )
        if settings.run_projectors:
            await app.state.projectors.start()
        schedule_housekeeping(scheduler, app.state.pool)
        planifier_retention(
            scheduler, app.state.pool, app.state.services.beneficiaires, settings.retention_jours
        )
        planifier_suivi_orientations(scheduler, app.state.pool, app.state.services.orientations)
        planifier_rapports(
            scheduler, app.state.pool, settings.rapports_territoire, settings.seuil_secret
        )
        scheduler.start(paused=True)
        await app.state.election.start()
        try:
            yield
        finally:
            scheduler.shutdown(wait=False)
            await borne("background tasks", app.state.taches.arreter())
            await borne("projectors", app.state.projectors.stop())
            await borne("leader election", app.state.election.stop())
            await borne("read-your-writes listener", app.state.waiter.stop())
            if app.state.lecture is not app.state.pool and not await borne(
                "replica connection pool", app.state.lecture.close()
            ):
                app.state.lecture.terminate()
            if not await borne("connection pool", app.state.pool.close()):
                app.state.pool.terminate()
            await borne("event store", en_fil_detache("event-store-close", event_store.close))

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
        route_handlers=[
            LieuxController,
            LieuxProchesController,
            SuiviLieuxController,
            ExportLieux,
            exporter_activites_coop,
            CommunesController,
            StructuresController,
            AidantsController,
            ActivitesController,
            HorsLigneController,
            BeneficiairesController,
            ParcoursController,
            SessionsFormationController,
            ReferentielController,
            DiagnosticsBeneficiaireController,
            DiagnosticsController,
            OrientationsController,
            ConfirmationPriseEnChargeController,
            ProposerOrientationPublique,
            FinancementsController,
            PassNumeriqueController,
            RapportsController,
            IndicateursController,
            *routes_api(TOUS),
        ],
        tags=["API"],
    )
    return Litestar(
        route_handlers=[
            api,
            health,
            metrics,
            # The site's pages and their forms: HTML, out of the API's document.
            Router(
                path="/",
                include_in_schema=False,
                route_handlers=[
                    PublicPages,
                    CarteScript,
                    AccueilMediateurPages,
                    SignalementPublicPages,
                    SignalementsPages,
                    AuthPages,
                    HorsLignePages,
                    ActivitesPages,
                    SeanceRapidePages,
                    StatistiquesActivitesPages,
                    BeneficiairesPages,
                    LieuxPages,
                    StructuresPages,
                    AidantsPages,
                    FormationsPages,
                    SessionsFormationPages,
                    SuiviLieuxPages,
                    ImportPages,
                    ImportCoopPages,
                    DiagnosticsPages,
                    OrientationPages,
                    OrientationMediateurPages,
                    FinancementsPages,
                    PassNumeriquePages,
                    RapportsPages,
                    *routes_formulaires(TOUS),
                ],
            ),
            static_router,
            *vendor_routers,
        ],
        lifespan=[lifespan],
        dependencies=DEPENDANCES,
        state=state,
        stores={"sessions": PostgresStore(state)},
        middleware=[
            *mandataires_de_confiance(settings.trusted_proxies),
            MesuresMiddleware,
            DefineMiddleware(SecurityHeadersMiddleware, tiles_url=settings.tiles_url),
            CacheStatiqueMiddleware,
            session_config.middleware,
            DefineMiddleware(AuthMiddleware, exclude=["^/static"]),
            DefineMiddleware(CSRFUnlessBearerMiddleware, config=csrf_config),
        ],
        template_config=template_config(),
        compression_config=compression(),
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
