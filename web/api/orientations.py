"""JSON API of orientation: the public, stateless questionnaire (`/orientation/proposer`),
and tracked referrals (`/orientations`) for mediators on the people they accompany (another
mediator's referral answers 404). The receiving place confirms with its token, in the body:
no account needed, and no token or personal data in any URL. The referrals' writes are
declared in web/cas_usage/orientations.py."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import asyncpg
import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from domain.errors import DomainError
from domain.orientation.commands import ConfirmerPriseEnCharge
from domain.orientation.questionnaire import Reponses, situation
from mednum.composition import Services
from mednum.services.executeur import Resultat
from mednum.services.orientation import AvecLien, Orientations
from projections.orientation_requetes import (
    Position,
    PropositionAvecLieux,
    position_de_commune,
    rechercher,
)
from projections.orientations import (
    OrientationVue,
    lire_orientation,
    lister_orientations,
    orientation_du_lien,
)
from web.api.ecritures import Apres, Decalage, Limite, ecriture
from web.api.schemas import (
    ERREURS_ECRITURE,
    ERREURS_LECTURE_PROTEGEE,
    ERREURS_RECHERCHE,
    Ecriture,
    Page,
)
from web.auth.guards import MEDIATION, mediateur_vu, public, utilisateur
from web.deps import wait_if_asked


class Questionnaire(Reponses, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The answers, and where: a commune (name or postcode) or a position (« autour de moi »)."""

    commune: Annotated[str, msgspec.Meta(max_length=100)] | None = None
    latitude: Annotated[float, msgspec.Meta(ge=-90, le=90)] | None = None
    longitude: Annotated[float, msgspec.Meta(ge=-180, le=180)] | None = None
    rayon_km: Annotated[float, msgspec.Meta(gt=0, le=100)] = 20.0


class PropositionsOrientation(msgspec.Struct, frozen=True, kw_only=True):
    autour_de: str
    propositions: list[PropositionAvecLieux]
    hors_territoire: str | None = None
    """The commune is outside the registry's régions (their names): no place is proposed."""


class EcritureAvecLien(msgspec.Struct, frozen=True, kw_only=True):
    """The write, and the link for the receiving place: shown once, never stored (send it to
    the place; it works 8 days)."""

    ecriture: Ecriture
    lien_confirmation: str


def lien_confirmation(request: Request[Any, Any, Any], jeton: str) -> str:
    # The token travels in the fragment-free path of a page that only posts it back: it
    # names no one, and the page shows nothing personal.
    return str(request.base_url).rstrip("/") + f"/orientation/prise-en-charge/{jeton}"


def avec_lien(request: Request[Any, Any, Any], ecrit: AvecLien) -> EcritureAvecLien:
    return EcritureAvecLien(
        ecriture=ecriture(ecrit.resultat), lien_confirmation=lien_confirmation(request, ecrit.jeton)
    )


async def confirmer_par_lien(
    db: asyncpg.Connection, orientations: Orientations, commande: ConfirmerPriseEnCharge
) -> Resultat:
    """The receiving place's confirmation: the referral is the one whose link has this token's
    hash (none found: the decision refuses in French)."""
    orientation_id = await orientation_du_lien(db, orientations.empreinte(commande.jeton))
    return await asyncio.to_thread(orientations.confirmer, orientation_id, commande)


async def position(db: asyncpg.Connection, q: Questionnaire) -> Position:
    if q.latitude is not None and q.longitude is not None:
        return Position(latitude=q.latitude, longitude=q.longitude, libelle="votre position")
    if q.commune and q.commune.strip():
        return await position_de_commune(db, q.commune.strip())
    raise DomainError(
        "Indiquez votre commune (nom ou code postal), ou autorisez « autour de moi ».", "commune"
    )


class ProposerOrientationPublique(Controller):
    path = "/orientation"
    tags = ["Orientation"]
    guards = [public]

    @post(
        "/proposer",
        operation_id="proposerOrientation",
        status_code=200,
        responses=ERREURS_RECHERCHE,
    )
    async def proposer(
        self, db: NamedDependency[asyncpg.Connection], data: JSONBody[Questionnaire]
    ) -> PropositionsOrientation:
        """Questionnaire → offres et lieux proposés, avec la règle appliquée et pourquoi.
        Rien n'est enregistré."""
        ou = await position(db, data)
        resultats = await rechercher(
            db,
            situation(data),
            ou,
            disponibilites=tuple(
                d for d in ("matin", "apres_midi", "soir", "samedi") if d in data.disponibilites
            ),
            rayon_km=data.rayon_km,
        )
        return PropositionsOrientation(
            autour_de=ou.libelle, propositions=resultats, hors_territoire=ou.hors_territoire
        )


class OrientationsController(Controller):
    path = "/orientations"
    tags = ["Orientation"]
    guards = [MEDIATION]

    @get("/", operation_id="listerOrientations", responses=ERREURS_LECTURE_PROTEGEE)
    async def lister(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        statut: Annotated[str | None, QueryParameter(max_length=20)] = None,
        a_relancer: Annotated[
            bool, QueryParameter(description="Seulement celles sans réponse depuis 7 jours")
        ] = False,
        beneficiaire_id: FromQuery[UUID | None] = None,
        limit: Limite = 100,
        offset: Decalage = 0,
        apres: Apres = None,
    ) -> Page[OrientationVue]:
        """Mes orientations et leur statut (toutes pour un administrateur)."""
        await wait_if_asked(request, apres)
        items, total = await lister_orientations(
            db,
            datetime.now(UTC),
            mediateur=mediateur_vu(utilisateur(request)),
            beneficiaire_id=beneficiaire_id,
            statut=statut,
            a_relancer=a_relancer,
            limit=limit,
            offset=offset,
        )
        return Page(items=items, total=total, limit=limit, offset=offset)

    @get(
        "/{orientation_id:uuid}", operation_id="lireOrientation", responses=ERREURS_LECTURE_PROTEGEE
    )
    async def lire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        orientation_id: FromPath[UUID],
        apres: Apres = None,
    ) -> OrientationVue:
        await wait_if_asked(request, apres)
        vue = await lire_orientation(db, orientation_id, datetime.now(UTC))
        mediateur = mediateur_vu(utilisateur(request))
        if vue is None or (mediateur is not None and vue.mediateur != mediateur):
            raise NotFoundException()
        return vue


class ConfirmationPriseEnChargeController(Controller):
    """The receiving place's answer: public (no account), the token in the body. Not a
    declared use case: the referral is found from the token's hash in the read model."""

    path = "/orientations/confirmation"
    tags = ["Orientation"]
    guards = [public]

    @post(
        "/",
        operation_id="confirmerPriseEnCharge",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def confirmer(
        self,
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
        data: JSONBody[ConfirmerPriseEnCharge],
    ) -> Ecriture:
        """Le lieu d'accueil confirme la prise en charge avec le jeton de son lien (sans
        compte) ; un jeton inconnu ou expiré est refusé (422)."""
        return ecriture(await confirmer_par_lien(db, composition.orientations, data))
