"""JSON API of beneficiaries. Mediators reach only the people they accompany (another's id
answers 404); admins reach everyone, to erase. Every read of personal data is logged."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

import asyncpg
import msgspec
from litestar import Controller, Request, Response, get, patch, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter

from domain.beneficiaires.commands import (
    AnonymiserBeneficiaire,
    EnregistrerBeneficiaire,
    ModifierBeneficiaire,
)
from domain.beneficiaires.doublons import Ressemblance, doublons_probables
from domain.beneficiaires.events import Identite
from domain.errors import IntrouvableError
from mednum.accounts import Role, User
from mednum.services.beneficiaires import Beneficiaires, accessible
from projections.beneficiaires_requetes import (
    BeneficiaireVue,
    identites_suivies,
    journaliser,
    lire_beneficiaire,
    lister_beneficiaires,
)
from web.api.ecritures import CREATION, Apres, Decalage, Limite, ecriture, reponse_creation
from web.api.schemas import ERREURS_ECRITURE, ERREURS_LECTURE, Ecriture
from web.auth.guards import auteur, current_user, roles
from web.deps import wait_if_asked

MEDIATION = roles(Role.MEDIATEUR)
ERREURS_LECTURE_PROTEGEE = {
    **ERREURS_LECTURE,
    **{code: spec for code, spec in ERREURS_ECRITURE.items() if code in (401, 403)},
}


class PageBeneficiaires(msgspec.Struct, frozen=True, kw_only=True):
    items: list[BeneficiaireVue]
    total: int
    limit: int
    offset: int


def provide_beneficiaires(state: State) -> Beneficiaires:
    return Beneficiaires(state.hub)


def utilisateur(request: Request[Any, Any, Any]) -> User:
    user = current_user(request)
    assert user is not None  # the guard let only users in
    return user


def portee(user: User) -> str | None:
    """Whose people this user lists: their own, or everyone's for an admin."""
    return None if user.role is Role.ADMIN else user.email


async def beneficiaire_accessible(
    beneficiaires: Beneficiaires, beneficiaire_id: UUID, user: User
) -> None:
    accessible(await asyncio.to_thread(beneficiaires.beneficiaire, beneficiaire_id), user)


async def vue_accessible(
    db: asyncpg.Connection, beneficiaire_id: UUID, user: User, action: str
) -> BeneficiaireVue:
    """The person as the read model shows them, if this user may see them; the read is
    logged."""
    vue = await lire_beneficiaire(db, beneficiaire_id)
    if vue is None or (user.role is not Role.ADMIN and vue.mediateur != user.email):
        raise IntrouvableError("Cette personne n'existe pas (ou plus).", "beneficiaire_id")
    await journaliser(db, user.email, action, beneficiaire_id)
    return vue


class BeneficiairesController(Controller):
    path = "/beneficiaires"
    tags = ["Bénéficiaires"]
    guards = [MEDIATION]
    dependencies = {
        "beneficiaires": Provide(provide_beneficiaires, sync_to_thread=False),
    }

    @get("/", operation_id="listerBeneficiaires", responses=ERREURS_LECTURE_PROTEGEE)
    async def lister(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[str | None, QueryParameter(description="Nom ou prénom", max_length=100)] = (
            None
        ),
        suivis: Annotated[
            bool | None, QueryParameter(description="Seulement les suivis (ou les anonymes)")
        ] = None,
        limit: Limite = 50,
        offset: Decalage = 0,
        apres: Apres = None,
    ) -> PageBeneficiaires:
        """Les personnes que j'accompagne (toutes, pour un administrateur)."""
        await wait_if_asked(request, apres)
        user = utilisateur(request)
        items, total = await lister_beneficiaires(
            db, mediateur=portee(user), q=q, suivis=suivis, limit=limit, offset=offset
        )
        await journaliser(db, user.email, "liste")
        return PageBeneficiaires(items=items, total=total, limit=limit, offset=offset)

    @get("/doublons", operation_id="doublonsBeneficiaire", responses=ERREURS_LECTURE_PROTEGEE)
    async def doublons(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        prenom: Annotated[str, QueryParameter(max_length=100)] = "",
        nom: Annotated[str, QueryParameter(max_length=100)] = "",
        telephone: Annotated[str, QueryParameter(max_length=30)] = "",
        courriel: Annotated[str, QueryParameter(max_length=100)] = "",
    ) -> list[Ressemblance]:
        """Les personnes déjà suivies qui ressemblent à celle en cours de saisie (nom et
        prénom proches, même téléphone, même e-mail : deux points au moins)."""
        user = utilisateur(request)
        saisie = Identite(
            prenom=prenom, nom=nom, telephone=telephone or None, courriel=courriel or None
        )
        return doublons_probables(saisie, await identites_suivies(db, user.email))

    @get(
        "/{beneficiaire_id:uuid}",
        operation_id="lireBeneficiaire",
        responses=ERREURS_LECTURE_PROTEGEE,
    )
    async def lire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        beneficiaire_id: FromPath[UUID],
        apres: Apres = None,
    ) -> BeneficiaireVue:
        await wait_if_asked(request, apres)
        return await vue_accessible(db, beneficiaire_id, utilisateur(request), "lecture")

    @post("/", operation_id="enregistrerBeneficiaire", responses=CREATION)
    async def enregistrer(
        self,
        request: Request[Any, Any, Any],
        beneficiaires: NamedDependency[Beneficiaires],
        data: JSONBody[EnregistrerBeneficiaire],
    ) -> Response[Ecriture]:
        """Anonyme par défaut ; `suivi` avec `consentement`, `prenom` et `nom` pour un suivi
        nominatif. Vérifiez d'abord les doublons avec `GET /beneficiaires/doublons`."""
        resultat = await asyncio.to_thread(beneficiaires.enregistrer, data, auteur(request))
        return reponse_creation(resultat, "beneficiaires")

    @patch(
        "/{beneficiaire_id:uuid}", operation_id="modifierBeneficiaire", responses=ERREURS_ECRITURE
    )
    async def modifier(
        self,
        request: Request[Any, Any, Any],
        beneficiaires: NamedDependency[Beneficiaires],
        beneficiaire_id: FromPath[UUID],
        data: JSONBody[ModifierBeneficiaire],
    ) -> Ecriture:
        await beneficiaire_accessible(beneficiaires, beneficiaire_id, utilisateur(request))
        return ecriture(
            await asyncio.to_thread(beneficiaires.modifier, beneficiaire_id, data, auteur(request))
        )

    @post(
        "/{beneficiaire_id:uuid}/effacement",
        guards=[roles(Role.ADMIN)],
        operation_id="effacerBeneficiaire",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def effacer(
        self,
        request: Request[Any, Any, Any],
        beneficiaires: NamedDependency[Beneficiaires],
        beneficiaire_id: FromPath[UUID],
        data: JSONBody[AnonymiserBeneficiaire],
    ) -> Ecriture:
        """Effacer l'identité d'une personne (droit à l'effacement) : sa clé est détruite,
        aucune copie lisible ne subsiste ; les données statistiques restent."""
        await beneficiaire_accessible(beneficiaires, beneficiaire_id, utilisateur(request))
        return ecriture(
            await asyncio.to_thread(
                beneficiaires.anonymiser, beneficiaire_id, data, auteur(request)
            )
        )
