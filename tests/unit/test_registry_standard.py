"""The national standard's fields: normalised on the way in, refused in French when wrong."""

from __future__ import annotations

from uuid import uuid4

import msgspec
import pytest

from domain.errors import DomainError
from domain.lieux.commands import ModifierLieu
from domain.lieux.decide import modifier_lieu, recenser_lieu
from domain.lieux.events import LieuModifie
from domain.lieux.standard import VALIDATEURS, valider_pivot, valider_telephone
from domain.lieux.state import fold
from tests.unit.test_registry_lieux import CTX, DIJON, LIEU_ID, recenser


@pytest.mark.parametrize(
    ("saisi", "stocke"),
    [
        ("03 80 12 34 56", "+33380123456"),
        ("03.80.12.34.56", "+33380123456"),
        ("+33 3 80 12 34 56", "+33380123456"),
        ("0033380123456", "+33380123456"),
        ("0590 12 34 56", "+590590123456"),
        ("0692 12 34 56", "+262692123456"),
        ("+590590123456", "+590590123456"),
        ("", None),
    ],
)
def test_phone_numbers_are_written_as_the_standard_wants(saisi: str, stocke: str | None) -> None:
    assert valider_telephone(saisi) == stocke


@pytest.mark.parametrize("saisi", ["12 34", "+44 20 7946 0958", "téléphone"])
def test_unknown_phone_numbers_are_refused(saisi: str) -> None:
    with pytest.raises(DomainError) as refus:
        valider_telephone(saisi)
    assert refus.value.champ == "telephone"
    assert saisi in refus.value.message


def test_pivot_takes_a_siret_with_its_key_or_an_rna_number() -> None:
    assert valider_pivot("434 933 123 00029") == "43493312300029"
    assert valider_pivot("w751234567") == "W751234567"
    for faux in ("43493312300028", "00000000000000", "1234"):
        with pytest.raises(DomainError) as refus:
            valider_pivot(faux)
        assert refus.value.champ == "pivot"


def test_list_values_are_normalised_deduplicated_and_in_the_standards_order() -> None:
    modalites = VALIDATEURS["modalites_acces"]
    assert modalites("Téléphoner|Se présenter|Téléphoner") == ("Se présenter", "Téléphoner")
    # the typographic apostrophe other tools write, and a case slip
    assert modalites(["ce lieu n’accueille pas de public"]) == (
        "Ce lieu n'accueille pas de public",
    )
    # the spaced form of the description is stored as the schema's pattern wants it
    assert VALIDATEURS["formations_labels"](["Étapes numériques (La Poste)"]) == (
        "Étapes numériques(La Poste)",
    )


def test_an_unknown_value_names_the_field_and_lists_the_right_ones() -> None:
    with pytest.raises(DomainError) as refus:
        VALIDATEURS["frais_a_charge"](["Gratuit pour tous"])
    assert refus.value.champ == "frais_a_charge"
    assert "Gratuit sous condition" in refus.value.message


def test_short_presentation_is_limited_to_280_characters() -> None:
    with pytest.raises(DomainError) as refus:
        VALIDATEURS["presentation_resume"]("x" * 281)
    assert refus.value.champ == "presentation_resume"


@pytest.mark.parametrize(
    ("champ", "valeur"),
    [
        ("courriels", ["pas-un-courriel"]),
        ("site_web", ["www.sans-protocole"]),
        ("fiche_acces_libre", "https://a.fr https://b.fr"),
        ("typologie", ["BIBLIOTHEQUE"]),
    ],
)
def test_bad_contact_and_typology_values_are_refused(champ: str, valeur: object) -> None:
    with pytest.raises(DomainError) as refus:
        VALIDATEURS[champ](valeur)
    assert refus.value.champ == champ


def test_a_place_is_recorded_with_its_standard_fields_normalised() -> None:
    command = recenser(
        telephone="03 80 48 82 30",
        frais_a_charge=["Gratuit"],
        modalites_accompagnement=["À distance", "Accompagnement individuel"],
        typologie=["BIB", "MUNI"],
    )
    [event] = recenser_lieu(LIEU_ID, command, DIJON, CTX)
    assert event.standard.telephone == "+33380488230"
    assert event.standard.modalites_accompagnement == ("Accompagnement individuel", "À distance")
    assert event.standard.typologie == ("BIB", "MUNI")


def test_a_change_of_standard_fields_records_only_what_changed() -> None:
    history = recenser_lieu(LIEU_ID, recenser(frais_a_charge=["Gratuit"]), DIJON, CTX)
    lieu = fold(history)
    command = ModifierLieu(
        command_id=uuid4(), version=1, frais_a_charge=["Gratuit"], telephone="03 80 48 82 30"
    )
    [event] = modifier_lieu(lieu, command, None, CTX)
    assert isinstance(event, LieuModifie)
    assert event.champs_modifies() == {}
    assert isinstance(event.standard, msgspec.Struct)
    assert event.standard.valeurs() == {"telephone": "+33380488230"}
    assert fold([*history, event]).standard.telephone == "+33380488230"  # type: ignore[union-attr]
    unchanged = ModifierLieu(command_id=uuid4(), version=2, telephone="+33380488230")
    assert modifier_lieu(fold([*history, event]), unchanged, None, CTX) == []
