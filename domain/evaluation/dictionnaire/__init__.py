"""The indicator dictionary of the evaluation reports (referential_eval.md, section d.1).

Each indicator says what it counts, how, from which events and read models, what its rates
are made of (numerator, denominator) and which state of the data a period's figure reads (its
as-of rule), so that the method annex of a report, the API and the exports are this dictionary
itself. One module per mission; texts are read by funders: French.
"""

from __future__ import annotations

from domain.evaluation.dictionnaire.commun import (
    PART_15_ANS_ET_PLUS,
    SEUIL_IFN_FRAGILE,
    TAUX_ILLECTRONISME,
    TAUX_PAR_AGE,
    UNITES_TAUX,
    Indicateur,
    cle_tri,
)
from domain.evaluation.dictionnaire.m1 import MISSION_1
from domain.evaluation.dictionnaire.m2 import MISSION_2
from domain.evaluation.dictionnaire.m3 import MISSION_3
from domain.evaluation.dictionnaire.m4 import MISSION_4

INDICATEURS: dict[str, Indicateur] = {
    i.id: i
    for i in sorted([*MISSION_1, *MISSION_2, *MISSION_3, *MISSION_4], key=lambda i: cle_tri(i.id))
}

__all__ = [
    "INDICATEURS",
    "MISSION_1",
    "MISSION_2",
    "MISSION_3",
    "MISSION_4",
    "PART_15_ANS_ET_PLUS",
    "SEUIL_IFN_FRAGILE",
    "TAUX_ILLECTRONISME",
    "TAUX_PAR_AGE",
    "UNITES_TAUX",
    "Indicateur",
    "cle_tri",
]
