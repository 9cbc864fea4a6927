"""Funding applications: what a valid application is, deciding once, corrections."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from domain.base import Contexte
from domain.errors import ConflitDeVersion, DomainError, IntrouvableError
from domain.financements.commands import (
    AccorderFinancement,
    DeposerFinancement,
    ModifierFinancement,
    RefuserFinancement,
)
from domain.financements.decide import accorder, deposer, modifier, refuser
from domain.financements.events import FinancementAccorde, FinancementModifie, FinancementRefuse
from domain.financements.state import fold

CTX = Contexte(auteur="coord@example.fr", maintenant=datetime(2025, 6, 10, 10, 0, tzinfo=UTC))
STRUCTURE = uuid.uuid4()


def _depot(**valeurs: object) -> DeposerFinancement:
    base: dict[str, object] = {
        "command_id": uuid.uuid4(),
        "source": "region",
        "financeur": "  Conseil régional BFC ",
        "objet": "Deux postes de médiateurs",
        "montant_demande": 4_000_000,
        "structure_id": STRUCTURE,
        "date_depot": date(2025, 1, 15),
        "periode_debut": date(2025, 1, 1),
        "periode_fin": date(2025, 12, 31),
    }
    return DeposerFinancement(**(base | valeurs))  # type: ignore[arg-type]


def _accord(**valeurs: object) -> AccorderFinancement:
    """30 000 € granted on 2 April 2025, on the application as filed (version 1)."""
    base: dict[str, object] = {
        "command_id": uuid.uuid4(),
        "version": 1,
        "montant_accorde": 3_000_000,
        "date_decision": date(2025, 4, 2),
    }
    return AccorderFinancement(**(base | valeurs))  # type: ignore[arg-type]


def _depose(**valeurs: object) -> list[object]:
    return list(deposer(uuid.uuid4(), _depot(**valeurs), True, CTX))


def test_a_filed_application_awaits_a_decision_with_its_amount_in_centimes() -> None:
    # given a valid application / when it is filed
    etat = fold(_depose(fleche_accompagnement=True))
    # then it is « déposé », trimmed, flags kept
    assert etat is not None
    assert (etat.statut, etat.financeur, etat.montant_demande) == (
        "depose",
        "Conseil régional BFC",
        4_000_000,
    )
    assert etat.fleche_accompagnement and not etat.fonctionnement_hub


@pytest.mark.parametrize(
    ("valeurs", "champ"),
    [
        ({"source": "mairie"}, "source"),
        ({"montant_demande": 0}, "montant_demande"),
        ({"montant_demande": 6_000_000_000}, "montant_demande"),
        ({"financeur": "  "}, "financeur"),
        ({"periode_fin": date(2024, 12, 31)}, "periode_fin"),
        ({"date_depot": date(2025, 7, 1)}, "date_depot"),
        ({"date_depot": date(1999, 7, 1)}, "date_depot"),
    ],
)
def test_invalid_applications_are_refused_naming_the_field(
    valeurs: dict[str, object], champ: str
) -> None:
    with pytest.raises(DomainError) as refus:
        _depose(**valeurs)
    assert refus.value.champ == champ


def test_an_unknown_structure_is_refused() -> None:
    with pytest.raises(DomainError) as refus:
        deposer(uuid.uuid4(), _depot(), False, CTX)
    assert refus.value.champ == "structure_id"
    assert "registre" in refus.value.message


def test_a_grant_is_decided_once_then_only_corrected() -> None:
    # given a filed application
    history = _depose()
    # when it is granted 30 000 €
    history += accorder(
        fold(history),
        _accord(),
        CTX,
    )
    etat = fold(history)
    assert etat is not None and etat.statut == "accorde" and etat.montant_accorde == 3_000_000
    # then a second decision without « correction » is refused
    with pytest.raises(DomainError) as refus:
        refuser(
            etat,
            RefuserFinancement(command_id=uuid.uuid4(), version=2, date_decision=date(2025, 5, 1)),
            CTX,
        )
    assert refus.value.champ == "correction"
    # and as a correction it replaces the decision, kept in the history
    [event] = refuser(
        etat,
        RefuserFinancement(
            command_id=uuid.uuid4(),
            version=2,
            date_decision=date(2025, 5, 1),
            motif="Hors critères",
            correction=True,
        ),
        CTX,
    )
    assert isinstance(event, FinancementRefuse) and event.correction
    etat = fold([*history, event])
    assert etat is not None
    assert (etat.statut, etat.montant_accorde, etat.motif_refus, etat.version) == (
        "refuse",
        None,
        "Hors critères",
        3,
    )


@pytest.mark.parametrize(
    ("montant", "jour", "champ"),
    [
        (5_000_000, date(2025, 4, 2), "montant_accorde"),  # more than asked
        (-1, date(2025, 4, 2), "montant_accorde"),
        (1_000_000, date(2025, 1, 10), "date_decision"),  # before the filing
        (1_000_000, date(2025, 8, 1), "date_decision"),  # in the future
    ],
)
def test_an_incoherent_grant_is_refused(montant: int, jour: date, champ: str) -> None:
    with pytest.raises(DomainError) as refus:
        accorder(
            fold(_depose()),
            _accord(montant_accorde=montant, date_decision=jour),
            CTX,
        )
    assert refus.value.champ == champ


def test_a_correction_without_a_decision_and_a_stale_version_are_refused() -> None:
    etat = fold(_depose())
    with pytest.raises(DomainError) as refus:
        accorder(
            etat,
            _accord(montant_accorde=1, correction=True),
            CTX,
        )
    assert refus.value.champ == "correction"
    with pytest.raises(ConflitDeVersion):
        modifier(etat, ModifierFinancement(command_id=uuid.uuid4(), version=3), True, CTX)
    with pytest.raises(IntrouvableError):
        modifier(None, ModifierFinancement(command_id=uuid.uuid4(), version=1), True, CTX)


def test_a_correction_records_only_what_changed_and_keeps_coherence() -> None:
    history = _depose()
    etat = fold(history)
    # when the amount asked is corrected and the same source repeated
    [event] = modifier(
        etat,
        ModifierFinancement(
            command_id=uuid.uuid4(), version=1, montant_demande=4_500_000, source="region"
        ),
        True,
        CTX,
    )
    # then only the amount is in the event
    assert isinstance(event, FinancementModifie)
    assert event.champs_modifies() == {"montant_demande": 4_500_000}
    # and nothing changed gives no event
    assert modifier(etat, ModifierFinancement(command_id=uuid.uuid4(), version=1), True, CTX) == []
    # and lowering the amount asked under a granted amount is refused
    history += accorder(
        etat,
        _accord(),
        CTX,
    )
    assert isinstance(history[-1], FinancementAccorde)
    with pytest.raises(DomainError) as refus:
        modifier(
            fold(history),
            ModifierFinancement(command_id=uuid.uuid4(), version=2, montant_demande=1_000_000),
            True,
            CTX,
        )
    assert refus.value.champ == "montant_accorde"
