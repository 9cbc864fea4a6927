"""The write side of beneficiaries: one method per use case, and who may reach a record."""

from __future__ import annotations

from uuid import UUID

from domain.beneficiaires import decide
from domain.beneficiaires.commands import (
    AnonymiserBeneficiaire,
    EnregistrerBeneficiaire,
    ModifierBeneficiaire,
)
from domain.beneficiaires.state import Beneficiaire
from domain.beneficiaires.state import fold as fold_beneficiaire
from domain.errors import IntrouvableError
from mednum.accounts import Role, User
from mednum.infra.registre_effacements import RegistreEffacements
from mednum.services.executeur import Hub, Resultat


class Beneficiaires:
    def __init__(self, hub: Hub, registre: RegistreEffacements | None = None) -> None:
        self.hub = hub
        # The erasure ledger outside the database, so that a restore can erase again.
        self.registre = registre

    def beneficiaire(self, beneficiaire_id: UUID) -> Beneficiaire | None:
        return fold_beneficiaire(self.hub.events(beneficiaire_id))

    def enregistrer(
        self, commande: EnregistrerBeneficiaire, auteur: str, beneficiaire_id: UUID | None = None
    ) -> Resultat:
        return self.hub.creer(
            commande,
            beneficiaire_id,
            lambda nouvel_id, ctx: decide.enregistrer_beneficiaire(
                nouvel_id, commande, self._commune_connue(commande.commune_residence), ctx
            ),
            auteur,
        )

    def modifier(
        self, beneficiaire_id: UUID, commande: ModifierBeneficiaire, auteur: str
    ) -> Resultat:
        commune = commande.commune_residence
        return self.hub.executer(
            commande,
            beneficiaire_id,
            lambda events, ctx: decide.modifier_beneficiaire(
                fold_beneficiaire(events),
                commande,
                self._commune_connue(commune if isinstance(commune, str) else None),
                ctx,
            ),
            auteur,
        )

    def anonymiser(
        self, beneficiaire_id: UUID, commande: AnonymiserBeneficiaire, auteur: str
    ) -> Resultat:
        """Record the erasure, then destroy the person's key: from then on, no event holds
        their identity in a readable form, and the read models blank their copies."""
        resultat = self.hub.appliquer(
            commande, beneficiaire_id, fold_beneficiaire, decide.anonymiser_beneficiaire, auteur
        )
        if self.registre is not None:
            self.registre.inscrire(beneficiaire_id, commande.motif)
        self.hub.app.coffre.detruire(beneficiaire_id)
        return resultat

    def _commune_connue(self, code_insee: str | None) -> bool:
        return code_insee is None or self.hub.communes.ref(code_insee) is not None


def peut_acceder(beneficiaire: Beneficiaire, user: User | None) -> bool:
    """A mediator reaches only the people they accompany; admins reach everyone (erasure)."""
    if user is None:
        return False
    return user.role is Role.ADMIN or beneficiaire.mediateur == user.email


def accessible(beneficiaire: Beneficiaire | None, user: User | None) -> Beneficiaire:
    """The record if this user may reach it; otherwise "not found", so that another
    mediator's records do not even show they exist."""
    if beneficiaire is None or not peut_acceder(beneficiaire, user):
        raise IntrouvableError("Cette personne n'existe pas (ou plus).", "beneficiaire_id")
    return beneficiaire
