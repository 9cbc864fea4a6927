"""JSON API of the sessions of training paths: public sessions with their counts (never
names), and for coordinators the enrolments, attendance and completions."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, Response, get, patch, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody, QueryParameter

from domain.formations.commands import (
    AnnulerInscription,
    AnnulerSession,
    EnregistrerPresences,
    InscrireAidant,
    ModifierSession,
    ProgrammerSession,
    TerminerFormation,
)
from domain.formations.outils import PARIS
from mednum.services.formations import Formations
from projections.formations_requetes import (
    FiltresSessions,
    InscriptionVue,
    SessionVue,
    inscriptions_de_session,
    lire_session,
    lister_sessions,
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
from web.api.formations import COORDINATION, DEPENDANCES, PageSessions, pour_le_lecteur
from web.api.schemas import ERREURS_ECRITURE, ERREURS_LECTURE, Ecriture
from web.auth.guards import auteur, public
from web.deps import wait_if_asked


class SessionsFormationController(Controller):
    path = "/sessions-formation"
    tags = ["Formations"]
    dependencies = DEPENDANCES

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
    ) -> PageSessions:
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
        return PageSessions(items=items, total=total, limit=limit, offset=offset)

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

    @post("/", guards=[COORDINATION], operation_id="programmerSession", responses=CREATION)
    async def programmer(
        self,
        request: Request[Any, Any, Any],
        formations: NamedDependency[Formations],
        data: JSONBody[ProgrammerSession],
    ) -> Response[Ecriture]:
        """Programmer une session d'un parcours, dans un lieu du registre ou à distance."""
        resultat = await asyncio.to_thread(formations.programmer_session, data, auteur(request))
        return reponse_creation(resultat, "sessions-formation")

    @patch(
        "/{session_id:uuid}",
        guards=[COORDINATION],
        operation_id="modifierSession",
        responses=ERREURS_ECRITURE,
    )
    async def modifier(
        self,
        request: Request[Any, Any, Any],
        formations: NamedDependency[Formations],
        session_id: FromPath[UUID],
        data: JSONBody[ModifierSession],
    ) -> Ecriture:
        """Modifier une session : seuls les champs présents changent ; `version` obligatoire."""
        return ecriture(
            await executer(
                formations.modifier_session, formations.session, session_id, data, auteur(request)
            )
        )

    @post(
        "/{session_id:uuid}/annulation",
        guards=[COORDINATION],
        operation_id="annulerSession",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def annuler(
        self,
        request: Request[Any, Any, Any],
        formations: NamedDependency[Formations],
        session_id: FromPath[UUID],
        data: JSONBody[AnnulerSession],
    ) -> Ecriture:
        """Annuler une session, avec son motif."""
        return ecriture(
            await executer(
                formations.annuler_session, formations.session, session_id, data, auteur(request)
            )
        )

    @post(
        "/{session_id:uuid}/inscriptions",
        guards=[COORDINATION],
        operation_id="inscrireAidant",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def inscrire(
        self,
        request: Request[Any, Any, Any],
        formations: NamedDependency[Formations],
        session_id: FromPath[UUID],
        data: JSONBody[InscrireAidant],
    ) -> Ecriture:
        """Inscrire un aidant ; session complète : il passe en liste d'attente."""
        return ecriture(
            await asyncio.to_thread(formations.inscrire, session_id, data, auteur(request))
        )

    @post(
        "/{session_id:uuid}/desinscriptions",
        guards=[COORDINATION],
        operation_id="annulerInscription",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def desinscrire(
        self,
        request: Request[Any, Any, Any],
        formations: NamedDependency[Formations],
        session_id: FromPath[UUID],
        data: JSONBody[AnnulerInscription],
    ) -> Ecriture:
        """Annuler une inscription ; le premier de la liste d'attente prend la place."""
        return ecriture(
            await asyncio.to_thread(
                formations.annuler_inscription, session_id, data, auteur(request)
            )
        )

    @post(
        "/{session_id:uuid}/presences",
        guards=[COORDINATION],
        operation_id="enregistrerPresences",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def presences(
        self,
        request: Request[Any, Any, Any],
        formations: NamedDependency[Formations],
        session_id: FromPath[UUID],
        data: JSONBody[EnregistrerPresences],
    ) -> Ecriture:
        """La feuille d'émargement : présent ou absent, par inscrit et par créneau passé."""
        return ecriture(
            await asyncio.to_thread(
                formations.enregistrer_presences, session_id, data, auteur(request)
            )
        )

    @post(
        "/{session_id:uuid}/fins-de-formation",
        guards=[COORDINATION],
        operation_id="terminerFormation",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def terminer(
        self,
        request: Request[Any, Any, Any],
        formations: NamedDependency[Formations],
        session_id: FromPath[UUID],
        data: JSONBody[TerminerFormation],
    ) -> Ecriture:
        """Déclarer la formation terminée pour un aidant : à partir du dernier jour, s'il a
        été présent à chaque créneau. La qualification du parcours est alors enregistrée
        sur l'aidant."""
        return ecriture(
            await asyncio.to_thread(
                formations.terminer_formation, session_id, data, auteur(request)
            )
        )


async def _session_ou_404(db: asyncpg.Connection, session_id: UUID) -> SessionVue:
    session = await lire_session(db, session_id)
    if session is None:
        raise NotFoundException()
    return session
