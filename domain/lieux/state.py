"""A mediation place as the write side knows it: the fold of its events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

import msgspec

from domain.base import champs_poses, etat_cree, replier
from domain.lieux.events import (
    CHAMPS_APPORTES,
    CHAMPS_STANDARD,
    AbsorptionAnnulee,
    Apport,
    ChampsStandard,
    ChampsStandardModifies,
    DoublonEcarte,
    FusionAnnulee,
    LieuAbsorbe,
    LieuFerme,
    LieuFusionne,
    LieuModifie,
    LieuRecense,
    LieuVerifie,
    instant_de_verification,
)


class Fusion(msgspec.Struct, frozen=True, kw_only=True):
    """A duplicate this place took in, with what it gained and what it held before."""

    doublon: UUID
    apport: Apport
    avant: Apport


class Lieu(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    nom: str
    adresse: str
    complement_adresse: str | None
    code_postal: str
    code_insee: str
    commune: str
    departement: str
    latitude: float
    longitude: float
    services: tuple[str, ...]
    horaires: str | None
    standard: ChampsStandard = ChampsStandard()
    ferme: bool = False
    verifie_le: datetime | None = None
    fusionne_dans: UUID | None = None
    fusions: tuple[Fusion, ...] = ()
    doublons_ecartes: frozenset[UUID] = frozenset()

    def valeur(self, champ: str) -> object:
        """A field by name, the standard's ones included."""
        if champ in CHAMPS_STANDARD:
            return getattr(self.standard, champ)
        return getattr(self, champ)


EvenementLieu = (
    LieuRecense
    | LieuModifie
    | LieuFerme
    | LieuVerifie
    | LieuFusionne
    | LieuAbsorbe
    | FusionAnnulee
    | AbsorptionAnnulee
    | DoublonEcarte
)


def evolve(lieu: Lieu | None, event: EvenementLieu) -> Lieu:
    if isinstance(event, LieuRecense):
        return etat_cree(Lieu, event, verifie_le=instant_de_verification(event))
    if lieu is None:
        raise ValueError(f"{type(event).__name__} before LieuRecense for {event.originator_id}")
    lieu = msgspec.structs.replace(lieu, version=event.originator_version)
    if isinstance(event, LieuModifie):
        lieu = _avec(lieu, event.champs_modifies(), event.standard)
        return msgspec.structs.replace(lieu, verifie_le=instant_de_verification(event))
    if isinstance(event, LieuVerifie):
        return msgspec.structs.replace(lieu, verifie_le=instant_de_verification(event))
    if isinstance(event, LieuFerme):
        return msgspec.structs.replace(lieu, ferme=True)
    if isinstance(event, LieuFusionne):
        return msgspec.structs.replace(lieu, fusionne_dans=event.dans)
    if isinstance(event, FusionAnnulee):
        return msgspec.structs.replace(lieu, fusionne_dans=None)
    if isinstance(event, LieuAbsorbe):
        lieu = appliquer_apport(lieu, event.apport)
        fusion = Fusion(doublon=event.doublon, apport=event.apport, avant=event.avant)
        return msgspec.structs.replace(lieu, fusions=(*lieu.fusions, fusion))
    if isinstance(event, AbsorptionAnnulee):
        lieu = appliquer_apport(lieu, event.retabli)
        restantes = tuple(f for f in lieu.fusions if f.doublon != event.doublon)
        return msgspec.structs.replace(lieu, fusions=restantes)
    return msgspec.structs.replace(lieu, doublons_ecartes=lieu.doublons_ecartes | {event.autre})


def appliquer_apport(lieu: Lieu, apport: Apport) -> Lieu:
    return _avec(lieu, champs_poses(apport, CHAMPS_APPORTES), apport.standard)


def _avec(
    lieu: Lieu, champs: dict[str, object], standard: ChampsStandardModifies | msgspec.UnsetType
) -> Lieu:
    nouveau = lieu.standard
    if not isinstance(standard, msgspec.UnsetType):
        nouveau = msgspec.structs.replace(nouveau, **standard.valeurs())
    return msgspec.structs.replace(lieu, standard=nouveau, **champs)


def fold(events: Iterable[object]) -> Lieu | None:
    """The place, or None when there is none: no events, or those of another kind of record
    (an id given where a place's was expected)."""
    return replier(evolve, LieuRecense, events)
