"""Training paths and sessions as the write side knows them: the folds of their events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from uuid import UUID

import msgspec

from domain.base import etat_cree
from domain.formations.events import (
    Creneau,
    FormationTerminee,
    InscriptionAnnulee,
    InscriptionEnregistree,
    InscriptionPromue,
    ModuleParcours,
    ParcoursArchive,
    ParcoursCree,
    ParcoursModifie,
    PresenceEnregistree,
    SessionAnnulee,
    SessionModifiee,
    SessionProgrammee,
)
from domain.formations.referentiel import Mode, StatutInscription


class Parcours(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    titre: str
    duree_heures: float
    modules: tuple[ModuleParcours, ...]
    types_aidant: tuple[str, ...]
    qualification_delivree: str | None
    description: str | None
    archive: bool = False


EvenementParcours = ParcoursCree | ParcoursModifie | ParcoursArchive


def evolve_parcours(parcours: Parcours | None, event: EvenementParcours) -> Parcours:
    if isinstance(event, ParcoursCree):
        return etat_cree(Parcours, event)
    if parcours is None:
        raise ValueError(f"{type(event).__name__} before ParcoursCree for {event.originator_id}")
    if isinstance(event, ParcoursModifie):
        return msgspec.structs.replace(
            parcours, version=event.originator_version, **event.champs_modifies()
        )
    return msgspec.structs.replace(parcours, version=event.originator_version, archive=True)


def fold_parcours(events: Iterable[EvenementParcours]) -> Parcours | None:
    parcours: Parcours | None = None
    for event in events:
        parcours = evolve_parcours(parcours, event)
    return parcours


class Inscription(msgspec.Struct, frozen=True, kw_only=True):
    aidant_id: UUID
    statut: StatutInscription
    inscrite_le: datetime
    presences: dict[str, bool] = msgspec.field(default_factory=dict)  # Creneau.cle -> présent
    terminee_le: datetime | None = None
    qualification_delivree: str | None = None
    libelle: str | None = None


class SessionFormation(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
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
    annulee: bool = False
    motif_annulation: str | None = None
    # In enrolment order, which is the waiting list's order.
    inscriptions: dict[UUID, Inscription] = msgspec.field(default_factory=dict)

    def avec_statut(self, statut: StatutInscription) -> list[Inscription]:
        return [i for i in self.inscriptions.values() if i.statut == statut]

    def places_restantes(self) -> int:
        return max(0, self.capacite - len(self.avec_statut("inscrit")))

    def inscription_active(self, aidant_id: UUID) -> Inscription | None:
        inscription = self.inscriptions.get(aidant_id)
        return inscription if inscription and inscription.statut != "annulee" else None


EvenementSession = (
    SessionProgrammee
    | SessionModifiee
    | SessionAnnulee
    | InscriptionEnregistree
    | InscriptionPromue
    | InscriptionAnnulee
    | PresenceEnregistree
    | FormationTerminee
)


def evolve_session(session: SessionFormation | None, event: EvenementSession) -> SessionFormation:
    if isinstance(event, SessionProgrammee):
        return etat_cree(SessionFormation, event)
    if session is None:
        raise ValueError(
            f"{type(event).__name__} before SessionProgrammee for {event.originator_id}"
        )
    version = event.originator_version
    if isinstance(event, SessionModifiee):
        return msgspec.structs.replace(session, version=version, **event.champs_modifies())
    if isinstance(event, SessionAnnulee):
        return msgspec.structs.replace(
            session, version=version, annulee=True, motif_annulation=event.motif
        )
    if isinstance(event, InscriptionEnregistree):
        # A new enrolment (maybe after a cancelled one) goes to the end of the order.
        inscriptions = {k: v for k, v in session.inscriptions.items() if k != event.aidant_id}
        inscriptions[event.aidant_id] = Inscription(
            aidant_id=event.aidant_id,
            statut="en_attente" if event.en_attente else "inscrit",
            inscrite_le=event.timestamp,
        )
        return msgspec.structs.replace(session, version=version, inscriptions=inscriptions)
    inscription = session.inscriptions.get(event.aidant_id)
    if inscription is None:
        raise ValueError(f"{type(event).__name__} for an aidant never enrolled")
    if isinstance(event, InscriptionPromue):
        inscription = msgspec.structs.replace(inscription, statut="inscrit")
    elif isinstance(event, InscriptionAnnulee):
        inscription = msgspec.structs.replace(inscription, statut="annulee")
    elif isinstance(event, PresenceEnregistree):
        presences = {**inscription.presences, event.creneau: event.present}
        inscription = msgspec.structs.replace(inscription, presences=presences)
    else:
        inscription = msgspec.structs.replace(
            inscription,
            terminee_le=event.timestamp,
            qualification_delivree=event.qualification_delivree,
            libelle=event.libelle,
        )
    inscriptions = {**session.inscriptions, event.aidant_id: inscription}
    return msgspec.structs.replace(session, version=version, inscriptions=inscriptions)


def fold_session(events: Iterable[EvenementSession]) -> SessionFormation | None:
    session: SessionFormation | None = None
    for event in events:
        session = evolve_session(session, event)
    return session
