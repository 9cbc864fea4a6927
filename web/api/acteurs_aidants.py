"""JSON API of aidants (reads; writes are in web/cas_usage/acteurs.py): personal data, so every
route is for coordinators (and admins)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from projections.acteurs_requetes import (
    AidantDetail,
    AidantVue,
    FiltresAidants,
    lire_aidant,
    lister_aidants,
)
from web.api.acteurs import COORDINATION
from web.api.ecritures import Apres, Decalage, Limite, page_de
from web.api.lectures import route_lecture
from web.api.schemas import ERREURS_LECTURE_PROTEGEE, Page
from web.deps import wait_if_asked


class AidantsController(Controller):
    path = "/aidants"
    tags = ["Aidants"]
    guards = [COORDINATION]

    @get("/", operation_id="listerAidants", responses=ERREURS_LECTURE_PROTEGEE)
    async def lister(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[
            str | None, QueryParameter(description="Prénom, nom ou e-mail", max_length=100)
        ] = None,
        type_aidant: Annotated[str | None, QueryParameter(max_length=50)] = None,
        departement: Annotated[
            str | None,
            QueryParameter(description="Département d'une structure actuelle", max_length=3),
        ] = None,
        structure: Annotated[
            UUID | None, QueryParameter(description="Affiliés aujourd'hui à cette structure")
        ] = None,
        actif: Annotated[
            bool | None,
            QueryParameter(
                description="Actifs : affiliés aujourd'hui, sans inactivité de plus de 2 mois"
            ),
        ] = None,
        habilite: Annotated[
            bool | None, QueryParameter(description="Habilités Aidants Connect (non expirée)")
        ] = None,
        desactives: Annotated[bool, QueryParameter(description="Inclure les désactivés")] = False,
        limit: Limite = 50,
        offset: Decalage = 0,
        apres: Apres = None,
    ) -> Page[AidantVue]:
        """Lister les aidants."""
        await wait_if_asked(request, apres)
        filtres = FiltresAidants(
            q=q,
            type_aidant=type_aidant,
            departement=departement,
            structure_id=structure,
            actif=actif,
            habilite=habilite,
            inclure_desactives=desactives,
        )
        return await page_de(lister_aidants, db, filtres, limit=limit, offset=offset)

    lire = route_lecture(
        "/{aidant_id:uuid}",
        lire_aidant,
        AidantDetail,
        "Lire un aidant : affiliations, qualifications (« expiree »), habilitation.",
        operation_id="lireAidant",
        responses=ERREURS_LECTURE_PROTEGEE,
    )
