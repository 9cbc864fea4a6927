"""The report's own system of counts (comptes.py), audited by linear programming on random
measures: tables by type, by sub-territory, by age, genre and status, orientations and their
accepted part, followed and anonymous people. The links a reader knows are written again in
tests/audit_secret.py, apart from comptes.py."""

from __future__ import annotations

import itertools

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from domain.evaluation.composition import Contexte, composer
from domain.evaluation.comptes import comptes_du_rapport
from domain.evaluation.distributions import distributions, modalites_vues
from domain.evaluation.mesures import Mesures
from domain.evaluation.secret_systeme import sans_recours
from tests.audit_secret import exposees, relations_du_lecteur
from tests.hypothese_outils import memes_cas
from tests.unit.test_evaluation_contributions import contexte

SOUS = {"21": "Côte-d'Or", "25": "Doubs", "39": "Jura", "58": "Nièvre"}
AGES, GENRES = ("18-24", "25-39", "40-59"), ("femme", "homme", "non_communique")


def _compte(seuil: int) -> st.SearchStrategy[int]:
    return st.one_of(st.just(0), st.integers(1, seuil - 1), st.integers(seuil, 4 * seuil))


@st.composite
def _partition(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    coupes = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    return [b - a for a, b in itertools.pairwise([0, *coupes, total])]


@st.composite
def mesures(draw: st.DrawFn, seuil: int) -> Mesures:
    compte = _compte(seuil)
    individuel, collectif = draw(compte), draw(compte)
    total = individuel + collectif
    # The sub-territories cover the total, or miss part of it (a commune with no code).
    sous = draw(_partition(total - draw(st.integers(0, min(total, 3))), len(SOUS)))
    suivis, anonymes = draw(compte), draw(compte)
    personnes = suivis + anonymes
    profils = {
        "tranche_age": dict(zip(AGES, draw(_partition(personnes, len(AGES))), strict=True)),
        "genre": dict(zip(GENRES, draw(_partition(personnes, len(GENRES))), strict=True)),
    }
    autonomie = draw(_partition(individuel, 3))
    return Mesures(
        cube={
            "total": {"total": [total, total, 0, 0]},
            "type": {"individuel": [0, individuel, 0, 0], "collectif": [0, collectif, 0, 0]},
            "autonomie": {
                a: [0, v, 0, 0]
                for a, v in zip(
                    ("entierement_accompagne", "partiellement_autonome", "autonome"),
                    autonomie,
                    strict=True,
                )
            },
            "anonymes": {"total": [0, anonymes, 0, 0]},
        },
        par_sous_territoire=dict(zip(SOUS, sous, strict=True)),
        suivis=suivis,
        nouveaux_suivis=draw(st.integers(0, suivis)),
        profils_suivis=profils,
        orientations={
            s: draw(compte) for s in ("proposee", "acceptee", "prise_en_charge", "aboutie")
        },
        pass_scannes=draw(compte),
    )


CAS: list[tuple[bool, bool]] = []


@memes_cas(120)
@given(st.sampled_from([5, 11]).flatmap(lambda k: st.tuples(st.just(k), mesures(k), mesures(k))))
def test_no_hidden_count_of_a_random_report_can_be_pinned_down(
    cas: tuple[int, Mesures, Mesures],
) -> None:
    seuil, actuel, precedent = cas
    tables = distributions(SOUS)
    modalites = {d.id: modalites_vues(d, actuel, precedent) for d in tables}
    for m in (actuel, precedent):
        c = comptes_du_rapport(m, tables, modalites, seuil)
        lecteur = relations_du_lecteur(c)
        fuites = exposees(c.valeurs, lecteur, c.statuts, seuil)
        perdues = sans_recours(c.valeurs, lecteur, c.statuts)
        assert set(fuites) <= perdues, fuites
        CAS.append((any(s == "secondaire" for s in c.statuts.values()), bool(fuites)))
    # and the composed report prints exactly these cells
    rapport = composer(actuel, precedent, _contexte(seuil))
    c = comptes_du_rapport(actuel, tables, modalites, seuil)
    for tableau in rapport.tableaux:
        for ligne in tableau.lignes:
            cle = f"{tableau.id}/{ligne.modalite}"
            if cle in c.valeurs:
                assert ligne.cellules[0] == c.cellule(cle)


def _contexte(seuil: int) -> Contexte:
    return msgspec.structs.replace(contexte(), seuil=seuil, sous_territoires=SOUS)


def test_the_random_reports_exercise_secondary_suppression() -> None:
    assert len(CAS) >= 200
    assert sum(secondaire for secondaire, _ in CAS) >= len(CAS) // 3
    assert sum(perdue for _, perdue in CAS) <= len(CAS) // 10
