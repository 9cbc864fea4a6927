"""A session's or a training path's history, told in French from its events."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec

from domain.formations.events import (
    FormationTerminee,
    InscriptionAnnulee,
    InscriptionEnregistree,
    InscriptionPromue,
    ParcoursArchive,
    ParcoursCree,
    ParcoursModifie,
    PresenceEnregistree,
    SessionAnnulee,
    SessionModifiee,
    SessionProgrammee,
)
from domain.formations.referentiel import MODES, QUALIFICATIONS, TYPES_AIDANT

_CHAMPS = {
    "titre": "titre",
    "duree_heures": "durée",
    "modules": "modules",
    "types_aidant": "publics visés",
    "qualification_delivree": "qualification délivrée",
    "description": "description",
    "debut": "début",
    "fin": "fin",
    "creneaux": "créneaux",
    "mode": "modalité",
    "lieu_id": "lieu",
    "modalites_distance": "modalités à distance",
    "formateur": "formateur",
    "organisme": "organisme de formation",
    "capacite": "capacité",
}


class Ligne(msgspec.Struct, frozen=True, kw_only=True):
    quand: datetime
    auteur: str
    texte: str


def _jour(valeur: date) -> str:
    return valeur.strftime("%d/%m/%Y")


def _valeur(champ: str, valeur: Any) -> str:
    if valeur is None or valeur == ():
        return "(vide)"
    if isinstance(valeur, date):
        return _jour(valeur)
    if champ == "mode":
        return str(MODES.get(valeur, valeur))
    if champ == "types_aidant":
        return ", ".join(TYPES_AIDANT.get(t, t) for t in valeur)
    if champ == "qualification_delivree":
        return str(QUALIFICATIONS.get(valeur, valeur))
    if champ == "duree_heures" or champ == "capacite":
        return f"{valeur:g}" + (" h" if champ == "duree_heures" else " places")
    if champ == "creneaux":
        return f"{len(valeur)} créneau{'x' if len(valeur) > 1 else ''}"
    if champ == "modules":
        return f"{len(valeur)} module{'s' if len(valeur) > 1 else ''}"
    if champ == "lieu_id":
        return "un autre lieu du registre"
    return str(valeur)


def _changements(changes: dict[str, object]) -> str:
    return " ; ".join(f"{_CHAMPS.get(k, k)} : {_valeur(k, v)}" for k, v in changes.items())


def raconter(events: list[Any], noms: dict[UUID, str]) -> list[Ligne]:
    """Newest first. The attendance recorded by one sheet is one line."""
    lignes: list[Ligne] = []
    feuille: list[PresenceEnregistree] = []

    def qui(aidant_id: UUID) -> str:
        return noms.get(aidant_id, "Un aidant")

    def fermer_feuille() -> None:
        if not feuille:
            return
        presents = sum(1 for p in feuille if p.present)
        absents = len(feuille) - presents
        texte = f"Émargement : {presents} présence{'s' if presents > 1 else ''}"
        if absents:
            texte += f", {absents} absence{'s' if absents > 1 else ''}"
        lignes.append(Ligne(quand=feuille[0].timestamp, auteur=feuille[0].auteur, texte=texte))
        feuille.clear()

    for event in events:
        if isinstance(event, PresenceEnregistree):
            if feuille and feuille[0].timestamp != event.timestamp:
                fermer_feuille()
            feuille.append(event)
            continue
        fermer_feuille()
        texte = _texte(event, qui)
        if texte:
            lignes.append(Ligne(quand=event.timestamp, auteur=event.auteur, texte=texte))
    fermer_feuille()
    return lignes[::-1]


def _texte(event: Any, qui: Any) -> str | None:
    if isinstance(event, ParcoursCree):
        return f"Parcours créé : « {event.titre} », {event.duree_heures:g} h"
    if isinstance(event, ParcoursModifie):
        return "Parcours modifié — " + _changements(event.champs_modifies())
    if isinstance(event, ParcoursArchive):
        return "Parcours archivé" + (f" : {event.motif}" if event.motif else "")
    if isinstance(event, SessionProgrammee):
        return (
            f"Session programmée du {_jour(event.debut)} au {_jour(event.fin)}, "
            f"{MODES[event.mode]}, {event.capacite} places, avec {event.formateur}"
        )
    if isinstance(event, SessionModifiee):
        return "Session modifiée — " + _changements(event.champs_modifies())
    if isinstance(event, SessionAnnulee):
        return f"Session annulée : {event.motif}"
    if isinstance(event, InscriptionEnregistree):
        if event.en_attente:
            return f"{qui(event.aidant_id)} : inscription en liste d'attente (session complète)"
        return f"{qui(event.aidant_id)} : inscription"
    if isinstance(event, InscriptionPromue):
        return f"{qui(event.aidant_id)} : passe de la liste d'attente aux inscrits"
    if isinstance(event, InscriptionAnnulee):
        motif = f" ({event.motif})" if event.motif else ""
        return f"{qui(event.aidant_id)} : inscription annulée{motif}"
    if isinstance(event, FormationTerminee):
        texte = f"{qui(event.aidant_id)} : formation terminée"
        if event.qualification_delivree:
            qualification = QUALIFICATIONS.get(
                event.qualification_delivree, event.qualification_delivree
            )
            texte += f" — qualification « {qualification} » enregistrée sur sa fiche"
        return texte
    return None
