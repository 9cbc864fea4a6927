"""Business dates are days in France: at 00:30 in Dijon it is already tomorrow, while UTC still
says today. Every "not in the future" rule judges against the hub's day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

from domain.acteurs.commands import EnregistrerQualification
from domain.acteurs.decide_aidants import enregistrer_qualification
from domain.acteurs.events import QualificationEnregistree
from domain.base import Contexte
from tests.unit.test_acteurs_aidants import nouvel_aidant

MINUIT_ET_DEMIE_A_PARIS = Contexte(
    auteur="coord@example.fr", maintenant=datetime(2026, 12, 4, 23, 30, tzinfo=UTC)
)


def test_today_is_the_day_in_paris_not_in_utc() -> None:
    assert MINUIT_ET_DEMIE_A_PARIS.aujourdhui == date(2026, 12, 5)
    summer = Contexte(auteur="x", maintenant=datetime(2026, 7, 1, 21, 59, tzinfo=UTC))
    assert summer.aujourdhui == date(2026, 7, 1)


def test_a_qualification_obtained_today_in_paris_is_not_in_the_future_at_half_past_midnight() -> (
    None
):
    # given an aidant, just after midnight in Paris (still the day before in UTC)
    aidant = nouvel_aidant()
    commande = EnregistrerQualification(
        command_id=uuid4(), type="formation_aidants_connect", obtenue_le=date(2026, 12, 5)
    )
    # when the qualification of a training that ended today is recorded
    events = enregistrer_qualification(aidant, commande, MINUIT_ET_DEMIE_A_PARIS)
    # then it is accepted
    assert any(isinstance(e, QualificationEnregistree) for e in events)
