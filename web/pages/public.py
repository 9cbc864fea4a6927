"""Public pages: home, the map with its accessible list, a place's page. No login needed."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import File, Template

from domain.registry.horaires import HorairesInvalides, decrire_jours, parse_horaires
from domain.registry.referentiel import SERVICES
from mednum.communes import normaliser
from mednum.settings import Settings
from projections.communes import chercher_communes, departements
from projections.lieux import FiltresLieux, lire_lieu, lister_lieux, points_carte
from web.auth.guards import public
from web.carte_map import PointCarte, render_carte
from web.deps import provide_connection, wait_if_asked
from web.static_assets import STATIC_DIR
from web.templating import page

LISTE_PAR_PAGE = 50


class PublicPages(Controller):
    guards = [public]
    dependencies = {"db": Provide(provide_connection)}
    include_in_schema = False

    @get("/")
    async def accueil(
        self, request: Request[Any, Any, Any], db: NamedDependency[asyncpg.Connection]
    ) -> Template:
        total = await db.fetchval("SELECT count(*) FROM lieux WHERE NOT ferme")
        return page(request, "accueil.html", total_lieux=total, nav_actif="accueil")

    @get("/favicon.ico", media_type="image/svg+xml", cache=86_400)
    async def favicon(self) -> File:
        # Browsers ask for it on every non-HTML page (JSON, images) whatever the <link> says.
        return File(path=STATIC_DIR / "favicon.svg", content_disposition_type="inline")

    @get("/carte")
    async def carte(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        departement: Annotated[str | None, QueryParameter(max_length=3)] = None,
        service: Annotated[str | None, QueryParameter(max_length=100)] = None,
        page_liste: Annotated[int, QueryParameter(name="page", ge=1, le=10_000)] = 1,
    ) -> Template:
        settings: Settings = request.app.state.settings
        filtres, message = await _filtres_carte(db, q, departement or None, service or None)
        points = await points_carte(db, filtres) if filtres is not None else []
        lieux, total = (
            await lister_lieux(
                db, filtres, limit=LISTE_PAR_PAGE, offset=(page_liste - 1) * LISTE_PAR_PAGE
            )
            if filtres is not None
            else ([], 0)
        )
        carte = (
            render_carte(
                [
                    PointCarte(
                        id=str(p["id"]),
                        nom=p["nom"],
                        adresse=p["adresse"],
                        code_postal=p["code_postal"],
                        commune=p["commune"],
                        latitude=p["latitude"],
                        longitude=p["longitude"],
                        services=tuple(p["services"]),
                    )
                    for p in points
                ],
                tiles_url=settings.tiles_url,
                tiles_attribution=settings.tiles_attribution,
            )
            if points
            else None
        )
        return page(
            request,
            "carte.html",
            nav_actif="carte",
            carte=carte,
            lieux=lieux,
            total=total,
            page_liste=page_liste,
            pages=max(1, -(-total // LISTE_PAR_PAGE)),
            services=SERVICES,
            departements=await departements(db),
            filtres={"q": q or "", "departement": departement or "", "service": service or ""},
            message=message,
        )

    @get("/lieux/{lieu_id:uuid}")
    async def lieu(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        lieu_id: FromPath[UUID],
        apres: FromQuery[int | None] = None,
    ) -> Template:
        await wait_if_asked(request, apres)
        lieu = await lire_lieu(db, lieu_id)
        if lieu is None:
            raise NotFoundException()
        jours: list[tuple[str, str]] = []
        if lieu.horaires:
            try:
                jours = decrire_jours(parse_horaires(lieu.horaires))
            except HorairesInvalides:
                jours = []
        return page(request, "lieu.html", lieu=lieu, jours=jours, en_attente=apres is not None)


async def _filtres_carte(
    db: NamedDependency[asyncpg.Connection],
    q: str | None,
    departement: str | None,
    service: str | None,
) -> tuple[FiltresLieux | None, str | None]:
    """The filters, and a French message when the typed commune matched nothing."""
    if service is not None and service not in SERVICES:
        service = None
    texte = normaliser(q or "")
    if not texte:
        return FiltresLieux(departement=departement, service=service), None
    communes = await chercher_communes(db, texte, limit=20)
    if not communes:
        return (
            None,
            f"Aucune commune ne correspond à « {q} » : vérifiez l'orthographe ou le code postal.",
        )
    codes = [c.code_insee for c in communes]
    return (
        FiltresLieux(codes_insee=codes, departement=departement, service=service),
        None,
    )
