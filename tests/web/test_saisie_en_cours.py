"""A page that follows a write the read models have not reached within the bound says so:
an existing page shows a notice, a record not projected yet is « en cours », never
« introuvable » (a projector far behind, QUALITY.md's read-your-writes bound)."""

from __future__ import annotations

import uuid

import msgspec
import pytest
from litestar.testing import TestClient

from mednum.settings import Settings
from tests.web.outils_lieux import formulaire_de_coordination, poster_fiche


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The web tests' settings with no projector: every write stays ahead of the read models."""
    return msgspec.structs.replace(settings, read_your_writes_timeout=0.2, run_projectors=False)


def test_a_place_just_registered_is_in_progress_not_missing(
    client: TestClient, database_dsn: str
) -> None:
    token = formulaire_de_coordination(client, database_dsn)
    # when a place is registered and its page is asked before the projector reaches it
    created = poster_fiche(client, token)
    assert created.status_code == 303
    page = client.get(created.headers["location"])
    # then the person is told their entry is saved and the page reloads itself
    assert page.status_code == 503
    assert page.headers["retry-after"] == "3"
    assert "<h1>Mise à jour en cours</h1>" in page.text
    assert "Votre saisie est bien enregistrée" in page.text
    assert '<meta http-equiv="refresh" content="3">' in page.text
    assert "introuvable" not in page.text.lower()
    # and without a write to wait for, a wrong address stays a 404
    absent = client.get(f"/lieux/{uuid.uuid4()}")
    assert absent.status_code == 404 and "Page introuvable" in absent.text


def test_a_page_after_a_write_not_projected_yet_says_it_may_miss_it(
    client: TestClient, database_dsn: str
) -> None:
    token = formulaire_de_coordination(client, database_dsn)
    position = poster_fiche(client, token).headers["location"].split("apres=")[1]
    suivante = client.get("/lieux/doublons", params={"apres": position})
    assert suivante.status_code == 200
    assert "Mise à jour en cours :" in suivante.text
    assert "ne la montre peut-être pas encore" in suivante.text
    # without a write to wait for, the notice is not there
    assert "Mise à jour en cours" not in client.get("/lieux/doublons").text
