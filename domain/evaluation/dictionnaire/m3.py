"""Mission 3 — former: aidants trained by the hub and their hours of training."""

from __future__ import annotations

from domain.evaluation.dictionnaire.commun import Indicateur

_FORMATIONS_DATEES = (
    "Sessions dont la date de fin tombe dans la période, inscriptions terminées au plus tard "
    "le dernier jour ; annulation, statut d'inscription et commune du lieu de la session tels "
    "qu'ils sont le jour du calcul."
)

MISSION_3 = [
    Indicateur(
        id="M3.1",
        mission=3,
        libelle="Aidants formés",
        definition=(
            "Aidants distincts ayant terminé au moins une formation du hub dans la période, "
            "dans un lieu du territoire ; un aidant qui termine deux parcours compte une fois."
        ),
        formule="Compte des aidants distincts ayant une inscription terminée dans la période.",
        source="Événement FormationTerminee ; tables formation_inscriptions, aidants.",
        unite="nombre",
        a_la_date=_FORMATIONS_DATEES,
    ),
    Indicateur(
        id="M3.2",
        mission=3,
        libelle="Heures de formation d'aidants",
        definition="Heures de formation suivies par les aidants qui ont terminé un parcours "
        "dans la période.",
        formule="Σ durée du parcours (heures) × aidants l'ayant terminé dans la période.",
        source="Tables formation_parcours (duree_heures), formation_sessions, "
        "formation_inscriptions.",
        unite="heures",
        a_la_date=_FORMATIONS_DATEES,
    ),
]
