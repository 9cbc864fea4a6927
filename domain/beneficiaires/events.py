"""What happened to beneficiaries. Identity fields travel in `identite`, which the event store
encrypts with the person's own key (see mednum/infra/chiffrement.py): destroying the key erases the
person from every event at once, while the statistics fields stay readable."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

import msgspec

from domain.base import Evenement


class Identite(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Who a followed beneficiary is: personal data, never stored in clear."""

    prenom: str
    nom: str
    telephone: str | None = None
    courriel: str | None = None
    notes: str | None = None


class Profil(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What statistics may know of a person, named or not (La Coop's values)."""

    genre: str = "non_communique"
    tranche_age: str = "non_communique"
    annee_naissance: int | None = None
    statut_social: str = "non_communique"
    commune_residence: str | None = None  # INSEE code
    deja_accompagne: bool = False


class BeneficiaireEnregistre(Evenement, frozen=True, kw_only=True):
    """A person a mediator accompanies: anonymous (no identity) or followed, with consent."""

    CHAMPS_PERSONNELS: ClassVar[tuple[str, ...]] = ("identite",)

    mediateur: str  # the mediator's e-mail: the record's owner
    profil: Profil
    identite: Identite | None = None
    consentement_le: date | None = None


class ProfilModifie(Evenement, frozen=True, kw_only=True):
    profil: Profil


class IdentiteModifiee(Evenement, frozen=True, kw_only=True):
    """The identity changed (or was given, with consent, to a so far anonymous person)."""

    CHAMPS_PERSONNELS: ClassVar[tuple[str, ...]] = ("identite",)

    identite: Identite | None  # None when read after an erasure
    consentement_le: date | None = None


class BeneficiaireAnonymise(Evenement, frozen=True, kw_only=True):
    """The person's identity is gone for good (its key destroyed): on request (`effacement`)
    or a year after the last activity (`retention`). Statistics fields stay."""

    motif: str


EVENEMENTS_BENEFICIAIRE = (
    BeneficiaireEnregistre,
    ProfilModifie,
    IdentiteModifiee,
    BeneficiaireAnonymise,
)
