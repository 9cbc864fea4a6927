"""A coordinator's place form tells every refused field at once, not one per try."""

from __future__ import annotations

import pytest

from domain.errors import ErreursMultiples
from domain.lieux.commands import ModifierLieu
from domain.lieux.decide import modifier_lieu, recenser_lieu
from tests.unit.test_registry_lieux import CTX, DIJON, LIEU_ID, given_lieu, recenser


def test_recording_a_place_reports_every_refused_field_together() -> None:
    # given a place with an empty name, a bad phone, reversed hours and a bad e-mail
    commande = recenser(
        nom="  ",
        telephone="+269 773 12 34",
        horaires="Mo-Fr 14:00-12:00",
        courriels=["pas-une-adresse"],
    )
    # when it is recorded
    with pytest.raises(ErreursMultiples) as refus:
        recenser_lieu(LIEU_ID, commande, DIJON, CTX)
    # then each field is named with its own message
    champs = [e.champ for e in refus.value.erreurs]
    assert set(champs) >= {"nom", "telephone", "horaires", "courriels"}, champs
    assert all(e.message for e in refus.value.erreurs)


def test_changing_a_place_reports_every_refused_field_together() -> None:
    # given a recorded place
    lieu = given_lieu()
    commande = ModifierLieu(
        command_id=LIEU_ID,
        version=lieu.version,
        adresse="",
        code_postal="2100",
        latitude=91.0,
        horaires="Mo-Fr 14:00-12:00",
    )
    # when several fields are wrong at once
    with pytest.raises(ErreursMultiples) as refus:
        modifier_lieu(lieu, commande, DIJON, CTX)
    # then all are told
    champs = {e.champ for e in refus.value.erreurs}
    assert champs >= {"adresse", "code_postal", "latitude", "horaires"}, champs
