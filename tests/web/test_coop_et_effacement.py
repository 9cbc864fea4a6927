"""La Coop interoperability (XLSX export and import) and the erasure test of the issue: a
person with a unique name, sessions recorded, erased; then no table and no export holds it."""

from __future__ import annotations

import io
import time
import uuid
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
from litestar.testing import TestClient
from openpyxl import load_workbook

from tests.conftest import run_sync
from tests.integration.test_beneficiaires import texte_de_toutes_les_tables
from tests.web.outils_api import aujourdhui, seance_enregistree
from tests.web.outils_connexion import jeton
from tests.web.test_accueil import suivre


def activite(client: TestClient, entetes: dict[str, str], **champs: Any) -> dict[str, Any]:
    corps = {
        "date": aujourdhui().isoformat(),
        "duree": 45,
        "type_lieu": "domicile",
        "commune": "21231",
        "materiel": ["telephone", "ordinateur"],
        "thematiques": ["email", "aide_aux_demarches_administratives", "social_sante"],
        "autonomie": "partiellement_autonome",
        "oriente_vers_structure": True,
        "structure_de_redirection": "aide_sociale",
        "profil": {"genre": "feminin", "tranche_age": "soixante_dix_plus"},
    }
    return seance_enregistree(client, entetes, **(corps | champs))


def export(client: TestClient, entetes: dict[str, str], apres: int) -> bytes:
    client.get("/api/v1/activites", params={"apres": apres}, headers=entetes)
    reponse = client.get("/api/v1/activites.xlsx", headers=entetes)
    assert reponse.status_code == 200, reponse.text
    assert reponse.headers["content-type"].startswith("application/vnd.openxmlformats")
    return reponse.content


COOP = Path(__file__).parents[1] / "data" / "coop"


def entete_de_la_coop() -> list[str]:
    """La Coop's header row, from the fixture written from La Coop's code (not our constants)."""
    feuille = load_workbook(COOP / "coop-export-mediateur.xlsx").worksheets[0]
    entete = next(r for r in feuille.iter_rows(values_only=True) if "ID CRA" in r)
    return [c for c in entete if c is not None]


def lignes(contenu: bytes) -> list[dict[str, Any]]:
    feuille = load_workbook(io.BytesIO(contenu)).worksheets[0]
    valeurs = list(feuille.iter_rows(values_only=True))
    rang = next(i for i, r in enumerate(valeurs) if "ID CRA" in r)
    assert rang == 21 and list(valeurs[rang]) == entete_de_la_coop()  # La Coop's, on its row
    return [dict(zip(valeurs[rang], v, strict=True)) for v in valeurs[rang + 1 :]]


def importer(client: TestClient, entetes: dict[str, str], contenu: bytes) -> str:
    fichier = {"fichier": ("coop.xlsx", contenu, "application/octet-stream")}
    reponse = client.post("/activites/import-coop", files=fichier, headers=entetes)
    assert reponse.status_code == 200, reponse.text
    return reponse.text


def derniere_position(dsn: str) -> int:
    """The position of the last event recorded, for a read that must see all of them."""

    async def lire() -> int:
        conn = await asyncpg.connect(dsn)
        try:
            return int(await conn.fetchval("SELECT max(notification_id) FROM mednum_events"))
        finally:
            await conn.close()

    return run_sync(lire())


def supprimer(client: TestClient, entetes: dict[str, str], activite: dict[str, Any]) -> int:
    reponse = client.post(
        f"/api/v1/activites/{activite['id']}/suppression",
        json={"command_id": str(uuid.uuid4()), "version": 1, "motif": "essai"},
        headers=entetes,
    )
    assert reponse.status_code in (200, 201), reponse.text
    return int(reponse.json()["position"])


def test_activities_go_to_la_coop_xlsx_and_come_back(client: TestClient, database_dsn: str) -> None:
    # given a mediator's tagged individual session and workshop
    med = jeton(database_dsn, "mediatrice@example.fr", "mediateur")
    individuel = activite(client, med, tags=["Seniors", "CCAS"])
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
    avant = export(client, med, atelier["position"])
    rows = lignes(avant)
    # then there is one row per accompaniment, in La Coop's words and separators
    ind = next(r for r in rows if r["Type"] == "Accompagnement individuel")
    assert ind["Thématique(s) d’accompagnement"] == (
        "E-mail\nAide aux démarches administratives\nSocial - Santé"
    )
    assert ind["Matériel numérique utilisé"] == "Ordinateur\nTéléphone"
    assert ind["Tags"] == "Seniors\nCCAS"
    assert ind["Niveau d’autonomie (ou de l’atelier)"] == "2/3"
    assert ind["Canaux d’accompagnement"] == "À domicile"
    assert ind["Participants"] == 1 and ind["Bénéficiaire"] == "Bénéficiaire anonyme"
    assert ind["Commune"] == "Dijon" and ind["Code Insee"] == "21231"
    assert ind["Genre du bénéficiaire"] == "Féminin"
    assert ind["Tranche d’âge du bénéficiaire"] == "70 ans et plus"
    assert ind["Structure de redirection"] == (
        "Structure d’aide sociale (maison des solidarités, centre social…)"
    )
    assert ind["Date"] == datetime.combine(aujourdhui(), datetime.min.time())
    ateliers = [r for r in rows if r["Type"] == "Atelier collectif"]
    assert [r["Participants"] for r in ateliers] == ["1/3", "2/3", "3/3"]
    assert {r["Niveau d’autonomie (ou de l’atelier)"] for r in ateliers} == {"1/3"}

    # when she imports her own export, then nothing is recorded twice
    assert "0 créée · 2 déjà importée · 0 rejetée" in importer(client, med, avant)

    # when she deletes both and imports the file back
    supprimer(client, med, individuel)
    position = supprimer(client, med, atelier)
    client.get("/api/v1/activites", params={"apres": position}, headers=med)
    assert "2 créée" in importer(client, med, avant)
    # then a new export says the same, but for the new ids and times
    # (the import page gives no position: wait for everything written so far)
    apres = export(client, med, derniere_position(database_dsn))
    variables = ("ID CRA", "Enregistré le", "Dernière modification le")

    def constant(contenu: bytes) -> list[tuple[Any, ...]]:
        return sorted(
            tuple((k, v) for k, v in r.items() if k not in variables) for r in lignes(contenu)
        )

    assert constant(apres) == constant(avant)

    # and so do the workshop's anonymous counts (second sheet, ID aside)
    def comptes(contenu: bytes) -> list[tuple[Any, ...]]:
        feuille = load_workbook(io.BytesIO(contenu)).worksheets[1]
        return [r[1:] for r in feuille.iter_rows(values_only=True)]

    assert comptes(apres) == comptes(avant)


