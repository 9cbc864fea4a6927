"""Small-cell suppression: worked examples, then properties over random tables."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.evaluation.rapport import Cellule
from domain.evaluation.secret import (
    Case,
    TableauProtege,
    cellule,
    en_cellules,
    proteger,
    proteger_distribution,
)


def _grille(tableau: TableauProtege, attribut: str) -> list[list[Any]]:
    """The bordered grid of one attribute of the cells: rows then the totals row; row totals
    last."""
    grille = [
        [getattr(c, attribut) for c in ligne] + [getattr(total, attribut)]
        for ligne, total in zip(tableau.cellules, tableau.totaux_lignes, strict=True)
    ]
    totaux = [*tableau.totaux_colonnes, tableau.total_general]
    grille.append([getattr(c, attribut) for c in totaux])
    return grille


def statuts(tableau: TableauProtege) -> list[list[str]]:
    return _grille(tableau, "statut")


def valeurs(tableau: TableauProtege) -> list[list[int]]:
    return _grille(tableau, "valeur")


P, S, X = "publiee", "primaire", "secondaire"


def test_a_lone_small_cell_forces_a_second_hidden_cell_in_its_row_and_column() -> None:
    # Given a table where only one person-count is below 11
    table = [[3, 40, 50], [20, 30, 60]]
    # When it is protected
    protege = proteger(table)
    # Then 3 is hidden, and in its row the smallest other cell (40), in its column 20, and
    # then 30 so that row 2 does not keep 20 alone: every hidden cell has a hidden partner.
    assert statuts(protege) == [
        [S, X, P, P],
        [X, X, P, P],
        [P, P, P, P],
    ]
    assert valeurs(protege) == [[3, 40, 50, 93], [20, 30, 60, 110], [23, 70, 110, 203]]


def test_a_table_without_small_cells_is_published_untouched() -> None:
    protege = proteger([[12, 0, 50], [20, 30, 0]])
    assert all(s == P for ligne in statuts(protege) for s in ligne)
    assert en_cellules(protege).lignes[0] == [
        Cellule(valeur=12),
        Cellule(valeur=0),
        Cellule(valeur=50),
        Cellule(valeur=62),
    ]


def test_an_all_small_row_hides_its_total_and_the_row_below_so_that_columns_hold() -> None:
    # Given a row of small counts (total 6 is small too)
    protege = proteger([[1, 2, 3], [20, 30, 60]])
    # Then the whole row is primary; each column then needs a second hidden cell, and the
    # totals column (6 hidden, 116 published) needs 110 hidden as well.
    assert statuts(protege) == [
        [S, S, S, S],
        [X, X, X, X],
        [P, P, P, P],
    ]


def test_two_hidden_ones_whose_sum_is_published_are_not_enough() -> None:
    # 1 + 1 = 52 - 50: both would be known to be 1 (zeros are always published), so 50 goes.
    protege = proteger([[1, 1, 50], [20, 30, 60]])
    assert statuts(protege)[0] == [S, S, X, P]


def test_a_lone_hidden_cell_among_zeros_hides_the_total() -> None:
    protege = proteger([[0, 4, 0]], totaux_colonnes=False, total_general=False)
    # 4 hidden; the row holds nothing else to hide, so its total (4, itself small) is hidden.
    assert [c.statut for c in protege.cellules[0]] == [P, S, P]
    assert protege.totaux_lignes[0].statut == S


def test_a_distribution_with_its_total() -> None:
    protege = proteger_distribution([3, 0, 25, 40])
    assert [c.statut for c in protege.cellules[0]] == [S, P, X, P]
    assert protege.totaux_lignes[0] == Case(valeur=68, statut=P)
    grille = en_cellules(protege)
    assert grille.total is None
    assert grille.lignes == [
        [
            Cellule(valeur=None, masquee=True),
            Cellule(valeur=0),
            Cellule(valeur=None, masquee=True, secondaire=True),
            Cellule(valeur=40),
            Cellule(valeur=68),
        ]
    ]


def test_the_threshold_is_configurable() -> None:
    assert statuts(proteger([[6, 20]], seuil=5))[0] == [P, P, P]
    assert statuts(proteger([[6, 20]], seuil=11))[0][0] == S


def test_unpublished_margins_are_marked_and_yield_no_value() -> None:
    protege = proteger([[30, 40]], totaux_colonnes=False)
    assert [c.statut for c in protege.totaux_colonnes] == ["non_publiee", "non_publiee"]
    assert cellule(protege.totaux_colonnes[0]) == Cellule(valeur=None)
    assert en_cellules(protege).total == [
        Cellule(valeur=None),
        Cellule(valeur=None),
        Cellule(valeur=70),
    ]


# ---- properties ------------------------------------------------------------------------------

valeur = st.one_of(st.just(0), st.integers(1, 12), st.integers(1, 60))


@st.composite
def tableaux(draw: st.DrawFn) -> tuple[list[list[int]], int]:
    lignes = draw(st.integers(1, 6))
    colonnes = draw(st.integers(1, 6))
    table = [[draw(valeur) for _ in range(colonnes)] for _ in range(lignes)]
    return table, draw(st.sampled_from([5, 11]))


def contraintes(m: int, n: int) -> list[list[tuple[int, int]]]:
    """Each row then each column of the bordered grid; the margin is the last entry."""
    return [[(i, j) for j in range(n + 1)] for i in range(m + 1)] + [
        [(i, j) for i in range(m + 1)] for j in range(n + 1)
    ]


def bornes(statut: str, seuil: int, plafond: int) -> range:
    """What a reader of the report can tell of an entry from its marker."""
    if statut == P:
        raise AssertionError("published entries have a value")
    if statut == S:
        return range(1, min(seuil - 1, plafond) + 1)
    return range(seuil, plafond + 1)


def valeurs_possibles(
    contrainte: list[tuple[int, int]],
    cible: tuple[int, int],
    vals: list[list[int]],
    stats: list[list[str]],
    seuil: int,
) -> set[int]:
    """Every value the hidden entry `cible` can take that the equation sum(entries) = margin
    allows, the other hidden entries ranging over what their markers say (exhaustively)."""
    m, n = len(vals) - 1, len(vals[0]) - 1
    # A published grand total bounds everything; a hidden one leaves the reader a wide range.
    plafond = vals[m][n] if stats[m][n] == P else 3 * vals[m][n] + seuil
    marge = contrainte[-1]
    connu = 0
    autres: list[tuple[int, range]] = []
    for i, j in contrainte:
        coef = -1 if (i, j) == marge else 1
        if stats[i][j] == P:
            connu += coef * vals[i][j]
        elif (i, j) != cible:
            autres.append((coef, bornes(stats[i][j], seuil, plafond)))
    sommes = {0}
    for coef, possibles in autres:
        sommes = {s + coef * v for s in sommes for v in possibles}
    coef_cible = -1 if cible == marge else 1
    return {
        v
        for v in bornes(stats[cible[0]][cible[1]], seuil, plafond)
        if connu + coef_cible * v in {-s for s in sommes}
    }


@settings(max_examples=600, deadline=None)
@given(tableaux())
def test_published_values_are_exact_never_small_and_never_recomputable(
    donnee: tuple[list[list[int]], int],
) -> None:
    table, seuil = donnee
    protege = proteger(table, seuil)
    vals, stats = valeurs(protege), statuts(protege)
    m, n = len(table), len(table[0])
    # (c) the published values are the input values and their sums
    for i in range(m):
        for j in range(n):
            assert vals[i][j] == table[i][j]
        assert vals[i][n] == sum(table[i])
    for j in range(n):
        assert vals[m][j] == sum(table[i][j] for i in range(m))
    assert vals[m][n] == sum(map(sum, table))
    # (a) nothing published in ]0, k[; primaries are exactly the small values
    for i in range(m + 1):
        for j in range(n + 1):
            petit = 0 < vals[i][j] < seuil
            assert (stats[i][j] == S) == petit
            assert stats[i][j] != X or vals[i][j] >= seuil
    for contrainte in contraintes(m, n):
        caches = [p for p in contrainte if stats[p[0]][p[1]] != P]
        # (b) never exactly one hidden entry in an additive constraint
        assert len(caches) != 1
        # (d) on small tables, by enumeration: no hidden entry is pinned by its equation
        if m <= 3 and n <= 3:
            for cible in caches:
                possibles = valeurs_possibles(contrainte, cible, vals, stats, seuil)
                assert vals[cible[0]][cible[1]] in possibles
                assert len(possibles) >= 2, (table, seuil, contrainte, cible)


def test_report_cells_hold_floats_so_that_a_frozen_report_reencodes_identically() -> None:
    valeur = cellule(Case(valeur=12, statut="publiee")).valeur
    assert isinstance(valeur, float) and valeur == 12.0
