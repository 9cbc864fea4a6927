"""Secondary suppression audited by linear programming on random report-shaped systems.

A generated system looks like one period of a report: a grand total published in several
places (the headline, the total of each table), a cross table of sub-territories × activity
types with its margins, other breakdowns of the same total, a « dont » relation (followed +
anonymous = beneficiaries) and a derived count (accepted orientations = three outcomes of the
orientations table). For every hidden cell the LP interval given all published cells and all
relations must have a width (min < max).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence

from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from domain.evaluation.secret_systeme import Relation, Statut, proteger_relations, sans_recours
from tests.audit_secret import exposees
from tests.hypothese_outils import memes_cas

Systeme = tuple[dict[str, int], list[tuple[str, Relation]], int]
"""Values, (table, relation) in the report's order, threshold."""

Protection = Callable[[Mapping[str, int], Sequence[tuple[str, Relation]], int], dict[str, Statut]]


def _compte(seuil: int) -> st.SearchStrategy[int]:
    # Small values most of the time: that is where suppression has work to do.
    return st.one_of(st.just(0), st.integers(1, seuil - 1), st.integers(seuil, 4 * seuil))


@st.composite
def _partition(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    coupes = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    bornes = [0, *coupes, total]
    return [b - a for a, b in itertools.pairwise(bornes)]


@st.composite
def systemes(draw: st.DrawFn) -> Systeme:
    seuil = draw(st.sampled_from([3, 5, 11]))
    compte = _compte(seuil)
    sous, types = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    grille = [[draw(compte) for _ in range(types)] for _ in range(sous)]
    valeurs: dict[str, int] = {}
    relations: list[tuple[str, Relation]] = []
    # The cross table sub-territory × type, its row and column totals and its grand total.
    for i, ligne in enumerate(grille):
        for j, v in enumerate(ligne):
            valeurs[f"croise/{i}/{j}"] = v
        valeurs[f"territoires/{i}"] = sum(ligne)
        relations.append(
            ("croise", Relation(tuple(f"croise/{i}/{j}" for j in range(types)), f"territoires/{i}"))
        )
    for j in range(types):
        valeurs[f"types/{j}"] = sum(ligne[j] for ligne in grille)
        relations.append(
            ("croise", Relation(tuple(f"croise/{i}/{j}" for i in range(sous)), f"types/{j}"))
        )
    total = sum(map(sum, grille))
    valeurs["croise/total"] = valeurs["territoires/total"] = valeurs["types/total"] = total
    relations.append(
        ("croise", Relation(tuple(f"types/{j}" for j in range(types)), "croise/total"))
    )
    relations.append(
        (
            "territoires",
            Relation(tuple(f"territoires/{i}" for i in range(sous)), "territoires/total"),
        )
    )
    relations.append(("types", Relation(tuple(f"types/{j}" for j in range(types)), "types/total")))
    # Another breakdown of the same total (by age band, say).
    ages = draw(_partition(total, draw(st.integers(1, 4))))
    for j, v in enumerate(ages):
        valeurs[f"ages/{j}"] = v
    valeurs["ages/total"] = total
    relations.append(("ages", Relation(tuple(f"ages/{j}" for j in range(len(ages))), "ages/total")))
    # The headline, the same quantity as every table's total.
    valeurs["accompagnements"] = total
    for table in ("croise", "territoires", "types", "ages"):
        relations.append(("liens", Relation((f"{table}/total",), "accompagnements")))
    # Followed + anonymous = beneficiaries.
    suivis, anonymes = draw(compte), draw(compte)
    valeurs |= {"suivis": suivis, "anonymes": anonymes, "beneficiaires": suivis + anonymes}
    relations.append(("beneficiaires", Relation(("suivis", "anonymes"), "beneficiaires")))
    # Orientations by outcome, and the accepted ones (three outcomes) printed elsewhere.
    issues = [draw(compte) for _ in range(4)]
    for j, v in enumerate(issues):
        valeurs[f"orientations/{j}"] = v
    valeurs["orientations/total"] = sum(issues)
    valeurs["acceptees"] = sum(issues[:3])
    relations.append(
        (
            "orientations",
            Relation(tuple(f"orientations/{j}" for j in range(4)), "orientations/total"),
        )
    )
    relations.append(
        ("acceptees", Relation(tuple(f"orientations/{j}" for j in range(3)), "acceptees"))
    )
    return valeurs, relations, seuil


def ensemble(valeurs: Mapping[str, int], relations: Sequence[tuple[str, Relation]], seuil: int):
    """What the code does: every relation of the report at once."""
    return proteger_relations(valeurs, [r for _, r in relations], seuil)


def table_par_table(
    valeurs: Mapping[str, int], relations: Sequence[tuple[str, Relation]], seuil: int
) -> dict[str, Statut]:
    """The mutation: each table protected on its own (as before issue 13), a cell hidden
    wherever one of its tables hides it."""
    statuts: dict[str, Statut] = {c: "publiee" for c in valeurs}
    for table in dict.fromkeys(t for t, _ in relations):
        siennes = [r for t, r in relations if t == table]
        cellules = {c for r in siennes for c in (*r.parties, r.total)}
        for c, s in proteger_relations({c: valeurs[c] for c in cellules}, siennes, seuil).items():
            if s != "publiee" and statuts[c] != "primaire":
                statuts[c] = s
    return statuts


def _fuites(
    systeme: Systeme,
    protection: Protection,
    statuts: dict[str, Statut] | None = None,
    compter: bool = False,
) -> dict[str, tuple[float, float]]:
    """Hidden cells the LP pins down, but for those with nothing left to hide around them
    (every linked non-zero value already hidden: see `sans_recours`), counted if asked."""
    valeurs, relations, seuil = systeme
    statuts = statuts or protection(valeurs, relations, seuil)
    toutes = [r for _, r in relations]
    fuites = exposees(valeurs, toutes, statuts, seuil)
    perdues = sans_recours(valeurs, toutes, statuts)
    if compter:
        SANS_RECOURS.append((seuil, bool(perdues.intersection(fuites))))
    return {c: i for c, i in fuites.items() if c not in perdues}


SANS_RECOURS: list[tuple[int, bool]] = []
CAS_AVEC_SECRET: list[bool] = []


@memes_cas(250)
@given(systemes())
def test_no_hidden_cell_of_a_report_shaped_system_can_be_pinned_down(systeme: Systeme) -> None:
    valeurs, relations, seuil = systeme
    statuts = ensemble(valeurs, relations, seuil)
    # Every count in ]0, k[ is hidden, every published value is ≥ k or 0.
    assert all((0 < v < seuil) == (statuts[c] == "primaire") for c, v in valeurs.items())
    assert all(v == 0 or v >= seuil for c, v in valeurs.items() if statuts[c] == "publiee")
    # And no hidden value is determined by the published ones and all the relations.
    assert _fuites(systeme, ensemble, statuts, compter=True) == {}
    CAS_AVEC_SECRET.append(any(s == "secondaire" for s in statuts.values()))


def test_the_generated_systems_exercise_secondary_suppression() -> None:
    # Counts what the property above saw (same module, file order); run alone, or on another
    # worker than it, the property runs here first.
    if not CAS_AVEC_SECRET:
        test_no_hidden_cell_of_a_report_shaped_system_can_be_pinned_down()
    # Most cases hid something.
    assert len(CAS_AVEC_SECRET) >= 200
    assert sum(CAS_AVEC_SECRET) >= len(CAS_AVEC_SECRET) // 2
    # Cells pinned with nothing left to hide around them (tiny totals) stay rare but at a
    # threshold of 3, where « < 3 » leaves only 1 or 2 (26 of 88 systems when written).
    usuels = [perdue for seuil, perdue in SANS_RECOURS if seuil >= 5]
    assert len(usuels) >= 100 and sum(usuels) <= len(usuels) // 20


def test_protecting_each_table_on_its_own_leaks_on_some_generated_system() -> None:
    # The audit has teeth: the one-table-at-a-time protection gives cells away.
    fuyant = find(
        systemes(),
        lambda s: bool(_fuites(s, table_par_table)),
        settings=settings(
            max_examples=2000,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    assert _fuites(fuyant, ensemble) == {}


def test_accepted_orientations_printed_beside_their_table_do_not_give_a_cell_away() -> None:
    # aboutie 4, acceptée 50, prise en charge 0, refusée 30; « acceptées » = 54 is printed too.
    valeurs = {"o/a": 4, "o/b": 50, "o/c": 0, "o/d": 30, "o/total": 84, "acceptees": 54}
    relations = [
        ("o", Relation(("o/a", "o/b", "o/c", "o/d"), "o/total")),
        ("acceptees", Relation(("o/a", "o/b", "o/c"), "acceptees")),
    ]
    assert _fuites((valeurs, relations, 11), table_par_table)
    statuts = ensemble(valeurs, relations, 11)
    assert _fuites((valeurs, relations, 11), ensemble) == {}
    assert statuts["o/a"] == "primaire" and statuts["o/b"] == "secondaire"


def test_two_cycles_joined_by_one_cell_hide_more_than_two_cells_per_line() -> None:
    # Two blocks of hidden cells linked by one hidden cell: every line holds two hidden cells,
    # yet that cell is the difference of published sums. The elimination sees it.
    grille = [
        [5, 20, 4, 0],
        [30, 6, 0, 0],
        [0, 0, 7, 40],
        [0, 0, 50, 8],
    ]
    valeurs = {f"{i}/{j}": v for i, ligne in enumerate(grille) for j, v in enumerate(ligne)}
    valeurs |= {f"l{i}": sum(ligne) for i, ligne in enumerate(grille)}
    valeurs |= {f"c{j}": sum(ligne[j] for ligne in grille) for j in range(4)}
    relations = [("t", Relation(tuple(f"{i}/{j}" for j in range(4)), f"l{i}")) for i in range(4)]
    relations += [("t", Relation(tuple(f"{i}/{j}" for i in range(4)), f"c{j}")) for j in range(4)]
    assert _fuites((valeurs, relations, 11), ensemble) == {}
