"""JSON API of activities (comptes rendus d'activité).

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
from litestar import Controller, Request, Response, get, patch, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody, QueryParameter

from domain.activites.commands import CorrigerActivite, EnregistrerActivite, SupprimerActivite
from domain.activites.historique import Ligne, historique
from domain.activites.regles import PARIS
from domain.activites.state import Activite
from domain.errors import DomainError
from mednum.accounts import Role, User
from mednum.services.activites import Activites
from projections.activites_requetes import (
    ActiviteVue,
    FiltresActivites,
    lire_activite,
    lister_activites,
    noms_lieux,
)
from projections.activites_statistiques import Comparaison, comparer
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
from web.auth.guards import current_user, roles
from web.deps import wait_if_asked

MEDIATION = roles(Role.MEDIATEUR)
ERREURS_LECTURE_PROTEGEE = {
    **ERREURS_LECTURE,
    **{code: spec for code, spec in ERREURS_ECRITURE.items() if code in (401, 403, 422)},
}
PERIODE_MAX_JOURS = 3660


class PageActivites(msgspec.Struct, frozen=True, kw_only=True):
    items: list[ActiviteVue]
    total: int
    limit: int
    offset: int


class ActiviteDetail(msgspec.Struct, frozen=True, kw_only=True):
    """An activity, its notes (read from its events, not copied to the read model) and its
    history: who changed what, and when."""

    activite: ActiviteVue
    notes: str | None
    historique: list[Ligne]


def provide_activites(state: State) -> Activites:
    return Activites(state.hub)


def utilisateur(request: Request[Any, Any, Any]) -> User:
    user = current_user(request)
    assert user is not None  # the guard let a logged-in user through
    return user


def mediateur_vu(user: User) -> str | None:
    """Whose activities a user reads: a mediator their own, an admin everyone's."""
    return None if user.role is Role.ADMIN else user.email


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


async def detail(
    db: asyncpg.Connection, activites: Activites, activite_id: UUID, user: User
) -> ActiviteDetail:
    events = await asyncio.to_thread(activites.evenements_de, activite_id, user)
    vue = await lire_activite(db, activite_id) if events else None
    if events is None or vue is None:
        raise NotFoundException("Cette activité n'existe pas.")
    lieux = [e.compte_rendu.lieu_id for e in events if getattr(e, "compte_rendu", None)]
    noms = await noms_lieux(db, [lieu for lieu in lieux if lieu])
    activite = await asyncio.to_thread(activites.activite, activite_id)
    assert isinstance(activite, Activite)
    return ActiviteDetail(
        activite=vue, notes=activite.compte_rendu.notes, historique=historique(events, noms)
    )


DEPENDANCES = {
    "activites": Provide(provide_activites, sync_to_thread=False),
}


class ActivitesController(Controller):
    path = "/activites"
    tags = ["Activités"]
    dependencies = DEPENDANCES
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
    ) -> PageActivites:
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
        items, total = await lister_activites(db, filtres, limit=limit, offset=offset)
        return PageActivites(items=items, total=total, limit=limit, offset=offset)

    @get("/statistiques", operation_id="statistiquesActivites", responses=ERREURS_LECTURE_PROTEGEE)
    async def statistiques(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        du: Annotated[
            dt.date | None, QueryParameter(description="Début (30 jours avant au)")
        ] = None,
        au: Annotated[dt.date | None, QueryParameter(description="Fin (aujourd'hui)")] = None,
        apres: Apres = None,
    ) -> Comparaison:
        """Mes chiffres sur une période, avec la période précédente de même durée."""
        await wait_if_asked(request, apres)
        debut, fin = periode(du, au, dt.datetime.now(PARIS).date())
        return await comparer(db, debut, fin, mediateur_vu(utilisateur(request)))

    @get("/{activite_id:uuid}", operation_id="lireActivite", responses=ERREURS_LECTURE_PROTEGEE)
    async def lire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        activites: NamedDependency[Activites],
        activite_id: FromPath[UUID],
        apres: Apres = None,
    ) -> ActiviteDetail:
        """Lire une de mes activités, avec ses notes et son historique."""
        await wait_if_asked(request, apres)
        return await detail(db, activites, activite_id, utilisateur(request))

    @post("/", operation_id="enregistrerActivite", responses=CREATION)
    async def enregistrer(
        self,
        request: Request[Any, Any, Any],
        activites: NamedDependency[Activites],
        data: JSONBody[EnregistrerActivite],
    ) -> Response[Ecriture]:
        """Enregistrer une activité (accompagnement individuel ou atelier collectif)."""
        resultat = await asyncio.to_thread(activites.enregistrer, data, utilisateur(request))
        return reponse_creation(resultat, "activites")

    @patch("/{activite_id:uuid}", operation_id="corrigerActivite", responses=ERREURS_ECRITURE)
    async def corriger(
        self,
        request: Request[Any, Any, Any],
        activites: NamedDependency[Activites],
        activite_id: FromPath[UUID],
        data: JSONBody[CorrigerActivite],
    ) -> Ecriture:
        """Corriger une activité : seuls les champs présents changent ; `version` obligatoire."""
        user = utilisateur(request)
        return ecriture(
            await executer(
                activites.corriger,
                lambda i: activites.activite_de(i, user),
                activite_id,
                data,
                user,
            )
        )

    @post(
        "/{activite_id:uuid}/suppression",
        operation_id="supprimerActivite",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def supprimer(
        self,
        request: Request[Any, Any, Any],
        activites: NamedDependency[Activites],
        activite_id: FromPath[UUID],
        data: JSONBody[SupprimerActivite],
    ) -> Ecriture:
        """Supprimer une activité, avec le motif (elle reste dans l'historique)."""
        user = utilisateur(request)
        return ecriture(
            await executer(
                activites.supprimer,
                lambda i: activites.activite_de(i, user),
                activite_id,
                data,
                user,
            )
        )
