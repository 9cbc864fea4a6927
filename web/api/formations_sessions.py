"""JSON API of the sessions of training paths: public sessions with their counts (never
names), and for coordinators the enrolments, attendance and completions (the writes are
declared in web/cas_usage/formations.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from domain.formations.outils import PARIS
from projections.formations_requetes import (
    FiltresSessions,
    InscriptionVue,
    SessionVue,
    inscriptions_de_session,
    lire_session,
    lister_sessions,
)
from web.api.ecritures import Apres, Decalage, Limite
from web.api.formations import COORDINATION, pour_le_lecteur
from web.api.schemas import ERREURS_LECTURE, Page
from web.auth.guards import public
from web.deps import wait_if_asked
from web.errors import ou_404


class SessionsFormationController(Controller):
    path = "/sessions-formation"
    tags = ["Formations"]

    @get("/", guards=[public], operation_id="listerSessionsFormation", responses=ERREURS_LECTURE)
    async def lister(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        parcours_id: Annotated[UUID | None, QueryParameter()] = None,
        a_partir_du: Annotated[
            date | None,
            QueryParameter(
                description="Sessions finissant ce jour ou après (défaut : aujourd'hui)"
            ),
        ] = None,
        jusqu_au: Annotated[
            date | None, QueryParameter(description="Sessions commençant ce jour ou avant")
        ] = None,
        mode: Annotated[
            str | None, QueryParameter(description="presentiel ou distance", max_length=20)
        ] = None,
        departement: Annotated[str | None, QueryParameter(max_length=3)] = None,
        annulees: Annotated[bool, QueryParameter(description="Inclure les annulées")] = False,
        limit: Limite = 50,
        offset: Decalage = 0,
        apres: Apres = None,
    ) -> Page[SessionVue]:
        """Les sessions de formation, à venir par défaut, avec leurs places restantes."""
        await wait_if_asked(request, apres)
        filtres = FiltresSessions(
            parcours_id=parcours_id,
            a_partir_du=a_partir_du or datetime.now(PARIS).date(),
            jusqu_au=jusqu_au,
            mode=mode,
            departement=departement,
            inclure_annulees=annulees,
        )
        items, total = await lister_sessions(db, filtres, limit=limit, offset=offset)
        items = [pour_le_lecteur(request, s) for s in items]
        return Page[SessionVue](items=items, total=total, limit=limit, offset=offset)

    @get(
        "/{session_id:uuid}",
        guards=[public],
        operation_id="lireSessionFormation",
        responses=ERREURS_LECTURE,
    )
    async def lire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        session_id: FromPath[UUID],
        apres: Apres = None,
    ) -> SessionVue:
        await wait_if_asked(request, apres)
        return pour_le_lecteur(request, await _session_ou_404(db, session_id))

    @get(
        "/{session_id:uuid}/inscriptions",
        guards=[COORDINATION],
        operation_id="listerInscriptions",
        responses=ERREURS_LECTURE,
    )
    async def inscriptions(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        session_id: FromPath[UUID],
        apres: Apres = None,
    ) -> list[InscriptionVue]:
        """Les inscrits, la liste d'attente et les annulés, avec présences et fin de formation."""
        await wait_if_asked(request, apres)
        await _session_ou_404(db, session_id)
        return await inscriptions_de_session(db, session_id)


async def _session_ou_404(db: asyncpg.Connection, session_id: UUID) -> SessionVue:
    return ou_404(await lire_session(db, session_id))
