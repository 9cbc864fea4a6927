"""Erasing an aidant's identity: the rule (given events, when command, then events or a
refusal), and what the state keeps."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import msgspec
import pytest

from domain.acteurs.commands import DesactiverAidant, EffacerAidant, ModifierAidant
from domain.acteurs.decide_aidants import desactiver_aidant, effacer_aidant, modifier_aidant
from domain.acteurs.events import AidantEfface
from domain.errors import ConflitDeVersion, DomainError, IntrouvableError
from tests.unit.test_acteurs_aidants import CTX, STRUCTURE, affilier, appliquer, nouvel_aidant


def effacer(version: int, motif: str = "à sa demande") -> EffacerAidant:
    return EffacerAidant(command_id=uuid4(), version=version, motif=motif)


def test_erasing_blanks_the_identity_and_keeps_what_statistics_use() -> None:
    # given an aidant with an e-mail, a telephone and a structure
    aidant = affilier(nouvel_aidant(), date(2025, 9, 1))
    aidant = msgspec.structs.replace(aidant, email="c.martin@example.org", telephone="0380000000")
    # when an admin erases them
    events = effacer_aidant(aidant, effacer(aidant.version), CTX)
    # then one event says so, with its reason
    assert [type(e) for e in events] == [AidantEfface]
    assert events[0].motif == "à sa demande"
    assert events[0].originator_version == aidant.version + 1
    # and the state has no name, e-mail nor telephone, but its type and structure
    apres = appliquer(aidant, events)
    assert apres.efface
    assert (apres.prenom, apres.nom, apres.email, apres.telephone) == (
        "",
        "Aidant effacé",
        None,
        None,
    )
    assert apres.type_aidant == aidant.type_aidant
    assert apres.structures_le(date(2026, 3, 1)) == (STRUCTURE.id,)


def test_a_deactivated_aidant_may_be_erased_an_erased_one_not_twice() -> None:
    aidant = nouvel_aidant()
    aidant = appliquer(
        aidant,
        desactiver_aidant(aidant, DesactiverAidant(command_id=uuid4(), version=1), CTX),
    )
    efface = appliquer(aidant, effacer_aidant(aidant, effacer(aidant.version), CTX))
    with pytest.raises(DomainError) as refus:
        effacer_aidant(efface, effacer(efface.version), CTX)
    assert "déjà effacée" in refus.value.message


def test_erasing_names_the_version_seen_and_an_existing_aidant() -> None:
    aidant = nouvel_aidant()
    with pytest.raises(ConflitDeVersion):
        effacer_aidant(aidant, effacer(aidant.version + 1), CTX)
    with pytest.raises(IntrouvableError):
        effacer_aidant(None, effacer(1), CTX)


def test_an_erased_identity_cannot_be_typed_again_but_the_rest_can_change() -> None:
    # given an erased aidant
    aidant = nouvel_aidant()
    aidant = appliquer(aidant, effacer_aidant(aidant, effacer(1), CTX))
    # when someone gives them a name again, then it is refused on that field
    commande = ModifierAidant(command_id=uuid4(), version=aidant.version, nom="Martin")
    with pytest.raises(DomainError) as refus:
        modifier_aidant(aidant, commande, {}, CTX)
    assert refus.value.champ == "nom"
    # and the type may still change (a statistic)
    commande = ModifierAidant(command_id=uuid4(), version=aidant.version, type_aidant="benevole")
    [event] = modifier_aidant(aidant, commande, {}, CTX)
    assert event.champs_modifies() == {"type_aidant": "benevole"}
