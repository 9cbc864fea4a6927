"""A referral as the write side knows it: the fold of its events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

import msgspec

from domain.base import memes_champs, replier
from domain.orientation.events import (
    LienPriseEnChargeEmis,
    OrientationAboutie,
    OrientationAcceptee,
    OrientationExpiree,
    OrientationProposee,
    OrientationRefusee,
    PriseEnCharge,
)

PROPOSEE = "proposee"
ACCEPTEE = "acceptee"
PRISE_EN_CHARGE = "prise_en_charge"
ABOUTIE = "aboutie"
REFUSEE = "refusee"
EXPIREE = "expiree"
STATUTS = {
    PROPOSEE: "Proposée",
    ACCEPTEE: "Acceptée, en attente du lieu",
    PRISE_EN_CHARGE: "Prise en charge confirmée par le lieu",
    ABOUTIE: "Aboutie : la personne est venue",
    REFUSEE: "Refusée",
    EXPIREE: "Expirée",
}
EN_COURS = (PROPOSEE, ACCEPTEE, PRISE_EN_CHARGE)


class Orientation(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    beneficiaire_id: UUID | None
    mediateur: str | None
    regle: str
    offre_type: str
    lieux_proposes: tuple[UUID, ...]
    lieu_choisi: UUID | None
    statut: str
    propose_le: datetime
    lien_empreinte: str | None = None
    lien_expire_le: datetime | None = None


EvenementOrientation = (
    OrientationProposee
    | OrientationAcceptee
    | LienPriseEnChargeEmis
    | OrientationRefusee
    | PriseEnCharge
    | OrientationAboutie
    | OrientationExpiree
)
_STATUT_APRES = {
    OrientationAcceptee: ACCEPTEE,
    OrientationRefusee: REFUSEE,
    PriseEnCharge: PRISE_EN_CHARGE,
    OrientationAboutie: ABOUTIE,
    OrientationExpiree: EXPIREE,
}


def evolve(orientation: Orientation | None, event: EvenementOrientation) -> Orientation:
    if isinstance(event, OrientationProposee):
        return Orientation(
            id=event.originator_id,
            version=event.originator_version,
            **memes_champs(event, Orientation),
            statut=PROPOSEE,
            propose_le=event.timestamp,
        )
    if orientation is None:
        raise ValueError(f"{type(event).__name__} before OrientationProposee")
    orientation = msgspec.structs.replace(orientation, version=event.originator_version)
    if isinstance(event, LienPriseEnChargeEmis):
        return msgspec.structs.replace(
            orientation, lien_empreinte=event.empreinte, lien_expire_le=event.expire_le
        )
    if isinstance(event, OrientationAcceptee):
        orientation = msgspec.structs.replace(orientation, lieu_choisi=event.lieu_choisi)
    if isinstance(event, PriseEnCharge | OrientationAboutie | OrientationRefusee):
        # The link has served (or can no longer serve): it stops working.
        orientation = msgspec.structs.replace(orientation, lien_empreinte=None)
    return msgspec.structs.replace(orientation, statut=_STATUT_APRES[type(event)])


def fold(events: Iterable[object]) -> Orientation | None:
    """The referral, or None: no events, or those of another kind of record."""
    return replier(evolve, OrientationProposee, events)
