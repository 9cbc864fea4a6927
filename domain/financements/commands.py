"""Commands on funding applications. They double as the JSON API's bodies. Amounts are in
centimes (integers), so that no rounding ever creeps in."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import msgspec

from domain.base import Commande

Centimes = Annotated[
    int, msgspec.Meta(description="Montant en centimes d'euro", examples=[2_500_000])
]
Source = Annotated[
    str,
    msgspec.Meta(
        max_length=40,
        description="banque_des_territoires, etat_anct, region, departement, epci, fse_feder "
        "ou prive",
        examples=["region"],
    ),
]
Financeur = Annotated[str, msgspec.Meta(max_length=250, examples=["Conseil régional BFC"])]
Objet = Annotated[
    str, msgspec.Meta(max_length=1000, examples=["Postes de médiateurs numériques 2025"])
]
Motif = Annotated[str, msgspec.Meta(max_length=1000)]
Version = Annotated[
    int, msgspec.Meta(ge=1, description="Version du dossier sur laquelle la demande porte")
]


class DeposerFinancement(Commande, frozen=True, kw_only=True):
    """Record a funding application filed for a structure of the territory."""

    source: Source
    financeur: Financeur
    objet: Objet
    montant_demande: Centimes
    structure_id: UUID
    date_depot: date
    periode_debut: date
    periode_fin: date
    fonctionnement_hub: bool = False
    """Funds for the hub's own running costs (denominator of the leverage, M2.3)."""
    fleche_accompagnement: bool = False
    """Earmarked for accompanying people (numerator of the cost per beneficiary, M4.14)."""


class ModifierFinancement(Commande, frozen=True, kw_only=True):
    """Correct some fields of the application: a field left out stays as it is."""

    version: Version
    source: Source | msgspec.UnsetType = msgspec.UNSET
    financeur: Financeur | msgspec.UnsetType = msgspec.UNSET
    objet: Objet | msgspec.UnsetType = msgspec.UNSET
    montant_demande: Centimes | msgspec.UnsetType = msgspec.UNSET
    structure_id: UUID | msgspec.UnsetType = msgspec.UNSET
    date_depot: date | msgspec.UnsetType = msgspec.UNSET
    periode_debut: date | msgspec.UnsetType = msgspec.UNSET
    periode_fin: date | msgspec.UnsetType = msgspec.UNSET
    fonctionnement_hub: bool | msgspec.UnsetType = msgspec.UNSET
    fleche_accompagnement: bool | msgspec.UnsetType = msgspec.UNSET


class AccorderFinancement(Commande, frozen=True, kw_only=True):
    """The funder granted (part of) the amount. `correction` replaces an earlier decision."""

    version: Version
    montant_accorde: Centimes
    date_decision: date
    correction: bool = False


class RefuserFinancement(Commande, frozen=True, kw_only=True):
    """The funder said no. `correction` replaces an earlier decision."""

    version: Version
    date_decision: date
    motif: Motif = ""
    correction: bool = False
