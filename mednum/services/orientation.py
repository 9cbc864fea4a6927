"""The write side of referrals: one method per use case, who may reach one, and the place's
confirmation link (a random token; only its keyed hash is stored)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable
from datetime import date
from typing import TypeVar
from uuid import UUID, uuid4

import msgspec

from domain.base import Contexte, Evenement
from domain.errors import IntrouvableError
from domain.orientation import decide
from domain.orientation.commands import (
    AccepterOrientation,
    ConfirmerPriseEnCharge,
    ConstaterAboutissement,
    ExpirerOrientation,
    ProposerOrientation,
    RefuserOrientation,
    RenouvelerLien,
)
from domain.orientation.state import Orientation
from domain.orientation.state import fold as fold_orientation
from mednum.accounts import Role, User
from mednum.services.beneficiaires import Beneficiaires, accessible
from mednum.services.executeur import Hub, Resultat

AUTEUR_SUIVI = "suivi-orientations"
AUTEUR_LIEU = "lieu-d-accueil"
AUTEUR_AUTO_ORIENTATION = "auto-orientation"
# The scheduled job's commands derive from what they record, so that a rerun (or another
# process) finds its receipt instead of recording twice.
_NAMESPACE = uuid.UUID("5d0b8a52-7c7e-4f1e-9a7e-2c4b7f1f0e61")
# The commands that issue the place a new link.
C = TypeVar("C", AccepterOrientation, RenouvelerLien)


class AvecLien(msgspec.Struct, frozen=True, kw_only=True):
    """A write that issued a link: the token is shown once and never stored."""

    resultat: Resultat
    jeton: str


class Orientations:
    def __init__(self, hub: Hub, secret: str) -> None:
        if not secret:
            raise ValueError("a secret key is needed to hash the places' links")
        self.hub = hub
        self._secret = secret.encode()
        self.beneficiaires = Beneficiaires(hub)

    # --- tokens ------------------------------------------------------------------------------

    def empreinte(self, jeton: str) -> str:
        """The keyed hash stored for a token (HMAC-SHA256 with the server's secret)."""
        return hmac.new(self._secret, jeton.encode(), hashlib.sha256).hexdigest()

    def _nouveau_jeton(self) -> tuple[str, str]:
        jeton = secrets.token_urlsafe(32)
        return jeton, self.empreinte(jeton)

    # --- reads -------------------------------------------------------------------------------

    def orientation(self, orientation_id: UUID) -> Orientation | None:
        return fold_orientation(self.hub.events(orientation_id))

    def orientation_accessible(self, orientation_id: UUID, user: User | None) -> Orientation:
        """The referral if this user made it (or is an admin); "not found" otherwise."""
        orientation = self.orientation(orientation_id)
        if orientation is None or not peut_acceder(orientation, user):
            raise IntrouvableError("Cette orientation n'existe pas.", "orientation_id")
        return orientation

    # --- writes ------------------------------------------------------------------------------

    def proposer(
        self, commande: ProposerOrientation, user: User | None, orientation_id: UUID | None = None
    ) -> Resultat:
        """By a mediator for a person they accompany, or (user None) an anonymous
        self-orientation the citizen asked to keep: then no person and no owner."""
        if user is None:
            if commande.beneficiaire_id is not None:
                raise IntrouvableError("Cette personne n'existe pas (ou plus).", "beneficiaire_id")
            mediateur, auteur = None, AUTEUR_AUTO_ORIENTATION
        else:
            if commande.beneficiaire_id is not None:
                accessible(self.beneficiaires.beneficiaire(commande.beneficiaire_id), user)
            mediateur, auteur = user.email, user.email
        return self.hub.creer(
            commande,
            orientation_id,
            lambda nouvel_id, ctx: decide.proposer_orientation(nouvel_id, commande, mediateur, ctx),
            auteur,
        )

    def accepter(self, orientation_id: UUID, commande: AccepterOrientation, user: User) -> AvecLien:
        return self._avec_lien(orientation_id, commande, user, decide.accepter_orientation)

    def renouveler_lien(
        self, orientation_id: UUID, commande: RenouvelerLien, user: User
    ) -> AvecLien:
        return self._avec_lien(orientation_id, commande, user, decide.renouveler_lien)

    def _avec_lien(
        self,
        orientation_id: UUID,
        commande: C,
        user: User,
        decision: Callable[[Orientation | None, C, str, Contexte], list[Evenement]],
    ) -> AvecLien:
        """A decision that issues the place a new link: only the token's hash goes into the
        event, the token itself back to the mediator once."""
        self.orientation_accessible(orientation_id, user)
        jeton, empreinte = self._nouveau_jeton()
        resultat = self.hub.executer(
            commande,
            orientation_id,
            lambda events, ctx: decision(fold_orientation(events), commande, empreinte, ctx),
            user.email,
        )
        return AvecLien(resultat=resultat, jeton=jeton)

    def refuser(self, orientation_id: UUID, commande: RefuserOrientation, user: User) -> Resultat:
        self.orientation_accessible(orientation_id, user)
        return self.hub.appliquer(
            commande, orientation_id, fold_orientation, decide.refuser_orientation, user.email
        )

    def confirmer(self, orientation_id: UUID | None, commande: ConfirmerPriseEnCharge) -> Resultat:
        """The receiving place, through its link: `orientation_id` was found from the token's
        hash (None when no referral has it: the decision refuses in French)."""
        empreinte = self.empreinte(commande.jeton)
        cible = orientation_id or uuid4()
        return self.hub.executer(
            commande,
            cible,
            lambda events, ctx: decide.confirmer_prise_en_charge(
                fold_orientation(events) if orientation_id else None, empreinte, ctx
            ),
            AUTEUR_LIEU,
        )

    def constater_aboutissement(
        self, orientation_id: UUID, activite_id: UUID, jour: date
    ) -> Resultat:
        commande = ConstaterAboutissement(
            command_id=uuid.uuid5(_NAMESPACE, f"aboutie:{orientation_id}:{activite_id}"),
            activite_id=activite_id,
            date=jour,
        )
        return self.hub.appliquer(
            commande, orientation_id, fold_orientation, decide.constater_aboutissement, AUTEUR_SUIVI
        )

    def expirer(self, orientation_id: UUID) -> Resultat:
        commande = ExpirerOrientation(
            command_id=uuid.uuid5(_NAMESPACE, f"expiree:{orientation_id}")
        )
        return self.hub.executer(
            commande,
            orientation_id,
            lambda events, ctx: decide.expirer_orientation(fold_orientation(events), ctx),
            AUTEUR_SUIVI,
        )


def peut_acceder(orientation: Orientation, user: User | None) -> bool:
    """A mediator reaches the referrals they made; admins reach all; nobody reaches an
    anonymous self-orientation's record but admins."""
    if user is None:
        return False
    return user.role is Role.ADMIN or (
        orientation.mediateur is not None and orientation.mediateur == user.email
    )
