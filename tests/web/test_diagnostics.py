"""The referential, diagnostics and levels over HTTP: a public grid; diagnostics only on one's
own beneficiaries (another mediator's answers 404); French errors naming the field; the
diagnostic page renders, posts and shows the computed level and the chart."""

from __future__ import annotations

import re
import uuid
from typing import Any

from litestar.testing import TestClient

from tests.web.conftest import create_token, create_user, csrf_from
from tests.web.outils_api import champ_refuse
from tests.web.outils_connexion import connecter

SCORES = {"S1": 2, "S2": 2, "S3": 1, "S4": 1, "S5": 2, "S6": 0}


def diagnostic_body(**changes: Any) -> dict[str, Any]:
    return {
        "command_id": str(uuid.uuid4()),
        "date": "2026-01-15",
        "source": "observation",
        "scores": SCORES,
        "drapeaux": ["demarche_urgente"],
        "thematiques": ["sante", "social_sante"],
        "cible": 2,
    } | changes


def as_user(client: TestClient, dsn: str, email: str, role: str) -> None:
    client.headers["Authorization"] = f"Bearer {create_token(dsn, create_user(dsn, email, role))}"


def beneficiaire(client: TestClient) -> str:
    response = client.post(
        "/api/v1/beneficiaires",
        json={"command_id": str(uuid.uuid4()), "tranche_age": "soixante_dix_plus"},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_the_referential_is_public_with_its_versions(client: TestClient) -> None:
    courant = client.get("/api/v1/referentiel")
    assert courant.status_code == 200
    body = courant.json()
    assert body["version_courante"] in body["versions"]
    assert [c["code"] for c in body["grille"]["competences"]] == [f"S{i}" for i in range(1, 7)]
    assert len(body["grille"]["thematiques_mediation"]) == 19
    version = client.get(f"/api/v1/referentiel/{body['version_courante']}")
    assert version.status_code == 200 and version.json()["version"] == body["version_courante"]
    assert client.get("/api/v1/referentiel/1999.1").status_code == 404


def test_a_mediator_records_a_diagnostic_and_reads_the_level_history(
    client: TestClient, database_dsn: str
) -> None:
    as_user(client, database_dsn, "camille@example.fr", "mediateur")
    personne = beneficiaire(client)
    # when a diagnostic is recorded
    cree = client.post(f"/api/v1/beneficiaires/{personne}/diagnostics", json=diagnostic_body())
    assert cree.status_code == 201, cree.text
    ecriture = cree.json()
    assert cree.headers["location"] == f"/api/v1/diagnostics/{ecriture['id']}"
    # then it is read back with its level and grid version (read-your-writes)
    lu = client.get(f"/api/v1/diagnostics/{ecriture['id']}?apres={ecriture['position']}")
    assert lu.status_code == 200, lu.text
    assert (lu.json()["niveau"], lu.json()["grille_version"]) == (1, "2026.1")
    liste = client.get(f"/api/v1/beneficiaires/{personne}/diagnostics").json()
    assert liste["total"] == 1 and liste["items"][0]["scores"] == SCORES
    # and a correction raises the level in the history
    corrige = client.post(
        f"/api/v1/diagnostics/{ecriture['id']}/correction",
        json=diagnostic_body(version=2, motif="S6 mal saisi", scores=SCORES | {"S6": 2}),
    )
    assert corrige.status_code == 200, corrige.text
    niveaux = client.get(
        f"/api/v1/beneficiaires/{personne}/niveaux?apres={corrige.json()['position']}"
    ).json()
    assert [(p["date"], p["niveau"]) for p in niveaux["items"]] == [("2026-01-15", 2)]
    # a stale version is a 409 with the current record
    conflit = client.post(
        f"/api/v1/diagnostics/{ecriture['id']}/annulation",
        json={"command_id": str(uuid.uuid4()), "version": 2, "motif": "erreur"},
    )
    assert conflit.status_code == 409 and conflit.json()["etat_actuel"]["version"] == 4


def test_another_mediators_beneficiary_is_not_found_and_coordinators_are_refused(
    client: TestClient, database_dsn: str
) -> None:
    as_user(client, database_dsn, "camille@example.fr", "mediateur")
    personne = beneficiaire(client)
    diagnostic = client.post(
        f"/api/v1/beneficiaires/{personne}/diagnostics", json=diagnostic_body()
    ).json()["id"]
    # another mediator: 404 everywhere, as for an unknown id
    as_user(client, database_dsn, "dominique@example.fr", "mediateur")
    for chemin in ("diagnostics", "niveaux"):
        refus = client.get(f"/api/v1/beneficiaires/{personne}/{chemin}")
        assert refus.status_code == 404, chemin
    assert client.get(f"/api/v1/beneficiaires/{uuid.uuid4()}/niveaux").status_code == 404
    assert client.get(f"/api/v1/diagnostics/{diagnostic}").status_code == 404
    ecrit = client.post(f"/api/v1/beneficiaires/{personne}/diagnostics", json=diagnostic_body())
    assert ecrit.status_code == 404
    assert (
        client.post(
            f"/api/v1/diagnostics/{diagnostic}/annulation",
            json={"command_id": str(uuid.uuid4()), "version": 2, "motif": "x"},
        ).status_code
        == 404
    )
    # a coordinator sees no beneficiary's diagnostics at all; anonymous users must log in
    as_user(client, database_dsn, "coord@example.fr", "coordinateur")
    assert client.get(f"/api/v1/beneficiaires/{personne}/niveaux").status_code == 403
    del client.headers["Authorization"]
    assert client.get(f"/api/v1/beneficiaires/{personne}/diagnostics").status_code == 401
    # an admin reaches it
    as_user(client, database_dsn, "admin@example.fr", "admin")
    assert client.get(f"/api/v1/beneficiaires/{personne}/niveaux").status_code == 200


def test_bad_diagnostics_get_422_in_french_naming_the_field(
    client: TestClient, database_dsn: str
) -> None:
    as_user(client, database_dsn, "camille@example.fr", "mediateur")
    url = f"/api/v1/beneficiaires/{beneficiaire(client)}/diagnostics"
    cas = [
        (diagnostic_body(date="2099-01-01"), "date", "futur"),
        (diagnostic_body(scores=SCORES | {"S3": 5}), "scores.S3", "de 0"),
        (diagnostic_body(drapeaux=["sans_voiture"]), "drapeaux", "inconnu"),
        (diagnostic_body(thematiques=["jardinage"]), "thematiques", "inconnu"),
        (diagnostic_body(scores={"S1": 2}), "scores.S2", "il manque"),
        (diagnostic_body(source="pix", scores={}), "score_importe", "score importé"),
    ]
    for body, champ, mot in cas:
        response = client.post(url, json=body)
        assert response.status_code == 422, (champ, response.text)
        erreur = response.json()["erreurs"][0]
        assert erreur["champ"] == champ and mot in erreur["message"], erreur
    # a malformed body is a 400 naming the field, never a 500
    mal = client.post(url, json=diagnostic_body(date="hier"))
    assert champ_refuse(mal) == (400, "date")


def poster(client: TestClient, chemin: str, data: dict[str, Any]) -> Any:
    token = csrf_from(client, chemin)
    return client.post(chemin, data={**data, "_csrf_token": token}, follow_redirects=False)


def test_the_diagnostic_page_renders_posts_and_shows_the_level_and_chart(
    client: TestClient, database_dsn: str
) -> None:
    connecter(client, database_dsn, "camille@example.fr", "mediateur")
    token = csrf_from(client, "/connexion")
    cree = client.post(
        "/api/v1/beneficiaires",
        json={"command_id": str(uuid.uuid4())},
        headers={"x-csrftoken": token},
    )
    assert cree.status_code == 201, cree.text
    chemin = f"/beneficiaires/{cree.json()['id']}/diagnostic"
    # the form: one group per skill with five radio buttons, flags, themes
    formulaire = client.get(chemin)
    assert formulaire.status_code == 200
    assert len(re.findall(r'type="radio" id="S\d-\d"', formulaire.text)) == 30
    assert "fasse la démarche à sa place" in formulaire.text
    assert "Aucun niveau évalué" in formulaire.text
    # an incomplete post shows the error next to the skill, values kept
    incomplet = poster(
        client, chemin, {"date": "2026-01-15", "source": "observation", "S1": "3", "S2": "2"}
    )
    assert incomplet.status_code == 422
    assert 'id="scores.S3-erreur"' in incomplet.text and "il manque" in incomplet.text
    assert 'id="S1-3" name="S1" value="3" checked' in incomplet.text
    # a complete one redirects (303) to the page, which shows the level and the chart
    valeurs = {f"S{i}": "3" for i in range(1, 7)} | {"S6": "1"}
    enregistre = poster(
        client,
        chemin,
        {
            "date": "2026-01-15",
            "source": "observation",
            **valeurs,
            "drapeaux": "langue",
            "thematiques": "email",
            "cible": "3",
        },
    )
    assert enregistre.status_code == 303, enregistre.text
    page = client.get(enregistre.headers["location"])
    assert "Diagnostic enregistré." in page.text
    assert "2 — Débutant" in page.text  # mean 2.67 → 3, capped at 1 + 1
    assert "<svg" in page.text and "<circle" in page.text
    assert "Voir les valeurs du graphique" in page.text


def test_the_diagnostic_page_of_another_mediators_beneficiary_is_not_found(
    client: TestClient, database_dsn: str
) -> None:
    as_user(client, database_dsn, "camille@example.fr", "mediateur")
    personne = beneficiaire(client)
    del client.headers["Authorization"]
    connecter(client, database_dsn, "dominique@example.fr", "mediateur")
    assert client.get(f"/beneficiaires/{personne}/diagnostic").status_code == 404
