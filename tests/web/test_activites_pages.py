"""The mediator's activity pages: the fast entry form pre-filled from history, French errors
by the field, duplicate, correct, delete, the list, the séance rapide and the figures."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

from litestar.testing import TestClient

from tests.web.conftest import csrf_from
from tests.web.outils_api import aujourdhui
from tests.web.outils_connexion import connecter


def connecte(client: TestClient, dsn: str, email: str = "med@example.fr") -> None:
    connecter(client, dsn, email, "mediateur")


def formulaire(client: TestClient, chemin: str = "/activites/nouvelle", **champs: Any) -> Any:
    page = client.get(chemin)
    assert page.status_code == 200, page.text
    command_id = re.search(r'name="command_id" value="([^"]+)"', page.text)
    assert command_id
    data: dict[str, Any] = {
        "_csrf_token": csrf_from(client, chemin),
        "command_id": command_id.group(1),
        "type": "individuel",
        "date": aujourdhui().isoformat(),
        "duree": "30",
        "type_lieu": "domicile",
        "commune": "21231",
        "thematiques": ["email"],
    } | champs
    return client.post(chemin, data=data, follow_redirects=False)


def test_the_form_is_for_mediators(client: TestClient, database_dsn: str) -> None:
    # given a coordinator, then 403; not logged in, then the login page
    assert client.get("/activites/nouvelle", follow_redirects=False).status_code in (302, 303)
    connecter(client, database_dsn, "coord@example.fr", "coordinateur")
    assert client.get("/activites/nouvelle").status_code == 403


def test_a_session_is_recorded_and_the_next_form_is_prefilled_from_it(
    client: TestClient, database_dsn: str
) -> None:
    connecte(client, database_dsn)
    # when a session at home in Dijon, 45 minutes, e-mail and bureautique, on a phone is posted
    reponse = formulaire(
        client, duree="45", materiel=["telephone"], thematiques=["email", "bureautique"]
    )
    # then the mediator is sent back to a new form saying it is saved
    assert reponse.status_code == 303, reponse.text
    suivante = client.get(reponse.headers["location"])
    assert "Activité enregistrée" in suivante.text
    # and the new form pre-selects the same duration, place, equipment and thématiques
    texte = suivante.text
    assert re.search(r'value="45" id="duree-45" checked', texte)
    assert re.search(r'value="domicile" id="type_lieu-domicile" checked', texte)
    # the commune is shown by name and postcode (it was typed or stored as 21231)
    assert re.search(r'id="commune" name="commune"[^>]* value="Dijon \(21000\)"', texte)
    assert re.search(r'value="telephone" id="materiel-telephone" checked', texte)
    assert re.search(r'value="bureautique" id="thematiques-bureautique" checked', texte)
    # and it warns against sensitive data in the notes
    assert "Il est interdit de stocker des informations sensibles" in texte


def test_refusals_are_shown_next_to_their_field(client: TestClient, database_dsn: str) -> None:
    connecte(client, database_dsn)
    demain = (aujourdhui() + timedelta(days=1)).isoformat()
    for champs, champ, mot in (
        ({"date": demain}, "date", "futur"),
        ({"duree": "", "duree_autre": "900"}, "duree", "600"),
        ({"thematiques": ["logement"]}, "thematiques", "Aide aux démarches"),
        ({"commune": "99999"}, "commune", "Aucune commune"),
        ({"duree": "", "duree_autre": "vingt"}, "duree", "minutes"),
        ({"profil_annee_naissance": "19x"}, "profil.annee_naissance", "année"),
    ):
        reponse = formulaire(client, **champs)
        assert reponse.status_code == 422, (champs, reponse.status_code)
        assert f'id="{champ}-erreur"' in reponse.text, champs
        assert mot in reponse.text, champs


def test_duplicate_correct_and_delete_with_history(client: TestClient, database_dsn: str) -> None:
    connecte(client, database_dsn)
    reponse = formulaire(client, duree="60", notes="À rappeler")
    activite_id = re.search(r"enregistree=([0-9a-f-]{36})", reponse.headers["location"])
    assert activite_id
    chemin = f"/activites/{activite_id.group(1)}"
    # when duplicated, then the form is pre-filled, dated today, without the notes
    copie = client.get(f"{chemin}/dupliquer")
    assert copie.status_code == 200
    assert re.search(r'value="60" id="duree-60" checked', copie.text)
    assert "À rappeler" not in copie.text
    # when corrected to 90 minutes, then the detail's history says so
    corrige = formulaire(client, f"{chemin}/corriger", duree="90", version="1", notes="À rappeler")
    assert corrige.status_code == 303, corrige.text
    detail = client.get(corrige.headers["location"])
    assert "durée : 60 min → 90 min" in detail.text
    # when deleted without a reason, then the error is by the field
    donnees = {"_csrf_token": csrf_from(client, chemin), "version": "2", "motif": ""}
    refus = client.post(f"{chemin}/supprimer", data=donnees, follow_redirects=False)
    assert refus.status_code == 422 and 'id="motif-erreur"' in refus.text
    # when deleted with one, then the page says so, and the list no longer shows it
    donnees["motif"] = "Doublon"
    supprime = client.post(f"{chemin}/supprimer", data=donnees, follow_redirects=False)
    assert supprime.status_code == 303
    assert "Activité supprimée" in client.get(supprime.headers["location"]).text
    assert "0 activité" in client.get("/activites").text


def test_another_mediators_activity_is_not_found(client: TestClient, database_dsn: str) -> None:
    connecte(client, database_dsn)
    reponse = formulaire(client)
    activite_id = re.search(r"enregistree=([0-9a-f-]{36})", reponse.headers["location"])
    assert activite_id
    client.get(reponse.headers["location"])  # waits for the read model
    client.cookies.clear()
    connecte(client, database_dsn, "autre@example.fr")
    for suffixe in ("", "/dupliquer", "/corriger"):
        assert client.get(f"/activites/{activite_id.group(1)}{suffixe}").status_code == 404
    assert "0 activité" in client.get("/activites").text


def seance_rapide(client: TestClient, *lignes: dict[str, Any]) -> dict[str, Any]:
    """The séance rapide's form, at a distance today, with a row for each of `lignes` (its
    fields without their `l0_` prefix), each row with a command id of its own."""
    data: dict[str, Any] = {
        "_csrf_token": csrf_from(client, "/activites/seance-rapide"),
        "lignes": str(len(lignes)),
        "date": aujourdhui().isoformat(),
        "type_lieu": "a_distance",
    }
    for n, ligne in enumerate(lignes):
        champs = {"command_id": str(uuid.uuid4())} | ligne
        data |= {f"l{n}_{champ}": valeur for champ, valeur in champs.items()}
    return data


def poster_seance_rapide(client: TestClient, data: dict[str, Any]) -> Any:
    return client.post("/activites/seance-rapide", data=data, follow_redirects=False)


def test_seance_rapide_records_each_row_and_reports_per_row(
    client: TestClient, database_dsn: str
) -> None:
    connecte(client, database_dsn)
    data = seance_rapide(
        client,
        {"duree": "15", "thematiques": ["email"], "genre": "feminin"},
        {"duree": "30", "autre": "logement"},  # needs « Aide aux démarches administratives »
        {},
    )
    # when one good row, one bad row and an empty one are posted
    reponse = poster_seance_rapide(client, data)
    # then the good one is saved, the bad one reported, the empty one ignored
    assert reponse.status_code == 422
    assert "Personne 1 — enregistrée" in reponse.text
    assert 'id="ligne-2-erreur"' in reponse.text and "Aide aux démarches" in reponse.text
    # when posted again with the second row fixed, then only it is added
    data["l1_thematiques"] = ["aide_aux_demarches_administratives"]
    reponse = poster_seance_rapide(client, data)
    assert reponse.status_code == 303
    # and the next page waits for both to be projected: the list has them at once
    assert "apres=" in reponse.headers["location"]
    assert "2 séances enregistrées" in client.get(reponse.headers["location"]).text
    liste = client.get("/api/v1/activites", headers={"accept": "application/json"}).json()
    assert liste["total"] == 2


def test_seance_rapide_shows_every_refusal_of_a_row_at_once(
    client: TestClient, database_dsn: str
) -> None:
    connecte(client, database_dsn)
    data = seance_rapide(
        client,
        # a row touched (a gender chosen) but with neither duration nor thématique
        {"genre": "feminin"},
        # a row whose free thématique needs another one, and whose duration is out of bounds
        {"duree": "0", "autre": "logement"},
    )
    # when posted
    reponse = poster_seance_rapide(client, data)
    # then each row lists every one of its refusals, with the field's French label
    assert reponse.status_code == 422
    premiere = reponse.text.split('id="ligne-1-erreur"')[1].split("</ul>")[0]
    assert "Choisissez une durée." in premiere
    assert "Cochez au moins une thématique." in premiere
    seconde = reponse.text.split('id="ligne-2-erreur"')[1].split("</ul>")[0]
    assert seconde.count("<li>") >= 2, seconde
    assert "Aide aux démarches" in seconde and "durée" in seconde.lower()


def test_figures_page_shows_both_periods(client: TestClient, database_dsn: str) -> None:
    connecte(client, database_dsn)
    formulaire(client, duree="45")
    reponse = client.get(f"/activites/statistiques?du={aujourdhui()}&au={aujourdhui()}")
    assert reponse.status_code == 200
    assert "Période précédente" in reponse.text and "Accompagnements" in reponse.text
    refus = client.get(f"/activites/statistiques?du={aujourdhui()}&au=2020-01-01")
    assert refus.status_code == 422 and 'id="du-erreur"' in refus.text
