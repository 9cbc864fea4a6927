"""A funding application as the rules see it, folded from its events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

import msgspec

from domain.base import etat_cree, replier
from domain.financements.events import (
    FinancementAccorde,
    FinancementDepose,
    FinancementModifie,
    FinancementRefuse,
)
from domain.financements.referentiel import ACCORDE, DEPOSE, REFUSE


class Financement(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    source: str
    financeur: str
    objet: str
    montant_demande: int
    structure_id: UUID
    date_depot: date
    periode_debut: date
    periode_fin: date
    fonctionnement_hub: bool
    fleche_accompagnement: bool
    statut: str = DEPOSE
    montant_accorde: int | None = None
    date_decision: date | None = None
    motif_refus: str | None = None


def evolve(etat: Financement | None, event: object) -> Financement | None:
    if isinstance(event, FinancementDepose):
        return etat_cree(Financement, event)
    if etat is None:
        return None
    if isinstance(event, FinancementModifie):
        return msgspec.structs.replace(
            etat, version=event.originator_version, **event.champs_modifies()
        )
    if isinstance(event, FinancementAccorde):
        return msgspec.structs.replace(
            etat,
            version=event.originator_version,
            statut=ACCORDE,
            montant_accorde=event.montant_accorde,
            date_decision=event.date_decision,
            motif_refus=None,
        )
    if isinstance(event, FinancementRefuse):
        return msgspec.structs.replace(
            etat,
            version=event.originator_version,
            statut=REFUSE,
            montant_accorde=None,
            date_decision=event.date_decision,
            motif_refus=event.motif,
        )
    return etat


def fold(events: Iterable[object]) -> Financement | None:
    """The application, or None when the id names no application."""
    return replier(evolve, FinancementDepose, events)
