"""The Pass numérique API: roles, French 422 naming the field, the order's usage rates, and
an import of scans with a verdict per row."""

from __future__ import annotations

import uuid
from typing import Any

from litestar.testing import TestClient

from tests.web.conftest import create_token, create_user
from tests.web.test_acteurs_api import creer, structure_body
from tests.web.test_lieux_api import body as lieu_body


def commande_body(**changes: Any) -> dict[str, Any]:
    return {
        "command_id": str(uuid.uuid4()),
        "commanditaire": "Conseil départemental de la Côte-d'Or",
        "perimetre_niveau": "departement",
        "perimetre_code": "21",
        "date_commande": "2025-02-01",
        "nb_carnets": 10,
    } | changes


def ecrire(api: TestClient, chemin: str, corps: dict[str, Any], statut: int = 200) -> Any:
    reponse = api.post(f"/api/v1/pass-numerique/commandes/{chemin}", json=corps)
    assert reponse.status_code == statut, reponse.text
    return reponse.json()


def test_mediators_and_funders_cannot_write(client: TestClient, database_dsn: str) -> None:
    assert client.get("/api/v1/pass-numerique/commandes").status_code == 401
    for email, role in (("m@example.fr", "mediateur"), ("f@example.fr", "financeur")):
        jeton = create_token(database_dsn, create_user(database_dsn, email, role))
        client.headers["Authorization"] = f"Bearer {jeton}"
        assert (
            client.post("/api/v1/pass-numerique/commandes", json=commande_body()).status_code == 403
        )
        scan = client.post(
            f"/api/v1/pass-numerique/commandes/{uuid.uuid4()}/scans",
            json={"command_id": str(uuid.uuid4())},
        )
        assert scan.status_code == 403
        assert client.get("/api/v1/pass-numerique/commandes").status_code == 403


def test_an_order_goes_from_carnets_to_scans_with_its_usage_rates(api: TestClient) -> None:
    structure = creer(api, "structures", structure_body())
    lieu = creer(api, "lieux", lieu_body())
    commande = creer(api, "pass-numerique/commandes", commande_body())
    cid = commande["id"]
    ecrire(
        api,
        f"{cid}/remises",
        {
            "command_id": str(uuid.uuid4()),
            "numero_debut": 1,
            "numero_fin": 4,
            "distributeur_structure_id": structure["id"],
            "date_remise": "2025-02-10",
        },
    )
    for numero in (1, 2):
        ecrire(
            api,
            f"{cid}/injections",
            {
                "command_id": str(uuid.uuid4()),
                "numero_carnet": numero,
                "date_injection": "2025-03-01",
            },
        )

    def scan(carnet: int, numero_pass: int, jour: str) -> dict[str, Any]:
        return {
            "command_id": str(uuid.uuid4()),
            "numero_carnet": carnet,
            "numero_pass": numero_pass,
            "lieu_id": lieu["id"],
            "date_scan": jour,
        }

    ecrire(api, f"{cid}/scans", scan(1, 1, "2025-03-05"))
    # a pass scanned twice, a carnet never given, a pass out of the carnet: French 422
    for corps, champ in (
        (scan(1, 1, "2025-03-06"), "numero_pass"),
        (scan(3, 1, "2025-03-06"), "numero_carnet"),
        (scan(1, 11, "2025-03-06"), "numero_pass"),
        (scan(1, 2, "2026-02-01"), "date_scan"),
    ):
        refus = ecrire(api, f"{cid}/scans", corps, 422)
        assert refus["erreurs"][0]["champ"] == champ
    # when scans are imported from a CSV export (one good row, one repeat, one bad)
    csv = (
        "numero_carnet;numero_pass;lieu_id;date_scan;service\n"
        f"2;1;{lieu['id']};12/03/2025;Atelier courriel\n"
        f"1;1;{lieu['id']};2025-03-07;\n"
        f"2;2;pas-un-id;2025-03-12;\n"
    )
    verdicts = ecrire(api, f"{cid}/scans/import", {"csv": csv})
    assert (verdicts["enregistres"], verdicts["refuses"]) == (1, 2)
    assert [(v["ligne"], v["statut"], v["champ"]) for v in verdicts["lignes"]] == [
        (2, "enregistre", None),
        (3, "refuse", "numero_pass"),
        (4, "refuse", "lieu_id"),
    ]
    again = ecrire(api, f"{cid}/scans/import", {"csv": csv})
    assert again["deja_enregistres"] == 1 and again["enregistres"] == 0
    # then the order's page shows its figures and rates
    lu = api.get(f"/api/v1/pass-numerique/commandes/{cid}", params={"apres": verdicts["position"]})
    assert lu.status_code == 200, lu.text
    detail = lu.json()
    ind = detail["indicateurs"]
    assert (ind["carnets_emis"], ind["pass_emis"], ind["montant_commande"]) == (10, 100, 100_000)
    assert (ind["carnets_remis"], ind["carnets_injectes"], ind["carnets_entames"]) == (4, 2, 2)
    assert (ind["pass_scannes"], ind["montant_consomme"], ind["beneficiaires_avec_scan"]) == (
        2,
        2000,
        2,
    )
    assert ind["delai_median_jours"] == 7.5  # 4 and 11 days
    assert ind["par_distributeur"] == [
        {
            "structure_id": structure["id"],
            "nom": "Centre social des Grésilles",
            "carnets_recus": 4,
            "carnets_injectes": 2,
            "pass_scannes": 2,
        }
    ]
    assert detail["taux"] == {
        "injection": 0.2,
        "entame": 1.0,
        "utilisation": 0.02,
        "cout_par_beneficiaire": 1000.0,
    }
    assert detail["commande"]["perimetre_nom"] == "Côte-d'Or"
    assert detail["remises"][0]["distributeur"] == "Centre social des Grésilles"


