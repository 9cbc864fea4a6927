"""A mediator's day in a real browser, on a phone (390×844) and a desktop: a person recorded
with a commune typed by postcode and nothing else but a birth year, then « Enregistrer un
accompagnement » from their page, a commune typed « dijon », the session back on their page;
the person picker and every error at once; axe-core on each of these screens at 390 px."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pytest

from mednum.demo.lieux import load_demo
from mednum.demo.mediation import load_demo_mediation
from tests.e2e.conftest import se_connecter
from tests.e2e.outils_navigation import problemes_de
from tests.e2e.test_accessibilite import _violations
from tests.lieux_outils import hub_ouvert
from tests.web.conftest import create_user

EMAIL = "med@example.fr"
ECRANS = {"telephone": {"width": 390, "height": 844}, "bureau": {"width": 1280, "height": 900}}


def connecte(browser: Any, live_server: str, ecran: str, email: str = EMAIL) -> Any:
    telephone = ecran == "telephone"
    contexte = browser.new_context(viewport=ECRANS[ecran], has_touch=telephone)
    page = contexte.new_page()
    page.problemes = problemes_de(page)
    se_connecter(page, live_server, email)
    return page


@pytest.mark.parametrize("ecran", ["telephone", "bureau"])
def test_from_a_persons_page_the_session_is_theirs(
    browser: Any, live_server: str, database_dsn: str, ecran: str
) -> None:
    create_user(database_dsn, EMAIL, "mediateur")
    page = connecte(browser, live_server, ecran)
    # given a followed person recorded with a birth year and a commune typed as a postcode
    page.goto(f"{live_server}/beneficiaires/nouveau")
    page.get_by_label("Année de naissance").fill("1950")
    page.get_by_label("Commune de résidence").fill("21000")
    page.get_by_label("Suivre cette personne nommément").check()
    page.locator("#consentement").check()
    page.get_by_label("Prénom").fill("Gisèle")
    page.get_by_label("Nom", exact=True).fill("Dupont")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/beneficiaires/[0-9a-f-]{36}"))
    beneficiaire_id = page.url.split("/beneficiaires/")[1].split("?")[0]
    # then the untouched statistics fields are « Non renseigné », the commune is Dijon
    fiche = page.request.get(f"{live_server}/api/v1/beneficiaires/{beneficiaire_id}").json()
    assert (fiche["genre"], fiche["statut_social"]) == ("non_communique", "non_communique")
    assert fiche["commune_residence"] == "21231" and fiche["tranche_age"] == "soixante_dix_plus"
    assert "Aucun accompagnement" in page.content()
    # when « Enregistrer un accompagnement » is followed
    page.get_by_role("link", name="Enregistrer un accompagnement").click()
    page.wait_for_url(re.compile(r"/activites/nouvelle\?beneficiaire="))
    # then she is the person of the session
    assert page.locator("#beneficiaire_choix option:checked").inner_text() == "Gisèle Dupont"
    # when a home session in « dijon » of 30 min about e-mail is recorded
    page.locator("label[for=type_lieu-domicile]").click()
    page.get_by_label("Commune", exact=True).fill("dijon")
    page.locator("label[for=duree-30]").click()
    page.locator("label[for=thematiques-email]").click()
    page.get_by_role("button", name="Enregistrer").click()
    # then her page is shown again and lists it
    page.wait_for_url(re.compile(rf"/beneficiaires/{beneficiaire_id}"))
    assert "Aucun accompagnement" not in page.content()
    assert page.get_by_text("E-mail").first.is_visible()
    sessions = page.request.get(
        f"{live_server}/api/v1/activites?beneficiaire_id={beneficiaire_id}"
    ).json()
    assert [s["commune"] for s in sessions["items"]] == ["21231"]
    assert page.problemes == []
    page.context.close()


def _mediation_de_demo(database_dsn: str) -> str:
    with hub_ouvert(database_dsn) as hub:
        lieu_ids, _ = load_demo(hub, 20)
        taille = {"nb_personnes": 60, "nb_mediateurs": 2, "nb_jours": 30}
        _, mediatrice = load_demo_mediation(hub, lieu_ids, **taille)
    create_user(database_dsn, mediatrice, "mediateur")
    return str(mediatrice)


def test_the_picker_errors_and_entry_screens_on_a_phone(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    mediatrice = _mediation_de_demo(database_dsn)
    page = connecte(browser, live_server, "telephone", mediatrice)
    problemes: dict[str, list[str]] = {}
    page.goto(f"{live_server}/activites/nouvelle")
    # the header is compact and the submit button is on screen from the start
    assert page.locator("header").bounding_box()["height"] <= 120
    envoi = page.get_by_role("button", name="Enregistrer", exact=True).bounding_box()
    assert envoi["y"] + envoi["height"] <= 844
    problemes["nouvelle"] = _violations(page)
    # when a followed person is searched by a part of her name without accents
    option = page.locator("#beneficiaire_choix option").nth(1)
    nom = option.inner_text()
    morceau = nom.split()[-1][:4].lower()
    page.get_by_label("Rechercher une personne suivie").fill(morceau)
    page.locator(".personnes-resultats button", has_text=nom).first.click()
    # then she is chosen, and the anonymous person's fields are out of the way
    assert page.locator("#beneficiaire_choix option:checked").inner_text() == nom
    assert page.get_by_text("Informations facultatives sur la personne anonyme").is_hidden()
    problemes["personne choisie"] = _violations(page)
    # when a place that is not one of her recent ones is searched by a word of its name,
    # typed in lower case without accents
    page.locator("label[for=type_lieu-lieu_activite]").click()
    lieu = page.locator("#lieu_id optgroup[label='Tous les lieux'] option").last.inner_text()
    mot = max(lieu.split(" (")[0].split(), key=len)
    sans_accents = unicodedata.normalize("NFD", mot).encode("ascii", "ignore").decode()
    page.get_by_label("Rechercher un lieu").fill(sans_accents.lower())
    page.locator(".personnes-resultats button", has_text=lieu).first.click()
    # then it is the session's place
    assert page.locator("#lieu_id option:checked").inner_text() == lieu
    problemes["lieu cherché"] = _violations(page)
    # when the form is sent with a date in the future, no thématique and an unknown commune
    page.select_option("#beneficiaire_choix", "")
    page.fill("#date", "2099-01-01")
    page.locator("#thematiques input:checked").evaluate_all(
        "cases => cases.forEach(c => { c.checked = false; })"
    )
    page.locator("label[for=type_lieu-autre]").click()
    page.get_by_label("Commune", exact=True).fill("Atlantide")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_selector(".alerte--error")
    # then every error is listed in French and shown next to its visible field
    resume = page.locator(".alerte--error li")
    assert {lien.split(" : ")[0] for lien in resume.all_inner_texts()} == {
        "Date",
        "Thématiques",
        "Commune",
    }
    for cible in page.locator(".alerte--error a").all():
        champ = page.locator(cible.get_attribute("href") or "")
        assert champ.is_visible(), cible.inner_text()
    assert page.get_by_label("Commune", exact=True).input_value() == "Atlantide"
    problemes["erreurs"] = _violations(page)
    # a workshop's counts of people go two to a line: 15 boxes in 8 lines, not 15
    page.goto(f"{live_server}/activites/nouvelle?type=collectif")
    masculin = page.get_by_label("Masculin", exact=True).bounding_box()
    feminin = page.get_by_label("Féminin", exact=True).bounding_box()
    assert masculin["y"] == feminin["y"] and feminin["x"] > masculin["x"] + masculin["width"]
    for chemin in (
        "/activites/nouvelle?type=collectif",
        "/activites/seance-rapide",
        "/beneficiaires/nouveau",
    ):
        page.goto(f"{live_server}{chemin}")
        problemes[chemin] = _violations(page)
    page.goto(f"{live_server}/beneficiaires")
    page.locator("table a").first.click()
    page.wait_for_load_state()
    problemes["fiche"] = _violations(page)
    assert {ecran: trouve for ecran, trouve in problemes.items() if trouve} == {}
    # (the refused form itself answers 422, which the console reports)
    assert [p for p in page.problemes if "422" not in p] == []
    page.context.close()
