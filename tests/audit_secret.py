"""Linear-programming audit of a protected system: what a reader can learn of each hidden cell.

The reader sees the published values, knows every relation (the parts add up to the total)
and the markers: « < k » is in [1, k-1], « s » in [k, ∞[, an unpublished margin in [0, ∞[.
For each hidden cell, the smallest and largest values compatible with all of that are two
linear programmes (scipy's HiGHS); the cell is exposed when they meet. scipy stays out of
domain/ (stdlib and msgspec only): it is a dev dependency.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from scipy.optimize import linprog

from domain.evaluation.comptes import Comptes
from domain.evaluation.secret_systeme import Relation, Statut


def intervalles(
    valeurs: Mapping[str, int],
    relations: Sequence[Relation],
    statuts: Mapping[str, Statut],
    seuil: int,
    *,
    arret: bool = False,
) -> dict[str, tuple[float, float]]:
    """Each hidden cell's feasible interval given everything published. With `arret`, the
    minimum is not sought once the maximum is above the true value (the cell is not pinned;
    its interval then reads (-inf, max))."""
    inconnues = sorted(c for c in valeurs if statuts[c] != "publiee")
    if not inconnues:
        return {}
    index = {c: i for i, c in enumerate(inconnues)}
    lignes: list[list[float]] = []
    seconds: list[float] = []
    for relation in relations:
        ligne = [0.0] * len(inconnues)
        second = 0.0
        for cle, coef in [(p, 1) for p in relation.parties] + [(relation.total, -1)]:
            if cle in index:
                ligne[index[cle]] += coef
            else:
                second -= coef * valeurs[cle]
        if any(ligne):
            lignes.append(ligne)
            seconds.append(second)
        else:
            assert second == 0, f"a relation does not hold on published values: {relation}"
    bornes = [_bornes(statuts[c], seuil) for c in inconnues]

    def extreme(cle: str, sens: float) -> float:
        objectif = [0.0] * len(inconnues)
        objectif[index[cle]] = sens
        solution = linprog(
            objectif, A_eq=lignes or None, b_eq=seconds or None, bounds=bornes, method="highs"
        )
        if solution.status == 3:  # unbounded
            return -math.inf * sens
        assert solution.status == 0, solution.message
        return float(sens * solution.fun)

    resultat: dict[str, tuple[float, float]] = {}
    for cle in inconnues:
        if statuts[cle] == "non_publiee":
            continue
        haut = extreme(cle, -1.0)
        if arret and (haut == math.inf or math.floor(haut + 1e-6) > valeurs[cle]):
            resultat[cle] = (-math.inf, haut)
        else:
            resultat[cle] = (extreme(cle, 1.0), haut)
    return resultat


def exposees(
    valeurs: Mapping[str, int],
    relations: Sequence[Relation],
    statuts: Mapping[str, Statut],
    seuil: int,
) -> dict[str, tuple[float, float]]:
    """Hidden cells pinned to one value, with their interval: counts are whole numbers, so a
    cell is pinned when its interval holds a single integer (the LP itself would only say
    min == max)."""
    return {
        c: (bas, haut)
        for c, (bas, haut) in intervalles(valeurs, relations, statuts, seuil, arret=True).items()
        if math.isfinite(bas)
        and math.isfinite(haut)
        and math.floor(haut + 1e-6) <= math.ceil(bas - 1e-6)
    }


def _bornes(statut: Statut, seuil: int) -> tuple[float, float | None]:
    if statut == "primaire":
        return (1, seuil - 1)
    if statut == "secondaire":
        return (seuil, None)
    return (0, None)


LIENS = [
    # What a reader of the report knows to be one quantity printed in several places (written
    # here from the report's meaning, apart from comptes.py, so that a link it forgets shows).
    ("accompagnements", "M4.1.types/total"),
    ("accompagnements", "M4.1.territoires/total"),
    ("beneficiaires", "M4.7.tranches_age/total"),
    ("beneficiaires", "M4.7.genres/total"),
    ("beneficiaires", "M4.7.statuts/total"),
    ("M4.7.tranches_age/total", "M4.7.genres/total"),
    ("M4.7.genres/total", "M4.7.statuts/total"),
    ("orientations", "M4.10.statuts/total"),
    ("orientations_abouties", "M4.10.statuts/aboutie"),
    ("M4.2.autonomie/total", "M4.1.types/individuel"),
]


def relations_du_lecteur(c: Comptes) -> list[Relation]:
    """The code's relations and, written again here: each table's rows add up to its total,
    the accepted orientations are three outcomes, followed + anonymous = beneficiaries, and
    the links above where both sides hold the same value."""
    relations = [*c.relations, Relation(("suivis", "anonymes"), "beneficiaires")]
    for total in [k for k in c.valeurs if k.endswith("/total")]:
        table = total.removesuffix("/total")
        lignes = tuple(k for k in c.valeurs if k.startswith(table + "/") and k != total)
        relations.append(Relation(lignes, total))
    acceptees = tuple(
        k
        for k in (f"M4.10.statuts/{x}" for x in ("aboutie", "acceptee", "prise_en_charge"))
        if k in c.valeurs
    )
    if sum(c.valeurs[k] for k in acceptees) == c.valeurs["orientations_acceptees"]:
        relations.append(Relation(acceptees, "orientations_acceptees"))
    liens = [
        Relation((a,), b)
        for a, b in LIENS
        if a in c.valeurs and b in c.valeurs and c.valeurs[a] == c.valeurs[b]
    ]
    return [*relations, *liens]
