"""La Coop interoperability (XLSX export and import) and the erasure test of the issue: a
person with a unique name, sessions recorded, erased; then no table and no export holds it."""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from litestar.testing import TestClient
from openpyxl import load_workbook

from mednum.echanges.coop_xlsx import COLONNES
from tests.integration.test_beneficiaires import texte_de_toutes_les_tables
from tests.web.conftest import create_token, create_user

AUJOURDHUI = datetime.now(ZoneInfo("Europe/Paris")).date()


def jeton(dsn: str, email: str, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(dsn, create_user(dsn, email, role))}"}


def activite(client: TestClient, entetes: dict[str, str], **champs: Any) -> dict[str, Any]:
    corps = {
        "command_id": str(uuid.uuid4()),
        "type": "individuel",
        "date": AUJOURDHUI.isoformat(),
        "duree": 45,
        "type_lieu": "domicile",
        "commune": "21231",
        "materiel": ["telephone", "ordinateur"],
        "thematiques": ["email", "aide_aux_demarches_administratives", "social_sante"],
        "autonomie": "partiellement_autonome",
        "oriente_vers_structure": True,
        "structure_de_redirection": "aide_sociale",
        "profil": {"genre": "feminin", "tranche_age": "soixante_dix_plus"},
    } | champs
    reponse = client.post("/api/v1/activites", json=corps, headers=entetes)
    assert reponse.status_code == 201, reponse.text
    return reponse.json()


def export(client: TestClient, entetes: dict[str, str], apres: int) -> bytes:
    client.get("/api/v1/activites", params={"apres": apres}, headers=entetes)
    reponse = client.get("/api/v1/activites.xlsx", headers=entetes)
    assert reponse.status_code == 200, reponse.text
    assert reponse.headers["content-type"].startswith("application/vnd.openxmlformats")
    return reponse.content


def lignes(contenu: bytes) -> list[dict[str, Any]]:
    feuille = load_workbook(io.BytesIO(contenu)).worksheets[0]
    valeurs = list(feuille.iter_rows(values_only=True))
    assert list(valeurs[4]) == list(COLONNES)  # La Coop's columns, after the header block
    return [dict(zip(COLONNES, v, strict=True)) for v in valeurs[5:]]


def test_activities_go_to_la_coop_xlsx_and_come_back(client: TestClient, database_dsn: str) -> None:
    # given a mediator's individual session and workshop
    med = jeton(database_dsn, "mediatrice@example.fr", "mediateur")
    activite(client, med)
    atelier = activite(
        client,
        med,
        type="collectif",
        titre_atelier="Premiers pas sur la tablette",
        niveau="debutant",
        thematiques=["prendre_en_main_du_materiel"],
        materiel=["tablette"],
        autonomie=None,
        oriente_vers_structure=False,
        structure_de_redirection=None,
        profil=None,
        participants={"total": 3, "genres": {"feminin": 2}, "tranches_age": {}},
    )
    # when she exports them
    rows = lignes(export(client, med, atelier["position"]))
    # then there is one row per accompaniment, in La Coop's words
    individuel = next(r for r in rows if r["Type"] == "Accompagnement individuel")
    assert individuel["Thématique(s) d'accompagnement"] == (
        "E-mail, Aide aux démarches administratives, Social - Santé"
    )
    assert individuel["Niveau d'autonomie (ou de l'atelier)"] == "2/3"
    assert individuel["Canaux d'accompagnement"] == "À domicile"
    assert individuel["Commune"] == "Dijon" and individuel["Code Insee"] == "21231"
    assert individuel["Genre"] == "Féminin" and individuel["Tranche d'âge"] == "70 ans et plus"
    ateliers = [r for r in rows if r["Type"] == "Atelier collectif"]
    assert [r["Participants"] for r in ateliers] == ["1/3", "2/3", "3/3"]
    assert {r["Niveau d'autonomie (ou de l'atelier)"] for r in ateliers} == {"Débutant"}

    # when another mediator imports that file as La Coop would have produced it
    classeur = load_workbook(io.BytesIO(export(client, med, atelier["position"])))
    feuille = classeur.worksheets[0]
    source = COLONNES.index("Source de la donnée") + 1
    for rang in range(6, feuille.max_row + 1):
        feuille.cell(rang, source, "v2")
    sortie = io.BytesIO()
    classeur.save(sortie)
    autre = jeton(database_dsn, "autre@example.fr", "mediateur")
    fichier = {"fichier": ("coop.xlsx", sortie.getvalue(), "application/octet-stream")}
    premier = client.post("/activites/import-coop", files=fichier, headers=autre)
    again = client.post("/activites/import-coop", files=fichier, headers=autre)
    # then both activities are recorded once, even when the file comes twice
    assert premier.status_code == 200, premier.text
    assert "2 créée" in premier.text and "2 déjà importée" in again.text
    importees = lignes(export(client, autre, 0))
    cles = ("Date", "Type", "Durée (min)", "Thématique(s) d'accompagnement", "Genre")
    assert sorted(tuple(r[c] for c in cles) for r in importees) == sorted(
        tuple(r[c] for c in cles) for r in rows
    )


def test_after_erasure_no_table_and_no_export_holds_the_person(
    client: TestClient, database_dsn: str
) -> None:
    # given a followed person with a unique name, and sessions recorded with them
    nom = f"Pseudonyme{uuid.uuid4().hex[:10]}"
    med = jeton(database_dsn, "mediatrice@example.fr", "mediateur")
    personne = client.post(
        "/api/v1/beneficiaires",
        json={
            "command_id": str(uuid.uuid4()),
            "suivi": True,
            "consentement": True,
            "prenom": "Aglaé",
            "nom": nom,
            "courriel": f"{nom.lower()}@example.org",
            "notes": f"{nom} préfère le mardi",
        },
        headers=med,
    ).json()
    for duree in (30, 60):
        derniere = activite(client, med, duree=duree, beneficiaire_id=personne["id"], profil=None)
    avant = export(client, med, derniere["position"])
    assert nom.encode() in _texte_xlsx(avant)  # the mediator's own export names her
    # when an admin erases her
    admin = jeton(database_dsn, "admin@example.fr", "admin")
    efface = client.post(
        f"/api/v1/beneficiaires/{personne['id']}/effacement",
        json={"command_id": str(uuid.uuid4())},
        headers=admin,
    )
    assert efface.status_code == 200, efface.text
    position = efface.json()["position"]
    # then no table of the database holds her name, in clear or readable form
    client.get("/api/v1/beneficiaires", params={"apres": position}, headers=admin)
    assert nom not in texte_de_toutes_les_tables(database_dsn)
    # and neither do the exports and API answers
    apres = export(client, med, position)
    assert nom.encode() not in _texte_xlsx(apres)
    assert len(lignes(apres)) == 2  # the sessions stay, for the statistics
    for chemin in ("/api/v1/activites", "/api/v1/beneficiaires", "/api/v1/lieux.csv"):
        assert nom not in client.get(chemin, headers=med).text
    assert nom not in client.get(f"/api/v1/beneficiaires/{personne['id']}", headers=admin).text


def _texte_xlsx(contenu: bytes) -> bytes:
    """Every XML part of the workbook, where its cells' text lives."""
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        return b"".join(archive.read(nom) for nom in archive.namelist())
