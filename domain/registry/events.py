"""What happened to mediation places."""

from __future__ import annotations

import msgspec

from domain.base import Evenement


class LieuRecense(Evenement, frozen=True, kw_only=True):
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


class LieuModifie(Evenement, frozen=True, kw_only=True):
    """Only the fields that changed are set; the others are UNSET (and not stored)."""

    nom: str | msgspec.UnsetType = msgspec.UNSET
    adresse: str | msgspec.UnsetType = msgspec.UNSET
    complement_adresse: str | msgspec.UnsetType | None = msgspec.UNSET
    code_postal: str | msgspec.UnsetType = msgspec.UNSET
    code_insee: str | msgspec.UnsetType = msgspec.UNSET
    commune: str | msgspec.UnsetType = msgspec.UNSET
    departement: str | msgspec.UnsetType = msgspec.UNSET
    latitude: float | msgspec.UnsetType = msgspec.UNSET
    longitude: float | msgspec.UnsetType = msgspec.UNSET
    services: tuple[str, ...] | msgspec.UnsetType = msgspec.UNSET
    horaires: str | msgspec.UnsetType | None = msgspec.UNSET

    def champs_modifies(self) -> dict[str, object]:
        return {
            name: value
            for name in LIEU_CHAMPS
            if (value := getattr(self, name)) is not msgspec.UNSET
        }


class LieuFerme(Evenement, frozen=True, kw_only=True):
    motif: str


LIEU_CHAMPS: tuple[str, ...] = (
    "nom",
    "adresse",
    "complement_adresse",
    "code_postal",
    "code_insee",
    "commune",
    "departement",
    "latitude",
    "longitude",
    "services",
    "horaires",
)

EVENEMENTS_LIEU = (LieuRecense, LieuModifie, LieuFerme)
