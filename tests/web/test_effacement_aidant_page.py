"""« Effacer l'identité » on the aidant's page: for admins only, with a confirmation; then the
page reads « Aidant effacé » and keeps the statistics."""

from __future__ import annotations

import uuid

from litestar.testing import TestClient

from tests.web.conftest import create_token, create_user, login
from tests.web.outils_connexion import connecter
from tests.web.test_acteurs_api import aidant_body
from tests.web.test_acteurs_pages import poster


def test_only_an_admin_erases_an_aidant_and_only_once_confirmed(
    client: TestClient, database_dsn: str
) -> None:
    # given an aidant with an e-mail
    coord = create_token(
        database_dsn, create_user(database_dsn, "coord@example.fr", "coordinateur")
    )
    cree = client.post(
        "/api/v1/aidants",
        json=aidant_body(nom="Effaçable", email="effacable@exemple.org"),
        headers={"Authorization": f"Bearer {coord}"},
    ).json()
    fiche = f"/aidants/{cree['id']}"
    formulaire = {"command_id": str(uuid.uuid4()), "version": "1", "motif_effacement": ""}
    # a coordinator sees no such action, and may not post it
    login(client, "coord@example.fr")
    page = client.get(fiche, params={"apres": cree["position"]})
    assert "Effaçable" in page.text and "Effacer l'identité" not in page.text
    assert poster(client, f"{fiche}/effacer", formulaire, fiche).status_code == 403
    client.cookies.clear()
    # when an admin posts it without ticking the confirmation, then it is refused, in French
    connecter(client, database_dsn, "admin@example.fr", "admin")
    assert "Effacer l'identité" in client.get(fiche).text
    refus = poster(client, f"{fiche}/effacer", formulaire, fiche)
    assert refus.status_code == 422
    assert "Cochez la case pour confirmer" in refus.text and "Effaçable" in refus.text
    # and once confirmed, the page reads « Aidant effacé », without e-mail nor the action
    fait = poster(client, f"{fiche}/effacer", formulaire | {"confirmation": "oui"}, fiche)
    assert fait.status_code in (302, 303), fait.text
    apres = client.get(fait.headers["location"])
    assert "<h1>Aidant effacé</h1>" in apres.text
    assert "effacable@exemple.org" not in apres.text and "Effaçable" not in apres.text
    assert "Identité effacée" in apres.text  # in the history
    assert "Médiateur numérique salarié" in apres.text  # the type stays
    assert "Effacer l'identité" not in apres.text
