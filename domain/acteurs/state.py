"""Structures and aidants as the write side knows them: the fold of their events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

import msgspec

from domain.acteurs.events import (
    AIDANT_EFFACE,
    AffiliationTerminee,
    AidantAffilie,
    AidantDesactive,
    AidantEfface,
    AidantEnregistre,
    AidantHabiliteAidantsConnect,
    AidantModifie,
    HabilitationRetiree,
    LieuDetache,
    LieuRattache,
    QualificationAnnulee,
    QualificationCorrigee,
    QualificationEnregistree,
    StructureFermee,
    StructureModifiee,
    StructureRecensee,
)
from domain.acteurs.referentiel import SCORE_PIX_REUSSITE, TEST_PIX_AIDANTS_CONNECT
from domain.base import champs_de, etat_cree, replier

# --- structures ------------------------------------------------------------------------------


class Structure(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
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
    lieux: tuple[UUID, ...] = ()
    fermee: bool = False


EvenementStructure = (
    StructureRecensee | StructureModifiee | StructureFermee | LieuRattache | LieuDetache
)


def evolve_structure(structure: Structure | None, event: EvenementStructure) -> Structure:
    if isinstance(event, StructureRecensee):
        return etat_cree(Structure, event)
    if structure is None:
        raise ValueError(f"{type(event).__name__} before StructureRecensee")
    version = event.originator_version
    if isinstance(event, StructureModifiee):
        return msgspec.structs.replace(structure, version=version, **event.champs_modifies())
    if isinstance(event, LieuRattache):
        lieux = (*structure.lieux, event.lieu_id)
        return msgspec.structs.replace(structure, version=version, lieux=lieux)
    if isinstance(event, LieuDetache):
        lieux = tuple(lieu for lieu in structure.lieux if lieu != event.lieu_id)
        return msgspec.structs.replace(structure, version=version, lieux=lieux)
    return msgspec.structs.replace(structure, version=version, fermee=True)


def fold_structure(events: Iterable[EvenementStructure]) -> Structure | None:
    return replier(evolve_structure, StructureRecensee, events)


# --- aidants ---------------------------------------------------------------------------------


class Affiliation(msgspec.Struct, frozen=True, kw_only=True):
    structure_id: UUID
    debut: date
    fin: date | None = None

    def chevauche(self, debut: date, fin: date | None) -> bool:
        """Whether [debut, fin] meets this period (an open end runs forever)."""
        return (fin is None or self.debut <= fin) and (self.fin is None or debut <= self.fin)

    def ouverte_le(self, jour: date) -> bool:
        return self.debut <= jour and (self.fin is None or jour <= self.fin)


class Qualification(msgspec.Struct, frozen=True, kw_only=True):
    type: str
    obtenue_le: date
    expire_le: date | None = None
    libelle: str | None = None
    score: int | None = None
    # Version of the aidant at which it was recorded: a habilitation withdrawn after it is not
    # given back on the strength of it (see decide_aidants.habilitation_due).
    enregistree_a: int = 0

    def valide_le(self, jour: date) -> bool:
        return self.expire_le is None or jour <= self.expire_le

    @property
    def reussie(self) -> bool:
        """A PIX test below the pass mark is recorded but is not passed (no score known: the
        result was sent as passed, as Aidants Connect's own import takes it)."""
        return (
            self.type != TEST_PIX_AIDANTS_CONNECT
            or self.score is None
            or (self.score >= SCORE_PIX_REUSSITE)
        )


class Aidant(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    prenom: str
    nom: str
    type_aidant: str
    email: str | None = None
    telephone: str | None = None
    compte: str | None = None
    lieux: tuple[UUID, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    qualifications: tuple[Qualification, ...] = ()
    habilite_aidants_connect: bool = False
    habilitation_expire_le: date | None = None
    retrait_habilitation_a: int = 0  # version of the last withdrawal, 0 if none
    desactive: bool = False
    efface: bool = False  # identity erased: the name reads « Aidant effacé »

    def structures_le(self, jour: date) -> tuple[UUID, ...]:
        return tuple(a.structure_id for a in self.affiliations if a.ouverte_le(jour))


EvenementAidant = (
    AidantEnregistre
    | AidantModifie
    | AidantDesactive
    | AidantAffilie
    | AffiliationTerminee
    | QualificationEnregistree
    | AidantHabiliteAidantsConnect
    | HabilitationRetiree
    | QualificationCorrigee
    | QualificationAnnulee
    | AidantEfface
)


def evolve_aidant(aidant: Aidant | None, event: EvenementAidant) -> Aidant:
    if isinstance(event, AidantEnregistre):
        return etat_cree(Aidant, event)
    if aidant is None:
        raise ValueError(f"{type(event).__name__} before AidantEnregistre")
    version = event.originator_version
    replace = msgspec.structs.replace
    if isinstance(event, AidantModifie):
        return replace(aidant, version=version, **event.champs_modifies())
    if isinstance(event, AidantDesactive):
        return replace(aidant, version=version, desactive=True)
    if isinstance(event, AidantEfface):
        return replace(
            aidant, version=version, efface=True, email=None, telephone=None, **AIDANT_EFFACE
        )
    if isinstance(event, AidantAffilie):
        affiliation = Affiliation(**champs_de(event))
        return replace(aidant, version=version, affiliations=(*aidant.affiliations, affiliation))
    if isinstance(event, AffiliationTerminee):
        affiliations = tuple(
            replace(a, fin=event.fin)
            if (a.structure_id, a.debut) == (event.structure_id, event.debut)
            else a
            for a in aidant.affiliations
        )
        return replace(aidant, version=version, affiliations=affiliations)
    if isinstance(event, QualificationEnregistree):
        qualification = Qualification(**champs_de(event), enregistree_a=version)
        return replace(
            aidant, version=version, qualifications=(*aidant.qualifications, qualification)
        )
    if isinstance(event, QualificationCorrigee):
        qualifications = tuple(
            replace(
                q,
                obtenue_le=event.obtenue_le,
                expire_le=event.expire_le,
                libelle=event.libelle,
                score=event.score,
            )
            if q.enregistree_a == event.qualification
            else q
            for q in aidant.qualifications
        )
        return replace(aidant, version=version, qualifications=qualifications)
    if isinstance(event, QualificationAnnulee):
        qualifications = tuple(
            q for q in aidant.qualifications if q.enregistree_a != event.qualification
        )
        return replace(aidant, version=version, qualifications=qualifications)
    if isinstance(event, AidantHabiliteAidantsConnect):
        return replace(
            aidant,
            version=version,
            habilite_aidants_connect=True,
            habilitation_expire_le=event.expire_le,
        )
    return replace(
        aidant,
        version=version,
        habilite_aidants_connect=False,
        habilitation_expire_le=None,
        retrait_habilitation_a=aidant.retrait_habilitation_a if event.automatique else version,
    )


def fold_aidant(events: Iterable[EvenementAidant]) -> Aidant | None:
    return replier(evolve_aidant, AidantEnregistre, events)
