"""The place form asks what a coordinator knows: the postcode or the commune's name; the
INSEE code and, when no position is typed, the commune's centre come from the reference."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar.testing import TestClient

from tests.web.outils_lieux import (
    fiche_refusee,
    formulaire,
    formulaire_de_coordination,
    poster_fiche,
)


def _fiche(client: TestClient, created: Any) -> str:
    assert created.status_code == 303, created.text
    return client.get(created.headers["location"]).text


def test_a_postcode_alone_places_the_place_in_its_commune_at_its_centre(
    client: TestClient, database_dsn: str
) -> None:
    token = formulaire_de_coordination(client, database_dsn)
    # when only the postcode is typed, no commune and no position
    created = poster_fiche(
        client, token, code_postal="21000", commune="", latitude="", longitude=""
    )
    # then the place is in Dijon, at its centre, and its page says the point is approximate
    page = _fiche(client, created)
    assert "21000 Dijon" in page
    assert "Position approximative :" in page and "au centre de Dijon" in page
    assert "Indiquer sa position exacte" in page  # the coordinator is told how to fix it
    # and directions lead to the address, not to the town hall's square
    assert "openstreetmap.org/search?query=3%20rue%20Jean-de-Cirey%2C%2021000%20Dijon" in page
    assert "openstreetmap.org/directions" not in page
    lieu_id = created.headers["location"].split("?")[0].rsplit("/", 1)[1]
    lieu = client.get(f"/api/v1/lieux/{lieu_id}").json()
    assert (lieu["code_insee"], lieu["latitude"], lieu["longitude"]) == (
        "21231",
        47.32286,
        5.03748,
    )
    # and the edit form shows the commune as it was picked, and no coordinates
    edition = client.get(f"/lieux/{lieu_id}/modifier").text
    assert 'value="Dijon (21000)"' in edition
    assert re.search(r'<input id="latitude" name="latitude" type="text" value=""', edition)
    # so that moving the place to Chenôve by its postcode moves it to Chenôve's centre
    deplace = client.post(
        f"/lieux/{lieu_id}/modifier",
        data={
            **formulaire(code_postal="21300", commune="", latitude="", longitude=""),
            "version": "1",
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    assert "21300 Chenôve" in _fiche(client, deplace)
    lieu = client.get(f"/api/v1/lieux/{lieu_id}").json()
    assert (lieu["code_insee"], lieu["latitude"], lieu["longitude"]) == (
        "21166",
        47.2926,
        5.00491,
    )


def test_a_commune_picked_by_name_gives_its_postcode(client: TestClient, database_dsn: str) -> None:
    token = formulaire_de_coordination(client, database_dsn)
    # when a commune of two postcodes is picked from the suggestions, with its second one
    created = poster_fiche(
        client,
        token,
        code_postal="",
        commune="Étalans (25620)",
        latitude="47.1700",
        longitude="6.2600",
    )
    # then the postcode is the one picked; typed coordinates are kept, not the centre
    page = _fiche(client, created)
    assert "25620 Étalans" in page
    assert "Position approximative" not in page


def test_a_postcode_of_several_communes_asks_which_one(
    client: TestClient, database_dsn: str
) -> None:
    token = formulaire_de_coordination(client, database_dsn)
    # when the postcode covers 25 communes and no commune is typed
    sans_commune = {"code_postal": "21110", "commune": "", "latitude": "", "longitude": ""}
    # then the commune is asked for, with some of them to choose from, and nothing else
    message = "Le code postal 21110 couvre plusieurs communes"
    page = fiche_refusee(client, token, ["commune"], message, **sans_commune)
    assert 'id="latitude-erreur"' not in page
    assert 'id="code_postal-erreur"' not in page
    # and a postcode of no commune is said so, beside the postcode
    message = "Aucune commune n&#39;a le code postal « 21999 »"
    fiche_refusee(client, token, [], message, code_postal="21999", commune="")


@pytest.mark.parametrize(
    ("champs", "message", "changes"),
    [
        pytest.param(
            ["code_postal"],
            "Étalans a plusieurs codes postaux (25580, 25620)",
            {"code_postal": "", "commune": "Étalans"},
            id="a_commune_with_several_postcodes_asks_for_the_address",
        ),
        # the longitude left empty, and the hours reversed: both are told at once, the
        # longitude's message saying how to use the centre
        pytest.param(
            ["horaires"],
            "Indiquez aussi la longitude, ou videz la latitude",
            {"longitude": "", "horaires": "Mo-Fr 14:00-12:00"},
            id="half_a_position_is_refused_and_the_other_rules_still_speak",
        ),
    ],
)
def test_a_refused_place_says_why(
    client: TestClient,
    database_dsn: str,
    champs: list[str],
    message: str,
    changes: dict[str, str],
) -> None:
    token = formulaire_de_coordination(client, database_dsn)
    fiche_refusee(client, token, champs, message, **changes)
