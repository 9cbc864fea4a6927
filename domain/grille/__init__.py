"""The skills grid (référentiel) that diagnostics are scored against, versioned: every level
computed carries the version of the grid it was computed with, so a new version never
rewrites a past level."""

from __future__ import annotations

from domain.grille.grille import Bareme, Competence, Grille, Niveau
from domain.grille.grilles import GRILLE_COURANTE, GRILLES
from domain.grille.niveau import arrondi, niveau, niveau_importe

__all__ = [
    "GRILLES",
    "GRILLE_COURANTE",
    "Bareme",
    "Competence",
    "Grille",
    "Niveau",
    "arrondi",
    "niveau",
    "niveau_importe",
]
