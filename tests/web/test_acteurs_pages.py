"""Coordinators' pages for structures and aidants: forms, French errors by the field, detail
pages with affiliations, qualifications and history."""

from __future__ import annotations

import re

from litestar.testing import TestClient

from tests.web.conftest import csrf_from
from tests.web.outils_connexion import connecter
from tests.web.test_acteurs_api import aidant_body, structure_body


def coordinateur(client: TestClient, database_dsn: str) -> None:
    connecter(client, database_dsn, "coord@example.fr", "coordinateur")


def structure_form(**changes: str) -> dict[str, str]:
    """The API's structure, as the form posts it: every field a string, the optional ones
    empty."""
    return structure_body(numero_france_services="", site_web="") | changes


def aidant_form(**changes: str) -> dict[str, str]:
    """The API's aidant, a conseiller numérique, as the form posts it."""
    return aidant_body(type_aidant="conseiller_numerique") | changes


def poster(client: TestClient, chemin: str, data: dict[str, str], page: str) -> object:
    token = csrf_from(client, page)
    return client.post(chemin, data={**data, "_csrf_token": token}, follow_redirects=False)


def test_pages_are_for_coordinators(client: TestClient, database_dsn: str) -> None:
    assert client.get("/aidants", follow_redirects=False).status_code in (302, 303)
    connecter(client, database_dsn, "m@example.fr", "mediateur")
    assert client.get("/aidants").status_code == 403
    assert client.get("/structures/nouvelle").status_code == 403


def test_a_coordinator_creates_a_structure_and_an_aidant_then_affiliates_and_qualifies(
    client: TestClient, database_dsn: str
) -> None:
    coordinateur(client, database_dsn)
    # the structure, through its form
    cree = poster(client, "/structures/nouvelle", structure_form(), "/structures/nouvelle")
    assert cree.status_code in (302, 303), cree.text
    fiche = client.get(cree.headers["location"])
    assert "Centre social des Grésilles" in fiche.text and "Structure recensée" in fiche.text
    structure_id = cree.headers["location"].split("?")[0].rsplit("/", 1)[-1]
    # the aidant, through its form
    aidant = poster(
        client,
        "/aidants/nouveau",
        aidant_form(email="", telephone="03 80 12 34 56", compte=""),
        "/aidants/nouveau",
    )
    assert aidant.status_code in (302, 303), aidant.text
    page_aidant = aidant.headers["location"].split("?")[0]
    # affiliated, then trained and tested
    affilie = poster(
        client,
        f"{page_aidant}/affiliations",
        {"structure_id": structure_id, "debut": "06/01/2025", "fin": ""},
        page_aidant,
    )
    assert affilie.status_code in (302, 303), affilie.text
    for type_ in ("formation_aidants_connect", "test_pix_aidants_connect"):
        qualifie = poster(
            client,
            f"{page_aidant}/qualifications",
            {
                "type": type_,
                "obtenue_le": "2025-02-01",
                "expire_le": "",
                "libelle": "",
                "score": "",
            },
            page_aidant,
        )
        assert qualifie.status_code in (302, 303), qualifie.text
    detail = client.get(qualifie.headers["location"]).text
    assert "Conseiller numérique" in detail
    assert "<strong>Habilité</strong>" in detail
    assert "Affilié à « Centre social des Grésilles » à partir du 06/01/2025" in detail
    assert "03 80 12 34 56" in detail
    liste = client.get("/aidants", params={"actif": "oui", "structure": structure_id}).text
    assert "Camille Martin" in liste
    assert "Camille Martin" not in client.get("/aidants", params={"actif": "non"}).text
    assert "Camille Martin" in client.get(f"/structures/{structure_id}").text


def test_form_errors_are_shown_next_to_the_field_with_values_kept(
    client: TestClient, database_dsn: str
) -> None:
    coordinateur(client, database_dsn)
    refus = poster(
        client,
        "/structures/nouvelle",
        structure_form(siret="21210231300012", nom="Maison France Services"),
        "/structures/nouvelle",
    )
    assert refus.status_code == 422
    assert 'id="siret-erreur"' in refus.text
    assert re.search(r'aria-describedby="siret-aide siret-erreur"', refus.text)
    assert 'value="Maison France Services"' in refus.text
    vide = poster(
        client,
        "/aidants/nouveau",
        {"prenom": "", "nom": "Martin", "type_aidant": "benevole"},
        "/aidants/nouveau",
    )
    assert vide.status_code == 422 and 'id="prenom-erreur"' in vide.text
    aidant = poster(
        client,
        "/aidants/nouveau",
        {"prenom": "Sacha", "nom": "Petit", "type_aidant": "benevole"},
        "/aidants/nouveau",
    )
    page_aidant = aidant.headers["location"].split("?")[0]
    assert client.get(aidant.headers["location"]).status_code == 200  # read model caught up
    mauvaise = poster(
        client,
        f"{page_aidant}/qualifications",
        {"type": "certification_pix", "obtenue_le": "31/02/2025"},
        page_aidant,
    )
    assert mauvaise.status_code == 422
    assert 'id="obtenue_le-erreur"' in mauvaise.text and "Date invalide" in mauvaise.text
    score = poster(
        client,
        f"{page_aidant}/qualifications",
        {"type": "certification_pix", "obtenue_le": "2025-03-01", "score": "300"},
        page_aidant,
    )
    assert score.status_code == 422 and 'id="score-erreur"' in score.text


def test_the_error_summary_reads_in_the_order_of_the_form(
    client: TestClient, database_dsn: str
) -> None:
    coordinateur(client, database_dsn)
    # given the structure form's fields, in the order of the page (SIRET comes after the name)
    page = client.get("/structures/nouvelle").text
    formulaire = page[page.index('action="/structures/nouvelle"') :]
    noms = list(
        dict.fromkeys(re.findall(r'<(?:input|select|textarea)[^>]* name="(\w+)"', formulaire))
    )
    assert noms.index("nom") < noms.index("siret") < noms.index("code_insee")
    # when it is sent as a browser sends it, every text left empty
    champs = {nom: "" for nom in noms if nom not in ("_csrf_token", "command_id")}
    refus = poster(client, "/structures/nouvelle", champs, "/structures/nouvelle")
    # then the summary names the refused fields in that same order
    assert refus.status_code == 422
    resume = refus.text.split('role="alert"')[1].split("</ul>")[0]
    ancres = re.findall(r'<a href="#(\w+)">', resume)
    assert {"nom", "siret", "code_insee"} <= set(ancres)
    assert ancres == sorted(ancres, key=noms.index)
