"""The citizen's questionnaire in a real browser on a phone (390×844), for very different
people: each sees the results first, focused, every proposal with at least one place they can
open and call (one tap on « Appeler »), what to ask for when nothing fits exactly, and no
rule codes; the sheet prints. No serious axe-core violation on the way."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.outils_navigation import ouvrir_apres
from tests.e2e.test_accessibilite import _violations
from tests.lieux_outils import hub_ouvert, recenser

TELEPHONE = {"width": 390, "height": 844}
DEMARCHES = "Aide aux démarches administratives"
OUTILS = "Maîtrise des outils numériques du quotidien"
MATERIEL = "Accès internet et matériel informatique"
EMPLOI = "Insertion professionnelle via le numérique"
SEMAINE = "Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00"
# Around Dijon; nobody declares welcoming deaf people or other languages.
INDIVIDUEL, ATELIER = "Accompagnement individuel", "Dans un atelier collectif"
LIEUX = (
    (
        "France Services Dijon",
        47.322,
        5.0415,
        "101010",
        [DEMARCHES],
        ["France Services"],
        [INDIVIDUEL],
    ),
    ("Médiathèque Champollion", 47.33, 5.05, "202020", [OUTILS, EMPLOI], [], [INDIVIDUEL, ATELIER]),
    ("Espace numérique Fontaine d'Ouche", 47.315, 5.01, "303030", [MATERIEL], [], ["En autonomie"]),
    ("Conseillère numérique à distance", 47.58, 5.0415, "404040", [OUTILS], [], ["À distance"]),
)


def _lieux(dsn: str) -> None:
    with hub_ouvert(dsn) as hub:
        for nom, lat, lon, n, services, dispositifs, modalites in LIEUX:
            recenser(
                hub,
                "e2e",
                nom=nom,
                adresse="1 place de la Libération",
                latitude=lat,
                longitude=lon,
                services=services,
                horaires=SEMAINE,
                telephone=f"+33380{n}",
                dispositif_programmes_nationaux=dispositifs,
                modalites_accompagnement=modalites,
            )


# Each person: the answers they tick (labels as they read them), and what they must see.
PERSONNES = {
    "sans appareil, urgent, pour moi": (
        [
            "Faire une démarche en ligne (CAF, impôts, santé, retraite…)",
            "Non, je n'ai pas d'appareil",
            "Je ne sais pas m'en servir",
            "Oui",
            "Qu'on le fasse pour moi",
        ],
        ["Faire la démarche à votre place", "France Services Dijon", "Votre démarche est urgente"],
    ),
    "demandeur d'emploi sourd": (
        ["Chercher un emploi ou une formation", "Je me débrouille seul, parfois", "J'entends mal"],
        ["Médiathèque Champollion", "langue des signes"],
    ),
    "parle peu le français": (
        ["Je m'en sers avec de l'aide", "Je parle peu le français"],
        ["Médiathèque Champollion", "un interprète"],
    ),
    "mobilité réduite": (
        ["Je m'en sers avec de l'aide", "J'ai du mal à me déplacer"],
        ["Sans vous déplacer", "Conseillère numérique à distance"],
    ),
    "autonome": (
        ["Je me débrouille et j'aide les autres"],
        ["vous pourriez devenir aidant bénévole", "aidant bénévole dans ces lieux proches"],
    ),
}


@pytest.mark.parametrize("personne", list(PERSONNES))
def test_each_person_sees_results_first_with_places_to_call(
    browser: Any, live_server: str, database_dsn: str, personne: str
) -> None:
    reponses, attendus = PERSONNES[personne]
    _lieux(database_dsn)
    page = ouvrir_apres(
        browser, live_server, "lieux", len(LIEUX), "/orientation", viewport=TELEPHONE
    )
    assert _violations(page) == []
    # when the person answers and sends the questionnaire
    for libelle in reponses:
        page.get_by_label(libelle, exact=True).check()
    page.get_by_label("Votre commune (nom ou code postal)").fill("Dijon")
    page.get_by_role("button", name="Voir l'aide qui me convient").click()
    page.wait_for_url("**/orientation?*")
    # then the results' heading has the focus, on screen
    titre = page.locator("#titre-resultats")
    titre.wait_for()
    assert page.evaluate("document.activeElement.id") == "titre-resultats"
    boite = titre.bounding_box()
    assert boite is not None and 0 <= boite["y"] < TELEPHONE["height"]
    texte = page.locator("#resultats").inner_text()
    for attendu in attendus:
        assert attendu in texte, (attendu, texte)
    # every proposal has at least one place to open and to call, in one tap
    offres = page.locator("article.orientation-offre")
    assert offres.count() >= 1
    for i in range(offres.count()):
        lieu = offres.nth(i).locator(".orientation-lieu").first
        assert re.fullmatch(
            r"/lieux/[0-9a-f-]{36}", lieu.locator("h4 a").get_attribute("href") or ""
        )
        appeler = lieu.get_by_role("link", name=re.compile("^Appeler le 03"))
        assert appeler.is_visible() and (appeler.get_attribute("href") or "").startswith("tel:+33")
        assert "Aujourd'hui" in lieu.inner_text()
        # and when it next opens, public holidays applied (the place page's sentence)
        quand = r"(ouvert|fermé) (maintenant|aujourd’hui \(jour férié\)), (ferme|ouvre)"
        assert re.search(quand, lieu.inner_text())
    # rule codes only behind « Pourquoi ? », folded
    assert not page.get_by_text(re.compile(r"règle R\d")).first.is_visible()
    assert "la personne" not in texte.lower()
    # nothing wider than the phone (as at 200 % zoom)
    assert page.evaluate("document.documentElement.scrollWidth") <= TELEPHONE["width"]
    assert _violations(page) == []
    page.close()


def test_the_sheet_prints_and_says_why_and_what_to_bring(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    _lieux(database_dsn)
    chemin = "/orientation?aisance=avec_aide&facon=pour_moi&commune=Dijon"
    page = ouvrir_apres(browser, live_server, "lieux", len(LIEUX), chemin, viewport=TELEPHONE)
    # the results print, with every « Pourquoi ? » unfolded
    page.evaluate("window.print = () => { window.imprime = true; }")
    page.get_by_role("button", name="Imprimer ces propositions").click()
    assert page.evaluate("window.imprime") is True
    # the sheet of the first place: its date, why, what to bring, a print button
    page.get_by_role("link", name="Fiche à imprimer ou à partager").first.click()
    page.wait_for_url("**/orientation/fiche?*")
    texte = page.locator("main").inner_text()
    assert re.search(r"Fiche du \d{1,2} \w+ 20\d\d", texte)
    assert "Pourquoi ce lieu ?" in texte and "Vous y trouverez : France Services." in texte
    assert "Une pièce d'identité" in texte
    assert (
        page.get_by_role("link", name="03 80 10 10 10").get_attribute("href") == "tel:+33380101010"
    )
    page.evaluate("window.print = () => { window.imprime = 'fiche'; }")
    page.get_by_role("button", name="Imprimer la fiche").click()
    assert page.evaluate("window.imprime") == "fiche"
    assert _violations(page) == []
    page.close()
