"""A coordinator's forms (places, structures, aidants) tell every refused field at once, not
one per try."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.acteurs.commands import EnregistrerAidant
from domain.acteurs.decide_aidants import enregistrer_aidant
from domain.acteurs.decide_structures import recenser_structure
from domain.errors import ErreursMultiples
from domain.lieux.commands import ModifierLieu
from domain.lieux.decide import modifier_lieu, recenser_lieu
from tests.unit.test_acteurs_structures import commande as structure
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


def test_registering_a_structure_reports_every_refused_field_together() -> None:
    # given a structure with a wrong SIRET key, an unknown type and an empty address
    commande = structure(siret="21210231300014", type_structure="Club", adresse=" ")
    # when it is registered
    with pytest.raises(ErreursMultiples) as refus:
        recenser_structure(uuid4(), commande, DIJON, {}, CTX)
    # then the three fields are named
    assert {e.champ for e in refus.value.erreurs} >= {"siret", "type_structure", "adresse"}


def test_registering_an_aidant_reports_every_refused_field_together() -> None:
    # given an aidant without a first name, of an unknown type, with a foreign phone
    commande = EnregistrerAidant(
        command_id=uuid4(), prenom="", nom="Martin", type_aidant="stagiaire", telephone="+269 7"
    )
    # when registered
    with pytest.raises(ErreursMultiples) as refus:
        enregistrer_aidant(uuid4(), commande, {}, CTX)
    # then all are told
    assert {e.champ for e in refus.value.erreurs} >= {"prenom", "type_aidant", "telephone"}
