"""The trainings API: a public catalogue without names, coordinator-guarded writes, French 4xx
naming the field, and a completed training that records the aidant's qualification."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

from litestar.testing import TestClient

from domain.acteurs.commands import EnregistrerAidant
from domain.formations.outils import PARIS
from mednum.services.acteurs import Acteurs
from tests.lieux_outils import CHAMPOLLION
from tests.web.conftest import create_token, create_user
from tests.web.outils_api import champ_manquant, champ_refuse


def corps_parcours(**changes: Any) -> dict[str, Any]:
    return {
        "command_id": str(uuid.uuid4()),
        "titre": "Formation Aidants Connect",
        "duree_heures": 14,
        "types_aidant": ["conseiller_numerique", "agent_france_services"],
        "modules": [
            {"titre": "Le mandat Aidants Connect", "heures": 7},
            {"titre": "Mises en situation", "heures": 7},
        ],
        "qualification_delivree": "formation_aidants_connect",
        "description": "Pour habiliter les aidants à Aidants Connect.",
    } | changes


def lieu(api: TestClient) -> str:
    response = api.post(
        "/api/v1/lieux",
        json=CHAMPOLLION | {"command_id": str(uuid.uuid4())},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def aidant(api: TestClient, prenom: str, type_aidant: str = "conseiller_numerique") -> UUID:
    commande = EnregistrerAidant(
        command_id=uuid.uuid4(), prenom=prenom, nom="Lemoine", type_aidant=type_aidant
    )
    return Acteurs(api.app.state.hub).enregistrer_aidant(commande, "test").id


def programmer(api: TestClient, **changes: Any) -> dict[str, Any]:
    """A one-day session today: it can be enrolled in, attended and completed at once."""
    parcours = api.post("/api/v1/parcours", json=corps_parcours())
    assert parcours.status_code == 201, parcours.text
    aujourdhui = datetime.now(PARIS).date().isoformat()
    body = {
        "command_id": str(uuid.uuid4()),
        "parcours_id": parcours.json()["id"],
        "debut": aujourdhui,
        "fin": aujourdhui,
        "mode": "presentiel",
        "lieu_id": lieu(api),
        "formateur": "Camille Martin",
        "capacite": 1,
    } | changes
    response = api.post("/api/v1/sessions-formation", json=body)
    assert response.status_code == 201, response.text
    return {**response.json(), "jour": aujourdhui}


def test_the_catalogue_is_public_and_writes_are_for_coordinators(
    api: TestClient, database_dsn: str
) -> None:
    written = api.post("/api/v1/parcours", json=corps_parcours())
    assert written.status_code == 201, written.text
    token = api.headers.pop("Authorization")
    # anyone reads the catalogue
    page = api.get("/api/v1/parcours", params={"apres": written.json()["position"]}).json()
    assert [p["titre"] for p in page["items"]] == ["Formation Aidants Connect"]
    assert page["items"][0]["modules"][0] == {"titre": "Le mandat Aidants Connect", "heures": 7.0}
    # nobody anonymous writes, nor a mediator
    assert api.post("/api/v1/parcours", json=corps_parcours()).status_code == 401
    mediateur = create_user(database_dsn, "med@example.fr", "mediateur")
    api.headers["Authorization"] = f"Bearer {create_token(database_dsn, mediateur)}"
    assert api.post("/api/v1/parcours", json=corps_parcours()).status_code == 403
    api.headers["Authorization"] = token


def test_refusals_are_french_and_name_the_field(api: TestClient) -> None:
    incoherent = api.post("/api/v1/parcours", json=corps_parcours(duree_heures=10))
    assert incoherent.status_code == 422
    assert incoherent.json()["erreurs"] == [
        {
            "champ": "duree_heures",
            "message": "Les modules totalisent 14 h mais la durée du parcours est de 10 h : "
            "corrigez la durée ou les heures des modules.",
        }
    ]
    inconnu = api.post("/api/v1/parcours", json=corps_parcours(types_aidant=["pompier"]))
    assert champ_refuse(inconnu) == (422, "types_aidant")
    champ_manquant(api, "/api/v1/parcours", corps_parcours(), "titre")
    sans_lieu = api.post(
        "/api/v1/sessions-formation",
        json={
            "command_id": str(uuid.uuid4()),
            "parcours_id": str(uuid.uuid4()),
            "debut": "2026-03-02",
            "fin": "2026-03-03",
            "mode": "presentiel",
            "formateur": "Camille",
            "capacite": 0,
        },
    )
    assert champ_refuse(sans_lieu) == (400, "capacite")


def test_enrolment_waiting_list_attendance_and_completion(api: TestClient) -> None:
    # given a one-place session today and two aidants
    session = programmer(api)
    sid = session["id"]
    alice, bruno = aidant(api, "Alice"), aidant(api, "Bruno", "agent_france_services")
    for qui in (alice, bruno):
        response = api.post(
            f"/api/v1/sessions-formation/{sid}/inscriptions",
            json={"command_id": str(uuid.uuid4()), "aidant_id": str(qui)},
        )
        assert response.status_code == 200, response.text
    # a volunteer is not a target of this path
    refus = api.post(
        f"/api/v1/sessions-formation/{sid}/inscriptions",
        json={"command_id": str(uuid.uuid4()), "aidant_id": str(aidant(api, "Zoé", "benevole"))},
    )
    assert refus.status_code == 422 and "s'adresse aux profils" in refus.json()["detail"]
    # when Alice attends and completes
    presence = api.post(
        f"/api/v1/sessions-formation/{sid}/presences",
        json={
            "command_id": str(uuid.uuid4()),
            "presences": [{"aidant_id": str(alice), "creneau": session["jour"], "present": True}],
        },
    )
    assert presence.status_code == 200, presence.text
    fin = api.post(
        f"/api/v1/sessions-formation/{sid}/fins-de-formation",
        json={"command_id": str(uuid.uuid4()), "aidant_id": str(alice)},
    )
    assert fin.status_code == 200, fin.text
    # then the counts are public, the names are not
    token = api.headers.pop("Authorization")
    public = api.get(f"/api/v1/sessions-formation/{sid}", params={"apres": fin.json()["position"]})
    assert {k: public.json()[k] for k in ("inscrits", "en_attente", "places_restantes")} == {
        "inscrits": 1,
        "en_attente": 1,
        "places_restantes": 0,
    }
    assert "Alice" not in public.text and "Lemoine" not in public.text
    assert api.get(f"/api/v1/sessions-formation/{sid}/inscriptions").status_code == 401
    api.headers["Authorization"] = token
    inscrits = api.get(f"/api/v1/sessions-formation/{sid}/inscriptions").json()
    assert [(i["prenom"], i["statut"], i["terminee_le"] is not None) for i in inscrits] == [
        ("Alice", "inscrit", True),
        ("Bruno", "en_attente", False),
    ]
    # and Alice holds the Aidants Connect training
    etat = Acteurs(api.app.state.hub).aidant(alice)
    assert etat is not None and [q.type for q in etat.qualifications] == [
        "formation_aidants_connect"
    ]


def test_upcoming_sessions_are_listed_and_a_cancelled_one_disappears(api: TestClient) -> None:
    session = programmer(api, mode="distance", lieu_id=None, modalites_distance="https://visio")
    sid = session["id"]
    listed = api.get("/api/v1/sessions-formation", params={"apres": session["position"]}).json()
    assert [s["id"] for s in listed["items"]] == [sid]
    assert listed["items"][0]["modalites_distance"] == "https://visio"
    annulee = api.post(
        f"/api/v1/sessions-formation/{sid}/annulation",
        json={"command_id": str(uuid.uuid4()), "version": 1, "motif": "Formateur absent"},
    )
    assert annulee.status_code == 200, annulee.text
    stale = api.patch(
        f"/api/v1/sessions-formation/{sid}",
        json={"command_id": str(uuid.uuid4()), "version": 1, "capacite": 3},
    )
    assert stale.status_code == 409 and stale.json()["etat_actuel"]["annulee"] is True
    after = {"apres": annulee.json()["position"]}
    assert api.get("/api/v1/sessions-formation", params=after).json()["total"] == 0
    assert api.get("/api/v1/sessions-formation/" + str(uuid.uuid4())).status_code == 404
