"""The referral's state machine: propose, accept (with a link), refuse, confirm, close, expire."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from domain.base import Contexte
from domain.errors import ConflitDeVersion, DomainError
from domain.orientation import decide
from domain.orientation.commands import (
    AccepterOrientation,
    ConstaterAboutissement,
    ProposerOrientation,
    RefuserOrientation,
    RenouvelerLien,
)
from domain.orientation.events import OrientationProposee
from domain.orientation.state import (
    ABOUTIE,
    ACCEPTEE,
    EXPIREE,
    PRISE_EN_CHARGE,
    PROPOSEE,
    REFUSEE,
    Orientation,
    fold,
)

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ID = UUID(int=1)
LIEU_A, LIEU_B = UUID(int=10), UUID(int=11)
PERSONNE = UUID(int=100)


def ctx(jours: float = 0) -> Contexte:
    return Contexte(auteur="med@example.fr", maintenant=T0 + timedelta(days=jours))


def empreinte(jeton: str) -> str:
    return hashlib.sha256(jeton.encode()).hexdigest()


def proposee() -> list[object]:
    commande = ProposerOrientation(
        command_id=uuid4(),
        beneficiaire_id=PERSONNE,
        niveau=1,
        drapeaux=["handicap_auditif"],
        regle="R3",
        lieux_proposes=[LIEU_A, LIEU_B],
    )
    return list(decide.proposer_orientation(ID, commande, "med@example.fr", ctx()))


def etat(events: list[object]) -> Orientation:
    orientation = fold(events)
    assert orientation is not None
    return orientation


def acceptee(jours: float = 1) -> list[object]:
    events = proposee()
    commande = AccepterOrientation(command_id=uuid4(), version=1, lieu_choisi=LIEU_B)
    return events + list(
        decide.accepter_orientation(etat(events), commande, empreinte("secret"), ctx(jours))
    )


def test_a_proposal_records_the_rule_its_reasons_and_the_places() -> None:
    # given / when a mediator proposes R3 to a deaf level-1 person
    events = proposee()
    # then the event names the rules that fired (R3 and R7) and why, never an identity
    (event,) = events
    assert isinstance(event, OrientationProposee)
    assert event.regles == ("R3", "R7") and len(event.pourquoi) == 2
    assert event.offre_type == "parcours_individuel"
    assert etat(events).statut == PROPOSEE


def test_a_rule_that_does_not_fire_is_refused() -> None:
    commande = ProposerOrientation(
        command_id=uuid4(), niveau=3, regle="R3", lieux_proposes=[LIEU_A]
    )
    with pytest.raises(DomainError) as refus:
        decide.proposer_orientation(ID, commande, None, ctx())
    assert refus.value.champ == "regle" and "R5" in refus.value.message


def test_acceptance_issues_an_eight_day_link_for_the_chosen_place() -> None:
    # given a proposal, when the person accepts place B
    orientation = etat(acceptee(jours=1))
    # then it waits for the place, with a hashed token valid 8 days
    assert orientation.statut == ACCEPTEE and orientation.lieu_choisi == LIEU_B
    assert orientation.lien_empreinte == empreinte("secret")
    assert orientation.lien_expire_le == T0 + timedelta(days=9)


def test_accepting_a_place_not_proposed_is_refused() -> None:
    events = proposee()
    commande = AccepterOrientation(command_id=uuid4(), version=1, lieu_choisi=UUID(int=99))
    with pytest.raises(DomainError) as refus:
        decide.accepter_orientation(etat(events), commande, "x", ctx())
    assert refus.value.champ == "lieu_choisi"


def test_a_stale_version_is_a_conflict() -> None:
    events = acceptee()
    with pytest.raises(ConflitDeVersion):
        decide.refuser_orientation(
            etat(events), RefuserOrientation(command_id=uuid4(), version=1, motif="x"), ctx()
        )


def test_refusal_keeps_its_reason_and_needs_one() -> None:
    events = proposee()
    with pytest.raises(DomainError) as refus:
        decide.refuser_orientation(
            etat(events), RefuserOrientation(command_id=uuid4(), version=1, motif="  "), ctx()
        )
    assert refus.value.champ == "motif"
    events += decide.refuser_orientation(
        etat(events), RefuserOrientation(command_id=uuid4(), version=1, motif="trop loin"), ctx()
    )
    assert etat(events).statut == REFUSEE


def test_the_place_confirms_with_the_right_token_within_eight_days() -> None:
    # given an accepted referral (day 1), when the place confirms on day 8
    events = acceptee(jours=1)
    events += decide.confirmer_prise_en_charge(etat(events), empreinte("secret"), ctx(8))
    # then it is taken in charge, and the link stops working
    orientation = etat(events)
    assert orientation.statut == PRISE_EN_CHARGE and orientation.lien_empreinte is None
    with pytest.raises(DomainError, match="pas \\(ou plus\\) valable"):
        decide.confirmer_prise_en_charge(orientation, empreinte("secret"), ctx(8))


def test_a_wrong_token_is_refused() -> None:
    events = acceptee()
    with pytest.raises(DomainError) as refus:
        decide.confirmer_prise_en_charge(etat(events), empreinte("devine"), ctx(2))
    assert refus.value.champ == "jeton"


def test_the_link_expires_after_eight_days_and_can_be_renewed() -> None:
    # given a link issued on day 1, when used on day 9
    events = acceptee(jours=1)
    with pytest.raises(DomainError, match="a expiré le 11/03/2026 : il est valable 8 jours"):
        decide.confirmer_prise_en_charge(etat(events), empreinte("secret"), ctx(9))
    # when the mediator renews it, the new token works and the old one no longer does
    events += decide.renouveler_lien(
        etat(events), RenouvelerLien(command_id=uuid4(), version=3), empreinte("neuf"), ctx(9)
    )
    with pytest.raises(DomainError):
        decide.confirmer_prise_en_charge(etat(events), empreinte("secret"), ctx(10))
    assert decide.confirmer_prise_en_charge(etat(events), empreinte("neuf"), ctx(10))


def test_the_first_activity_closes_the_loop_once() -> None:
    events = acceptee()
    commande = ConstaterAboutissement(
        command_id=uuid4(), activite_id=uuid4(), date=date(2026, 3, 5)
    )
    events += decide.constater_aboutissement(etat(events), commande, ctx(3))
    assert etat(events).statut == ABOUTIE
    assert decide.constater_aboutissement(etat(events), commande, ctx(4)) == []


def test_a_proposal_not_accepted_does_not_close_on_an_activity() -> None:
    commande = ConstaterAboutissement(
        command_id=uuid4(), activite_id=uuid4(), date=date(2026, 3, 5)
    )
    assert decide.constater_aboutissement(etat(proposee()), commande, ctx(3)) == []


def test_expiry_after_thirty_days_only_while_in_progress() -> None:
    events = acceptee()
    # before 30 days: nothing
    assert decide.expirer_orientation(etat(events), ctx(29.9)) == []
    # at 30 days: expired
    expired = events + decide.expirer_orientation(etat(events), ctx(30))
    assert etat(expired).statut == EXPIREE
    assert decide.expirer_orientation(etat(expired), ctx(40)) == []
    # a referral that came through never expires
    commande = ConstaterAboutissement(
        command_id=uuid4(), activite_id=uuid4(), date=date(2026, 3, 5)
    )
    aboutie = events + decide.constater_aboutissement(etat(events), commande, ctx(3))
    assert decide.expirer_orientation(etat(aboutie), ctx(60)) == []


def test_fold_of_another_kind_of_record_is_none() -> None:
    events = acceptee()
    assert fold(events[1:]) is None
    assert fold([]) is None
