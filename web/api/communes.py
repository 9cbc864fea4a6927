"""Commune search, for forms and the map's « commune ou code postal » box."""

from __future__ import annotations

from typing import Annotated

import asyncpg
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from mednum.infra.communes import normaliser
from projections.communes import CommuneVue, chercher_communes, lire_commune
from web.api.schemas import ERREURS_LECTURE
from web.auth.guards import public
from web.errors import ou_404


class CommunesController(Controller):
    path = "/communes"
    tags = ["Communes"]
    guards = [public]

    @get("/", operation_id="chercherCommunes", responses=ERREURS_LECTURE)
    async def chercher(
        self,
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[
            str, QueryParameter(min_length=1, max_length=100, description="Nom ou code postal")
        ],
        limit: Annotated[int, QueryParameter(ge=1, le=50)] = 10,
        territoire: Annotated[
            str,
            QueryParameter(
                max_length=30,
                pattern=r"^((region|departement):\w{2,3})?$",
                description="Ses communes d'abord : region:27 ou departement:21",
            ),
        ] = "",
    ) -> list[CommuneVue]:
        """Chercher une commune par le début de son nom (sans accents) ou son code postal."""
        texte = normaliser(q)
        if not texte:
            return []
        return await chercher_communes(db, texte, limit=limit, territoire=territoire)

    @get("/{code_insee:str}", operation_id="lireCommune", responses=ERREURS_LECTURE)
    async def lire(
        self, db: NamedDependency[asyncpg.Connection], code_insee: FromPath[str]
    ) -> CommuneVue:
        return ou_404(await lire_commune(db, code_insee))
