"""Rules for diagnostics: findings checked in French naming the field, the level evaluated in
the same decision with the grid's version, corrections, cancellations, grid versions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import msgspec
import pytest

from domain.base import Contexte
from domain.diagnostics.commands import AnnulerDiagnostic, CorrigerDiagnostic, RealiserDiagnostic
from domain.diagnostics.decide import (
    annuler_diagnostic,
    corriger_diagnostic,
    realiser_diagnostic,
)
from domain.diagnostics.events import DiagnosticCorrige, DiagnosticRealise, NiveauEvalue
from domain.diagnostics.state import Diagnostic, fold
from domain.errors import ConflitDeVersion, DomainError, IntrouvableError
from domain.grille import GRILLE_COURANTE

# 23:30 UTC on 1 March is already 2 March in France.
CTX = Contexte(auteur="m@example.fr", maintenant=datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
BENEFICIAIRE = UUID("00000000-0000-4000-8000-0000000000b1")
SCORES = {"S1": 2, "S2": 2, "S3": 1, "S4": 1, "S5": 2, "S6": 0}


def valeurs(**changes: Any) -> dict[str, Any]:
    return {
        "command_id": str(uuid4()),
        "date": "2026-03-01",
        "source": "observation",
        "scores": SCORES,
        "drapeaux": ["demarche_urgente", "langue"],
        "thematiques": ["email", "social_sante"],
        "cible": 2,
        "competences_cibles": ["S6", "S3"],
    } | changes


def realiser(**changes: Any) -> list[Any]:
    commande = msgspec.convert(
        valeurs(beneficiaire_id=str(BENEFICIAIRE), **changes), RealiserDiagnostic
    )
    return realiser_diagnostic(uuid4(), commande, GRILLE_COURANTE, CTX)


def refus(**changes: Any) -> DomainError:
    with pytest.raises(DomainError) as erreur:
        realiser(**changes)
    return erreur.value


def realise(**changes: Any) -> Diagnostic:
    diagnostic = fold(realiser(**changes))
    assert diagnostic is not None
    return diagnostic


def test_a_diagnostic_is_recorded_then_its_level_evaluated_with_the_grid_version() -> None:
    # given an observation of the six skills, mean 1.33, weakest 0
    # when it is decided
    realise_, evalue = realiser()
    # then the findings, then the level capped at weakest + 1, with the grid's version
    assert isinstance(realise_, DiagnosticRealise) and isinstance(evalue, NiveauEvalue)
    assert realise_.beneficiaire_id == BENEFICIAIRE
    assert (realise_.originator_version, evalue.originator_version) == (1, 2)
    assert evalue.niveau == 1 and evalue.grille_version == GRILLE_COURANTE.version
    assert evalue.detail.methode == "scores"
    assert (evalue.detail.moyenne, evalue.detail.moyenne_arrondie, evalue.detail.plafond) == (
        1.33,
        1,
        1,
    )
    # and lists come back in the grid's order, without duplicates
    assert realise_.competences_cibles == ("S3", "S6")
    assert realise_.drapeaux == ("demarche_urgente", "langue")


def test_today_in_france_is_not_the_future_but_tomorrow_is() -> None:
    # given 23:30 UTC on 1 March: 2 March in France
    assert realise(date="2026-03-02").date.isoformat() == "2026-03-02"
    erreur = refus(date="2026-03-03")
    assert erreur.champ == "date" and "futur" in erreur.message


@pytest.mark.parametrize("score", [-1, 5])
def test_a_score_outside_0_4_is_refused_naming_the_skill(score: int) -> None:
    erreur = refus(scores=SCORES | {"S4": score})
    assert erreur.champ == "scores.S4"
    assert "de 0" in erreur.message and "à 4" in erreur.message


def test_an_observation_needs_all_six_skills() -> None:
    erreur = refus(scores={"S1": 2, "S2": 2, "S3": 1, "S4": 1})
    assert erreur.champ == "scores.S5" and "S5, S6" in erreur.message
    assert refus(source="declaratif", scores={}).champ == "scores.S1"


def test_unknown_skill_flag_theme_or_source_is_refused_in_french() -> None:
    assert refus(scores={"S1": 2, "S7": 2}).champ == "scores"
    erreur = refus(drapeaux=["sans_voiture"])
    assert erreur.champ == "drapeaux" and "« sans_voiture »" in erreur.message
    assert refus(thematiques=["jardinage"]).champ == "thematiques"
    assert refus(competences_cibles=["S9"]).champ == "competences_cibles"
    assert refus(source="intuition").champ == "source"
    assert refus(cible=7).champ == "cible"


def test_wanting_to_learn_and_wanting_it_done_for_you_exclude_each_other() -> None:
    erreur = refus(drapeaux=["souhaite_faire_seul", "souhaite_qu_on_fasse_pour_lui"])
    assert erreur.champ == "drapeaux"


def test_an_imported_pix_score_gives_the_level_through_the_grid_calibration() -> None:
    # given a Pix score of 300 (band « indépendant ») and no per-skill scores
    _, evalue = realiser(source="pix", scores={}, score_importe=300)
    # then level 3, and the detail says how
    assert evalue.niveau == 3
    assert (evalue.detail.methode, evalue.detail.bareme, evalue.detail.score_importe) == (
        "score_importe",
        "pix",
        300,
    )


def test_an_imported_source_needs_its_score_within_its_range() -> None:
    assert refus(source="abc_diag", scores={}).champ == "score_importe"
    erreur = refus(source="abc_diag", scores={}, score_importe=12)
    assert erreur.champ == "score_importe" and "de 0 à 10" in erreur.message
    # and an observation takes no imported score
    assert refus(score_importe=5).champ == "score_importe"


def test_a_correction_replaces_the_findings_and_evaluates_again() -> None:
    # given a diagnostic at level 1
    diagnostic = realise()
    # when S6 is corrected from 0 to 2
    commande = msgspec.convert(
        valeurs(version=2, motif="S6 mal saisi", scores=SCORES | {"S6": 2}), CorrigerDiagnostic
    )
    corrige, evalue = corriger_diagnostic(diagnostic, commande, GRILLE_COURANTE, CTX)
    # then the correction and the new level (mean 1.67 → 2) follow in order
    assert isinstance(corrige, DiagnosticCorrige) and corrige.motif == "S6 mal saisi"
    assert isinstance(evalue, NiveauEvalue) and evalue.niveau == 2
    assert (corrige.originator_version, evalue.originator_version) == (3, 4)
    apres = fold([*realiser(), corrige, evalue])
    assert apres is not None and apres.scores["S6"] == 2 and apres.niveau == 2


def test_a_correction_needs_a_reason_the_current_version_and_a_change() -> None:
    diagnostic = realise()

    def corriger(**changes: Any) -> list[Any]:
        commande = msgspec.convert(
            valeurs(**({"version": 2, "motif": "erreur"} | changes)), CorrigerDiagnostic
        )
        return corriger_diagnostic(diagnostic, commande, GRILLE_COURANTE, CTX)

    with pytest.raises(DomainError) as sans_motif:
        corriger(motif="  ", scores=SCORES | {"S1": 3})
    assert sans_motif.value.champ == "motif"
    with pytest.raises(ConflitDeVersion):
        corriger(version=1, scores=SCORES | {"S1": 3})
    # the same findings: nothing to record
    assert corriger() == []


def test_a_cancelled_diagnostic_cannot_change_and_unknown_ones_are_not_found() -> None:
    diagnostic = realise()
    annule = annuler_diagnostic(
        diagnostic, AnnulerDiagnostic(command_id=uuid4(), version=2, motif="mauvaise personne"), CTX
    )
    etat = fold([*realiser(), *annule])
    assert etat is not None and etat.annule
    with pytest.raises(DomainError) as refus_:
        annuler_diagnostic(
            etat, AnnulerDiagnostic(command_id=uuid4(), version=3, motif="encore"), CTX
        )
    assert "annulé" in refus_.value.message
    with pytest.raises(IntrouvableError):
        annuler_diagnostic(None, AnnulerDiagnostic(command_id=uuid4(), version=1, motif="x"), CTX)


def test_the_fold_of_another_kind_of_record_is_no_diagnostic() -> None:
    _, evalue = realiser()
    assert fold([evalue]) is None
    assert fold([]) is None


def test_a_new_grid_version_computes_new_levels_and_leaves_past_ones_as_they_were() -> None:
    # given a diagnostic evaluated with the current grid
    passe = realiser(scores={"S1": 3, "S2": 3, "S3": 3, "S4": 2, "S5": 2, "S6": 2})
    assert passe[1].niveau == 3  # mean 2.5 rounded up, cap 3
    # and a later grid whose cap is stricter (weakest + 0)
    nouvelle = msgspec.structs.replace(GRILLE_COURANTE, version="2027.1", ecart_max=0)
    # when the same findings are diagnosed with it
    commande = msgspec.convert(
        valeurs(
            beneficiaire_id=str(BENEFICIAIRE),
            scores={"S1": 3, "S2": 3, "S3": 3, "S4": 2, "S5": 2, "S6": 2},
        ),
        RealiserDiagnostic,
    )
    _, recent = realiser_diagnostic(uuid4(), commande, nouvelle, CTX)
    # then the new one carries the new version and level; the past diagnostic keeps its own
    assert (recent.niveau, recent.grille_version) == (2, "2027.1")
    ancien = fold(passe)
    assert ancien is not None
    assert (ancien.niveau, ancien.grille_version) == (3, GRILLE_COURANTE.version)
