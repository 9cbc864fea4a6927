"""What happened to mediation places."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import msgspec

from domain.base import Evenement, Modification, champs_poses


class ChampsStandard(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The national standard's descriptive fields of a place (v1.0.2), normalised. Their
    defaults let the events recorded before they existed decode unchanged; empty ones are
    not stored (most places fill few of them)."""

    pivot: str | None = None
    typologie: tuple[str, ...] = ()
    telephone: str | None = None
    courriels: tuple[str, ...] = ()
    site_web: tuple[str, ...] = ()
    presentation_resume: str | None = None
    presentation_detail: str | None = None
    source: str | None = None
    itinerance: tuple[str, ...] = ()
    structure_parente: str | None = None
    publics_specifiquement_adresses: tuple[str, ...] = ()
    prise_en_charge_specifique: tuple[str, ...] = ()
    frais_a_charge: tuple[str, ...] = ()
    dispositif_programmes_nationaux: tuple[str, ...] = ()
    formations_labels: tuple[str, ...] = ()
    autres_formations_labels: tuple[str, ...] = ()
    modalites_acces: tuple[str, ...] = ()
    modalites_accompagnement: tuple[str, ...] = ()
    fiche_acces_libre: str | None = None
    prise_rdv: str | None = None


CHAMPS_STANDARD: tuple[str, ...] = ChampsStandard.__struct_fields__


class ChampsStandardModifies(msgspec.Struct, frozen=True, kw_only=True):
    """The same fields in a change: only those that changed are set."""

    pivot: str | msgspec.UnsetType | None = msgspec.UNSET
    typologie: tuple[str, ...] | msgspec.UnsetType = msgspec.UNSET
    telephone: str | msgspec.UnsetType | None = msgspec.UNSET
    courriels: tuple[str, ...] | msgspec.UnsetType = msgspec.UNSET
    site_web: tuple[str, ...] | msgspec.UnsetType = msgspec.UNSET
    presentation_resume: str | msgspec.UnsetType | None = msgspec.UNSET
    presentation_detail: str | msgspec.UnsetType | None = msgspec.UNSET
    source: str | msgspec.UnsetType | None = msgspec.UNSET
    itinerance: tuple[str, ...] | msgspec.UnsetType = msgspec.UNSET
    structure_parente: str | msgspec.UnsetType | None = msgspec.UNSET
    publics_specifiquement_adresses: tuple[str, ...] | msgspec.UnsetType = msgspec.UNSET
    prise_en_charge_specifique: tuple[str, ...] | msgspec.UnsetType = msgspec.UNSET
    frais_a_charge: tuple[str, ...] | msgspec.UnsetType = msgspec.UNSET
    dispositif_programmes_nationaux: tuple[str, ...] | msgspec.UnsetType = msgspec.UNSET
    formations_labels: tuple[str, ...] | msgspec.UnsetType = msgspec.UNSET
    autres_formations_labels: tuple[str, ...] | msgspec.UnsetType = msgspec.UNSET
    modalites_acces: tuple[str, ...] | msgspec.UnsetType = msgspec.UNSET
    modalites_accompagnement: tuple[str, ...] | msgspec.UnsetType = msgspec.UNSET
    fiche_acces_libre: str | msgspec.UnsetType | None = msgspec.UNSET
    prise_rdv: str | msgspec.UnsetType | None = msgspec.UNSET

    def valeurs(self) -> dict[str, object]:
        return champs_poses(self, CHAMPS_STANDARD)


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
    standard: ChampsStandard = ChampsStandard()
    # The source's verification date, when it gave one (otherwise: the event's time).
    verifie_le: date | msgspec.UnsetType = msgspec.UNSET


class LieuModifie(Modification, frozen=True, kw_only=True):
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
    standard: ChampsStandardModifies | msgspec.UnsetType = msgspec.UNSET
    verifie_le: date | msgspec.UnsetType = msgspec.UNSET  # as in LieuRecense

    def champs_modifies(self) -> dict[str, object]:
        """The changed fields of the place itself (the standard's are in `standard`)."""
        return champs_poses(self, LIEU_CHAMPS)


class LieuFerme(Evenement, frozen=True, kw_only=True):
    motif: str


class LieuVerifie(Evenement, frozen=True, kw_only=True):
    """Someone checked the place's record and found it right as it is (on `le`, for a
    source that says when it checked; otherwise when the event happened)."""

    le: date | msgspec.UnsetType = msgspec.UNSET


def instant_de_verification(event: LieuRecense | LieuModifie | LieuVerifie) -> datetime:
    jour = event.le if isinstance(event, LieuVerifie) else event.verifie_le
    if isinstance(jour, msgspec.UnsetType):
        return event.timestamp
    return datetime(jour.year, jour.month, jour.day, tzinfo=UTC)


# The place's own fields a merge may bring (the standard's come in `standard`).
CHAMPS_APPORTES: tuple[str, ...] = ("complement_adresse", "services", "horaires")


class Apport(msgspec.Struct, frozen=True, kw_only=True):
    """Values a merge brings to the place it keeps (or that an un-merge puts back): only
    the set fields are concerned."""

    complement_adresse: str | msgspec.UnsetType | None = msgspec.UNSET
    services: tuple[str, ...] | msgspec.UnsetType = msgspec.UNSET
    horaires: str | msgspec.UnsetType | None = msgspec.UNSET
    standard: ChampsStandardModifies | msgspec.UnsetType = msgspec.UNSET

    def valeurs(self) -> dict[str, object]:
        """Every set field, the standard's ones flattened in."""
        valeurs = champs_poses(self, CHAMPS_APPORTES)
        if not isinstance(self.standard, msgspec.UnsetType):
            valeurs |= self.standard.valeurs()
        return valeurs


class LieuFusionne(Evenement, frozen=True, kw_only=True):
    """This place was a duplicate of `dans`, which now stands for both."""

    dans: UUID


class LieuAbsorbe(Evenement, frozen=True, kw_only=True):
    """This place took in its duplicate `doublon`: `apport` is what it gained from it,
    `avant` what those fields held before (so that the merge can be undone)."""

    doublon: UUID
    apport: Apport
    avant: Apport


class FusionAnnulee(Evenement, frozen=True, kw_only=True):
    """This place, merged into `de`, is a place of its own again."""

    de: UUID


class AbsorptionAnnulee(Evenement, frozen=True, kw_only=True):
    """This place gave back its duplicate `doublon`: `retabli` holds the values put back
    (the fields changed since the merge keep their later value)."""

    doublon: UUID
    retabli: Apport


class DoublonEcarte(Evenement, frozen=True, kw_only=True):
    """A coordinator judged that this place and `autre` are two different places."""

    autre: UUID


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

EVENEMENTS_LIEU = (
    LieuRecense,
    LieuModifie,
    LieuFerme,
    LieuVerifie,
    LieuFusionne,
    LieuAbsorbe,
    FusionAnnulee,
    AbsorptionAnnulee,
    DoublonEcarte,
)
