"""Reference values of the trainings: aidant types, qualifications a training path may deliver,
session modes and the parts of a day."""

from __future__ import annotations

from typing import Literal

from domain.acteurs import referentiel as acteurs

# The registry's aidant types (domain/acteurs), with their French labels: a training path
# targets a subset of them.
TYPES_AIDANT: dict[str, str] = acteurs.TYPES_AIDANT

# Qualifications a completed training records on the aidant (mednum/services/acteurs.py
# records them).
# The Aidants Connect training is one half of the habilitation (the other is the PIX test).
QUALIFICATIONS: dict[str, str] = {
    code: acteurs.TYPES_QUALIFICATION[code]
    for code in (acteurs.FORMATION_AIDANTS_CONNECT, "ccp_titre_professionnel")
}

Mode = Literal["presentiel", "distance"]
MODES: dict[str, str] = {"presentiel": "en présentiel", "distance": "à distance"}

Moment = Literal["journee", "matin", "apres_midi"]
MOMENTS: dict[str, str] = {"journee": "journée", "matin": "matin", "apres_midi": "après-midi"}

StatutInscription = Literal["inscrit", "en_attente", "annulee"]
STATUTS: dict[str, str] = {
    "inscrit": "inscrit",
    "en_attente": "en liste d'attente",
    "annulee": "inscription annulée",
}

# Without an explicit list of slots, a session is every day from its start to its end: beyond
# this many days, such a span is more likely a typing error than a training.
JOURS_CONSECUTIFS_MAX = 10
CRENEAUX_MAX = 120
CAPACITE_MAX = 500


def libelles_types(types: tuple[str, ...] | list[str]) -> str:
    return ", ".join(TYPES_AIDANT.get(t, t) for t in types)
