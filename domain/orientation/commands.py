"""Commands on referrals. `ProposerOrientation` is also the JSON API's body."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import msgspec

from domain.base import Commande

Code = Annotated[str, msgspec.Meta(max_length=60)]
Codes = Annotated[list[Code], msgspec.Meta(max_length=40)]
Version = Annotated[
    int, msgspec.Meta(ge=1, description="Version de l'orientation sur laquelle la demande porte")
]


class ProposerOrientation(Commande, frozen=True, kw_only=True):
    """Propose an offer: the rule must be one the situation fires (its reasons are
    recorded); places are those shown to the person, the chosen one among them."""

    beneficiaire_id: UUID | None = None
    niveau: Annotated[int, msgspec.Meta(ge=0, le=4)] | None = None
    drapeaux: Codes = msgspec.field(default_factory=list)
    thematiques: Codes = msgspec.field(default_factory=list)
    regle: Annotated[str, msgspec.Meta(max_length=4, examples=["R3"])]
    lieux_proposes: Annotated[list[UUID], msgspec.Meta(max_length=20)] = msgspec.field(
        default_factory=list
    )
    lieu_choisi: UUID | None = None


class AccepterOrientation(Commande, frozen=True, kw_only=True):
    """The person accepts; the place is the chosen one (or this one, among those proposed)."""

    version: Version
    lieu_choisi: UUID | None = None


class RefuserOrientation(Commande, frozen=True, kw_only=True):
    version: Version
    motif: Annotated[str, msgspec.Meta(max_length=500)]


class RenouvelerLien(Commande, frozen=True, kw_only=True):
    """A new 8-day link for the receiving place (the old one stops working)."""

    version: Version


class ConfirmerPriseEnCharge(Commande, frozen=True, kw_only=True):
    jeton: Annotated[str, msgspec.Meta(max_length=200)]


class ConstaterAboutissement(Commande, frozen=True, kw_only=True):
    activite_id: UUID
    date: date


class ExpirerOrientation(Commande, frozen=True, kw_only=True):
    pass
