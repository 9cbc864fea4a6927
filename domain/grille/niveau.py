"""The scoring rule: NAN = min(round(mean(S1..S6)), min(S1..S6) + 1), and imported scores.

Rounding is half **up** (2.5 → 3), as people round by hand and as the reference grid is read:
Python's `round` rounds half to even (round(2.5) == 2), which would make a level depend on
the parity of the mean. The mean is exact (a Fraction), so no float error decides a tie.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction

from domain.grille.grille import Bareme

SCORE_MIN = 0
SCORE_MAX = 4


def arrondi(valeur: Fraction) -> int:
    """Round half up: 1/2 → 1, 5/2 → 3, 7/3 → 2 (values are never negative here)."""
    return math.floor(valeur + Fraction(1, 2))


def moyenne(scores: Iterable[int]) -> Fraction:
    valeurs = list(scores)
    if not valeurs:
        raise ValueError("no score")
    return Fraction(sum(valeurs), len(valeurs))


def niveau(scores: Iterable[int], ecart_max: int = 1) -> int:
    """The level of a person scored `scores` (each 0–4): the rounded mean, capped at the
    weakest score + `ecart_max`. Always within 0–4."""
    valeurs = list(scores)
    if not valeurs:
        raise ValueError("no score")
    if any(not SCORE_MIN <= v <= SCORE_MAX for v in valeurs):
        raise ValueError(f"scores must be within {SCORE_MIN}..{SCORE_MAX}: {valeurs}")
    return min(arrondi(moyenne(valeurs)), min(valeurs) + ecart_max)


def niveau_importe(bareme: Bareme, score: int) -> int:
    """The level an imported test score stands for: the number of thresholds it reaches."""
    if not bareme.minimum <= score <= bareme.maximum:
        raise ValueError(f"score must be within {bareme.minimum}..{bareme.maximum}: {score}")
    return sum(1 for seuil in bareme.seuils if score >= seuil)
