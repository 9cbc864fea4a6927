"""Secondary suppression over a whole system of additive relations, not one equation at a time.

A published report is a set of cells (counts of people) tied by relations « the parts add up
to the total »: a table's rows to its total line, the sub-territories to the territory, and
the same quantity printed in two places (the headline and a table's total) is one more
relation (a = b). A reader who sees the published cells and knows every relation solves them
all together, so each hidden cell is judged against all of them at once:

- linear algebra: a hidden cell is exposed when the relations, with the published values
  put in, determine it whatever the other hidden values are (exact Gauss-Jordan elimination
  over the rationals: the cell's unit vector lies in the row space of the hidden columns);
- bounds: the reader also knows that a « < k » cell lies in [1, k-1] (zeros are always
  published), an « s » cell in [k, ∞[ (only values ≥ k are ever published), that nothing is
  negative and that counts are whole numbers; propagating these intervals through every
  relation and through the reduced rows of the elimination (taken in two column orders, so
  that combinations such as « proposed = total - accepted » are used too) until nothing
  moves, a hidden cell whose interval holds a single integer is exposed (two hidden 1 whose
  sum 2 is published, for instance).

While a hidden cell is exposed, one more cell of one of its relations is hidden: the smallest
published non-zero part (ties: the cell's key), a total only when no part is left. The loop
ends because each turn hides one more cell. It stops with a cell it sees pinned only when
every non-zero value linked to it is hidden already (`sans_recours`): zeros are always
published, so ten hidden « 1 » whose hidden total is under 11 stay known to be 1 each.

The interval propagation is weaker than linear programming (it may miss a value pinned by
bounds through a combination of relations that neither reduced form writes out);
tests/unit/test_secret_audit.py and test_secret_comptes.py audit the result with linear
programming (scipy), which domain/ may not import.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Literal

import msgspec

Statut = Literal["publiee", "primaire", "secondaire", "non_publiee"]


class Relation(msgspec.Struct, frozen=True):
    """sum(parties) == total, as the reader knows it."""

    parties: tuple[str, ...]
    total: str


def proteger_relations(
    valeurs: Mapping[str, int], relations: Sequence[Relation], seuil: int
) -> dict[str, Statut]:
    """The status of every cell: published, primary (0 < value < seuil) or secondary (hidden
    so that no hidden cell can be worked out from the published ones and the relations)."""
    if seuil < 2:
        raise ValueError("the threshold must be at least 2")
    if any(v < 0 for v in valeurs.values()):
        raise ValueError("counts cannot be negative")
    for relation in relations:
        if sum(valeurs[p] for p in relation.parties) != valeurs[relation.total]:
            raise ValueError(f"the relation does not hold: {relation}")
    statuts: dict[str, Statut] = {
        cle: "primaire" if 0 < v < seuil else "publiee" for cle, v in valeurs.items()
    }
    totaux = {r.total for r in relations}
    while True:
        exposees = cellules_exposees(valeurs, relations, statuts, seuil)
        if not exposees:
            return statuts
        choisie = _a_masquer(exposees, valeurs, relations, statuts, totaux)
        if choisie is None:
            return statuts
        statuts[choisie] = "secondaire"


def cellules_exposees(
    valeurs: Mapping[str, int],
    relations: Sequence[Relation],
    statuts: Mapping[str, Statut],
    seuil: int,
) -> set[str]:
    """The hidden cells a reader can pin to one value (see the module's docstring)."""
    caches, equations = _equations(valeurs, relations, statuts)
    if not caches:
        return set()
    reduites, pivots = _reduire(equations, list(range(len(caches))))
    # In reduced form, a pivot whose row holds no free column is fixed by the published cells.
    fixees = {
        caches[pivot]
        for (ligne, _), pivot in zip(reduites, pivots, strict=True)
        if sum(1 for x in ligne if x) == 1
    }
    # Bounds travel through the relations and through their combinations: the reduced rows
    # in two column orders (proposed + accepted = total, accepted = two outcomes: proposed =
    # total - accepted, which neither relation says alone).
    a_rebours, _ = _reduire(equations, list(reversed(range(len(caches)))))
    combinees = [*equations, *reduites, *a_rebours]
    return fixees | _bornees(caches, combinees, statuts, seuil)


def determinees(
    valeurs: Mapping[str, int], relations: Sequence[Relation], statuts: Mapping[str, Statut]
) -> set[str]:
    """Hidden cells fixed by the equations alone (Gauss-Jordan over the hidden columns)."""
    caches, equations = _equations(valeurs, relations, statuts)
    reduites, pivots = _reduire(equations, list(range(len(caches))))
    return {
        caches[pivot]
        for (ligne, _), pivot in zip(reduites, pivots, strict=True)
        if sum(1 for x in ligne if x) == 1
    }


_Equation = tuple[list[Fraction], Fraction]
"""Coefficients over the hidden cells, and the right-hand side from the published ones."""


def _equations(
    valeurs: Mapping[str, int], relations: Sequence[Relation], statuts: Mapping[str, Statut]
) -> tuple[list[str], list[_Equation]]:
    caches = sorted(c for c in valeurs if _cachee(statuts[c]))
    index = {c: i for i, c in enumerate(caches)}
    equations: list[_Equation] = []
    for relation in relations:
        ligne = [Fraction(0)] * len(caches)
        cible = Fraction(0)
        for cle, coef in [(p, 1) for p in relation.parties] + [(relation.total, -1)]:
            if cle in index:
                ligne[index[cle]] += coef
            else:
                cible -= coef * valeurs[cle]
        if any(ligne):
            equations.append((ligne, cible))
    return caches, equations


def _reduire(equations: list[_Equation], ordre: list[int]) -> tuple[list[_Equation], list[int]]:
    """Gauss-Jordan elimination, pivoting on the columns in `ordre`: the non-zero reduced
    rows and their pivot columns."""
    lignes = [([*ligne], cible) for ligne, cible in equations]
    pivots: list[int] = []
    rang = 0
    for colonne in ordre:
        pivot = next((r for r in range(rang, len(lignes)) if lignes[r][0][colonne]), None)
        if pivot is None:
            continue
        lignes[rang], lignes[pivot] = lignes[pivot], lignes[rang]
        tete = lignes[rang][0][colonne]
        lignes[rang] = ([x / tete for x in lignes[rang][0]], lignes[rang][1] / tete)
        for r in range(len(lignes)):
            facteur = lignes[r][0][colonne]
            if r != rang and facteur:
                lignes[r] = (
                    [x - facteur * y for x, y in zip(lignes[r][0], lignes[rang][0], strict=True)],
                    lignes[r][1] - facteur * lignes[rang][1],
                )
        pivots.append(colonne)
        rang += 1
    return lignes[:rang], pivots


def bornes_lecteur(statut: Statut, seuil: int) -> tuple[float, float]:
    """What the reader knows of a hidden value from its marker alone."""
    if statut == "primaire":
        return 1, seuil - 1
    return seuil, math.inf


def _cachee(statut: Statut) -> bool:
    return statut in ("primaire", "secondaire")


def _bornees(
    caches: list[str], equations: list[_Equation], statuts: Mapping[str, Statut], seuil: int
) -> set[str]:
    """Hidden cells whose interval, propagated through `equations`, holds one integer."""
    bornes = [bornes_lecteur(statuts[c], seuil) for c in caches]
    flottantes = [
        ([(i, float(x)) for i, x in enumerate(ligne) if x], float(cible))
        for ligne, cible in equations
    ]
    for _ in range(4 * len(flottantes) + 4):
        change = False
        for termes, cible in flottantes:
            bas_tous = _Somme([_produit_min(b, bornes[j]) for j, b in termes])
            haut_tous = _Somme([_produit_max(b, bornes[j]) for j, b in termes])
            for i, a in termes:
                # a * x_i = cible - (sum of the others)
                bas_autres = bas_tous.sans(_produit_min(a, bornes[i]))
                haut_autres = haut_tous.sans(_produit_max(a, bornes[i]))
                bas, haut = sorted(((cible - haut_autres) / a, (cible - bas_autres) / a))
                # Counts are whole numbers.
                bas = math.ceil(bas - 1e-9) if math.isfinite(bas) else bas
                haut = math.floor(haut + 1e-9) if math.isfinite(haut) else haut
                ancien = bornes[i]
                nouveau = (max(ancien[0], bas), min(ancien[1], haut))
                if nouveau != ancien:
                    bornes[i] = nouveau
                    change = True
                    bas_tous = _Somme([_produit_min(b, bornes[j]) for j, b in termes])
                    haut_tous = _Somme([_produit_max(b, bornes[j]) for j, b in termes])
        if not change:
            break
    return {c for c, (bas, haut) in zip(caches, bornes, strict=True) if bas >= haut}


class _Somme:
    """A sum of terms that may be infinite (all of one sign), from which one term is taken
    out in constant time."""

    def __init__(self, termes: list[float]) -> None:
        self.finie = sum(t for t in termes if math.isfinite(t))
        self.infinies = [t for t in termes if not math.isfinite(t)]

    def sans(self, terme: float) -> float:
        if math.isfinite(terme):
            reste = len(self.infinies)
            return self.finie - terme if not reste else self.infinies[0]
        return self.infinies[0] if len(self.infinies) > 1 else self.finie


def _produit_min(coef: float, borne: tuple[float, float]) -> float:
    return coef * borne[0] if coef > 0 else coef * borne[1]


def _produit_max(coef: float, borne: tuple[float, float]) -> float:
    return coef * borne[1] if coef > 0 else coef * borne[0]


def _a_masquer(
    exposees: set[str],
    valeurs: Mapping[str, int],
    relations: Sequence[Relation],
    statuts: Mapping[str, Statut],
    totaux: set[str],
) -> str | None:
    """The cell to hide next: in the first relation (in the report's order) that holds an
    exposed cell and a published non-zero one (relations where it is the only hidden cell
    first), the smallest such part, the relation's own total last. Failing that, the
    smallest published non-zero cell of any relation linked to an exposed one through
    hidden cells."""
    # A relation whose only hidden member is exposed gives that cell away on its own: it is
    # mended first; then any relation holding an exposed cell.
    seules = [
        r for r in relations if len([c for c in (*r.parties, r.total) if _cachee(statuts[c])]) == 1
    ]
    for relation in [*seules, *relations]:
        membres = (*relation.parties, relation.total)
        if not exposees.intersection(membres):
            continue
        choisie = _plus_petite(membres, valeurs, statuts, totaux, relation.total)
        if choisie is not None:
            return choisie
    # The exposed cells' relations are all hidden: widen to the relations linked to them
    # through hidden cells.
    candidats = [c for r in _voisines(exposees, relations, statuts) for c in (*r.parties, r.total)]
    return _plus_petite(candidats, valeurs, statuts, totaux, None)


def _voisines(
    cellules: set[str], relations: Sequence[Relation], statuts: Mapping[str, Statut]
) -> list[Relation]:
    """The relations linked to `cellules` directly or through hidden cells."""
    atteintes = set(cellules)
    voisines: list[Relation] = []
    change = True
    while change:
        change = False
        for relation in relations:
            membres = (*relation.parties, relation.total)
            if relation not in voisines and atteintes.intersection(membres):
                voisines.append(relation)
                atteintes.update(c for c in membres if _cachee(statuts[c]))
                change = True
    return voisines


def sans_recours(
    valeurs: Mapping[str, int], relations: Sequence[Relation], statuts: Mapping[str, Statut]
) -> set[str]:
    """Hidden cells whose linked relations (through hidden cells) publish no non-zero value:
    nothing is left to hide around them, so if their bounds pin them (ten hidden « 1 » whose
    hidden total is under 11, say) they stay pinned. Zeros are always published."""
    caches = {c for c in valeurs if _cachee(statuts[c])}
    return {
        c
        for c in caches
        if not any(
            statuts[m] == "publiee" and valeurs[m] > 0
            for r in _voisines({c}, relations, statuts)
            for m in (*r.parties, r.total)
        )
    }


def _plus_petite(
    membres: Sequence[str],
    valeurs: Mapping[str, int],
    statuts: Mapping[str, Statut],
    totaux: set[str],
    total: str | None,
) -> str | None:
    candidats = [c for c in membres if statuts[c] == "publiee" and valeurs[c] > 0]
    if not candidats:
        return None
    return min(candidats, key=lambda c: (c == total, c in totaux, valeurs[c], c))
