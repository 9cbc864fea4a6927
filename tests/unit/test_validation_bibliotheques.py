"""SIRET/SIREN, phone numbers and reversed opening hours, checked through the domain's own
interface (domain.verification) by python-stdnum and phonenumbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.acteurs.validation import siret_valide
from domain.errors import DomainError
from domain.lieux.horaires import normaliser_horaires
from domain.lieux.standard import valider_pivot, valider_telephone
from domain.verification import verificateurs

# The whole number's Luhn key holds, its SIREN's (123456780) does not.
SIRET_SIREN_FAUX = "12345678010005"
SIRET_VALIDE = "12345678210001"


def luhn(chiffres: str) -> bool:
    """Oracle: the Luhn check, written out."""
    total = 0
    for rang, c in enumerate(reversed(chiffres)):
        n = int(c) * (2 if rang % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def test_a_siret_whose_siren_key_is_wrong_is_refused() -> None:
    assert luhn(SIRET_SIREN_FAUX) and not luhn(SIRET_SIREN_FAUX[:9])
    with pytest.raises(DomainError, match="ni un SIRET valide") as refus:
        valider_pivot(SIRET_SIREN_FAUX)
    assert refus.value.champ == "pivot"
    with pytest.raises(DomainError, match=r"son SIREN .* 123456780. a une clé de contrôle fausse"):
        siret_valide(SIRET_SIREN_FAUX)
    assert valider_pivot(SIRET_VALIDE) == SIRET_VALIDE
    assert siret_valide("123 456 782 10001") == SIRET_VALIDE


def test_la_postes_establishments_follow_their_own_rule() -> None:
    # La Poste's SIRET do not follow Luhn: their digits add up to a multiple of 5
    assert valider_pivot("35600000000048") == "35600000000048"
    assert valider_pivot("35600000049837") == "35600000049837"


@given(st.text(alphabet="0123456789", min_size=14, max_size=14))
def test_a_siret_is_valid_when_both_keys_hold(chiffres: str) -> None:
    attendu = luhn(chiffres) and luhn(chiffres[:9]) and not chiffres.startswith("356000000")
    if not chiffres.startswith("356000000"):
        assert verificateurs().siret_valide(chiffres) is attendu


@pytest.mark.parametrize(
    ("saisi", "attendu"),
    [
        ("03 80 12 34 56", "+33380123456"),
        ("06.12.34.56.78", "+33612345678"),
        ("0033 3 80 12 34 56", "+33380123456"),
        ("+33 3 80 12 34 56", "+33380123456"),
        ("0590 12 34 56", "+590590123456"),  # Guadeloupe
        ("0692 12 34 56", "+262692123456"),  # La Réunion
        ("+262 269 61 23 45", "+262269612345"),  # Mayotte
        ("+687 28 12 34", "+687281234"),  # Nouvelle-Calédonie
    ],
)
def test_french_and_overseas_numbers_are_written_internationally(saisi: str, attendu: str) -> None:
    assert valider_telephone(saisi) == attendu


@pytest.mark.parametrize(
    "saisi",
    [
        "+269 773 12 34",  # Comores: a foreign country, not Mayotte
        "+33 3 80 12 34 5",  # 9 digits after +33
        "03 80 12 34",
        "+44 20 7946 0958",  # United Kingdom
        "téléphone",
    ],
)
def test_foreign_or_malformed_numbers_are_refused(saisi: str) -> None:
    with pytest.raises(DomainError, match="Numéro de téléphone non reconnu") as refus:
        valider_telephone(saisi)
    assert refus.value.champ == "telephone"


def test_a_reversed_range_of_hours_is_refused_in_french() -> None:
    with pytest.raises(DomainError) as refus:
        normaliser_horaires("Mo-Fr 14:00-12:00")
    assert refus.value.champ == "horaires"
    assert "Plage horaire à l'envers « 14:00-12:00 »" in refus.value.message
    assert "Écrivez « 12:00-14:00 »" in refus.value.message


def test_a_night_opening_past_midnight_is_kept() -> None:
    # a range ending by 06:00 is an opening that runs past midnight (OSM's reading)
    assert normaliser_horaires("Fr 22:00-02:00") == "Fr 22:00-02:00"
    with pytest.raises(DomainError):
        normaliser_horaires("Fr 22:00-07:00")
