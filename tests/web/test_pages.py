"""Server-rendered pages: the public map and list, place pages, the coordinators' forms."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from tests.web.conftest import create_user, csrf_from, login
from tests.web.outils_connexion import connecter
from tests.web.outils_lieux import (
    fiche_refusee,
    formulaire,
    formulaire_de_coordination,
    poster_fiche,
)
from tests.web.test_lieux_api import recenser


def test_the_map_page_shows_places_on_the_map_and_in_the_list(api: TestClient) -> None:
    written = recenser(api, nom="Médiathèque <script>alert(1)</script>")
    api.get("/api/v1/lieux", params={"apres": written["position"]})
    page = api.get("/carte")
    assert page.status_code == 200
    assert "Liste des lieux" in page.text
    assert "/static/vendor/leaflet/leaflet.js?v=" in page.text
    assert "cdn" not in page.text.lower()
    assert f"/lieux/{written['id']}" in page.text
    assert "<script>alert(1)</script>" not in page.text
    assert "Médiathèque &lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_the_map_filters_by_commune_name_without_accents(api: TestClient) -> None:
    recenser(api, nom="Lieu à Dijon")
    last = recenser(
        api,
        nom="Lieu à Besançon",
        code_insee="25056",
        code_postal="25000",
        latitude=47.24,
        longitude=6.02,
    )
    api.get("/api/v1/lieux", params={"apres": last["position"]})
    page = api.get("/carte", params={"q": "besancon"}).text
    assert "Lieu à Besançon" in page and "Lieu à Dijon" not in page
    unknown = api.get("/carte", params={"q": "Xyzzyville"})
    assert unknown.status_code == 200
    assert "Aucune commune ne correspond" in unknown.text


def test_a_place_page_shows_hours_by_day_in_french(api: TestClient) -> None:
    written = recenser(api)
    page = api.get(f"/lieux/{written['id']}", params={"apres": written["position"]})
    assert page.status_code == 200
    assert "Médiathèque Champollion" in page.text
    assert re.search(r"Lundi</th><td>9 h", page.text)
    assert "Dimanche</th><td>fermé" in page.text


def test_a_coordinator_registers_a_place_with_the_form_and_sees_it(
    client: TestClient, database_dsn: str
) -> None:
    token = formulaire_de_coordination(client, database_dsn)
    response = poster_fiche(client, token)
    assert response.status_code in (302, 303), response.text
    place = client.get(response.headers["location"])
    assert "Espace numérique des Grésilles" in place.text
    assert "Utilisation sécurisée du numérique" in place.text
    assert "version 1" in place.text


def test_form_errors_are_shown_next_to_the_field_and_values_are_kept(
    client: TestClient, database_dsn: str
) -> None:
    token = formulaire_de_coordination(client, database_dsn)
    page = fiche_refusee(client, token, ["latitude"], commune="99999", latitude="nord")
    assert 'value="Espace numérique des Grésilles"' in page
    message = "Aucune commune ne correspond à « 99999 »"
    fiche_refusee(client, token, ["commune"], message, commune="99999")


def test_an_empty_place_form_lists_its_errors_in_the_form_order(
    client: TestClient, database_dsn: str
) -> None:
    token = formulaire_de_coordination(client, database_dsn)
    # when the form is sent without its required fields
    vides = dict.fromkeys(("nom", "adresse", "code_postal", "commune"))
    response = poster_fiche(client, token, **{champ: "" for champ in vides})
    # then the summary names them as the page shows them, each with the same message
    assert response.status_code == 422
    resume = response.text.split('role="alert"')[1].split("</ul>")[0]
    ancres = re.findall(r'<a href="#(\w+)">', resume)
    assert ancres == list(vides)
    assert resume.count("Ce champ est obligatoire.") == len(vides)


def test_the_place_form_tells_every_refused_field_at_once(
    client: TestClient, database_dsn: str
) -> None:
    token = formulaire_de_coordination(client, database_dsn)
    # when a place is posted with a wrong commune, reversed hours and a foreign phone
    champs = ["commune", "horaires", "telephone"]
    changes = {"commune": "99999", "horaires": "Mo-Fr 14:00-12:00", "telephone": "+269 773 12 34"}
    # then the three are shown together, each beside its field, and what was typed is kept
    page = fiche_refusee(client, token, champs, **changes)
    assert "Mo-Fr 14:00-12:00" in page


def place_made_by_a_coordinator(client: TestClient, database_dsn: str) -> tuple[str, str]:
    """Log in as a coordinator and register a place with the form: (CSRF token, its page)."""
    token = formulaire_de_coordination(client, database_dsn)
    created = poster_fiche(client, token)
    client.get(created.headers["location"])  # waits for the read model
    return token, created.headers["location"].split("?")[0]


def test_editing_from_a_stale_form_is_a_conflict(client: TestClient, database_dsn: str) -> None:
    token, place_url = place_made_by_a_coordinator(client, database_dsn)
    edit = {**formulaire(nom="Premier changement"), "version": "1", "_csrf_token": token}
    assert client.post(f"{place_url}/modifier", data=edit, follow_redirects=False).status_code in (
        302,
        303,
    )
    stale = {**formulaire(nom="Second changement"), "version": "1", "_csrf_token": token}
    response = client.post(f"{place_url}/modifier", data=stale)
    assert response.status_code == 409
    assert "modifiée entre-temps" in response.text


def test_a_mediator_cannot_open_the_coordinators_pages(
    client: TestClient, database_dsn: str
) -> None:
    connecter(client, database_dsn, "med@example.fr", "mediateur")
    response = client.get("/lieux/nouveau")
    assert response.status_code == 403
    assert "Accès refusé" in response.text


def test_unknown_page_is_a_french_404(client: TestClient) -> None:
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert "Page introuvable" in response.text
    assert 'lang="fr"' in response.text


def test_tampered_hidden_fields_are_a_4xx_not_a_500(client: TestClient, database_dsn: str) -> None:
    token, place_url = place_made_by_a_coordinator(client, database_dsn)
    edit = {**formulaire(), "version": "abc", "_csrf_token": token}
    assert client.post(f"{place_url}/modifier", data=edit).status_code == 422
    bad_id = {**formulaire(command_id="pas-un-uuid"), "version": "1", "_csrf_token": token}
    assert client.post(f"{place_url}/modifier", data=bad_id).status_code == 422
    close = {"version": "x", "command_id": "y", "_csrf_token": token}
    response = client.post(f"{place_url}/fermer", data=close)
    assert response.status_code == 422
    assert "rechargez la page" in response.text


def test_the_form_takes_the_standards_fields(client: TestClient, database_dsn: str) -> None:
    token = formulaire_de_coordination(client, database_dsn)
    data = {
        **formulaire(),
        "telephone": "03 80 48 82 30",
        "courriels": "contact@gresilles.fr\naccueil@gresilles.fr",
        "frais_a_charge": "Gratuit",
        "modalites_acces": ["Se présenter", "Téléphoner"],
        "presentation_resume": "Aide aux démarches et ateliers numériques.",
        "_csrf_token": token,
    }
    created = client.post("/lieux/nouveau", data=data, follow_redirects=False)
    assert created.status_code in (302, 303), created.text
    page = client.get(created.headers["location"]).text
    assert "03 80 48 82 30" in page and "mailto:accueil@gresilles.fr" in page
    assert "Tarif : gratuit" in page
    edit = client.get(created.headers["location"].split("?")[0] + "/modifier").text
    assert "contact@gresilles.fr\naccueil@gresilles.fr</textarea>" in edit
    assert 'value="Téléphoner" checked' in edit
    bad = client.post("/lieux/nouveau", data={**data, "command_id": "", "telephone": "12 34"})
    assert bad.status_code == 422
    assert 'id="telephone-erreur"' in bad.text


EXAMPLE = Path(__file__).parents[1] / "data" / "lieux-mediation-numerique.exemple-valide-v1.0.2.csv"


def import_de_coordination(
    client: TestClient, database_dsn: str, source: str, fichier: str = "hubik.csv"
) -> tuple[dict[str, str], dict[str, Any]]:
    """Log in as a coordinator on the import form: its fields (CSRF token, the source typed)
    and the official example as the file chosen."""
    connecter(client, database_dsn, "coord@example.fr", "coordinateur")
    form = {"_csrf_token": csrf_from(client, "/lieux/import"), "source": source}
    return form, {"fichier": (fichier, EXAMPLE.read_bytes(), "text/csv")}


def test_a_coordinator_imports_a_file_after_a_dry_run(
    client: TestClient, database_dsn: str
) -> None:
    form, files = import_de_coordination(client, database_dsn, "Hubik")
    # a dry run saves nothing and keeps the file, the source typed and a way to go on
    dry = client.post("/lieux/import", data={**form, "essai": "true"}, files=files)
    assert dry.status_code == 200, dry.text
    assert "Essai (rien n'a été enregistré)" in dry.text and "1 créé" in dry.text
    assert "Encodage détecté : UTF-8" in dry.text and 'value="Hubik"' in dry.text
    jeton = re.search(r'name="jeton" value="([^"]+)"', dry.text)
    assert jeton and "Importer pour de bon" in dry.text
    assert client.get("/api/v1/lieux").json()["total"] == 0
    # « Importer pour de bon » imports the file checked, without choosing it again
    done = client.post("/lieux/import", data={**form, "jeton": jeton[1]})
    assert "Import terminé" in done.text and "1 créé" in done.text
    assert "Source : Hubik" in done.text and 'name="jeton"' not in done.text
    # the kept file is used once
    reused = client.post("/lieux/import", data={**form, "jeton": jeton[1]})
    assert reused.status_code == 422 and "plus disponible (plus d" in reused.text
    again = client.post("/lieux/import", data=form, files=files)
    assert "1 inchangé" in again.text
    unreadable = {"fichier": ("x.csv", b"nom\n\x81\x8d", "text/csv")}
    bad = client.post("/lieux/import", data=form, files=unreadable)
    assert bad.status_code == 422 and "Encodage du fichier non reconnu" in bad.text
    assert 'value="Hubik"' in bad.text


def test_a_kept_file_is_only_for_the_coordinator_who_checked_it(
    client: TestClient, database_dsn: str
) -> None:
    create_user(database_dsn, "coord@example.fr", "coordinateur")
    create_user(database_dsn, "autre@example.fr", "coordinateur")
    login(client, "coord@example.fr")
    form = {"_csrf_token": csrf_from(client, "/lieux/import"), "essai": "true"}
    files = {"fichier": ("hubik.csv", EXAMPLE.read_bytes(), "text/csv")}
    jeton = re.search(
        r'name="jeton" value="([^"]+)"', client.post("/lieux/import", data=form, files=files).text
    )
    assert jeton
    client.cookies.clear()
    login(client, "autre@example.fr")
    csrf = csrf_from(client, "/lieux/import")
    stolen = client.post("/lieux/import", data={"_csrf_token": csrf, "jeton": jeton[1]})
    assert stolen.status_code == 422
    assert client.get("/api/v1/lieux").json()["total"] == 0


def test_a_file_saved_by_excel_on_windows_is_read_with_its_accents(
    client: TestClient, database_dsn: str
) -> None:
    # given the official example saved by Excel on a French Windows: `;` and Windows-1252
    connecter(client, database_dsn, "coord@example.fr", "coordinateur")
    lignes = list(csv.reader(io.StringIO(EXAMPLE.read_text(encoding="utf-8"))))
    tampon = io.StringIO()
    csv.writer(tampon, delimiter=";").writerows(lignes)
    contenu = tampon.getvalue().replace("’", "'").encode("cp1252")
    form = {"_csrf_token": csrf_from(client, "/lieux/import"), "source": "Excel"}
    # when imported
    fichier = {"fichier": ("x.csv", contenu, "text/csv")}
    done = client.post("/lieux/import", data=form, files=fichier)
    # then the encoding is said and the accents are right
    assert "Encodage détecté : Windows-1252" in done.text and "1 créé" in done.text
    for _ in range(100):  # the import gives no position to wait for: poll the read model
        if lieux := client.get("/api/v1/lieux").json()["items"]:
            break
        time.sleep(0.05)
    [lieu] = lieux
    assert "é" in " ".join(lieu["services"])


LEGACY = Path(__file__).parents[1] / "data" / "lieux-mediation-numerique.legacy-v0.1.1.csv"


def test_a_legacy_file_is_converted_and_its_fixes_and_rejections_are_shown(
    client: TestClient, database_dsn: str
) -> None:
    connecter(client, database_dsn, "coord@example.fr", "coordinateur")
    form = {"_csrf_token": csrf_from(client, "/lieux/import"), "source": "Hub BFC", "essai": "true"}
    files = {"fichier": ("ancien.csv", LEGACY.read_bytes(), "text/csv")}
    dry = client.post("/lieux/import", data=form, files=files)
    assert dry.status_code == 200, dry.text
    assert "ancien standard v0.1.x" in dry.text
    assert "Corrigée" in dry.text and "Rejetée" in dry.text
    assert "figure deux fois" in dry.text  # the duplicate id, named with its reason
    assert client.get("/api/v1/lieux").json()["total"] == 0  # a dry run saves nothing


def test_coordinators_sort_places_by_completeness_least_complete_first(
    api: TestClient,
) -> None:
    # given three places, from bare to well filled
    recenser(api, nom="Lieu nu", horaires=None)
    recenser(
        api,
        nom="Lieu moyen",
        horaires=None,
        frais_a_charge=["Gratuit"],
        modalites_acces=["Se présenter"],
        modalites_accompagnement=["Accompagnement individuel"],
    )
    dernier = recenser(
        api,
        nom="Lieu complet",
        telephone="03 80 12 34 56",
        frais_a_charge=["Gratuit"],
        modalites_acces=["Se présenter"],
        modalites_accompagnement=["Accompagnement individuel"],
        presentation_resume="Un espace numérique au cœur du quartier.",
        courriels=["contact@exemple.fr"],
    )
    api.get("/api/v1/lieux", params={"apres": dernier["position"]})
    # when the list is sorted by completeness
    html = api.get("/lieux", params={"tri": "completude"}).text
    # then the barest record comes first, each with its count and what is missing
    noms = re.findall(r'<a href="/lieux/[0-9a-f-]+">(Lieu [a-z]+)</a>', html)
    assert noms == ["Lieu nu", "Lieu moyen", "Lieu complet"]
    comptes = [int(n) for n in re.findall(r"<td[^>]*>(\d+)/12", html)]
    assert comptes == sorted(comptes) and comptes[0] < comptes[-1]
    assert "Téléphone</li>" in html and "champs à compléter" in html
    # and by name, the order is alphabetical again
    html = api.get("/lieux").text
    assert re.findall(r'<a href="/lieux/[0-9a-f-]+">(Lieu [a-z]+)</a>', html) == [
        "Lieu complet",
        "Lieu moyen",
        "Lieu nu",
    ]


def test_the_place_forms_optional_sections_are_folded_while_empty(
    client: TestClient, database_dsn: str
) -> None:
    token = formulaire_de_coordination(client, database_dsn)
    sections = re.compile(r'<details class="saisie-details fiche-repli"( open)?>\s*<summary>(\w+)')
    # a new place's form folds its four optional sections
    nouveau = client.get("/lieux/nouveau").text
    assert [(o, t) for o, t in sections.findall(nouveau)] == [
        ("", "Contact"),
        ("", "Présentation"),
        ("", "Accueil"),
        ("", "Identification"),
    ]
    # a refused phone opens its section; a place with a phone shows it open when edited
    refuse = poster_fiche(client, token, telephone="+269 773 12 34").text
    assert ("open", "Contact") in [(o.strip(), t) for o, t in sections.findall(refuse)]
    cree = poster_fiche(client, token, telephone="03 80 12 34 56")
    lieu = cree.headers["location"].split("?")[0]
    client.get(cree.headers["location"])
    edition = client.get(f"{lieu}/modifier").text
    assert [(o.strip(), t) for o, t in sections.findall(edition)] == [
        ("open", "Contact"),
        ("", "Présentation"),
        ("", "Accueil"),
        ("", "Identification"),
    ]
