"""Protected cells: a lone count of people under the threshold is hidden, and whatever is
computed from a hidden part is hidden too."""

from __future__ import annotations

import msgspec

from domain.evaluation.rapport import Cellule


def brute(valeur: float | None) -> Cellule:
    return Cellule(valeur=None if valeur is None else float(valeur))


def flottante(c: Cellule) -> Cellule:
    """Values as floats, so that a stored report decodes and encodes back to the same bytes."""
    if c.valeur is None:
        return c
    return msgspec.structs.replace(c, valeur=float(c.valeur))


def personnes(valeur: int, seuil: int) -> Cellule:
    """A lone count of people: hidden under the threshold (zero reveals nobody)."""
    if 0 < valeur < seuil:
        return Cellule(valeur=None, masquee=True)
    return Cellule(valeur=float(valeur))


FACTEURS = {"pourcentage": 100.0, "pour 10 000 habitants": 10_000.0}
"""What numerator / denominator is multiplied by, for a rate of each unit (1 otherwise)."""


def facteur(unite: str) -> float:
    return FACTEURS.get(unite, 1.0)


def est_taux(cellule: Cellule) -> bool:
    """A rate carries its parts (or is « non calculable »); a count or a mean carries none."""
    return cellule.non_calculable or cellule.denominateur is not None


def taux(numerateur: Cellule, denominateur: Cellule, facteur: float = 100.0) -> Cellule:
    """numerateur / denominateur × facteur, carrying both parts so that every table and export
    can show them; « non calculable » when the denominator is empty or unknown."""
    if numerateur.masquee or denominateur.masquee:
        return Cellule(valeur=None, masquee=True, secondaire=True)
    if not denominateur.valeur or numerateur.valeur is None:
        return Cellule(
            valeur=None,
            numerateur=numerateur.valeur,
            denominateur=denominateur.valeur,
            non_calculable=True,
        )
    return Cellule(
        valeur=round(numerateur.valeur / denominateur.valeur * facteur, 1),
        numerateur=numerateur.valeur,
        denominateur=denominateur.valeur,
    )


def arrondi(valeur: float | None, chiffres: int = 1) -> Cellule:
    return Cellule(valeur=None if valeur is None else float(round(valeur, chiffres)))
