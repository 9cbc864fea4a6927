"""Statistical secrecy of published counts: primary and secondary small-cell suppression.

A table of counts of people is published with its margins (row totals, column totals, grand
total). Every value in ]0, k[ is hidden (primary); then more values are hidden (secondary)
until no hidden value can be worked out from the published ones and all the table's
additive relations taken together (domain/evaluation/secret_systeme.py). A whole report is
protected the same way over all its tables at once (domain/evaluation/comptes.py).

« Worked out » is judged as the reader of the report can: they see which hidden values are
primary (« < k », so in [1, k-1]) and which are secondary (« s », so ≥ k, as only values ≥ k
are ever published), and that zeros are always published (so a hidden value is ≥ 1).

Margins that are not published are still protected as if they were: the reader then knows
strictly less, so the table stays safe (at the price of a few extra hidden cells).
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from domain.evaluation.rapport import Cellule
from domain.evaluation.secret_systeme import Relation, Statut, proteger_relations

SEUIL = 11
"""k: fewer than 11 people are never published (DGFiP rule for natural persons)."""

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

    def cle(i: int, j: int) -> str:
        return f"{i:05d}:{j:05d}"

    valeurs_grille = {cle(i, j): grille[i][j] for i in range(m + 1) for j in range(n + 1)}
    relations = [Relation(tuple(cle(i, j) for j in range(n)), cle(i, n)) for i in range(m + 1)] + [
        Relation(tuple(cle(i, j) for i in range(m)), cle(m, j)) for j in range(n + 1)
    ]
    parcle = proteger_relations(valeurs_grille, relations, seuil)
    statuts: dict[_Position, Statut] = {
        (i, j): parcle[cle(i, j)] for i in range(m + 1) for j in range(n + 1)
    }

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
