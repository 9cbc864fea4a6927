"""The map's markers apart from its page: compressed once, named by their content, kept by
the browser, rebuilt by a process that never drew them, and never stale under their name."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from litestar.testing import TestClient

from projections.ouverture import aujourdhui
from tests.web.test_carte_citoyenne import DIJON, _recenser, lieux  # noqa: F401  (fixture)


def _adresse_du_script(page: str) -> str:
    trouve = re.search(r'<script src="(/carte/script/[0-9a-f]{24}[^"]*)" nonce=', page)
    assert trouve, "the map's script is not referenced by the page"
    return trouve.group(1).replace("&amp;", "&")


def test_the_page_references_its_markers_which_are_served_compressed_and_immutable(
    client: TestClient,
    lieux: dict[str, Any],  # noqa: F811
) -> None:
    # given the map of Dijon within 10 km
    page = client.get("/carte", params={"q": "dijon", "rayon": "10"}).text
    adresse = _adresse_du_script(page)
    assert "q=dijon" in adresse and "rayon=10" in adresse
    # then the page holds no marker (the places are in the list, not in an inline script)
    assert "var data = " not in page
    # when the browser asks for the script, taking gzip
    reponse = client.get(adresse, headers={"Accept-Encoding": "gzip"})
    # then it gets the markers compressed, to keep for good
    assert reponse.status_code == 200
    assert reponse.headers["content-encoding"] == "gzip"
    assert reponse.headers["content-type"].startswith("text/javascript")
    assert reponse.headers["cache-control"] == "public, max-age=31536000, immutable"
    script = reponse.content.decode()  # the client has undone the gzip
    assert "Atelier du Port" in script and "Espace Battant" not in script
    # escaped as HTML for the popup, then as JSON inside a script
    assert "<Champollion>" not in script
    assert "Médiathèque \\u0026lt;Champollion\\u0026gt;" in script
    # and without compression asked, the same script in the clear
    brut = client.get(adresse, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in brut.headers and brut.content.decode() == script


def test_a_process_that_never_drew_the_map_rebuilds_the_same_script(
    client: TestClient,
    lieux: dict[str, Any],  # noqa: F811
) -> None:
    # given a page drawn by one process, and its script's address
    page = client.get("/carte", params={"q": "dijon", "rayon": "10"}).text
    adresse = _adresse_du_script(page)
    premier = client.get(adresse).content
    carte_id = re.search(r'id="(map_[^"]+)"', page)
    assert carte_id and carte_id.group(1) in premier.decode()
    # when another process (no cache at all) is asked for it
    client.app.state.cache_carte = None
    client.app.state.scripts_carte = None
    reponse = client.get(adresse)
    # then it draws the same script, the one that fits the page's map <div>, to keep
    assert reponse.status_code == 200 and reponse.content == premier
    assert "immutable" in reponse.headers["cache-control"]


def test_a_script_asked_after_the_places_changed_is_the_new_one_not_to_keep(
    client: TestClient,
    coordinator_token: str,
    lieux: dict[str, Any],  # noqa: F811
) -> None:
    # given the address of Dijon's map, then a new place recorded in Dijon
    adresse = _adresse_du_script(client.get("/carte", params={"q": "dijon"}).text)
    client.app.state.cache_carte = None
    client.app.state.scripts_carte = None
    client.headers["Authorization"] = f"Bearer {coordinator_token}"
    ecrit = _recenser(client, "Fablab des Grésilles", DIJON)
    client.get("/api/v1/lieux", params={"apres": ecrit["position"]})
    del client.headers["Authorization"]
    # when the old address is asked
    reponse = client.get(adresse)
    # then the markers are today's (the new place is there), and the browser must not keep them
    assert reponse.status_code == 200
    assert "Fablab des Grésilles" in reponse.content.decode()
    assert reponse.headers["cache-control"] == "no-cache"


def test_an_unknown_script_for_a_search_without_places_is_not_found(client: TestClient) -> None:
    reponse = client.get("/carte/script/" + "0" * 24, params={"q": "dijon"})
    assert reponse.status_code == 404


def _marqueurs(script: str) -> dict[str, dict[str, Any]]:
    """Each marker of a map's script by its name, with its commune and today's hours read
    from the tables, as the popup shows them."""

    def valeur(nom: str) -> Any:
        debut = script.index(f"var {nom} = ") + len(f"var {nom} = ")
        return json.JSONDecoder().raw_decode(script[debut:])[0]

    communes, jours = valeur("COMMUNES"), valeur("JOURS")
    return {
        ligne[3]: {"commune": communes[ligne[8]], "aujourdhui": jours[ligne[9]], "ligne": ligne}
        for ligne in valeur("data")
    }


def test_a_place_renamed_or_given_new_hours_shows_them_on_the_map(
    client: TestClient,
    coordinator_token: str,
    lieux: dict[str, Any],  # noqa: F811
) -> None:
    # given the whole région's map drawn once: its markers joined from the stored fragments
    avant = _marqueurs(client.get(_adresse_du_script(client.get("/carte").text)).text)
    assert avant["Atelier du Port"]["commune"] == "21000 Dijon"
    # when the place is renamed and its hours change
    client.headers["Authorization"] = f"Bearer {coordinator_token}"
    modifie = client.patch(
        f"/api/v1/lieux/{lieux['payant']['id']}",
        json={
            "command_id": str(uuid.uuid4()),
            "version": 1,
            "nom": "Atelier du Port & Cie",
            "horaires": "Mo-Su 10:00-11:30",
        },
    )
    assert modifie.status_code == 200, modifie.text
    client.get("/api/v1/lieux", params={"apres": modifie.json()["position"]})
    del client.headers["Authorization"]
    # then the map shows the new name (escaped for the popup) and today's new hours
    apres = _marqueurs(client.get(_adresse_du_script(client.get("/carte").text)).text)
    assert "Atelier du Port" not in apres
    renomme = apres["Atelier du Port &amp; Cie"]
    attendu = aujourdhui("Mo-Su 10:00-11:30", datetime.now(UTC), "21")
    assert attendu and renomme["aujourdhui"] == attendu
    # the rest of its marker is its own still
    assert renomme["ligne"][2] == lieux["payant"]["id"]
    assert renomme["commune"] == "21000 Dijon"
