"""The referentials the activity templates show, as value → label (La Coop's wording)."""

from __future__ import annotations

from typing import Any

from domain.activites.referentiel import (
    AUTONOMIES,
    AVERTISSEMENT_NOTES,
    MATERIELS,
    NIVEAUX_ATELIER,
    STRUCTURES_REDIRECTION,
    TYPES_ACTIVITE,
    TYPES_LIEU,
)
from domain.activites.regles import DEMARCHES, THEMATIQUES
from domain.beneficiaires.referentiel import GENRES, STATUTS_SOCIAUX, TRANCHES_AGE
from domain.grille.thematiques import THEMATIQUES_ADMINISTRATIVES, THEMATIQUES_MEDIATION

# Shown when the mediator has too little history to have favourites.
THEMATIQUES_PAR_DEFAUT = (
    "navigation_sur_internet",
    "email",
    "prendre_en_main_du_materiel",
    "aide_aux_demarches_administratives",
    "bureautique",
    "sante",
)


def _sans_non_communique(referentiel: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in referentiel.items() if k != "non_communique"}


REFERENTIELS: dict[str, Any] = {
    "types_activite": TYPES_ACTIVITE,
    "types_lieu": TYPES_LIEU,
    "materiels": MATERIELS,
    "thematiques_mediation": THEMATIQUES_MEDIATION,
    "thematiques_administratives": THEMATIQUES_ADMINISTRATIVES,
    "thematiques": THEMATIQUES,
    "demarches": DEMARCHES,
    "autonomies": AUTONOMIES,
    "structures_redirection": STRUCTURES_REDIRECTION,
    "niveaux_atelier": NIVEAUX_ATELIER,
    "genres": GENRES,
    "tranches_age": TRANCHES_AGE,
    "statuts_sociaux": STATUTS_SOCIAUX,
    "genres_comptes": _sans_non_communique(GENRES),
    "tranches_comptes": _sans_non_communique(TRANCHES_AGE),
    "statuts_comptes": _sans_non_communique(STATUTS_SOCIAUX),
    "avertissement_notes": AVERTISSEMENT_NOTES,
}
