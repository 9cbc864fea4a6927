"""A mediation place as the write side knows it: the fold of its events."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

import msgspec

from domain.registry.events import ChampsStandard, LieuFerme, LieuModifie, LieuRecense


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


EvenementLieu = LieuRecense | LieuModifie | LieuFerme


def evolve(lieu: Lieu | None, event: EvenementLieu) -> Lieu:
    if isinstance(event, LieuRecense):
        return Lieu(
            id=event.originator_id,
            version=event.originator_version,
            nom=event.nom,
            adresse=event.adresse,
            complement_adresse=event.complement_adresse,
            code_postal=event.code_postal,
            code_insee=event.code_insee,
            commune=event.commune,
            departement=event.departement,
            latitude=event.latitude,
            longitude=event.longitude,
            services=event.services,
            horaires=event.horaires,
            standard=event.standard,
        )
    if lieu is None:
        raise ValueError(f"{type(event).__name__} before LieuRecense for {event.originator_id}")
    if isinstance(event, LieuModifie):
        standard = lieu.standard
        if not isinstance(event.standard, msgspec.UnsetType):
            standard = msgspec.structs.replace(standard, **event.standard.valeurs())
        return msgspec.structs.replace(
            lieu, version=event.originator_version, standard=standard, **event.champs_modifies()
        )
    return msgspec.structs.replace(lieu, version=event.originator_version, ferme=True)


def fold(events: Iterable[EvenementLieu]) -> Lieu | None:
    lieu: Lieu | None = None
    for event in events:
        lieu = evolve(lieu, event)
    return lieu
