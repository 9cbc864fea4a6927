"""JSON API of activities (comptes rendus d'activité): the reads; the writes are in
web/cas_usage/activites.py.

For mediators (and admins): a mediator reaches only their own activities; another's id is
answered 404, so that its existence is not revealed. Admins reach all.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Annotated, Any
from uuid import UUID

import asyncpg
import msgspec
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter

from domain.activites.historique import Ligne, historique
from domain.activites.regles import PARIS
from domain.activites.state import Activite, fold
from domain.errors import DomainError
from mednum.accounts import User
from mednum.composition import Services
from mednum.services.activites import Activites
from projections.activites_requetes import (
    ActiviteVue,
    FiltresActivites,
    lire_activite,
    lister_activites,
    noms_lieux,
)
from projections.activites_statistiques import Comparaison, Reference, comparer
from web.api.ecritures import Apres, Decalage, Limite, page_de
from web.api.schemas import ERREURS_LECTURE_PROTEGEE, Page
from web.auth.guards import MEDIATION, mediateur_vu, utilisateur
from web.deps import wait_if_asked

PERIODE_MAX_JOURS = 3660


class ActiviteDetail(msgspec.Struct, frozen=True, kw_only=True):
    """An activity, its notes (read from its events, not copied to the read model) and its
    history: who changed what, and when."""

    activite: ActiviteVue
    notes: str | None
    historique: list[Ligne]


def periode(du: dt.date | None, au: dt.date | None, aujourdhui: dt.date) -> tuple[dt.date, dt.date]:
    """The period asked for; by default the last 30 days. Bad bounds are a 422 in French."""
    au = au or aujourdhui
    du = du or au - dt.timedelta(days=29)
    if du > au:
        raise DomainError(
            "La date de début (du) est après la date de fin (au) : inversez-les.", "du"
        )
    if (au - du).days > PERIODE_MAX_JOURS:
        raise DomainError("Choisissez une période de 10 ans au plus.", "du")
    return du, au


async def lire_detail(
    db: asyncpg.Connection, activites: Activites, activite_id: UUID, user: User
) -> tuple[ActiviteVue, Activite, list[Ligne]]:
    """The activity as listed, as recorded, and its history; 404 if this user may not
    reach it."""
    events = await asyncio.to_thread(activites.evenements_de, activite_id, user)
    vue = await lire_activite(db, activite_id) if events else None
    activite = fold(events) if events else None
    if vue is None or activite is None or events is None:
        raise NotFoundException("Cette activité n'existe pas.")
    lieux = [e.compte_rendu.lieu_id for e in events if getattr(e, "compte_rendu", None)]
    noms = await noms_lieux(db, [lieu for lieu in lieux if lieu])
    return vue, activite, historique(events, noms)


class ActivitesController(Controller):
    path = "/activites"
    tags = ["Activités"]
    guards = [MEDIATION]

    @get("/", operation_id="listerActivites", responses=ERREURS_LECTURE_PROTEGEE)
    async def lister(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        du: Annotated[dt.date | None, QueryParameter(description="Depuis ce jour")] = None,
        au: Annotated[dt.date | None, QueryParameter(description="Jusqu'à ce jour")] = None,
        type: Annotated[
            str | None, QueryParameter(description="individuel ou collectif", max_length=20)
        ] = None,
        thematique: Annotated[str | None, QueryParameter(max_length=60)] = None,
        lieu_id: Annotated[UUID | None, QueryParameter()] = None,
        beneficiaire_id: Annotated[UUID | None, QueryParameter()] = None,
        supprimees: Annotated[bool, QueryParameter(description="Inclure les supprimées")] = False,
        limit: Limite = 50,
        offset: Decalage = 0,
        apres: Apres = None,
    ) -> Page[ActiviteVue]:
        """Lister mes activités (toutes pour un administrateur), les plus récentes d'abord."""
        await wait_if_asked(request, apres)
        filtres = FiltresActivites(
            mediateur=mediateur_vu(utilisateur(request)),
            du=du,
            au=au,
            type=type,
            thematique=thematique,
            lieu_id=lieu_id,
            beneficiaire_id=beneficiaire_id,
            inclure_supprimees=supprimees,
        )
        return await page_de(lister_activites, db, filtres, limit=limit, offset=offset)

    @get("/statistiques", operation_id="statistiquesActivites", responses=ERREURS_LECTURE_PROTEGEE)
    async def statistiques(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        du: Annotated[
            dt.date | None, QueryParameter(description="Début (30 jours avant au)")
        ] = None,
        au: Annotated[dt.date | None, QueryParameter(description="Fin (aujourd'hui)")] = None,
        comparaison: Annotated[
            Reference,
            QueryParameter(
                description="precedente : période précédente de même durée ; annee : N-1"
            ),
        ] = "precedente",
        apres: Apres = None,
    ) -> Comparaison:
        """Mes chiffres sur une période, avec la période précédente de même durée (ou la même
        période l'année précédente)."""
        await wait_if_asked(request, apres)
        debut, fin = periode(du, au, dt.datetime.now(PARIS).date())
        return await comparer(db, debut, fin, mediateur_vu(utilisateur(request)), comparaison)

    @get("/{activite_id:uuid}", operation_id="lireActivite", responses=ERREURS_LECTURE_PROTEGEE)
    async def lire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
        activite_id: FromPath[UUID],
        apres: Apres = None,
    ) -> ActiviteDetail:
        """Lire une de mes activités, avec ses notes et son historique."""
        await wait_if_asked(request, apres)
        vue, activite, lignes = await lire_detail(
            db, composition.activites, activite_id, utilisateur(request)
        )
        return ActiviteDetail(activite=vue, notes=activite.compte_rendu.notes, historique=lignes)
