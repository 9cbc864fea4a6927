"""A beneficiary as the write side knows it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

import msgspec

from domain.base import etat_cree, replier
from domain.beneficiaires.events import (
    BeneficiaireAnonymise,
    BeneficiaireEnregistre,
    Identite,
    IdentiteModifiee,
    Profil,
    ProfilModifie,
)


class Beneficiaire(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    mediateur: str  # owner: only they (and admins) reach the record
    profil: Profil
    identite: Identite | None  # None: anonymous, or erased
    consentement_le: date | None = None
    anonymise: bool = False

    @property
    def suivi(self) -> bool:
        """Followed: named, with consent (and not erased)."""
        return self.identite is not None


EvenementBeneficiaire = (
    BeneficiaireEnregistre | ProfilModifie | IdentiteModifiee | BeneficiaireAnonymise
)


def evolve(beneficiaire: Beneficiaire | None, event: EvenementBeneficiaire) -> Beneficiaire:
    if isinstance(event, BeneficiaireEnregistre):
        return etat_cree(Beneficiaire, event)
    if beneficiaire is None:
        raise ValueError(f"{type(event).__name__} before BeneficiaireEnregistre")
    beneficiaire = msgspec.structs.replace(beneficiaire, version=event.originator_version)
    if isinstance(event, ProfilModifie):
        return msgspec.structs.replace(beneficiaire, profil=event.profil)
    if isinstance(event, IdentiteModifiee):
        return msgspec.structs.replace(
            beneficiaire,
            identite=None if beneficiaire.anonymise else event.identite,
            consentement_le=event.consentement_le or beneficiaire.consentement_le,
        )
    return msgspec.structs.replace(beneficiaire, identite=None, anonymise=True)


def fold(events: Iterable[object]) -> Beneficiaire | None:
    """The beneficiary, or None: no events, or those of another kind of record."""
    return replier(evolve, BeneficiaireEnregistre, events)
