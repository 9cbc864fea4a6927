"""Mediators orient a person from their page, pre-filled with the latest diagnostic, and
follow their referrals: proposed, accepted (the receiving place's link shown once), refused,
taken in charge, completed or expired; « à relancer » after 7 days without an answer."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.errors import DomainError
from domain.orientation.commands import (
    AccepterOrientation,
    ProposerOrientation,
    RefuserOrientation,
    RenouvelerLien,
)
from domain.orientation.moteur import Situation
from mednum.accounts import Role
from mednum.services.orientation import Orientations
from projections.diagnostics import diagnostics_du_beneficiaire
from projections.orientation_requetes import position_de_commune, rechercher
from projections.orientations import lire_orientation, lister_orientations
from web.api.beneficiaires import portee, utilisateur, vue_accessible
from web.api.orientations import provide_orientations
from web.auth.guards import roles
from web.deps import wait_if_asked
from web.formulaires import apres, command_id_lu, erreurs_de, liste, texte, version_lue
from web.templating import page

STATUTS = {
    "proposee": "proposée",
    "acceptee": "acceptée",
    "refusee": "refusée",
    "prise_en_charge": "prise en charge",
    "aboutie": "aboutie",
    "expiree": "expirée",
}


class OrientationMediateurPages(Controller):
    guards = [roles(Role.MEDIATEUR)]
    dependencies = {
        "orientations": Provide(provide_orientations, sync_to_thread=False),
    }
    include_in_schema = False

    @get("/beneficiaires/{beneficiaire_id:uuid}/orienter")
    async def formulaire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        beneficiaire_id: FromPath[UUID],
        commune: Annotated[str | None, QueryParameter(max_length=100)] = None,
    ) -> Template:
        personne = await vue_accessible(db, beneficiaire_id, utilisateur(request), "orientation")
        diagnostics = await diagnostics_du_beneficiaire(db, beneficiaire_id)
        dernier = diagnostics[0] if diagnostics else None
        situation = Situation(
            niveau=dernier.niveau if dernier else None,
            drapeaux=tuple(dernier.drapeaux) if dernier else (),
            thematiques=tuple(dernier.thematiques) if dernier else (),
        )
        recherche = commune or personne.commune or ""
        erreur, propositions, position = None, [], None
        if recherche:
            try:
                position = await position_de_commune(db, recherche)
                propositions = await rechercher(db, situation, position)
            except DomainError as refus:
                erreur = refus.message
        return page(
            request,
            "orientation_mediateur.html",
            nav_actif="beneficiaires",
            personne=personne,
            diagnostic=dernier,
            situation=situation,
            commune=recherche,
            position=position,
            propositions=propositions,
            erreur=erreur,
        )

    @post("/beneficiaires/{beneficiaire_id:uuid}/orienter")
    async def proposer(
        self,
        request: Request[Any, Any, Any],
        orientations: NamedDependency[Orientations],
        beneficiaire_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Redirect:
        lieu = _uuid(texte(data, "lieu_choisi"), "lieu_choisi")
        commande = ProposerOrientation(
            command_id=command_id_lu(data.get("command_id")),
            beneficiaire_id=beneficiaire_id,
            niveau=int(texte(data, "niveau")) if texte(data, "niveau").isdigit() else None,
            drapeaux=liste(data, "drapeaux"),
            thematiques=liste(data, "thematiques"),
            regle=texte(data, "regle")[:4],
            lieux_proposes=[_uuid(v, "lieux_proposes") for v in liste(data, "lieux_proposes")],
            lieu_choisi=lieu,
        )
        resultat = await asyncio.to_thread(orientations.proposer, commande, utilisateur(request))
        return Redirect(
            path=f"/orientations/{resultat.id}", query_params=apres(resultat.notification_id)
        )

    @get("/orientations")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        a_relancer: FromQuery[bool] = False,
    ) -> Template:
        items, total = await lister_orientations(
            db, datetime.now(UTC), mediateur=portee(utilisateur(request)), a_relancer=a_relancer
        )
        return page(
            request,
            "orientations.html",
            nav_actif="beneficiaires",
            orientations=items,
            total=total,
            a_relancer=a_relancer,
            statuts=STATUTS,
        )

    @get("/orientations/{orientation_id:uuid}")
    async def detail(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        orientations: NamedDependency[Orientations],
        orientation_id: FromPath[UUID],
        apres: FromQuery[int | None] = None,
    ) -> Template:
        await wait_if_asked(request, apres)
        return await self._detail(request, db, orientations, orientation_id)

    @post("/orientations/{orientation_id:uuid}/accepter")
    async def accepter(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        orientations: NamedDependency[Orientations],
        orientation_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template:
        commande = AccepterOrientation(
            command_id=command_id_lu(data.get("command_id")),
            version=version_lue(data.get("version")),
        )
        avec_lien = await asyncio.to_thread(
            orientations.accepter, orientation_id, commande, utilisateur(request)
        )
        await wait_if_asked(request, avec_lien.resultat.notification_id)
        return await self._detail(request, db, orientations, orientation_id, avec_lien.jeton)

    @post("/orientations/{orientation_id:uuid}/renouveler")
    async def renouveler(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        orientations: NamedDependency[Orientations],
        orientation_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template:
        commande = RenouvelerLien(
            command_id=command_id_lu(data.get("command_id")),
            version=version_lue(data.get("version")),
        )
        avec_lien = await asyncio.to_thread(
            orientations.renouveler_lien, orientation_id, commande, utilisateur(request)
        )
        await wait_if_asked(request, avec_lien.resultat.notification_id)
        return await self._detail(request, db, orientations, orientation_id, avec_lien.jeton)

    @post("/orientations/{orientation_id:uuid}/refuser")
    async def refuser(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        orientations: NamedDependency[Orientations],
        orientation_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        commande = RefuserOrientation(
            command_id=command_id_lu(data.get("command_id")),
            version=version_lue(data.get("version")),
            motif=texte(data, "motif")[:500],
        )
        try:
            resultat = await asyncio.to_thread(
                orientations.refuser, orientation_id, commande, utilisateur(request)
            )
        except DomainError as refus:
            return await self._detail(
                request, db, orientations, orientation_id, erreurs=erreurs_de(refus)
            )
        return Redirect(
            path=f"/orientations/{orientation_id}", query_params=apres(resultat.notification_id)
        )

    async def _detail(
        self,
        request: Request[Any, Any, Any],
        db: asyncpg.Connection,
        orientations: Orientations,
        orientation_id: UUID,
        jeton: str | None = None,
        erreurs: dict[str, str] | None = None,
    ) -> Template:
        await asyncio.to_thread(
            orientations.orientation_accessible, orientation_id, utilisateur(request)
        )
        vue = await lire_orientation(db, orientation_id, datetime.now(UTC))
        if vue is None:
            raise NotFoundException()
        lien = f"{request.base_url}orientation/prise-en-charge/{jeton}" if jeton else None
        return page(
            request,
            "orientation_suivi.html",
            status_code=422 if erreurs else 200,
            nav_actif="beneficiaires",
            orientation=vue,
            statuts=STATUTS,
            lien=lien,
            erreurs=erreurs or {},
        )


def _uuid(valeur: str, champ: str) -> UUID:
    try:
        return UUID(valeur)
    except ValueError:
        raise DomainError("Lieu illisible : rechargez la page puis recommencez.", champ) from None
