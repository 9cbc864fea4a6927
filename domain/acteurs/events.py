"""What happened to structures and aidants."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar
from uuid import UUID

import msgspec

from domain.base import Evenement, Modification

# --- structures ------------------------------------------------------------------------------


class StructureRecensee(Evenement, frozen=True, kw_only=True):
    siret: str
    nom: str
    type_structure: str
    adresse: str
    code_postal: str
    code_insee: str
    commune: str
    departement: str
    numero_france_services: str | None = None
    site_web: str | None = None


class StructureModifiee(Modification, frozen=True, kw_only=True):
    """Only the fields that changed are set."""

    siret: str | msgspec.UnsetType = msgspec.UNSET
    nom: str | msgspec.UnsetType = msgspec.UNSET
    type_structure: str | msgspec.UnsetType = msgspec.UNSET
    adresse: str | msgspec.UnsetType = msgspec.UNSET
    code_postal: str | msgspec.UnsetType = msgspec.UNSET
    code_insee: str | msgspec.UnsetType = msgspec.UNSET
    commune: str | msgspec.UnsetType = msgspec.UNSET
    departement: str | msgspec.UnsetType = msgspec.UNSET
    numero_france_services: str | msgspec.UnsetType | None = msgspec.UNSET
    site_web: str | msgspec.UnsetType | None = msgspec.UNSET


class StructureFermee(Evenement, frozen=True, kw_only=True):
    motif: str


class LieuRattache(Evenement, frozen=True, kw_only=True):
    """The structure runs this place (an event of the structure's history)."""

    lieu_id: UUID


class LieuDetache(Evenement, frozen=True, kw_only=True):
    lieu_id: UUID


# --- aidants ---------------------------------------------------------------------------------

# An aidant is a person too: their identity is encrypted in the events with a key of their own
# (mednum/infra/chiffrement.py), which an erasure destroys. Read back without it, a name reads
# as below (the fields are not optional); e-mail and telephone read as None.
IDENTITE_AIDANT: tuple[str, ...] = ("prenom", "nom", "email", "telephone")
AIDANT_EFFACE: dict[str, Any] = {"prenom": "", "nom": "Aidant effacé"}


class AidantEnregistre(Evenement, frozen=True, kw_only=True):
    CHAMPS_PERSONNELS: ClassVar[tuple[str, ...]] = IDENTITE_AIDANT
    VALEURS_EFFACEES: ClassVar[dict[str, Any]] = AIDANT_EFFACE

    prenom: str
    nom: str
    type_aidant: str
    email: str | None = None
    telephone: str | None = None
    compte: str | None = None
    lieux: tuple[UUID, ...] = ()


class AidantModifie(Modification, frozen=True, kw_only=True):
    """Only the fields that changed are set; `lieux` is the whole new list."""

    CHAMPS_PERSONNELS: ClassVar[tuple[str, ...]] = IDENTITE_AIDANT
    VALEURS_EFFACEES: ClassVar[dict[str, Any]] = AIDANT_EFFACE

    prenom: str | msgspec.UnsetType = msgspec.UNSET
    nom: str | msgspec.UnsetType = msgspec.UNSET
    type_aidant: str | msgspec.UnsetType = msgspec.UNSET
    email: str | msgspec.UnsetType | None = msgspec.UNSET
    telephone: str | msgspec.UnsetType | None = msgspec.UNSET
    compte: str | msgspec.UnsetType | None = msgspec.UNSET
    lieux: tuple[UUID, ...] | msgspec.UnsetType = msgspec.UNSET


class AidantDesactive(Evenement, frozen=True, kw_only=True):
    motif: str


class AidantEfface(Evenement, frozen=True, kw_only=True):
    """The aidant's identity is gone for good (its key destroyed, on an admin's request):
    name, e-mail and telephone. What statistics use stays: type, structures, places,
    qualifications, trainings, and the account that links their sessions."""

    motif: str


class AidantAffilie(Evenement, frozen=True, kw_only=True):
    structure_id: UUID
    debut: date
    fin: date | None = None


class AffiliationTerminee(Evenement, frozen=True, kw_only=True):
    """The affiliation with `structure_id` that started on `debut` ends on `fin`."""

    structure_id: UUID
    debut: date
    fin: date


class QualificationEnregistree(Evenement, frozen=True, kw_only=True):
    type: str
    obtenue_le: date
    expire_le: date | None = None
    libelle: str | None = None
    score: int | None = None


class QualificationCorrigee(Evenement, frozen=True, kw_only=True):
    """The qualification recorded at version `qualification` of the aidant now reads so (all
    its values, corrected or not), for the reason `motif`. `type`, `ancienne_obtention` and
    `libelle` name it as it was, for the read model."""

    qualification: int
    type: str
    ancienne_obtention: date
    obtenue_le: date
    expire_le: date | None = None
    libelle: str | None = None
    score: int | None = None
    motif: str


class QualificationAnnulee(Evenement, frozen=True, kw_only=True):
    """The qualification recorded at version `qualification` was entered by mistake."""

    qualification: int
    type: str
    obtenue_le: date
    libelle: str | None = None
    motif: str


class AidantHabiliteAidantsConnect(Evenement, frozen=True, kw_only=True):
    """Derived: training and PIX test both held and valid. `expire_le` is the earlier of
    their expiries (the habilitation lapses with the first of them)."""

    le: date
    expire_le: date | None = None


class HabilitationRetiree(Evenement, frozen=True, kw_only=True, omit_defaults=True):
    # omit_defaults: events stored before `automatique` existed re-encode unchanged.
    motif: str
    # True when a corrected or cancelled qualification no longer meets the conditions: a
    # later correction may give it back (a withdrawal by hand needs new qualifications).
    automatique: bool = False


EVENEMENTS_STRUCTURE = (
    StructureRecensee,
    StructureModifiee,
    StructureFermee,
    LieuRattache,
    LieuDetache,
)
EVENEMENTS_AIDANT = (
    AidantEnregistre,
    AidantModifie,
    AidantDesactive,
    AidantAffilie,
    AffiliationTerminee,
    QualificationEnregistree,
    AidantHabiliteAidantsConnect,
    HabilitationRetiree,
    QualificationCorrigee,
    QualificationAnnulee,
    AidantEfface,
)
