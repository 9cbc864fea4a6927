"""A mediator's day without friction (issue 12): the form follows the person it was opened
from, communes are typed by name or postcode, untouched statistics fields stay « Non
renseigné », every error is shown at once under its French label, and a new followed person
is created from the session form with the duplicate warning."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from typing import Any

from litestar.testing import TestClient
from openpyxl import load_workbook

from tests.web.conftest import csrf_from
from tests.web.outils_api import aujourdhui
from tests.web.test_activites_pages import connecte, formulaire
from tests.web.test_beneficiaires_pages import enregistrer


class _Formulaire(HTMLParser):
    """What a browser would post for a form left untouched: each field's default value (a
    <select> without `selected` sends its first option, as browsers do)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.dedans = False
        self.valeurs: dict[str, Any] = {}
        self._select: str | None = None
        self._premiere: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.dedans = a.get("action") == self.action
        if not self.dedans or (not (nom := a.get("name")) and tag != "option"):
            return
        if tag == "input":
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.valeurs[str(nom)] = a.get("value") or ""
        elif tag == "select":
            self._select, self._premiere = str(nom), None
        elif tag == "option" and self._select:
            valeur = a.get("value") or ""
            if self._premiere is None:
                self._premiere = valeur
                self.valeurs[self._select] = valeur
            if "selected" in a:
                self.valeurs[self._select] = valeur

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "form":
            self.dedans = False


def defauts(html: str, action: str) -> dict[str, Any]:
    lecteur = _Formulaire(action)
    lecteur.feed(html)
    return lecteur.valeurs


def _fiche(client: TestClient, chemin: str) -> dict[str, Any]:
    beneficiaire_id = chemin.rsplit("/", 1)[-1].split("?")[0]
    reponse: dict[str, Any] = client.get(f"/api/v1/beneficiaires/{beneficiaire_id}").json()
    return reponse


def test_a_person_created_with_only_a_birth_year_has_no_genre_and_no_status(
    client: TestClient, database_dsn: str
) -> None:
    connecte(client, database_dsn)
    # given the new person form as a browser sends it untouched, but for a birth year
    page = client.get("/beneficiaires/nouveau")
    valeurs = defauts(page.text, "/beneficiaires/nouveau") | {"annee_naissance": "1950"}
    assert valeurs["genre"] == "" and valeurs["statut_social"] == ""
    # when it is posted
    cree = client.post("/beneficiaires/nouveau", data=valeurs, follow_redirects=False)
    assert cree.status_code == 303, cree.text
    client.get(cree.headers["location"])
    # then the person has an age band, and neither genre nor status
    fiche = _fiche(client, cree.headers["location"])
    assert fiche["tranche_age"] == "soixante_dix_plus"
    assert fiche["genre"] == "non_communique"
    assert fiche["statut_social"] == "non_communique"
    # and the form offers « Non renseigné » as the empty choice of each
    assert page.text.count('<option value="">Non renseigné</option>') == 2
    # when she records a session with this person
    beneficiaire_id = cree.headers["location"].rsplit("/", 1)[-1].split("?")[0]
    seance = formulaire(client, beneficiaire_id=beneficiaire_id)
    assert seance.status_code == 303, seance.text
    client.get(seance.headers["location"])
    # then her figures count the person as « Non renseigné » for genre and status
    jour = aujourdhui().isoformat()
    chiffres = client.get(f"/activites/statistiques?du={jour}&au={jour}").text
    for titre, valeur in (("Genre", "Non renseigné"), ("Statut", "Non renseigné")):
        tableau = chiffres[chiffres.index(f"<caption>{titre} <") :].split("</table>")[0]
        ligne = tableau[tableau.index(f'<th scope="row">{valeur}</th>') :].split("</tr>")[0]
        assert re.search(r'data-libelle="Période">.*1</td>', ligne), (titre, ligne)
    assert "Non communiqué" not in chiffres
    # and so does the CSV of her figures
    export = client.get(f"/activites/statistiques.csv?du={jour}&au={jour}")
    rangs = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert ["Genre", "Non renseigné", "1", "0"] in rangs
    assert ["Statut", "Non renseigné", "1", "0"] in rangs
    assert ["Tranche d'âge", "70 ans et plus", "1", "0"] in rangs
    assert ["Genre", "Masculin", "0", "0"] in rangs
    # and La Coop's file says it in La Coop's words
    feuille = load_workbook(io.BytesIO(client.get("/activites/mes-accompagnements.xlsx").content))
    cellules = list(feuille.worksheets[0].iter_rows(values_only=True))
    rang = next(i for i, r in enumerate(cellules) if "ID CRA" in r)
    ligne_coop = dict(zip(cellules[rang], cellules[rang + 1], strict=True))
    assert ligne_coop["Genre du bénéficiaire"] == "Non communiqué"
    assert ligne_coop["Statut du bénéficiaire"] == "Non communiqué ou hétérogène"
    assert ligne_coop["Tranche d’âge du bénéficiaire"] == "70 ans et plus"


