"""An activity's history in French, read from its events: who changed what, and when.

People are never named here: a change of the linked person says so, without identity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import msgspec

from domain.activites.events import (
    ActiviteCorrigee,
    ActiviteEnregistree,
    ActiviteSupprimee,
    CompteRendu,
    ParticipantsAnonymes,
)
from domain.activites.referentiel import (
    AUTONOMIES,
    MATERIELS,
    NIVEAUX_ATELIER,
    STRUCTURES_REDIRECTION,
    TYPES_LIEU,
)
from domain.activites.regles import THEMATIQUES

LIBELLES = {
    "type": "type",
    "date": "date",
    "duree": "durée",
    "type_lieu": "type de lieu",
    "lieu_id": "lieu d'activité",
    "commune": "commune",
    "materiel": "matériel",
    "thematiques": "thématiques",
    "precisions_demarche": "précisions sur la démarche",
    "notes": "notes",
    "motif_retard": "motif du retard",
    "tags": "tags",
    "autonomie": "niveau d'autonomie",
    "oriente_vers_structure": "orientation vers une structure",
    "structure_de_redirection": "structure de redirection",
    "beneficiaire_id": "bénéficiaire suivi",
    "profil": "profil du bénéficiaire anonyme",
    "titre_atelier": "titre de l'atelier",
    "niveau": "niveau de l'atelier",
    "beneficiaires": "participants suivis",
    "participants": "participants anonymes",
}
# Fields whose old and new values are not shown (free text, or who the person is).
_SANS_VALEURS = ("notes", "beneficiaire_id", "profil", "beneficiaires")


class Ligne(msgspec.Struct, frozen=True, kw_only=True):
    quand: dt.datetime
    qui: str
    quoi: str
    details: list[str] = msgspec.field(default_factory=list)


def valeur_fr(champ: str, valeur: object, noms_lieux: Mapping[object, str]) -> str:
    if valeur is None or valeur == ():
        return "(vide)"
    if champ == "date" and isinstance(valeur, dt.date):
        return f"{valeur:%d/%m/%Y}"
    if champ == "duree":
        return f"{valeur} min"
    if champ == "oriente_vers_structure":
        return "oui" if valeur else "non"
    if champ == "lieu_id":
        return noms_lieux.get(valeur, "un lieu du registre")
    if champ == "participants" and isinstance(valeur, ParticipantsAnonymes):
        return f"{valeur.total} (dont {valeur.deja_accompagne} déjà accompagnés)"
    referentiels: dict[str, Mapping[str, str]] = {
        "type_lieu": TYPES_LIEU,
        "materiel": MATERIELS,
        "thematiques": THEMATIQUES,
        "autonomie": AUTONOMIES,
        "structure_de_redirection": STRUCTURES_REDIRECTION,
        "niveau": NIVEAUX_ATELIER,
    }
    referentiel = referentiels.get(champ, {})
    if isinstance(valeur, tuple):
        return ", ".join(referentiel.get(str(v), str(v)) for v in valeur)
    return referentiel.get(str(valeur), str(valeur))


def _detail(
    champ: str, avant: CompteRendu, apres: CompteRendu, noms_lieux: Mapping[object, str]
) -> str:
    libelle = LIBELLES.get(champ, champ)
    if champ in _SANS_VALEURS:
        return f"{libelle} modifié(e)s" if champ in ("notes", "beneficiaires") else libelle
    ancien = valeur_fr(champ, getattr(avant, champ), noms_lieux)
    nouveau = valeur_fr(champ, getattr(apres, champ), noms_lieux)
    return f"{libelle} : {ancien} → {nouveau}"


def historique(
    events: Iterable[object], noms_lieux: Mapping[object, str] | None = None
) -> list[Ligne]:
    """Oldest first. `noms_lieux` names the registry places the events mention."""
    noms = noms_lieux or {}
    lignes: list[Ligne] = []
    actuel: CompteRendu | None = None
    for event in events:
        if isinstance(event, ActiviteEnregistree):
            actuel = event.compte_rendu
            lignes.append(Ligne(quand=event.timestamp, qui=event.auteur, quoi="enregistrement"))
        elif isinstance(event, ActiviteCorrigee) and actuel is not None:
            details = [_detail(c, actuel, event.compte_rendu, noms) for c in event.champs]
            actuel = event.compte_rendu
            lignes.append(
                Ligne(quand=event.timestamp, qui=event.auteur, quoi="correction", details=details)
            )
        elif isinstance(event, ActiviteSupprimee):
            lignes.append(
                Ligne(
                    quand=event.timestamp,
                    qui=event.auteur,
                    quoi="suppression",
                    details=[f"motif : {event.motif}"],
                )
            )
    return lignes
