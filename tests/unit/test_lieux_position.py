"""When are a place's coordinates too far from its commune to be trusted?"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from domain.lieux.position import (
    SEUIL_KM,
    coordonnees_a_verifier,
    distance_km,
    message_coordonnees,
    seuil_km,
)

latitudes = st.floats(min_value=-80, max_value=80)
longitudes = st.floats(min_value=-179, max_value=179)


def test_a_place_in_dijon_at_aix_en_provence_coordinates_is_to_be_checked() -> None:
    # given Dijon's centre and a point near Aix-en-Provence
    distance = distance_km(47.3220, 5.0415, 43.5261, 5.4142)
    # then it is about 420 km away, and flagged with the distance and the commune
    assert 415 < distance < 430
    assert coordonnees_a_verifier(distance, "21")
    assert message_coordonnees(distance, "Dijon") == "Coordonnées à vérifier : à 423 km de Dijon"


def test_the_threshold_is_20_km_but_150_in_guyane() -> None:
    assert seuil_km("21") == SEUIL_KM == 20
    assert not coordonnees_a_verifier(19.9, "21")
    assert coordonnees_a_verifier(20.1, "21")
    assert not coordonnees_a_verifier(120, "973")
    assert not coordonnees_a_verifier(None, "21")


@given(latitudes, longitudes, latitudes, longitudes)
def test_distance_is_symmetric_and_never_more_than_half_the_earth(
    lat1: float, lon1: float, lat2: float, lon2: float
) -> None:
    aller = distance_km(lat1, lon1, lat2, lon2)
    assert abs(aller - distance_km(lat2, lon2, lat1, lon1)) < 1e-6
    assert 0 <= aller <= 3.1416 * 6371.0 + 1e-6


@given(latitudes, longitudes, st.floats(min_value=-5, max_value=5))
def test_along_a_meridian_the_distance_is_the_arc(lat: float, lon: float, delta: float) -> None:
    # oracle: on a meridian, the great-circle distance is R × Δlatitude (radians)
    autre = max(-89.0, min(89.0, lat + delta))
    attendu = 6371.0 * abs(autre - lat) * 3.141592653589793 / 180
    assert abs(distance_km(lat, lon, autre, lon) - attendu) < 1e-6