def test_invalid_orders_get_a_french_422_naming_the_field(api: TestClient) -> None:
    for changes, champ in (
        ({"perimetre_code": "999"}, "perimetre_code"),
        ({"perimetre_niveau": "canton"}, "perimetre_niveau"),
        ({"nb_carnets": 0}, "nb_carnets"),
    ):
        reponse = api.post("/api/v1/pass-numerique/commandes", json=commande_body(**changes))
        assert reponse.status_code == 422, reponse.text
        assert reponse.json()["erreurs"][0]["champ"] == champ
    commande = creer(api, "pass-numerique/commandes", commande_body())
    refus = ecrire(
        api,
        f"{commande['id']}/remises",
        {
            "command_id": str(uuid.uuid4()),
            "numero_debut": 1,
            "numero_fin": 2,
            "distributeur_nom": "CCAS",
            "distributeur_structure_id": str(uuid.uuid4()),
            "date_remise": "2025-02-10",
        },
        422,
    )
    assert refus["erreurs"][0]["champ"] == "distributeur_structure_id"
    assert "distributeur" in refus["detail"]
    mauvais_csv = ecrire(api, f"{commande['id']}/scans/import", {"csv": "a;b\n1;2\n"}, 422)
    assert "Colonnes manquantes" in mauvais_csv["detail"]
    assert api.get(f"/api/v1/pass-numerique/commandes/{uuid.uuid4()}").status_code == 404


def test_a_coordinator_orders_and_reads_usage_through_the_pages(
    client: TestClient, database_dsn: str
) -> None:
    from tests.web.test_acteurs_pages import coordinateur, poster

    coordinateur(client, database_dsn)
    formulaire = {
        "commanditaire": "Conseil départemental de la Nièvre",
        "perimetre_niveau": "departement",
        "perimetre_code": "58",
        "date_commande": "01/02/2025",
        "nb_carnets": "20",
        "pass_par_carnet": "10",
        "valeur_faciale": "10",
    }
    refus = poster(
        client,
        "/pass-numerique/nouvelle",
        formulaire | {"perimetre_code": "999"},
        "/pass-numerique/nouvelle",
    )
    assert refus.status_code == 422  # type: ignore[attr-defined]
    assert "Aucun territoire" in refus.text  # type: ignore[attr-defined]
    cree = poster(client, "/pass-numerique/nouvelle", formulaire, "/pass-numerique/nouvelle")
    assert cree.status_code == 303, cree.text  # type: ignore[attr-defined]
    detail = cree.headers["location"]  # type: ignore[attr-defined]
    base = detail.split("?")[0]
    remise = poster(
        client,
        base + "/remises",
        {
            "numero_debut": "1",
            "numero_fin": "5",
            "distributeur_nom": "CCAS de Clamecy",
            "date_remise": "2025-02-10",
        },
        detail,
    )
    assert remise.status_code == 303, remise.text  # type: ignore[attr-defined]
    injection = poster(
        client, base + "/injections", {"numero_carnet": "9", "date_injection": "2025-03-01"}, detail
    )
    assert injection.status_code == 422  # type: ignore[attr-defined]
    assert "aucun distributeur" in injection.text  # type: ignore[attr-defined]
    page = client.get(remise.headers["location"])  # type: ignore[attr-defined]
    assert (
        "CCAS de Clamecy" in page.text
        and "Taux d'utilisation (pass scannés / émis)</th><td>0,0 % (0 sur 200)" in page.text
    )
    assert "Nièvre" in client.get("/pass-numerique").text
