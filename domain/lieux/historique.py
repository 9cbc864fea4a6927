"""A place's history and the provenance of each of its fields, read from its events.

Each event is folded in turn and the place compared before and after: the history shows what
each change did, whatever the kind of event, and each field's provenance is the last change
that touched it (who, when).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from uuid import UUID

import msgspec

from domain.lieux.events import (
    CHAMPS_STANDARD,
    LIEU_CHAMPS,
    AbsorptionAnnulee,
    DoublonEcarte,
    FusionAnnulee,
    LieuAbsorbe,
    LieuFerme,
    LieuFusionne,
    LieuModifie,
    LieuRecense,
    LieuVerifie,
)
from domain.lieux.state import EvenementLieu, Lieu, evolve

CHAMPS = (*LIEU_CHAMPS, *CHAMPS_STANDARD)
VALIDITE_MOIS = 12  # a record not verified for this long is flagged "à vérifier"
AUTEUR_DEMO = "demo@mednum"
NATURES: dict[type, str] = {
    LieuRecense: "Recensement",
    LieuModifie: "Modification",
    LieuVerifie: "Vérification",
    LieuFerme: "Fermeture",
    LieuFusionne: "Fusion dans un autre lieu",
    LieuAbsorbe: "Fusion d'un doublon",
    FusionAnnulee: "Fusion annulée",
    AbsorptionAnnulee: "Doublon séparé",
    DoublonEcarte: "Doublon écarté",
}


class ChampChange(msgspec.Struct, frozen=True, kw_only=True):
    champ: str
    avant: object
    apres: object


class Changement(msgspec.Struct, frozen=True, kw_only=True):
    version: int
    quand: datetime
    auteur: str
    nature: str
    champs: tuple[ChampChange, ...]
    autre_lieu: str | None = None  # the other place of a merge or a dismissed duplicate


class Trace(msgspec.Struct, frozen=True, kw_only=True):
    """Where a field's current value comes from."""

    quand: datetime
    auteur: str


def historique(events: Iterable[EvenementLieu]) -> list[Changement]:
    """Every change of the place, oldest first."""
    changements = []
    lieu: Lieu | None = None
    for event in events:
        apres = evolve(lieu, event)
        changements.append(
            Changement(
                version=event.originator_version,
                quand=event.timestamp,
                auteur=event.auteur,
                nature=NATURES[type(event)],
                champs=_differences(lieu, apres),
                autre_lieu=_autre_lieu(event),
            )
        )
        lieu = apres
    return changements


def provenance(
    changements: Iterable[Changement], doublons: Mapping[str, Iterable[Changement]] | None = None
) -> dict[str, Trace]:
    """For each field that holds a value, the last change that set it. A value a merge copied
    from a duplicate keeps the duplicate's own provenance (`doublons`: the histories of the
    absorbed duplicates by id): the source that gave it, not the coordinator who merged."""
    traces: dict[str, Trace] = {}
    for changement in changements:
        apport: dict[str, Trace] = {}
        doublon = changement.autre_lieu or ""
        if changement.nature == NATURES[LieuAbsorbe] and doublons and doublon in doublons:
            apport = provenance(doublons[doublon])
        for champ in changement.champs:
            traces[champ.champ] = apport.get(champ.champ) or Trace(
                quand=changement.quand, auteur=changement.auteur
            )
    return traces


def doublons_absorbes(changements: Iterable[Changement]) -> list[UUID]:
    """The duplicates this place took in, whose histories say where copied values came from."""
    return [
        UUID(c.autre_lieu)
        for c in changements
        if c.nature == NATURES[LieuAbsorbe] and c.autre_lieu is not None
    ]


def _differences(avant: Lieu | None, apres: Lieu) -> tuple[ChampChange, ...]:
    differences = []
    for champ in CHAMPS:
        nouvelle = apres.valeur(champ)
        ancienne = avant.valeur(champ) if avant is not None else None
        if avant is None and nouvelle in (None, ()):
            continue  # a creation lists only what it filled
        if ancienne != nouvelle:
            differences.append(ChampChange(champ=champ, avant=ancienne, apres=nouvelle))
    return tuple(differences)


def _autre_lieu(event: EvenementLieu) -> str | None:
    if isinstance(event, LieuFusionne):
        return str(event.dans)
    if isinstance(event, FusionAnnulee):
        return str(event.de)
    if isinstance(event, LieuAbsorbe | AbsorptionAnnulee):
        return str(event.doublon)
    if isinstance(event, DoublonEcarte):
        return str(event.autre)
    return None


def libelle_source(auteur: str) -> str:
    """How an author is named to the public: an import by its source, a person by their
    team only (their e-mail is for coordinators)."""
    if auteur.startswith("import:"):
        return f"import « {auteur.removeprefix('import:')} »"
    if auteur == AUTEUR_DEMO:
        return "données de démonstration"
    return "équipe de coordination MedNum"
