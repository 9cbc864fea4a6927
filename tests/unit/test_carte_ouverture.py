"""« Ouvert maintenant », « ouvert le samedi », today's hours, and the map's filters."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.errors import DomainError
from projections.lieux_requetes import FiltresLieux, where_lieux
from projections.ouverture import SAMEDI, aujourdhui, ouvert, ouvert_le_jour, prochaine
from web.filtres_carte import CriteresStandard, valeurs_connues

PARIS = ZoneInfo("Europe/Paris")
HORAIRES = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"


def test_open_on_a_weekday_morning_in_paris_time() -> None:
    # given a Tuesday 10:30 in Paris, given as UTC (08:30 UTC in summer time)
    moment = datetime(2025, 6, 10, 8, 30, tzinfo=UTC)
    # when / then the place is open (the hours are read in Paris time, not UTC)
    assert ouvert(HORAIRES, moment)
    # and closed at lunch, at night, and on Sunday
    assert not ouvert(HORAIRES, datetime(2025, 6, 10, 12, 30, tzinfo=PARIS))
    assert not ouvert(HORAIRES, datetime(2025, 6, 10, 22, 0, tzinfo=PARIS))
    assert not ouvert(HORAIRES, datetime(2025, 6, 15, 10, 0, tzinfo=PARIS))


def test_winter_time_is_taken_into_account() -> None:
    # given a Tuesday in January (UTC+1): 08:30 UTC is 09:30 in Paris, 07:30 UTC is 08:30
    # then open at the first, closed at the second
    assert ouvert(HORAIRES, datetime(2025, 1, 14, 8, 30, tzinfo=UTC))
    assert not ouvert(HORAIRES, datetime(2025, 1, 14, 7, 30, tzinfo=UTC))


def test_unknown_or_unreadable_hours_are_never_open() -> None:
    moment = datetime(2025, 6, 10, 10, 0, tzinfo=PARIS)
    assert not ouvert(None, moment)
    assert not ouvert("n'importe quoi", moment)
    assert aujourdhui("n'importe quoi", moment) == ""


def test_open_on_saturday() -> None:
    assert ouvert_le_jour(HORAIRES, SAMEDI)
    assert not ouvert_le_jour("Mo-Fr 09:00-12:00", SAMEDI)
    assert not ouvert_le_jour(None, SAMEDI)


def test_todays_hours_in_french() -> None:
    assert aujourdhui(HORAIRES, datetime(2025, 6, 14, 10, 0, tzinfo=PARIS)) == "samedi : 9 h – 12 h"
    assert aujourdhui(HORAIRES, datetime(2025, 6, 15, 10, 0, tzinfo=PARIS)) == "dimanche : fermé"


def test_the_map_list_applies_public_holidays_like_the_place_page() -> None:
    # given a place closed on public holidays, on Friday 1 May 2026 at 10:00 in Dijon
    horaires = "Mo-Fr 09:00-12:00; PH off"
    premier_mai = datetime(2026, 5, 1, 10, 0, tzinfo=PARIS)
    # then the list's badge, the « Ouvert maintenant » filter and today's hours say closed
    assert not ouvert(horaires, premier_mai, "21")
    assert prochaine(horaires, premier_mai, "21") == (
        "Fermé aujourd’hui (jour férié), ouvre lundi à 9 h"
    )
    assert aujourdhui(horaires, premier_mai, "21") == "jour férié : fermé"
    # and the Monday after, an ordinary day, it is open as usual
    assert ouvert(horaires, datetime(2026, 5, 4, 10, 0, tzinfo=PARIS), "21")


def test_alsace_moselle_keeps_its_own_holidays() -> None:
    # given Saturday 26 December 2026 (Saint-Étienne: a holiday in Moselle, not in Dijon)
    horaires = "Sa 09:00-12:00; PH off"
    moment = datetime(2026, 12, 26, 10, 0, tzinfo=PARIS)
    assert ouvert(horaires, moment, "21")
    assert not ouvert(horaires, moment, "57")
    assert prochaine(horaires, moment, "21") == "Ouvert maintenant, ferme à 12 h"


def test_list_filters_become_array_overlaps_and_all_must_match() -> None:
    # given two list filters and a set of ids
    filtres = CriteresStandard(
        prise_en_charge_specifique=("Surdité", "Déficience visuelle"),
        frais_a_charge=("Gratuit",),
    ).appliquer(FiltresLieux())
    # when the WHERE clause is built
    where, params = where_lieux(filtres)
    # then each field is one overlap (any of its values), joined by AND
    assert "prise_en_charge_specifique && $1::text[]" in where
    assert "frais_a_charge && $2::text[]" in where
    assert params == [["Surdité", "Déficience visuelle"], ["Gratuit"]]


def test_unknown_filter_value_is_refused_naming_the_parameter() -> None:
    with pytest.raises(DomainError) as refus:
        valeurs_connues("services", ["Réparer des vélos"])
    assert refus.value.champ == "service"
    assert "Réparer des vélos" in refus.value.message


def test_filters_round_trip_as_get_parameters() -> None:
    criteres = CriteresStandard(
        services=("Aide aux démarches administratives",), ouvert_samedi=True
    )
    assert criteres.parametres() == [
        ("service", "Aide aux démarches administratives"),
        ("ouvert_samedi", "1"),
    ]
