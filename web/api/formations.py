"""JSON API of trainings: the catalogue of training paths, and what the sessions' API
(web/api/formations_sessions.py) shares with it.

The catalogue and the sessions (with their counts, never people's names) are public; the
enrolments, and every write, are for coordinators (and admins).
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

import asyncpg
import msgspec
from litestar import Controller, Request, Response, get, patch, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody, QueryParameter

from domain.formations.commands import ArchiverParcours, CreerParcours, ModifierParcours
from mednum.accounts import Role
from mednum.services.formations import Formations
from projections.formations_requetes import (
    FiltresParcours,
    ParcoursVue,
    SessionVue,
    lire_parcours,
    lister_parcours,
)
from web.api.ecritures import (
    CREATION,
    Apres,
    Decalage,
    Limite,
    ecriture,
    executer,
    reponse_creation,
)
from web.api.schemas import ERREURS_ECRITURE, ERREURS_LECTURE, Ecriture
from web.auth.guards import auteur, current_user, public, roles
from web.deps import wait_if_asked

COORDINATION = roles(Role.COORDINATEUR)


def provide_formations(state: State) -> Formations:
    return Formations(state.hub)


DEPENDANCES = {
    "formations": Provide(provide_formations, sync_to_thread=False),
}


class PageParcours(msgspec.Struct, frozen=True, kw_only=True):
    items: list[ParcoursVue]
    total: int
    limit: int
    offset: int


class PageSessions(msgspec.Struct, frozen=True, kw_only=True):
    items: list[SessionVue]
    total: int
    limit: int
    offset: int


def _coordination(request: Request[Any, Any, Any]) -> bool:
    user = current_user(request)
    return user is not None and user.role in (Role.ADMIN, Role.COORDINATEUR)


def pour_le_lecteur(request: Request[Any, Any, Any], session: SessionVue) -> SessionVue:
    # The link of a remote session is for the enrolled (through the coordinators), not for all.
    if _coordination(request) or session.modalites_distance is None:
        return session
    return msgspec.structs.replace(session, modalites_distance=None)


class ParcoursController(Controller):
    path = "/parcours"
    tags = ["Formations"]
    dependencies = DEPENDANCES

    @get("/", guards=[public], operation_id="listerParcours", responses=ERREURS_LECTURE)
    async def lister(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[str | None, QueryParameter(description="Titre", max_length=100)] = None,
        type_aidant: Annotated[
            str | None, QueryParameter(description="Parcours visant ce type", max_length=50)
        ] = None,
        archives: Annotated[bool, QueryParameter(description="Inclure les archivés")] = False,
        limit: Limite = 50,
        offset: Decalage = 0,
        apres: Apres = None,
    ) -> PageParcours:
        """Le catalogue des parcours de formation des aidants."""
        await wait_if_asked(request, apres)
        filtres = FiltresParcours(q=q, type_aidant=type_aidant, inclure_archives=archives)
        items, total = await lister_parcours(db, filtres, limit=limit, offset=offset)
        return PageParcours(items=items, total=total, limit=limit, offset=offset)

    @get(
        "/{parcours_id:uuid}",
        guards=[public],
        operation_id="lireParcours",
        responses=ERREURS_LECTURE,
    )
    async def lire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        parcours_id: FromPath[UUID],
        apres: Apres = None,
    ) -> ParcoursVue:
        await wait_if_asked(request, apres)
        parcours = await lire_parcours(db, parcours_id)
        if parcours is None:
            raise NotFoundException()
        return parcours

    @post("/", guards=[COORDINATION], operation_id="creerParcours", responses=CREATION)
    async def creer(
        self,
        request: Request[Any, Any, Any],
        formations: NamedDependency[Formations],
        data: JSONBody[CreerParcours],
    ) -> Response[Ecriture]:
        """Ajouter un parcours au catalogue (les heures des modules font la durée)."""
        resultat = await asyncio.to_thread(formations.creer_parcours, data, auteur(request))
        return reponse_creation(resultat, "parcours")

    @patch(
        "/{parcours_id:uuid}",
        guards=[COORDINATION],
        operation_id="modifierParcours",
        responses=ERREURS_ECRITURE,
    )
    async def modifier(
        self,
        request: Request[Any, Any, Any],
        formations: NamedDependency[Formations],
        parcours_id: FromPath[UUID],
        data: JSONBody[ModifierParcours],
    ) -> Ecriture:
        """Modifier un parcours : seuls les champs présents changent ; `version` obligatoire."""
        return ecriture(
            await executer(
                formations.modifier_parcours,
                formations.parcours,
                parcours_id,
                data,
                auteur(request),
            )
        )

    @post(
        "/{parcours_id:uuid}/archivage",
        guards=[COORDINATION],
        operation_id="archiverParcours",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def archiver(
        self,
        request: Request[Any, Any, Any],
        formations: NamedDependency[Formations],
        parcours_id: FromPath[UUID],
        data: JSONBody[ArchiverParcours],
    ) -> Ecriture:
        """Retirer un parcours du catalogue (ses sessions et son historique restent)."""
        return ecriture(
            await executer(
                formations.archiver_parcours,
                formations.parcours,
                parcours_id,
                data,
                auteur(request),
            )
        )
