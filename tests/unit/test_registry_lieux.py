"""Registry rules for places, given/when/then on the pure decide functions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.base import Contexte
from domain.errors import ConflitDeVersion, DomainError, IntrouvableError
from domain.lieux.commands import FermerLieu, ModifierLieu, RecenserLieu
from domain.lieux.decide import fermer_lieu, modifier_lieu, recenser_lieu
from domain.lieux.events import LieuFerme, LieuModifie, LieuRecense
from domain.lieux.referentiel import SERVICES, CommuneRef
from domain.lieux.state import Lieu, fold
from tests.lieux_outils import CHAMPOLLION

DIJON = CommuneRef(code_insee="21231", nom="Dijon", codes_postaux=("21000",), departement="21")
BEAUNE = CommuneRef(code_insee="21054", nom="Beaune", codes_postaux=("21200",), departement="21")
LIEU_ID = UUID("00000000-0000-4000-8000-000000000001")
CTX = Contexte(auteur="coord@example.fr", maintenant=datetime(2026, 11, 22, 10, tzinfo=UTC))


def recenser(**changes: object) -> RecenserLieu:
    fields: dict[str, object] = CHAMPOLLION | {
        "command_id": str(uuid4()),
        "services": ["Aide aux démarches administratives"],
        "horaires": "Mo-Fr 09:00-12:00",
    }
    return msgspec.convert(fields | changes, RecenserLieu)


def given_lieu(*events: object) -> Lieu:
    history = [*recenser_lieu(LIEU_ID, recenser(), DIJON, CTX), *events]
    lieu = fold(history)  # type: ignore[arg-type]
    assert lieu is not None
    return lieu


def modifier(
    lieu: Lieu | None, commune: CommuneRef | None = None, version: int = 1, **champs: Any
) -> list[Any]:
    """`champs` changed on `lieu` at `version`, `commune` being the one the change names."""
    return modifier_lieu(
        lieu, ModifierLieu(command_id=uuid4(), version=version, **champs), commune, CTX
    )


def refus(call: object) -> DomainError:
    with pytest.raises(DomainError) as info:
        call()  # type: ignore[operator]
    return info.value


class TestRecenserLieu:
    def test_a_valid_place_is_recorded_with_its_commune(self) -> None:
        # when
        [event] = recenser_lieu(LIEU_ID, recenser(), DIJON, CTX)
        # then
        assert isinstance(event, LieuRecense)
        assert (event.originator_id, event.originator_version) == (LIEU_ID, 1)
        assert (event.commune, event.departement, event.auteur) == ("Dijon", "21", CTX.auteur)
        assert event.services == ("Aide aux démarches administratives",)

    def test_unknown_commune_code_is_refused_on_code_insee(self) -> None:
        error = refus(lambda: recenser_lieu(LIEU_ID, recenser(code_insee="99999"), None, CTX))
        assert error.champ == "code_insee"
        assert "99999" in error.message

    def test_postcode_of_another_commune_is_refused(self) -> None:
        error = refus(lambda: recenser_lieu(LIEU_ID, recenser(code_postal="21200"), DIJON, CTX))
        assert error.champ == "code_postal"
        assert "21000" in error.message

    @pytest.mark.parametrize("code_postal", ["2100", "2A000", "abcde"])
    def test_malformed_postcode_is_refused(self, code_postal: str) -> None:
        error = refus(lambda: recenser_lieu(LIEU_ID, recenser(code_postal=code_postal), DIJON, CTX))
        assert error.champ == "code_postal"

    @pytest.mark.parametrize("nom", ["", "   ", "\t\n"])
    def test_empty_name_is_refused(self, nom: str) -> None:
        error = refus(lambda: recenser_lieu(LIEU_ID, recenser(nom=nom), DIJON, CTX))
        assert error.champ == "nom"

    def test_coordinates_outside_france_are_refused(self) -> None:
        error = refus(
            lambda: recenser_lieu(LIEU_ID, recenser(latitude=40.7, longitude=-74.0), DIJON, CTX)
        )
        assert error.champ == "latitude"
        assert "hors du territoire" in error.message

    def test_swapped_coordinates_are_explained(self) -> None:
        error = refus(
            lambda: recenser_lieu(LIEU_ID, recenser(latitude=5.05, longitude=47.33), DIJON, CTX)
        )
        assert "inversant" in error.message

    def test_overseas_coordinates_are_accepted(self) -> None:
        pointe_a_pitre = CommuneRef(
            code_insee="97120", nom="Pointe-à-Pitre", codes_postaux=("97110",), departement="971"
        )
        command = recenser(
            code_insee="97120", code_postal="97110", latitude=16.2411, longitude=-61.5331
        )
        [event] = recenser_lieu(LIEU_ID, command, pointe_a_pitre, CTX)
        assert event.departement == "971"

    def test_unknown_service_is_refused_and_the_list_is_given(self) -> None:
        error = refus(
            lambda: recenser_lieu(LIEU_ID, recenser(services=["Réparer les vélos"]), DIJON, CTX)
        )
        assert error.champ == "services"
        assert SERVICES[0] in error.message

    def test_services_are_normalised_deduplicated_and_ordered(self) -> None:
        command = recenser(
            services=[SERVICES[3], " Aide aux  démarches administratives", SERVICES[3]]
        )
        [event] = recenser_lieu(LIEU_ID, command, DIJON, CTX)
        assert event.services == (SERVICES[0], SERVICES[3])

    def test_invalid_opening_hours_are_refused_on_horaires(self) -> None:
        error = refus(lambda: recenser_lieu(LIEU_ID, recenser(horaires="9h-12h"), DIJON, CTX))
        assert error.champ == "horaires"

    def test_opening_hours_are_stored_in_canonical_form(self) -> None:
        [event] = recenser_lieu(LIEU_ID, recenser(horaires="mo-fr 9:00-12:00"), DIJON, CTX)
        assert event.horaires == "Mo-Fr 09:00-12:00"


class TestModifierLieu:
    def test_only_changed_fields_are_recorded(self) -> None:
        lieu = given_lieu()
        [event] = modifier(lieu, nom="Médiathèque Champollion", adresse="15 rue Champollion")
        assert isinstance(event, LieuModifie)
        assert event.champs_modifies() == {"adresse": "15 rue Champollion"}
        assert event.originator_version == 2

    def test_nothing_changed_records_nothing(self) -> None:
        lieu = given_lieu()
        assert modifier(lieu, nom=lieu.nom) == []

    def test_stale_version_is_a_conflict(self) -> None:
        lieu = given_lieu(
            LieuModifie(
                originator_id=LIEU_ID,
                originator_version=2,
                timestamp=CTX.maintenant,
                auteur="x",
                nom="Autre",
            )
        )
        with pytest.raises(ConflitDeVersion) as info:
            modifier(lieu, nom="Encore")
        assert info.value.version_actuelle == 2

    def test_moving_to_another_commune_checks_it_and_updates_the_name(self) -> None:
        lieu = given_lieu()
        beaune = {"code_insee": "21054", "code_postal": "21200"}
        [event] = modifier(lieu, BEAUNE, latitude=47.0260, longitude=4.8400, **beaune)
        assert fold([*recenser_lieu(LIEU_ID, recenser(), DIJON, CTX), event]).commune == "Beaune"  # type: ignore[union-attr]

    def test_unknown_place_is_not_found(self) -> None:
        with pytest.raises(IntrouvableError):
            modifier(None, nom="X")

    def test_clearing_opening_hours(self) -> None:
        [event] = modifier(given_lieu(), horaires=None)
        assert event.champs_modifies() == {"horaires": None}


class TestFermerLieu:
    def test_closing_then_editing_is_refused(self) -> None:
        lieu = given_lieu()
        [closed] = fermer_lieu(
            lieu, FermerLieu(command_id=uuid4(), version=1, motif=" Déménagement "), CTX
        )
        assert isinstance(closed, LieuFerme) and closed.motif == "Déménagement"
        lieu = given_lieu(closed)
        assert lieu.ferme
        error = refus(lambda: modifier(lieu, version=2, nom="X"))
        assert "fermé" in error.message


@given(
    latitude=st.floats(min_value=-90, max_value=90, allow_nan=False),
    longitude=st.floats(min_value=-180, max_value=180, allow_nan=False),
)
def test_any_coordinates_are_either_accepted_in_france_or_refused_in_french(
    latitude: float, longitude: float
) -> None:
    command = recenser(latitude=latitude, longitude=longitude)
    try:
        [event] = recenser_lieu(LIEU_ID, command, DIJON, CTX)
    except DomainError as error:
        assert error.champ == "latitude"
    else:
        assert event.latitude == round(latitude, 6)


@pytest.mark.parametrize(
    ("osm", "lu"),
    [
        ("Mo-Fr 09:00-12:00,14:00-17:30", "lun.–ven. 9 h – 12 h, 14 h – 17 h 30"),
        ("Sa,Su 10:00-12:00", "sam. et dim. 10 h – 12 h"),
        ("Tu 14:00-19:00; Sa 10:00-17:00", "mar. 14 h – 19 h ; sam. 10 h – 17 h"),
        ("Mo off", "fermé toute la semaine"),
        ("pas des horaires", "pas des horaires"),
    ],
)
def test_opening_hours_read_as_a_citizen_reads_them(osm: str, lu: str) -> None:
    from web.templating import horaires_fr

    assert horaires_fr(osm) == lu
