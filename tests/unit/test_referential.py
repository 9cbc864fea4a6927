"""The skills grid: the scoring rule (with Hypothesis), its versions, conversions of other
scales and imported test scores."""

from __future__ import annotations

from fractions import Fraction

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError
from domain.grille import GRILLE_COURANTE, GRILLES, arrondi, niveau, niveau_importe
from domain.grille.conversions import (
    score_autonomie,
    score_declare,
    score_depuis_niveau_crcn,
    scores_depuis_pix,
)
from domain.grille.thematiques import THEMATIQUES_ADMINISTRATIVES, THEMATIQUES_MEDIATION

SIX_SCORES = st.lists(st.integers(min_value=0, max_value=4), min_size=6, max_size=6)


# --- the scoring rule -------------------------------------------------------------------------


@given(SIX_SCORES)
def test_the_level_is_always_within_0_and_4(scores: list[int]) -> None:
    assert 0 <= niveau(scores) <= 4


@given(SIX_SCORES)
def test_the_level_is_never_above_the_weakest_skill_plus_one(scores: list[int]) -> None:
    assert niveau(scores) <= min(scores) + 1


@given(SIX_SCORES)
def test_the_level_never_exceeds_the_rounded_mean(scores: list[int]) -> None:
    assert niveau(scores) <= arrondi(Fraction(sum(scores), 6))


@given(st.integers(min_value=0, max_value=3), st.lists(st.booleans(), min_size=6, max_size=6))
def test_close_scores_give_the_rounded_mean(base: int, plus_un: list[bool]) -> None:
    # given scores that differ by one at most
    scores = [base + int(p) for p in plus_un]
    # then the cap does not bite: the level is the mean rounded half up
    assert niveau(scores) == arrondi(Fraction(sum(scores), 6))


@given(SIX_SCORES, st.integers(min_value=0, max_value=5))
def test_raising_one_score_never_lowers_the_level(scores: list[int], rang: int) -> None:
    if scores[rang] == 4:
        return
    meilleurs = [*scores[:rang], scores[rang] + 1, *scores[rang + 1 :]]
    assert niveau(meilleurs) >= niveau(scores)


def test_half_is_rounded_up_not_to_even() -> None:
    # given means of exactly 0.5, 1.5, 2.5, 3.5 (Python's round would give 0, 2, 2, 4)
    # then each rounds up
    assert [arrondi(Fraction(n, 2)) for n in (1, 3, 5, 7)] == [1, 2, 3, 4]
    assert niveau([2, 2, 2, 3, 3, 3]) == 3  # mean 2.5
    assert niveau([1, 1, 1, 2, 2, 2]) == 2  # mean 1.5
    assert round(2.5) == 2  # the trap this rule avoids


def test_one_blocking_skill_caps_the_level() -> None:
    # given a person strong everywhere but unable to do démarches in line (S6 = 0)
    # when scored: the mean 3.3 would say 3, the cap says weakest + 1
    assert niveau([4, 4, 3, 3, 4, 0]) == 1


def test_scores_outside_the_scale_are_refused() -> None:
    with pytest.raises(ValueError):
        niveau([5, 4, 4, 4, 4, 4])
    with pytest.raises(ValueError):
        niveau([])


# --- the grid and its versions ----------------------------------------------------------------


def test_the_current_grid_has_six_skills_tied_to_crcn_codes_and_five_levels() -> None:
    grille = GRILLE_COURANTE
    assert grille.codes == ("S1", "S2", "S3", "S4", "S5", "S6")
    assert {c.code: c.crcn for c in grille.competences}["S5"] == ("4.2", "4.3")
    assert all(len(c.descripteurs) == 5 for c in grille.competences)
    assert [n.valeur for n in grille.niveaux] == [0, 1, 2, 3, 4]
    assert grille.libelle_niveau(1) == "Grand débutant"
    assert GRILLES[grille.version] is grille
    assert "souhaite_qu_on_fasse_pour_lui" in grille.drapeaux
    assert "handicap_auditif" in grille.drapeaux


def test_la_coop_themes_are_the_19_plus_11() -> None:
    assert len(THEMATIQUES_MEDIATION) == 19
    assert len(THEMATIQUES_ADMINISTRATIVES) == 11
    assert THEMATIQUES_MEDIATION["reseaux_sociaux"] == "Réseaux sociaux communication"
    assert THEMATIQUES_ADMINISTRATIVES["associations"] == "Associations"
    assert len(GRILLE_COURANTE.thematiques) == 30


def test_the_grid_is_serialisable_for_the_api() -> None:
    document = msgspec.json.decode(msgspec.json.encode(GRILLE_COURANTE))
    assert document["version"] == GRILLE_COURANTE.version
    assert document["baremes"]["pix"]["seuils"] == [64, 128, 256, 512]


# --- conversions --------------------------------------------------------------------------------


def test_la_coop_autonomy_maps_to_scores_1_to_3_and_the_ends_to_0_and_4() -> None:
    grille = GRILLE_COURANTE
    assert [
        score_autonomie(grille, v)
        for v in ("entierement_accompagne", "partiellement_autonome", "autonome")
    ] == [1, 2, 3]
    assert score_autonomie(grille, "ne_peut_pas") == 0
    assert score_autonomie(grille, "aide_les_autres") == 4
    with pytest.raises(DomainError) as refus:
        score_autonomie(grille, "un_peu")
    assert refus.value.champ == "autonomie" and "un_peu" in refus.value.message


def test_self_declaration_maps_its_five_points_to_0_4() -> None:
    grille = GRILLE_COURANTE
    reponses = ("je_ne_sais_pas", "avec_aide", "seul_parfois", "seul", "j_aide_les_autres")
    assert [score_declare(grille, r) for r in reponses] == [0, 1, 2, 3, 4]
    with pytest.raises(DomainError):
        score_declare(grille, "peut_etre")


def test_pix_competence_levels_give_per_skill_scores_by_the_weakest_competence() -> None:
    assert [score_depuis_niveau_crcn(n) for n in range(9)] == [0, 1, 2, 3, 3, 4, 4, 4, 4]
    # given a Pix profile where 5.1 is level 3 and 5.2 level 1, 1.1 level 6
    scores = scores_depuis_pix(GRILLE_COURANTE, {"5.1": 3, "5.2": 1, "1.1": 6})
    # then S1 takes its weakest competence, S2 is 4, untested skills have no score
    assert scores == {"S1": 1, "S2": 4}
    with pytest.raises(DomainError):
        score_depuis_niveau_crcn(9)


@pytest.mark.parametrize(
    ("score", "attendu"),
    [(0, 0), (63, 0), (64, 1), (127, 1), (128, 2), (255, 2), (256, 3), (511, 3), (512, 4)],
)
def test_a_pix_score_reads_with_the_v3_certificate_bands(score: int, attendu: int) -> None:
    assert niveau_importe(GRILLE_COURANTE.baremes["pix"], score) == attendu


def test_abc_diag_out_of_10_never_reaches_level_4() -> None:
    bareme = GRILLE_COURANTE.baremes["abc_diag"]
    assert [niveau_importe(bareme, s) for s in range(11)] == [0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 3]
    with pytest.raises(ValueError):
        niveau_importe(bareme, 11)
