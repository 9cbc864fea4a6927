"""Commands on beneficiaries. Anonymous by default: identity only with `suivi` and consent."""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain.base import Commande

Court = Annotated[str, msgspec.Meta(max_length=100)]
Notes = Annotated[
    str,
    msgspec.Meta(
        max_length=2000,
        description="Notes de suivi. Il est interdit d'y stocker des informations sensibles "
        "(santé, opinions, origine, religion, situation judiciaire…).",
    ),
]
Annee = Annotated[int, msgspec.Meta(ge=1900, le=2100, description="Année de naissance")]


class EnregistrerBeneficiaire(Commande, frozen=True, kw_only=True):
    """A person accompanied. Without `suivi`, anonymous: only the statistics fields. With
    `suivi` (named follow-up), `consentement` must be true and `prenom`, `nom` given."""

    genre: Court = "non_communique"
    tranche_age: Court | None = None  # derived from annee_naissance when it is given
    annee_naissance: Annee | None = None
    statut_social: Court = "non_communique"
    commune_residence: Annotated[str, msgspec.Meta(description="Code INSEE")] | None = None
    deja_accompagne: bool = False
    suivi: bool = False
    consentement: bool = False
    prenom: Court | None = None
    nom: Court | None = None
    telephone: Court | None = None
    courriel: Court | None = None
    notes: Notes | None = None


class ModifierBeneficiaire(Commande, frozen=True, kw_only=True):
    """Change some fields (left out: unchanged; null: emptied). Giving an identity to an
    anonymous person needs `consentement`."""

    version: Annotated[int, msgspec.Meta(ge=1)]
    genre: Court | msgspec.UnsetType = msgspec.UNSET
    tranche_age: Court | msgspec.UnsetType | None = msgspec.UNSET
    annee_naissance: Annee | msgspec.UnsetType | None = msgspec.UNSET
    statut_social: Court | msgspec.UnsetType = msgspec.UNSET
    commune_residence: str | msgspec.UnsetType | None = msgspec.UNSET
    deja_accompagne: bool | msgspec.UnsetType = msgspec.UNSET
    consentement: bool = False
    prenom: Court | msgspec.UnsetType | None = msgspec.UNSET
    nom: Court | msgspec.UnsetType | None = msgspec.UNSET
    telephone: Court | msgspec.UnsetType | None = msgspec.UNSET
    courriel: Court | msgspec.UnsetType | None = msgspec.UNSET
    notes: Notes | msgspec.UnsetType | None = msgspec.UNSET


class AnonymiserBeneficiaire(Commande, frozen=True, kw_only=True):
    """Erase a person's identity for good (their key is destroyed); statistics stay."""

    motif: Annotated[str, msgspec.Meta(description="effacement (demande) ou retention")] = (
        "effacement"
    )
