"""Coordinates far from their commune: said in the import report and on the place's page."""

from __future__ import annotations

import re

from litestar.testing import TestClient

from tests.integration.test_cli import fetchval
from tests.web.test_pages import import_de_coordination


def test_the_official_example_is_flagged_in_the_report_and_on_its_page(
    client: TestClient, database_dsn: str
) -> None:
    # given a coordinator of the default hub (région 27)
    # when they import the official example (Reims, with coordinates near Aix-en-Provence)
    form, files = import_de_coordination(client, database_dsn, "Exemple", "exemple.csv")
    rapport = client.post("/lieux/import", data=form, files=files).text
    # then the report says both things to check
    assert "1 lieu à vérifier" in rapport
    assert re.search(r"À vérifier :</strong> Coordonnées à vérifier : à 6\d\d km de Reims", rapport)
    assert "Hors du territoire du hub (région 27) : Reims" in rapport
    # and the place's page and the API flag it
    position = fetchval(database_dsn, "SELECT max(notification_id) FROM mednum_events")
    [lieu] = client.get("/api/v1/lieux", params={"apres": position}).json()["items"]
    assert lieu["coordonnees_a_verifier"] is True and lieu["distance_commune_km"] > 600
    page = client.get(f"/lieux/{lieu['id']}").text
    assert re.search(r"Coordonnées à vérifier : à 6\d\d km de Reims\.", page)
