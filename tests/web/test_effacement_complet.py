"""Issue 17, item 7: every piece of personal data is erasable. A followed person with notes on
their session, an anonymous session with notes, an aidant with a name and an e-mail; the notes
are encrypted in the log; the person and the aidant are erased; then no table (the event log's
states decoded), no export and no backup holds the notes, the aidant's name nor their e-mail,
while the statistics stay."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from tests.fouille import texte_d_une_sauvegarde, texte_de_chaque_table
from tests.integration.test_cli import mednum
from tests.web.conftest import login
from tests.web.outils_connexion import jeton
from tests.web.test_acteurs_api import structure_body
from tests.web.test_coop_et_effacement import _texte_xlsx, activite

MEDIATRICE = "mediatrice@example.fr"


def ecrire(client: TestClient, chemin: str, entetes: dict[str, str], **corps: Any) -> Any:
    reponse = client.post(
        f"/api/v1/{chemin}", json={"command_id": str(uuid.uuid4())} | corps, headers=entetes
    )
    assert reponse.status_code in (200, 201), reponse.text
    return reponse.json()


def exports(client: TestClient, med: dict[str, str], admin: dict[str, str], aidant: str) -> str:
    """What leaves MedNum as files or API answers: La Coop's XLSX, the mediator's XLSX and
    CSV, the places' exports (standard and data·inclusion), the aidants' API; and the aidant's
    page, whose history is read from the log (a key left behind would show there)."""
    textes = [
        _texte_xlsx(client.get("/api/v1/activites.xlsx", headers=med).content).decode(),
        client.get("/api/v1/activites", headers=med).text,
        client.get("/api/v1/aidants", headers=admin).text,
    ]
    for chemin in (
        "/api/v1/lieux.csv",
        "/api/v1/lieux.json",
        "/api/v1/data-inclusion/structures.json",
        "/api/v1/data-inclusion/services.json",
    ):
        reponse = client.get(chemin)
        assert reponse.status_code == 200, chemin
        textes.append(reponse.text)
    login(client, MEDIATRICE)
    pages = client.get("/activites/mes-accompagnements.xlsx")
    assert pages.status_code == 200
    textes.append(_texte_xlsx(pages.content).decode())
    csv = client.get("/activites/statistiques.csv")
    assert csv.status_code == 200
    textes.append(csv.text)
    client.cookies.clear()
    login(client, "admin@example.fr")
    page = client.get(f"/aidants/{aidant}")
    assert page.status_code == 200
    textes.append(page.text)
    client.cookies.clear()
    return "\n".join(textes)


def test_after_erasure_no_table_export_nor_backup_holds_the_notes_nor_the_aidant(
    client: TestClient, database_dsn: str, tmp_path: Path
) -> None:
    marque = uuid.uuid4().hex[:10]
    note_suivie = f"Notesuivie{marque} a oublié son mot de passe"
    note_anonyme = f"Noteanonyme{marque} vient avec sa voisine"
    nom_aidant = f"Aidantnom{marque}"
    courriel_aidant = f"aidant.{marque}@exemple.org"
    secrets = (note_suivie, note_anonyme, nom_aidant, courriel_aidant)
    med = jeton(database_dsn, MEDIATRICE, "mediateur")
    coord = jeton(database_dsn, "coord@example.fr", "coordinateur")
    admin = jeton(database_dsn, "admin@example.fr", "admin")
    # given a followed person and a session with notes about her; an anonymous session too
    personne = ecrire(
        client, "beneficiaires", med, suivi=True, consentement=True, prenom="Aglaé", nom="Z"
    )
    suivie = activite(client, med, beneficiaire_id=personne["id"], profil=None, notes=note_suivie)
    anonyme = activite(client, med, notes=note_anonyme)
    # and an aidant with a structure, a qualification and the mediator's account
    structure = client.post("/api/v1/structures", json=structure_body(), headers=coord).json()
    aidant = ecrire(
        client,
        "aidants",
        coord,
        prenom="Dominique",
        nom=nom_aidant,
        type_aidant="mediateur_numerique_salarie",
        email=courriel_aidant,
        telephone="0612345678",
        compte=MEDIATRICE,
    )
    fiche = f"aidants/{aidant['id']}"
    ecrire(client, f"{fiche}/affiliations", coord, structure_id=structure["id"], debut="2025-01-06")
    ecrire(client, f"{fiche}/qualifications", coord, type="formation_aidants_connect",
           obtenue_le="2025-02-01")  # fmt: skip
    # then the log holds none of them in clear (the aidant's name is in its read model only)
    base = texte_de_chaque_table(database_dsn)
    journal = "\n".join(ligne for ligne in base.splitlines() if ligne.startswith("mednum_events"))
    assert journal.count("mednum_events") >= 6
    for secret in secrets:
        assert secret not in journal, secret
    assert note_suivie not in base and note_anonyme not in base
    assert nom_aidant in exports(client, med, admin, aidant["id"])  # the search sees them
    # and the mediator reads her notes back
    for ecrite, note in ((suivie, note_suivie), (anonyme, note_anonyme)):
        lue = client.get(f"/api/v1/activites/{ecrite['id']}", headers=med).json()
        assert lue["notes"] == note

    # when an admin erases the person and the aidant
    ecrire(client, f"beneficiaires/{personne['id']}/effacement", admin)
    lu = client.get(f"/api/v1/{fiche}", headers=admin).json()
    efface = ecrire(client, f"{fiche}/effacement", admin, version=lu["version"])
    apres = client.get(f"/api/v1/{fiche}", params={"apres": efface["position"]}, headers=admin)

    # then the aidant reads « Aidant effacé », with every statistic kept
    vue = apres.json()
    assert (vue["prenom"], vue["nom"], vue["email"], vue["telephone"]) == (
        "",
        "Aidant effacé",
        None,
        None,
    )
    assert vue["type_aidant"] == "mediateur_numerique_salarie"
    assert [a["structure_nom"] for a in vue["affiliations"]] == ["Centre social des Grésilles"]
    assert [q["type"] for q in vue["qualifications"]] == ["formation_aidants_connect"]
    assert vue["derniere_activite"] is not None  # their sessions still count
    # and both sessions stay, their notes read as empty, without an error
    for ecrite in (suivie, anonyme):
        lue = client.get(f"/api/v1/activites/{ecrite['id']}", headers=med)
        assert lue.status_code == 200 and lue.json()["notes"] is None
    # and no table of the database, no export and no backup holds any of it
    tout = texte_de_chaque_table(database_dsn)
    sortie = exports(client, med, admin, aidant["id"])
    sauvegarde = tmp_path / "apres-effacement.dump"
    resultat = mednum(database_dsn, tmp_path, "backup", str(sauvegarde))
    assert resultat.returncode == 0, resultat.stderr
    dump = texte_d_une_sauvegarde(sauvegarde)
    # (the dump is read: its tables as text, the log's states decoded from hex)
    assert "Aidant effacé" in dump and '"type_aidant":"mediateur_numerique_salarie"' in dump
    for secret in secrets:
        assert secret not in tout, secret
        assert secret not in sortie, secret
        assert secret not in dump, secret
    # and the erasures are in the ledger, for a restore to make them again
    registre = (tmp_path / "effacements.jsonl").read_text()
    for nature in ('"beneficiaire"', '"aidant"', '"notes_mediateur"'):
        assert nature in registre