def liste_complete(client: TestClient, entetes: dict[str, str], n: int) -> list[dict[str, Any]]:
    """The activities list once the projection has caught up with an import (which answers
    with a page, not a position)."""
    for _ in range(50):
        items: list[dict[str, Any]] = client.get("/api/v1/activites", headers=entetes).json()[
            "items"
        ]
        if len(items) >= n:
            return items
        time.sleep(0.1)
    raise AssertionError(f"{len(items)} activités au lieu de {n}")


def test_a_la_coop_file_is_imported_field_by_field(client: TestClient, database_dsn: str) -> None:
    # given La Coop's export (fixture written from La Coop's code)
    med = jeton(database_dsn, "coop@example.fr", "mediateur")
    # when a mediator imports it
    texte = importer(client, med, (COOP / "coop-export-mediateur.xlsx").read_bytes())
    # then its 3 sessions and its workshop are recorded
    assert "4 créée · 0 déjà importée · 0 rejetée" in texte, texte
    items = liste_complete(client, med, 4)
    par_date = {i["date"]: i for i in items}
    premiere = par_date["2026-10-14"]
    assert premiere["materiel"] == ["ordinateur", "telephone"]
    assert premiere["thematiques"] == [
        "email",
        "aide_aux_demarches_administratives",
        "social_sante",
    ]
    assert premiere["tags"] == ["Seniors", "Quartier des Grésilles"]
    assert premiere["autonomie"] == "partiellement_autonome"
    assert premiere["structure_de_redirection"] == "aide_sociale"
    assert premiere["type_lieu"] == "autre" and premiere["commune"] == "21231"
    assert par_date["2026-10-16"]["type_lieu"] == "a_distance"
    assert par_date["2026-10-20"]["commune"] == "21166"
    atelier = par_date["2026-10-22"]
    assert atelier["type"] == "collectif" and atelier["participants"] == 3
    assert atelier["niveau"] == "debutant" and atelier["tags"] == ["Atelier d’initiation"]
    assert atelier["genres"] == {"feminin": 1, "masculin": 1}
    # and the coordinator layout of the same activities is the same activities
    texte = importer(client, med, (COOP / "coop-export-coordinateur.xlsx").read_bytes())
    assert "0 créée · 4 déjà importée · 0 rejetée" in texte, texte


def test_every_rejected_row_says_which_column_and_why(
    client: TestClient, database_dsn: str
) -> None:
    # given La Coop's file with a duration in words (row 23) and an unknown thématique (row 24)
    classeur = load_workbook(COOP / "coop-export-mediateur.xlsx")
    feuille = classeur.worksheets[0]
    entete = [c.value for c in feuille[22]]
    feuille.cell(23, entete.index("Durée (min)") + 1, "trois quarts d’heure")
    feuille.cell(24, entete.index("Thématique(s) d’accompagnement") + 1, "Jardinage")
    sortie = io.BytesIO()
    classeur.save(sortie)
    # when it is imported
    texte = importer(client, jeton(database_dsn, "m2@example.fr", "mediateur"), sortie.getvalue())
    # then those two are rejected, each naming its column and its row, the others recorded
    assert "2 créée · 0 déjà importée · 2 rejetée" in texte, texte
    assert "Durée (min) : nombre attendu, pas « trois quarts d’heure »" in texte
    assert "Thématique(s) d’accompagnement : valeur inconnue « Jardinage »" in texte
    assert "<td>23</td>" in texte and "<td>24</td>" in texte


def test_after_erasure_no_table_and_no_export_holds_the_person(
    client: TestClient, database_dsn: str
) -> None:
    # given a followed person with a unique name, and sessions recorded with them
    nom = f"Pseudonyme{uuid.uuid4().hex[:10]}"
    med = jeton(database_dsn, "mediatrice@example.fr", "mediateur")
    personne = suivre(
        client,
        med,
        "Aglaé",
        nom,
        courriel=f"{nom.lower()}@example.org",
        notes=f"{nom} préfère le mardi",
    )
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