def test_the_session_form_follows_the_person_it_was_opened_from(
    client: TestClient, database_dsn: str
) -> None:
    connecte(client, database_dsn)
    fiche = enregistrer(client)
    beneficiaire_id = fiche.rsplit("/", 1)[-1].split("?")[0]
    # when « Enregistrer un accompagnement » is followed from the person's page
    page_personne = client.get(f"/beneficiaires/{beneficiaire_id}")
    lien = re.search(r'href="(/activites/nouvelle\?beneficiaire=[^"]+)"', page_personne.text)
    assert lien
    page = client.get(lien.group(1))
    # then the person is chosen in the form
    assert re.search(rf'<option value="{beneficiaire_id}" selected>Gisèle Dupont', page.text)
    # when the session is recorded as the browser sends the form
    valeurs = defauts(page.text, "/activites/nouvelle") | {
        "thematiques": ["email"],
        "duree": "30",
        "type_lieu": "domicile",
        "commune": "Dijon",
    }
    enregistre = client.post("/activites/nouvelle", data=valeurs, follow_redirects=False)
    # then the mediator is back on the person's page, which lists the session
    assert enregistre.status_code == 303, enregistre.text
    assert enregistre.headers["location"].startswith(f"/beneficiaires/{beneficiaire_id}")
    retour = client.get(enregistre.headers["location"])
    assert "Aucun accompagnement" not in retour.text
    assert "E-mail" in retour.text
    activites = client.get(f"/api/v1/activites?beneficiaire_id={beneficiaire_id}").json()
    assert [a["beneficiaire_id"] for a in activites["items"]] == [beneficiaire_id]


def test_another_mediators_person_is_not_chosen(client: TestClient, database_dsn: str) -> None:
    connecte(client, database_dsn)
    fiche = enregistrer(client)
    beneficiaire_id = fiche.rsplit("/", 1)[-1].split("?")[0]
    client.post("/deconnexion", data={"_csrf_token": csrf_from(client, "/activites")})
    connecte(client, database_dsn, "autre@example.fr")
    page = client.get(f"/activites/nouvelle?beneficiaire={beneficiaire_id}")
    assert page.status_code == 200
    assert beneficiaire_id not in page.text


def test_a_commune_is_typed_by_name_or_postcode(client: TestClient, database_dsn: str) -> None:
    connecte(client, database_dsn)
    for saisie in ("dijon", "Dijon", "21000", "DIJON (21000)"):
        reponse = formulaire(client, type_lieu="autre", commune=saisie)
        assert reponse.status_code == 303, (saisie, reponse.text)
        client.get(reponse.headers["location"])  # waits for the read model
        derniere = client.get("/api/v1/activites?limit=1").json()["items"][0]
        assert derniere["commune"] == "21231", saisie
    # a postcode shared by several communes is asked about, what was typed kept
    plusieurs = formulaire(client, type_lieu="autre", commune="21110")
    assert plusieurs.status_code == 422
    assert 'id="commune-erreur"' in plusieurs.text and "Genlis (21110)" in plusieurs.text
    assert re.search(r'name="commune"[^>]*value="21110"', plusieurs.text)
    # and the person's residence too
    anonyme = {c: "" for c in ("suivi", "consentement", "prenom", "nom", "telephone")}
    fiche = enregistrer(client, commune_residence="besancon", **anonyme)
    assert _fiche(client, fiche)["commune_residence"] == "25056"


def test_every_error_is_shown_at_once_by_its_field_and_labelled_in_french(
    client: TestClient, database_dsn: str
) -> None:
    connecte(client, database_dsn)
    demain = aujourdhui().replace(year=aujourdhui().year + 1).isoformat()
    reponse = formulaire(
        client, date=demain, thematiques=[], type_lieu="autre", commune="nulle part"
    )
    assert reponse.status_code == 422
    texte = reponse.text
    resume = texte[texte.index('class="alerte alerte--error"') :].split("</div>")[0]
    libelles = {"date": "Date", "thematiques": "Thématiques", "commune": "Commune"}
    for champ, libelle in libelles.items():
        assert f'id="{champ}-erreur"' in texte, champ
        assert f'<a href="#{champ}">{libelle}</a>' in resume, champ
    assert ">thematiques<" not in resume and ">commune<" not in resume
    # what was typed is kept
    assert re.search(r'name="commune"[^>]*value="nulle part"', texte)
    assert f'value="{demain}"' in texte


def test_a_new_person_is_created_from_the_session_form_after_the_duplicate_warning(
    client: TestClient, database_dsn: str
) -> None:
    connecte(client, database_dsn)
    enregistrer(client, courriel="gisele@exemple.fr")  # Gisèle Dupont, 06 12 34 56 78
    nouvelle = {
        "nouveau_prenom": "Gisele",
        "nouveau_nom": "DUPONT",
        "nouveau_consentement": "oui",
    }
    # when a resembling person is typed in the session form, nothing is recorded yet
    averti = formulaire(client, **nouvelle)
    assert averti.status_code == 200
    assert "peut-être déjà suivie" in averti.text and "C'est Gisèle Dupont" in averti.text
    assert client.get("/api/v1/activites").json()["total"] == 0
    # when the mediator says it is someone else, the person and the session are recorded
    command_id = re.search(r'name="command_id" value="([^"]+)"', averti.text)
    assert command_id
    cree = formulaire(client, command_id=command_id.group(1), aucun_doublon="oui", **nouvelle)
    assert cree.status_code == 303, cree.text
    client.get(cree.headers["location"])
    personnes = client.get("/api/v1/beneficiaires?q=dupont").json()["items"]
    assert len(personnes) == 2
    session = client.get("/api/v1/activites?limit=1").json()["items"][0]
    assert session["beneficiaire_id"] in {p["id"] for p in personnes}
    # and the search finds people by phone and by e-mail as well as by name
    par_telephone = client.get("/api/v1/beneficiaires?q=0612 34").json()["items"]
    assert [p["telephone"] for p in par_telephone] == ["+33612345678"]
    par_courriel = client.get("/api/v1/beneficiaires?q=GISELE@exemple").json()["items"]
    assert [p["prenom"] for p in par_courriel] == ["Gisèle"]
