"""The indicator dictionary, under the name the rest of the code has always imported: the
entries live in domain/evaluation/dictionnaire/ (one module per mission)."""

from __future__ import annotations

from domain.evaluation.dictionnaire import (
    INDICATEURS,
    PART_15_ANS_ET_PLUS,
    SEUIL_IFN_FRAGILE,
    TAUX_ILLECTRONISME,
    TAUX_PAR_AGE,
    UNITES_TAUX,
    Indicateur,
    cle_tri,
)

__all__ = [
    "INDICATEURS",
    "PART_15_ANS_ET_PLUS",
    "SEUIL_IFN_FRAGILE",
    "TAUX_ILLECTRONISME",
    "TAUX_PAR_AGE",
    "UNITES_TAUX",
    "Indicateur",
    "cle_tri",
]
