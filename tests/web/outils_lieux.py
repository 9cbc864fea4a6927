"""The coordinators' new place form, as the web tests fill and send it: the values a test
does not care about, the login that opens it, and what a refused form must show."""

from __future__ import annotations

import uuid
from typing import Any

from litestar.testing import TestClient

from tests.web.conftest import csrf_from
from tests.web.outils_connexion import connecter


def formulaire(**changes: str) -> dict[str, object]:
    return {
        "command_id": str(uuid.uuid4()),
        "nom": "Espace numérique des Grésilles",
        "adresse": "3 rue Jean-de-Cirey",
        "complement_adresse": "",
        "code_postal": "21000",
        "commune": "21231",
        "latitude": "47,3330",
        "longitude": "5.0600",
        "services": ["Aide aux démarches administratives", "Utilisation sécurisée du numérique"],
        "horaires": "Tu-Sa 10:00-12:30,14:00-18:00",
    } | changes


def formulaire_de_coordination(client: TestClient, database_dsn: str) -> str:
    """Log in as a coordinator on the new place form: its CSRF token."""
    connecter(client, database_dsn, "coord@example.fr", "coordinateur")
    return csrf_from(client, "/lieux/nouveau")


def poster_fiche(client: TestClient, token: str, **changes: str) -> Any:
    """The new place form sent with `changes`; a success's redirection is not followed, so
    that its status and its location can be read."""
    return client.post(
        "/lieux/nouveau",
        data={**formulaire(**changes), "_csrf_token": token},
        follow_redirects=False,
    )


def fiche_refusee(
    client: TestClient, token: str, champs: list[str], *messages: str, **changes: str
) -> str:
    """The new place form sent with `changes`, refused (422) with an error beside each of
    `champs` and each of `messages` shown: the page, for what else the test reads in it."""
    response = poster_fiche(client, token, **changes)
    assert response.status_code == 422, response.text
    for champ in champs:
        assert f'id="{champ}-erreur"' in response.text, champ
    for message in messages:
        assert message in response.text, message
    page: str = response.text
    return page
