"""Qualifications corrected and cancelled as events; the PIX pass mark; the habilitation
follows (given / when / then)."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.acteurs.commands import AnnulerQualification, CorrigerQualification
from domain.acteurs.decide_qualifications import annuler_qualification, corriger_qualification
from domain.acteurs.events import (
    AidantHabiliteAidantsConnect,
    HabilitationRetiree,
    QualificationAnnulee,
    QualificationCorrigee,
    QualificationEnregistree,
)
from domain.acteurs.referentiel import SCORE_PIX_REUSSITE
from domain.acteurs.state import Aidant
from domain.errors import Conflit, DomainError
from tests.unit.test_acteurs_aidants import CTX, appliquer, nouvel_aidant, qualifier

FORMATION, PIX = "formation_aidants_connect", "test_pix_aidants_connect"


def forme() -> Aidant:
    aidant = nouvel_aidant()
    return appliquer(aidant, qualifier(aidant, FORMATION, date(2025, 9, 1)))


def test_a_pix_score_below_the_pass_mark_is_recorded_but_grants_nothing() -> None:
    # given a trained aidant
    aidant = forme()
    # when a PIX test of 150 (below 256) is recorded
    events = qualifier(aidant, PIX, date(2025, 10, 1), score=150)
    # then the test is recorded, and there is no habilitation
    assert [type(e) for e in events] == [QualificationEnregistree]
    assert SCORE_PIX_REUSSITE == 256
    assert [type(e) for e in qualifier(aidant, PIX, date(2025, 10, 1), score=0)] == [
        QualificationEnregistree
    ]
    # at the pass mark, it habilitates
    assert [type(e) for e in qualifier(aidant, PIX, date(2025, 10, 1), score=256)] == [
        QualificationEnregistree,
        AidantHabiliteAidantsConnect,
    ]


def test_a_score_out_of_range_is_refused_in_french() -> None:
    with pytest.raises(DomainError, match="Score PIX impossible : 1500") as refus:
        qualifier(forme(), PIX, date(2025, 10, 1), score=1500)
    assert refus.value.champ == "score"


def test_the_same_qualification_with_another_score_is_a_409_asking_for_a_correction() -> None:
    aidant = forme()
    aidant = appliquer(aidant, qualifier(aidant, PIX, date(2025, 10, 1), score=150))
    assert qualifier(aidant, PIX, date(2025, 10, 1), score=150) == []  # a retry
    with pytest.raises(Conflit, match=r"déjà enregistrée .*score 150.*corrigez-la"):
        qualifier(aidant, PIX, date(2025, 10, 1), score=300)


def corriger(aidant: Aidant, numero: int, **valeurs: object) -> list[object]:
    commande = CorrigerQualification(
        command_id=uuid4(),
        version=aidant.version,
        qualification=numero,
        motif="score mal saisi",
        **valeurs,  # type: ignore[arg-type]
    )
    return list(corriger_qualification(aidant, commande, CTX))


def test_correcting_the_score_up_habilitates_and_down_withdraws() -> None:
    # given a trained aidant whose PIX test was recorded with 150 (no habilitation)
    aidant = forme()
    aidant = appliquer(aidant, qualifier(aidant, PIX, date(2025, 10, 1), score=150))
    numero = aidant.qualifications[-1].enregistree_a
    # when the score is corrected to 300
    events = corriger(aidant, numero, score=300)
    # then the correction, with its reason, and the habilitation
    correction, habilitation = events
    assert isinstance(correction, QualificationCorrigee)
    assert (correction.score, correction.motif) == (300, "score mal saisi")
    assert isinstance(habilitation, AidantHabiliteAidantsConnect)
    aidant = appliquer(aidant, events)  # type: ignore[arg-type]
    assert aidant.habilite_aidants_connect
    # when corrected back below the pass mark, the habilitation is withdrawn automatically
    events = corriger(aidant, numero, score=100)
    assert [type(e) for e in events] == [QualificationCorrigee, HabilitationRetiree]
    retrait = events[1]
    assert isinstance(retrait, HabilitationRetiree) and retrait.automatique
    aidant = appliquer(aidant, events)  # type: ignore[arg-type]
    assert not aidant.habilite_aidants_connect
    # and a later correction gives it back (an automatic withdrawal is not a sanction)
    assert [type(e) for e in corriger(aidant, numero, score=400)][-1] is (
        AidantHabiliteAidantsConnect
    )


def test_cancelling_the_training_withdraws_the_habilitation() -> None:
    # given a habilitated aidant
    aidant = forme()
    aidant = appliquer(aidant, qualifier(aidant, PIX, date(2025, 10, 1), score=400))
    assert aidant.habilite_aidants_connect
    formation = aidant.qualifications[0].enregistree_a
    # when the training is cancelled, with its reason
    commande = AnnulerQualification(
        command_id=uuid4(), version=aidant.version, qualification=formation, motif="doublon"
    )
    events = annuler_qualification(aidant, commande, CTX)
    # then the cancellation and the withdrawal
    assert [type(e) for e in events] == [QualificationAnnulee, HabilitationRetiree]
    aidant = appliquer(aidant, events)
    assert [q.type for q in aidant.qualifications] == [PIX]


def test_a_correction_names_an_existing_qualification_changes_something_and_has_a_reason() -> None:
    aidant = forme()
    with pytest.raises(DomainError, match="pas de qualification n° 99"):
        corriger(aidant, 99, score=300)
    numero = aidant.qualifications[0].enregistree_a
    with pytest.raises(DomainError, match="ne change rien"):
        corriger(aidant, numero, obtenue_le=date(2025, 9, 1))
    with pytest.raises(DomainError, match="score ne s'indique que pour le test PIX"):
        corriger(aidant, numero, score=300)
    commande = CorrigerQualification(
        command_id=uuid4(),
        version=aidant.version,
        qualification=numero,
        motif="  ",
        obtenue_le=date(2025, 9, 2),
    )
    with pytest.raises(DomainError) as refus:
        corriger_qualification(aidant, commande, CTX)
    assert refus.value.champ == "motif"
