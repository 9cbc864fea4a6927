"""JSON API of the registry's places, in the national standard's field names."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, Response, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody, QueryParameter

from domain.lieux.commands import FermerLieu, ModifierLieu, RecenserLieu
from mednum.accounts import Role
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from projections.lieux import FiltresLieux, LieuVue, lire_lieu, lister_lieux
from web.api.ecritures import CREATION, ecriture, executer, reponse_creation
from web.api.schemas import (
    ERREURS_ECRITURE,
    ERREURS_LECTURE,
    ERREURS_RECHERCHE,
    Ecriture,
    PageLieux,
)
from web.auth.guards import auteur, public, roles
from web.deps import provide_hub, wait_if_asked
from web.filtres_carte import CriteresStandard, avec_services, provide_criteres

EDITEURS = roles(Role.COORDINATEUR)


class LieuxController(Controller):
    path = "/lieux"
    tags = ["Lieux"]
    dependencies = {
        "hub": Provide(provide_hub, sync_to_thread=False),
        "criteres": Provide(provide_criteres),
    }

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
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 50,
        offset: Annotated[int, QueryParameter(ge=0, le=1_000_000_000)] = 0,
        apres: Annotated[
            int | None,
            QueryParameter(
                description="Attendre (2 s au plus) que cette position du journal soit "
                "projetée : pour relire aussitôt ce qu'on vient d'écrire",
            ),
        ] = None,
    ) -> PageLieux:
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
        items, total = await lister_lieux(db, filtres, limit=limit, offset=offset)
        return PageLieux(items=items, total=total, limit=limit, offset=offset)

    @get(
        "/{lieu_id:uuid}",
        guards=[public],
        operation_id="lireLieu",
        summary="Lire un lieu",
        responses=ERREURS_LECTURE,
    )
    async def lire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        lieu_id: FromPath[UUID],
        apres: Annotated[
            int | None, QueryParameter(description="Comme pour la liste des lieux")
        ] = None,
    ) -> LieuVue:
        await wait_if_asked(request, apres)
        lieu = await lire_lieu(db, lieu_id)
        if lieu is None:
            raise NotFoundException()
        return lieu

    @post(
        "/",
        guards=[EDITEURS],
        operation_id="recenserLieu",
        summary="Recenser un lieu",
        responses=CREATION,
    )
    async def recenser(
        self,
        request: Request[Any, Any, Any],
        hub: NamedDependency[Hub],
        data: JSONBody[RecenserLieu],
    ) -> Response[Ecriture]:
        resultat = await asyncio.to_thread(Lieux(hub).recenser_lieu, data, auteur(request))
        return reponse_creation(resultat, "lieux")

    @patch(
        "/{lieu_id:uuid}",
        guards=[EDITEURS],
        operation_id="modifierLieu",
        responses=ERREURS_ECRITURE,
    )
    async def modifier(
        self,
        request: Request[Any, Any, Any],
        hub: NamedDependency[Hub],
        lieu_id: FromPath[UUID],
        data: JSONBody[ModifierLieu],
    ) -> Ecriture:
        """Modifier un lieu : seuls les champs présents changent ; `version` est obligatoire."""
        return ecriture(
            await executer(
                Lieux(hub).modifier_lieu, Lieux(hub).lieu, lieu_id, data, auteur(request)
            )
        )

    @post(
        "/{lieu_id:uuid}/fermeture",
        guards=[EDITEURS],
        operation_id="fermerLieu",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def fermer(
        self,
        request: Request[Any, Any, Any],
        hub: NamedDependency[Hub],
        lieu_id: FromPath[UUID],
        data: JSONBody[FermerLieu],
    ) -> Ecriture:
        """Fermer un lieu (il reste dans l'historique, mais disparaît de la carte)."""
        return ecriture(
            await executer(Lieux(hub).fermer_lieu, Lieux(hub).lieu, lieu_id, data, auteur(request))
        )
