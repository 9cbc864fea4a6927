"""JSON API of trainings: the catalogue of training paths, and what the sessions' API
(web/api/formations_sessions.py) shares with it.

The catalogue and the sessions (with their counts, never people's names) are public; the
enrolments, and every write, are for coordinators (and admins).
"""

from __future__ import annotations

from typing import Annotated, Any

import asyncpg
import msgspec
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from mednum.accounts import Role
from projections.formations_requetes import (
    FiltresParcours,
    ParcoursVue,
    SessionVue,
    lire_parcours,
    lister_parcours,
)
from web.api.ecritures import Apres, Decalage, Limite, page_de
from web.api.lectures import route_lecture
from web.api.schemas import ERREURS_LECTURE, Page
from web.auth.guards import current_user, public, roles
from web.deps import wait_if_asked

COORDINATION = roles(Role.COORDINATEUR)


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
    ) -> Page[ParcoursVue]:
        """Le catalogue des parcours de formation des aidants."""
        await wait_if_asked(request, apres)
        filtres = FiltresParcours(q=q, type_aidant=type_aidant, inclure_archives=archives)
        return await page_de(lister_parcours, db, filtres, limit=limit, offset=offset)

    lire = route_lecture(
        "/{parcours_id:uuid}",
        lire_parcours,
        ParcoursVue,
        guards=[public],
        operation_id="lireParcours",
        responses=ERREURS_LECTURE,
    )
