"""JSON API of beneficiaries: the reads (the writes are declared in web/cas_usage). Mediators
reach only the people they accompany (another's id answers 404); admins reach everyone, to
erase. Every read of personal data is logged."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from domain.beneficiaires.doublons import Ressemblance, doublons_probables
from domain.beneficiaires.events import Identite
from domain.errors import IntrouvableError
from mednum.accounts import Role, User
from mednum.composition import Services
from mednum.services.beneficiaires import accessible
from projections.beneficiaires_requetes import (
    BeneficiaireVue,
    identites_suivies,
    journaliser,
    lire_beneficiaire,
    lister_beneficiaires,
)
from web.api.ecritures import Apres, Decalage, Limite

# Re-exported for the modules that still take it from here (orientations, export_coop).
from web.api.schemas import ERREURS_LECTURE_PROTEGEE, Page
from web.auth.guards import MEDIATION, mediateur_vu, utilisateur
from web.deps import wait_if_asked


async def acces(request: Request[Any, Any, Any], services: Services, beneficiaire_id: UUID) -> None:
    """Before a write: "not found" unless the caller may reach this person (nothing logged)."""
    beneficiaire = await asyncio.to_thread(services.beneficiaires.beneficiaire, beneficiaire_id)
    accessible(beneficiaire, utilisateur(request))


async def vue_accessible(
    db: asyncpg.Connection, beneficiaire_id: UUID, user: User, action: str | None
) -> BeneficiaireVue:
    """The person as the read model shows them, if this user may see them; the read is
    logged (`action=None`: it already was, earlier in the same request)."""
    vue = await lire_beneficiaire(db, beneficiaire_id)
    if vue is None or (user.role is not Role.ADMIN and vue.mediateur != user.email):
        raise IntrouvableError("Cette personne n'existe pas (ou plus).", "beneficiaire_id")
    if action is not None:
        await journaliser(db, user.email, action, beneficiaire_id)
    return vue


class BeneficiairesController(Controller):
    path = "/beneficiaires"
    tags = ["Bénéficiaires"]
    guards = [MEDIATION]

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
    ) -> Page[BeneficiaireVue]:
        """Les personnes que j'accompagne (toutes, pour un administrateur)."""
        await wait_if_asked(request, apres)
        user = utilisateur(request)
        items, total = await lister_beneficiaires(
            db, mediateur=mediateur_vu(user), q=q, suivis=suivis, limit=limit, offset=offset
        )
        await journaliser(db, user.email, "liste")
        return Page(items=items, total=total, limit=limit, offset=offset)

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
