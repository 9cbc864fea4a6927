"""Mediators orient a person from their page, pre-filled with the latest diagnostic, and
follow their referrals: proposed, accepted (the receiving place's link shown once), refused,
taken in charge, completed or expired; « à relancer » after 7 days without an answer."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.errors import DomainError
from domain.orientation.commands import AccepterOrientation, ProposerOrientation, RenouvelerLien
from domain.orientation.moteur import Situation
from domain.orientation.moteur import proposer as offres_pour
from mednum.composition import Services
from mednum.services.orientation import AvecLien, Orientations
from projections.accueil_requetes import EN_ATTENTE as STATUTS_EN_ATTENTE
from projections.accueil_requetes import noms_visibles
from projections.beneficiaires_requetes import journaliser
from projections.diagnostics import diagnostics_du_beneficiaire
from projections.orientation_requetes import (
    PropositionAvecLieux,
    position_de_commune,
    position_du_lieu_habituel,
    rechercher,
)
from projections.orientations import lire_orientation, lister_orientations
from web.affichage import Affichage
from web.api.beneficiaires import vue_accessible
from web.api.orientations import lien_confirmation
from web.auth.guards import MEDIATION, mediateur_vu, utilisateur
from web.deps import Position, connexion, services, wait_if_asked
from web.exposition import route_fiche
from web.formulaires import apres, command_id, command_id_lu, liste, texte, version, version_lue
from web.templating import page

STATUTS = {
    "proposee": "proposée",
    "acceptee": "acceptée",
    "refusee": "refusée",
    "prise_en_charge": "prise en charge",
    "aboutie": "aboutie",
    "expiree": "expirée",
}

EN_ATTENTE = "en_attente"
"""The filter for « proposée » or « acceptée »: not answered yet by the receiving place."""


def lire_refus(form: dict[str, Any]) -> dict[str, Any]:
    return {
        "command_id": command_id(form),
        "version": version(form),
        "motif": texte(form, "motif")[:500],
    }


async def _avec_lien(
    request: Request[Any, Any, Any],
    orientation_id: UUID,
    data: dict[str, Any],
    methode: Callable[..., AvecLien],
    commande: type[AccepterOrientation | RenouvelerLien],
) -> Template:
    lu = commande(
        command_id=command_id_lu(data.get("command_id")), version=version_lue(data.get("version"))
    )
    ecrit = await asyncio.to_thread(
        methode, services(request).orientations, orientation_id, lu, utilisateur(request)
    )
    await wait_if_asked(request, ecrit.resultat.notification_id)
    return await page_suivi(Affichage(request, orientation_id), jeton=ecrit.jeton)


async def page_suivi(affichage: Affichage, jeton: str | None = None) -> Template:
    """A referral's follow-up and its forms (shown again by a refusal), with the place's link
    right after it was issued."""
    request, orientation_id = affichage.request, affichage.fiche
    await asyncio.to_thread(
        services(request).orientations.orientation_accessible,
        orientation_id,
        utilisateur(request),
    )
    async with connexion(request) as db:
        vue = await lire_orientation(db, orientation_id, datetime.now(UTC))
    if vue is None:
        raise NotFoundException()
    return affichage.page(
        "orientation_suivi.html",
        "beneficiaires",
        orientation=vue,
        statuts=STATUTS,
        lien=lien_confirmation(request, jeton) if jeton else None,
    )


def _uuid(valeur: str, champ: str) -> UUID:
    try:
        return UUID(valeur)
    except ValueError:
        raise DomainError("Lieu illisible : rechargez la page puis recommencez.", champ) from None


def _route_avec_lien(
    nom: str, methode: Callable[..., AvecLien], commande: type[AccepterOrientation | RenouvelerLien]
) -> HTTPRouteHandler:
    """The POST /orientations/{orientation_id}/<nom> of a write answered by `_avec_lien`, for
    the Controller's body."""

    async def handler(
        self: Any,
        request: Request[Any, Any, Any],
        orientation_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template:
        return await _avec_lien(request, orientation_id, data, methode, commande)

    handler.__name__ = handler.__qualname__ = nom
    return post(f"/orientations/{{orientation_id:uuid}}/{nom}")(handler)


class OrientationMediateurPages(Controller):
    guards = [MEDIATION]

    @get("/beneficiaires/{beneficiaire_id:uuid}/orienter")
    async def formulaire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        beneficiaire_id: FromPath[UUID],
        commune: Annotated[str | None, QueryParameter(max_length=100)] = None,
        apres: Position = None,
    ) -> Template:
        # After a diagnostic just recorded, its level is what the proposals hang on.
        await wait_if_asked(request, apres)
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
        try:
            if recherche:
                position = await position_de_commune(db, recherche)
            else:
                # No commune on record: around the mediator's usual place, said so.
                position = await position_du_lieu_habituel(db, utilisateur(request).email)
            if position is not None:
                propositions = await rechercher(db, situation, position)
        except DomainError as refus:
            erreur = refus.message
        if not propositions:
            propositions = [
                PropositionAvecLieux(proposition=p, lieux=[]) for p in offres_pour(situation)
            ]
        return page(
            request,
            "orientation_mediateur.html",
            nav_actif="beneficiaires",
            personne=personne,
            diagnostic=dernier,
            situation=situation,
            commune=recherche,
            position=position,
            lieu_habituel=position.libelle if position and not recherche else None,
            propositions=propositions,
            erreur=erreur,
        )

    @post("/beneficiaires/{beneficiaire_id:uuid}/orienter")
    async def proposer(
        self,
        request: Request[Any, Any, Any],
        composition: NamedDependency[Services],
        beneficiaire_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Redirect:
        """Not declared: it posts under the person's address but leads to the new referral."""
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
        resultat = await asyncio.to_thread(
            composition.orientations.proposer, commande, utilisateur(request)
        )
        return Redirect(
            path=f"/orientations/{resultat.id}", query_params=apres(resultat.notification_id)
        )

    @get("/orientations")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        a_relancer: FromQuery[bool] = False,
        statut: Annotated[str, QueryParameter(max_length=20)] = "",
    ) -> Template:
        if statut and statut not in STATUTS and statut != EN_ATTENTE:
            raise DomainError("Statut inconnu : choisissez un statut de la liste.", "statut")
        user = utilisateur(request)
        items, total = await lister_orientations(
            db,
            datetime.now(UTC),
            mediateur=mediateur_vu(user),
            a_relancer=a_relancer,
            statut=list(STATUTS_EN_ATTENTE) if statut == EN_ATTENTE else statut or None,
        )
        # Names only of the people this mediator follows (an admin: everyone's).
        ids = [o.beneficiaire_id for o in items if o.beneficiaire_id]
        noms = await noms_visibles(db, ids, mediateur_vu(user))
        if noms:
            await journaliser(db, user.email, "liste des orientations")
        return page(
            request,
            "orientations.html",
            nav_actif="orientations",
            orientations=items,
            noms=noms,
            total=total,
            a_relancer=a_relancer,
            statut=statut,
            statuts=STATUTS,
            en_attente=EN_ATTENTE,
        )

    detail = route_fiche("/orientations/{orientation_id:uuid}", page_suivi)

    # Accepting and renewing show the place's link once, on the page itself: no redirect.
    accepter = _route_avec_lien("accepter", Orientations.accepter, AccepterOrientation)
    renouveler = _route_avec_lien("renouveler", Orientations.renouveler_lien, RenouvelerLien)
