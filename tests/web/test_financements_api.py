"""The funding applications API: roles, French 4xx naming the field, history, decisions."""

from __future__ import annotations

import uuid
from typing import Any

from litestar.testing import TestClient

from tests.web.conftest import create_token, create_user
from tests.web.test_acteurs_api import creer, structure_body


def dossier(structure_id: str, **changes: Any) -> dict[str, Any]:
    return {
        "command_id": str(uuid.uuid4()),
        "source": "region",
        "financeur": "Conseil régional BFC",
        "objet": "Deux postes de médiateurs",
        "montant_demande": 4_000_000,
        "structure_id": structure_id,
        "date_depot": "2025-01-15",
        "periode_debut": "2025-01-01",
        "periode_fin": "2025-12-31",
        "fleche_accompagnement": True,
    } | changes


def test_only_coordinators_read_and_write(client: TestClient, database_dsn: str) -> None:
    corps = dossier(str(uuid.uuid4()))
    assert client.get("/api/v1/financements").status_code == 401
    assert client.post("/api/v1/financements", json=corps).status_code == 401
    for email, role in (("m@example.fr", "mediateur"), ("f@example.fr", "financeur")):
        jeton = create_token(database_dsn, create_user(database_dsn, email, role))
        client.headers["Authorization"] = f"Bearer {jeton}"
        refus = client.post("/api/v1/financements", json=corps)
        assert refus.status_code == 403
        assert "rôle" in refus.json()["detail"]
        assert client.post(f"/api/v1/financements/{uuid.uuid4()}/accord", json={}).status_code in (
            403,
        )
        # reading too: a funder sees these figures through its territory's reports
        assert client.get("/api/v1/financements").status_code == 403


def test_a_coordinator_files_corrects_grants_and_reads_the_history(api: TestClient) -> None:
    structure = creer(api, "structures", structure_body())
    # when an application is filed
    cree = creer(api, "financements", dossier(structure["id"]))
    base = f"/api/v1/financements/{cree['id']}"
    # and its amount corrected, then granted
    modif = api.patch(
        base,
        json={"command_id": str(uuid.uuid4()), "version": 1, "montant_demande": 4_500_000},
    )
    assert modif.status_code == 200, modif.text
    accord = api.post(
        f"{base}/accord",
        json={
            "command_id": str(uuid.uuid4()),
            "version": 2,
            "montant_accorde": 3_000_000,
            "date_decision": "2025-04-02",
        },
    )
    assert accord.status_code == 200, accord.text
    # then the record and its history say it, in French
    lu = api.get(base, params={"apres": accord.json()["position"]})
    assert lu.status_code == 200, lu.text
    corps = lu.json()
    assert corps["financement"]["statut"] == "accorde"
    assert corps["financement"]["montant_accorde"] == 3_000_000
    assert corps["financement"]["structure_nom"] == "Centre social des Grésilles"
    assert [ligne["quoi"] for ligne in corps["historique"]] == [
        "accordé le 02/04/2025 pour 30\u202f000 €",
        "correction : montant demandé → 45\u202f000 €",
        "dossier déposé le 15/01/2025 auprès de Conseil régional BFC (Région), "
        "40\u202f000 € demandés",
    ]
    liste = api.get("/api/v1/financements", params={"statut": "accorde", "annee": 2025})
    assert liste.json()["total"] == 1
    # and a second decision without « correction » is refused naming the field
    refus = api.post(
        f"{base}/refus",
        json={"command_id": str(uuid.uuid4()), "version": 3, "date_decision": "2025-05-02"},
    )
    assert refus.status_code == 422
    assert refus.json()["erreurs"][0]["champ"] == "correction"
    # a stale version is a 409 with the current record
    conflit = api.post(
        f"{base}/refus",
        json={"command_id": str(uuid.uuid4()), "version": 1, "date_decision": "2025-05-02"},
    )
    assert conflit.status_code == 409
    assert conflit.json()["etat_actuel"]["statut"] == "accorde"


def test_invalid_applications_get_a_french_422_naming_the_field(api: TestClient) -> None:
    structure = creer(api, "structures", structure_body())
    cas = [
        ({"source": "mairie"}, "source", "Source de financement inconnue"),
        ({"montant_demande": 0}, "montant_demande", "montant positif"),
        ({"periode_fin": "2024-12-31"}, "periode_fin", "précède son début"),
        ({"structure_id": str(uuid.uuid4())}, "structure_id", "n'existe pas"),
    ]
    for changes, champ, extrait in cas:
        reponse = api.post("/api/v1/financements", json=dossier(structure["id"]) | changes)
        assert reponse.status_code == 422, reponse.text
        assert reponse.json()["erreurs"][0]["champ"] == champ
        assert extrait in reponse.json()["detail"]
    assert api.get("/api/v1/financements", params={"source": "x"}).status_code == 422
    assert api.get(f"/api/v1/financements/{uuid.uuid4()}").status_code == 404


def test_a_coordinator_files_and_grants_through_the_pages(
    client: TestClient, database_dsn: str
) -> None:
    from tests.web.test_acteurs_pages import coordinateur, poster

    coordinateur(client, database_dsn)
    jeton = create_token(database_dsn, create_user(database_dsn, "c2@example.fr", "coordinateur"))
    structure = client.post(
        "/api/v1/structures",
        json=structure_body(),
        headers={"Authorization": f"Bearer {jeton}"},
    ).json()
    formulaire = {
        "source": "region",
        "financeur": "Conseil régional BFC",
        "objet": "Médiateurs",
        "montant_demande": "40 000",
        "structure_id": structure["id"],
        "date_depot": "15/01/2025",
        "periode_debut": "2025-01-01",
        "periode_fin": "2025-12-31",
        "fleche_accompagnement": "true",
    }
    # a missing date is shown by its field, in French, and nothing is recorded
    refus = poster(
        client, "/financements/nouveau", formulaire | {"periode_fin": ""}, "/financements/nouveau"
    )
    assert refus.status_code == 422  # type: ignore[attr-defined]
    assert 'id="periode_fin-erreur"' in refus.text  # type: ignore[attr-defined]
    cree = poster(client, "/financements/nouveau", formulaire, "/financements/nouveau")
    assert cree.status_code == 303, cree.text  # type: ignore[attr-defined]
    detail = cree.headers["location"]  # type: ignore[attr-defined]
    page = client.get(detail)
    assert "40\u202f000 €" in page.text and "Enregistrer l'accord" in page.text
    accord = poster(
        client,
        detail.split("?")[0] + "/accord",
        {"version": "1", "montant_accorde": "30000,50", "date_decision": "2025-04-02"},
        detail,
    )
    assert accord.status_code == 303, accord.text  # type: ignore[attr-defined]
    page = client.get(accord.headers["location"])  # type: ignore[attr-defined]
    assert "accordé le 02/04/2025 pour 30\u202f000,50 €" in page.text
    liste = client.get("/financements?statut=accorde")
    assert "Conseil régional BFC" in liste.text
