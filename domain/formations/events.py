"""What happened to training paths and their sessions."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import msgspec

from domain.base import Evenement, Modification
from domain.formations.referentiel import MOMENTS, Mode, Moment


class ModuleParcours(msgspec.Struct, frozen=True, kw_only=True):
    titre: str
    heures: float


class Creneau(msgspec.Struct, frozen=True, kw_only=True):
    """A day or half-day of a session; attendance is recorded per slot."""

    jour: date
    moment: Moment = "journee"

    @property
    def cle(self) -> str:
        """How the API and the attendance sheet name the slot: 2026-03-02 or 2026-03-02/matin."""
        jour = self.jour.isoformat()
        return jour if self.moment == "journee" else f"{jour}/{self.moment}"

    @property
    def libelle(self) -> str:
        texte = self.jour.strftime("%d/%m/%Y")
        return texte if self.moment == "journee" else f"{texte} ({MOMENTS[self.moment]})"


# --- training paths --------------------------------------------------------------------------


class ParcoursCree(Evenement, frozen=True, kw_only=True):
    titre: str
    duree_heures: float
    modules: tuple[ModuleParcours, ...]
    types_aidant: tuple[str, ...]
    qualification_delivree: str | None
    description: str | None


class ParcoursModifie(Modification, frozen=True, kw_only=True):
    """Only the fields that changed are set."""

    titre: str | msgspec.UnsetType = msgspec.UNSET
    duree_heures: float | msgspec.UnsetType = msgspec.UNSET
    modules: tuple[ModuleParcours, ...] | msgspec.UnsetType = msgspec.UNSET
    types_aidant: tuple[str, ...] | msgspec.UnsetType = msgspec.UNSET
    qualification_delivree: str | msgspec.UnsetType | None = msgspec.UNSET
    description: str | msgspec.UnsetType | None = msgspec.UNSET


class ParcoursArchive(Evenement, frozen=True, kw_only=True):
    motif: str


# --- sessions --------------------------------------------------------------------------------


class SessionProgrammee(Evenement, frozen=True, kw_only=True):
    parcours_id: UUID
    debut: date
    fin: date
    creneaux: tuple[Creneau, ...]
    mode: Mode
    lieu_id: UUID | None
    modalites_distance: str | None
    formateur: str
    organisme: str | None
    capacite: int


class SessionModifiee(Modification, frozen=True, kw_only=True):
    """Only the fields that changed are set."""

    debut: date | msgspec.UnsetType = msgspec.UNSET
    fin: date | msgspec.UnsetType = msgspec.UNSET
    creneaux: tuple[Creneau, ...] | msgspec.UnsetType = msgspec.UNSET
    mode: Mode | msgspec.UnsetType = msgspec.UNSET
    lieu_id: UUID | msgspec.UnsetType | None = msgspec.UNSET
    modalites_distance: str | msgspec.UnsetType | None = msgspec.UNSET
    formateur: str | msgspec.UnsetType = msgspec.UNSET
    organisme: str | msgspec.UnsetType | None = msgspec.UNSET
    capacite: int | msgspec.UnsetType = msgspec.UNSET


class SessionAnnulee(Evenement, frozen=True, kw_only=True):
    motif: str


class InscriptionEnregistree(Evenement, frozen=True, kw_only=True):
    """`en_attente` when the session was full: the aidant is on its waiting list."""

    aidant_id: UUID
    en_attente: bool = False


class InscriptionPromue(Evenement, frozen=True, kw_only=True):
    """A place freed up (or the capacity grew): the first on the waiting list takes it."""

    aidant_id: UUID


class InscriptionAnnulee(Evenement, frozen=True, kw_only=True):
    aidant_id: UUID
    motif: str


class PresenceEnregistree(Evenement, frozen=True, kw_only=True):
    aidant_id: UUID
    creneau: str  # Creneau.cle
    present: bool


class FormationTerminee(Evenement, frozen=True, kw_only=True):
    """The aidant completed the training. The qualification it delivers (copied from the
    training path at that moment) is what the service records on the aidant."""

    aidant_id: UUID
    qualification_delivree: str | None
    libelle: str


EVENEMENTS_PARCOURS = (ParcoursCree, ParcoursModifie, ParcoursArchive)
EVENEMENTS_SESSION = (
    SessionProgrammee,
    SessionModifiee,
    SessionAnnulee,
    InscriptionEnregistree,
    InscriptionPromue,
    InscriptionAnnulee,
    PresenceEnregistree,
    FormationTerminee,
)
