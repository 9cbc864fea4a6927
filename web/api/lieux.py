"""JSON API of the registry's places, in the national standard's field names."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import asyncpg
from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.params import QueryParameter

from mednum.accounts import Role
from projections.lieux_requetes import FiltresLieux, LieuVue, lire_lieu, lister_lieux
from web.api.ecritures import Apres, Decalage, Limite, page_de
from web.api.lectures import route_lecture
from web.api.schemas import ERREURS_LECTURE, ERREURS_RECHERCHE, Page
from web.auth.guards import public, roles
from web.deps import wait_if_asked
from web.filtres_carte import CriteresStandard, avec_services, provide_criteres

EDITEURS = roles(Role.COORDINATEUR)


class LieuxController(Controller):
    path = "/lieux"
    tags = ["Lieux"]
    dependencies = {"criteres": Provide(provide_criteres)}

    @get(
        "/",
        guards=[public],
        operation_id="listerLieux",
        summary="Lister les lieux",
        responses=ERREURS_RECHERCHE,
    )
    async def lister(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        criteres: NamedDependency[CriteresStandard],
        commune: Annotated[
            str | None, QueryParameter(description="Code INSEE ou code postal", max_length=5)
        ] = None,
        departement: Annotated[str | None, QueryParameter(max_length=3)] = None,
        service: Annotated[str | None, QueryParameter(max_length=100)] = None,
        q: Annotated[str | None, QueryParameter(description="Nom du lieu", max_length=100)] = None,
        a_verifier: Annotated[
            bool,
            QueryParameter(description="Seulement les fiches non vérifiées depuis 12 mois"),
        ] = False,
        limit: Limite = 50,
        offset: Decalage = 0,
        apres: Apres = None,
    ) -> Page[LieuVue]:
        await wait_if_asked(request, apres)
        filtres = await avec_services(criteres, None).resoudre(
            db,
            FiltresLieux(
                commune=commune,
                departement=departement,
                service=service,
                q=q,
                a_verifier=a_verifier,
            ),
            datetime.now(UTC),
        )
        return await page_de(lister_lieux, db, filtres, limit=limit, offset=offset)

    lire = route_lecture(
        "/{lieu_id:uuid}",
        lire_lieu,
        LieuVue,
        guards=[public],
        operation_id="lireLieu",
        summary="Lire un lieu",
        responses=ERREURS_LECTURE,
    )
