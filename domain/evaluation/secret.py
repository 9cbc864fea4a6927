"""Statistical secrecy of published counts: primary and secondary small-cell suppression.

A table of counts of people is published with its margins (row totals, column totals, grand
total). Every value in ]0, k[ is hidden (primary); then, in every additive constraint (a row
with its total, a column with its total, the totals row and the totals column with the grand
total), no hidden value may be recomputable from the published ones (secondary).

« Recomputable » is judged as the reader of the report can: they see which hidden values are
primary (« < k », so in [1, k-1]) and which are secondary (« s », so ≥ k, as only values ≥ k
are ever published), and that zeros are always published (so a hidden value is ≥ 1). A
constraint is safe when no hidden entry of it is pinned to a single value by its equation and
those bounds; this includes the rule « never exactly one hidden entry », and also refuses,
for instance, two hidden 1 whose sum is published.

Margins that are not published are still protected as if they were: the reader then knows
strictly less, so the table stays safe (at the price of a few extra hidden cells).

Limit: each equation is judged on its own; combining several equations (τ-Argus style) is
not attempted. Publishing tables from a fixed grid (see security_rgpd.md §2.5) keeps that risk
low.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import msgspec

from domain.evaluation.rapport import Cellule

SEUIL = 11
"""k: fewer than 11 people are never published (DGFiP rule for natural persons)."""

Statut = Literal["publiee", "primaire", "secondaire", "non_publiee"]

_Position = tuple[int, int]


class Case(msgspec.Struct, frozen=True, kw_only=True):
    valeur: int
    statut: Statut

    @property
    def publiee(self) -> bool:
        return self.statut == "publiee"


class TableauProtege(msgspec.Struct, frozen=True, kw_only=True):
    seuil: int
    cellules: list[list[Case]]
    """Rows × columns."""
    totaux_lignes: list[Case]
    totaux_colonnes: list[Case]
    total_general: Case


class GrilleCellules(msgspec.Struct, frozen=True, kw_only=True):
    """What a rapport.Tableau needs: each row's cells (then its total when row totals are
    published) and the total line (column totals, then the grand total), or None."""

    lignes: list[list[Cellule]]
    total: list[Cellule] | None


def proteger(
    valeurs: Sequence[Sequence[int]],
    seuil: int = SEUIL,
    *,
    totaux_lignes: bool = True,
    totaux_colonnes: bool = True,
    total_general: bool = True,
) -> TableauProtege:
    """Which cells and margins of `valeurs` may be published, and why the others are not."""
    if seuil < 2:
        raise ValueError("the threshold must be at least 2")
    lignes = [list(ligne) for ligne in valeurs]
    if not lignes or not lignes[0] or any(len(ligne) != len(lignes[0]) for ligne in lignes):
        raise ValueError("a non-empty rectangular table is expected")
    if any(v < 0 for ligne in lignes for v in ligne):
        raise ValueError("counts cannot be negative")
    m, n = len(lignes), len(lignes[0])
    # The bordered grid: row m holds the column totals, column n the row totals.
    grille = [[*ligne, sum(ligne)] for ligne in lignes]
    grille.append([sum(grille[i][j] for i in range(m)) for j in range(n + 1)])
    statuts: dict[_Position, Statut] = {
        (i, j): "primaire" if 0 < grille[i][j] < seuil else "publiee"
        for i in range(m + 1)
        for j in range(n + 1)
    }
    contraintes = [[(i, j) for j in range(n + 1)] for i in range(m + 1)]
    contraintes += [[(i, j) for i in range(m + 1)] for j in range(n + 1)]
    change = True
    while change:
        change = False
        for contrainte in contraintes:
            if _sure(contrainte, grille, statuts, seuil):
                continue
            choisie = _a_masquer(contrainte, grille, statuts, m, n)
            if choisie is not None:
                statuts[choisie] = "secondaire"
                change = True

    def case(i: int, j: int, publiee: bool = True) -> Case:
        statut = statuts[(i, j)]
        return Case(valeur=grille[i][j], statut=statut if publiee else "non_publiee")

    return TableauProtege(
        seuil=seuil,
        cellules=[[case(i, j) for j in range(n)] for i in range(m)],
        totaux_lignes=[case(i, n, totaux_lignes) for i in range(m)],
        totaux_colonnes=[case(m, j, totaux_colonnes) for j in range(n)],
        total_general=case(m, n, total_general),
    )


def proteger_distribution(
    valeurs: Sequence[int], seuil: int = SEUIL, *, total: bool = True
) -> TableauProtege:
    """A 1-D distribution (one row) with its total: the total is the row total."""
    return proteger(
        [list(valeurs)],
        seuil,
        totaux_lignes=total,
        totaux_colonnes=False,
        total_general=False,
    )


def cellule(case: Case) -> Cellule:
    """The report's cell: the value when published, None otherwise. A float, as the frozen
    report decodes it, so that re-encoding gives the same bytes."""
    if case.statut == "publiee":
        return Cellule(valeur=float(case.valeur))
    if case.statut == "non_publiee":
        return Cellule(valeur=None)
    return Cellule(valeur=None, masquee=True, secondaire=case.statut == "secondaire")


def en_cellules(tableau: TableauProtege) -> GrilleCellules:
    avec_totaux = any(c.statut != "non_publiee" for c in tableau.totaux_lignes)
    lignes = []
    for ligne, total in zip(tableau.cellules, tableau.totaux_lignes, strict=True):
        cellules = [cellule(c) for c in ligne]
        lignes.append([*cellules, cellule(total)] if avec_totaux else cellules)
    derniere: list[Cellule] | None = None
    marges = [*tableau.totaux_colonnes, tableau.total_general]
    if any(c.statut != "non_publiee" for c in marges):
        derniere = [cellule(c) for c in tableau.totaux_colonnes]
        if avec_totaux:
            derniere.append(cellule(tableau.total_general))
    return GrilleCellules(lignes=lignes, total=derniere)


def _bornes(statut: Statut, plafond: float, seuil: int) -> tuple[float, float]:
    """What the reader knows of a hidden value from its marker."""
    if statut == "primaire":
        return 1, min(seuil - 1, plafond)
    return seuil, plafond


def _sure(
    contrainte: list[_Position],
    grille: list[list[int]],
    statuts: dict[_Position, Statut],
    seuil: int,
) -> bool:
    """No hidden entry of the constraint is pinned to one value by its equation."""
    m, n = len(grille) - 1, len(grille[0]) - 1
    # The grand total, once published, bounds every other value.
    plafond: float = grille[m][n] if statuts[(m, n)] == "publiee" else math.inf
    # Equation: sum of the entries (coefficient +1) minus the margin (-1) equals 0.
    *entrees, marge = contrainte
    termes = [(p, 1) for p in entrees] + [(marge, -1)]
    cible = 0
    caches: list[tuple[int, float, float]] = []
    for (i, j), coef in termes:
        statut = statuts[(i, j)]
        if statut == "publiee":
            cible -= coef * grille[i][j]
        else:
            bas, haut = _bornes(statut, plafond, seuil)
            caches.append((coef, bas, haut))
    for index, (coef, bas, haut) in enumerate(caches):
        autres = caches[:index] + caches[index + 1 :]
        somme_min = sum(min(c * b, c * h) for c, b, h in autres)
        somme_max = sum(max(c * b, c * h) for c, b, h in autres)
        # coef * x = cible - (sum of the others)
        if coef == 1:
            possible_bas, possible_haut = cible - somme_max, cible - somme_min
        else:
            possible_bas, possible_haut = somme_min - cible, somme_max - cible
        if max(bas, possible_bas) >= min(haut, possible_haut):
            return False
    return True


def _a_masquer(
    contrainte: list[_Position],
    grille: list[list[int]],
    statuts: dict[_Position, Statut],
    m: int,
    n: int,
) -> _Position | None:
    """The smallest published non-zero entry of the constraint, inner cells first, then the
    constraint's own margin; None when nothing is left to hide."""
    marge = contrainte[-1]

    def interieure(p: _Position) -> bool:
        return p[0] < m and p[1] < n

    candidats = [p for p in contrainte if statuts[p] == "publiee" and grille[p[0]][p[1]] > 0]
    if not candidats:
        return None
    # Inner cells, then the other margins of a totals row/column, then this constraint's total.
    return min(
        candidats,
        key=lambda p: (p == marge, not interieure(p), grille[p[0]][p[1]], p),
    )
