"""What happens to a funding application: filed, corrected, granted or refused."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import msgspec

from domain.base import Evenement, Modification


class FinancementDepose(Evenement, frozen=True, kw_only=True):
    source: str
    """A key of referentiel.SOURCES."""
    financeur: str
    objet: str
    montant_demande: int
    """In centimes."""
    structure_id: UUID
    date_depot: date
    periode_debut: date
    periode_fin: date
    fonctionnement_hub: bool
    fleche_accompagnement: bool


class FinancementModifie(Modification, frozen=True, kw_only=True):
    """Only the fields that changed are set."""

    source: str | msgspec.UnsetType = msgspec.UNSET
    financeur: str | msgspec.UnsetType = msgspec.UNSET
    objet: str | msgspec.UnsetType = msgspec.UNSET
    montant_demande: int | msgspec.UnsetType = msgspec.UNSET
    structure_id: UUID | msgspec.UnsetType = msgspec.UNSET
    date_depot: date | msgspec.UnsetType = msgspec.UNSET
    periode_debut: date | msgspec.UnsetType = msgspec.UNSET
    periode_fin: date | msgspec.UnsetType = msgspec.UNSET
    fonctionnement_hub: bool | msgspec.UnsetType = msgspec.UNSET
    fleche_accompagnement: bool | msgspec.UnsetType = msgspec.UNSET


class FinancementAccorde(Evenement, frozen=True, kw_only=True):
    montant_accorde: int
    """In centimes."""
    date_decision: date
    correction: bool = False
    """It replaces an earlier decision."""


class FinancementRefuse(Evenement, frozen=True, kw_only=True):
    date_decision: date
    motif: str = ""
    correction: bool = False


EVENEMENTS_FINANCEMENT = (
    FinancementDepose,
    FinancementModifie,
    FinancementAccorde,
    FinancementRefuse,
)
