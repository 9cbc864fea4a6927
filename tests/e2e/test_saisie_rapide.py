"""The fast entry form in a real browser: a mediator with some history records a typical
individual session, whose thématique is not the pre-filled one, in at most 4 user actions
on a phone (every trusted tap and key press counted by the page itself, from the form's
opening to the saved page), on a form that fits in two screens of the phone, and can do it
from the keyboard alone."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from domain.activites.commands import EnregistrerActivite
from mednum.accounts import Role, User
from mednum.services.activites import Activites
from tests.e2e.conftest import se_connecter
from tests.e2e.outils_navigation import TELEPHONE_TACTILE, aller_apres, problemes_de
from tests.lieux_outils import hub_ouvert, recenser
from tests.web.conftest import create_user

EMAIL = "med@example.fr"
MAX_ACTIONS = 4


def _historique(dsn: str) -> int:
    """A place and three past sessions of the mediator there (30 min, e-mail, phone);
    returns the log position of the last one."""
    with hub_ouvert(dsn) as hub:
        lieu_id = recenser(hub, "coord@example.fr")
        user = User(id=uuid.uuid4(), email=EMAIL, role=Role.MEDIATEUR)
        aujourdhui = datetime.now(ZoneInfo("Europe/Paris")).date()
        position = 0
        for jours in (3, 2, 1):
            resultat = Activites(hub).enregistrer(
                EnregistrerActivite(
                    command_id=uuid.uuid4(),
                    type="individuel",
                    date=aujourdhui - timedelta(days=jours),
                    duree=30,
                    type_lieu="lieu_activite",
                    lieu_id=lieu_id,
                    materiel=["telephone"],
                    thematiques=["email"],
                ),
                user,
            )
            position = resultat.notification_id or position
        return position


# Every trusted user event from the form's opening to the saved page, kept in sessionStorage
# across the post: a tap or click is one pointerdown, a key press one keydown. Events the
# page's own scripts make (isTrusted false) are not the person's and are not counted.
COMPTEUR = """
(() => {
  if (!sessionStorage.getItem("actions")) { sessionStorage.setItem("actions", "[]"); }
  const noter = (evt) => {
    if (!evt.isTrusted) { return; }
    const cible = evt.target;
    const nom = cible && (cible.id || (cible.getAttribute && cible.getAttribute("for"))
      || cible.tagName);
    const actions = JSON.parse(sessionStorage.getItem("actions"));
    actions.push(evt.type + " " + (evt.key || "") + " " + nom);
    sessionStorage.setItem("actions", JSON.stringify(actions));
  };
  window.addEventListener("pointerdown", noter, true);
  window.addEventListener("keydown", noter, true);
})();
"""


def _ouvrir_formulaire(hote: Any, live_server: str, dsn: str) -> tuple[Any, list[str]]:
    """Given the mediator and its history (`_historique`), a new page of `hote` (a browser
    or a context) logged in on the entry form: the page and what goes wrong on it."""
    create_user(dsn, EMAIL, "mediateur")
    position = _historique(dsn)
    page = hote.new_page()
    page.add_init_script(COMPTEUR)
    problems = problemes_de(page)
    se_connecter(page, live_server, EMAIL)
    aller_apres(page, live_server, "activites", position, "/activites/nouvelle")
    return page, problems


def _derniere_activite(page: Any, live_server: str) -> dict[str, Any]:
    reponse = page.request.get(f"{live_server}/api/v1/activites?limit=1")
    items: list[dict[str, Any]] = reponse.json()["items"]
    return items[0]


def test_a_typical_session_takes_at_most_four_actions_on_a_phone(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    # given a mediator whose last sessions were 30 min of e-mail on a phone at a médiathèque
    contexte = browser.new_context(**TELEPHONE_TACTILE)
    page, problems = _ouvrir_formulaire(contexte, live_server, database_dsn)
    # then the form opens pre-filled: today, the place, the phone, 30 min and e-mail
    assert page.locator("#duree-30").is_checked()
    assert page.locator("#thematiques-email").is_checked()
    assert page.locator("#materiel-telephone").is_checked()
    assert "Médiathèque Champollion" in page.locator("#lieu_id option:checked").inner_text()
    # and the administrative thématiques stay out of the way until asked for
    assert page.locator("#thematiques-administratives").is_hidden()
    # and the whole form, its submit button included, fits in two screens of the phone
    fin = page.evaluate(
        "document.getElementById('saisie-activite').getBoundingClientRect().bottom + window.scrollY"
    )
    assert fin <= 2 * 844, fin
    # when today's session, 45 min of office software and not e-mail, is recorded by taps,
    # every trusted event of the person counted from now until the saved page
    page.evaluate("sessionStorage.setItem('actions', '[]')")
    page.locator("label[for=duree-45]").tap()
    page.locator("label[for=thematiques-email]").tap()
    page.locator("label[for=thematiques-bureautique]").tap()
    page.get_by_role("button", name="Enregistrer", exact=True).tap()
    page.wait_for_selector("text=Activité enregistrée")
    actions = page.evaluate("JSON.parse(sessionStorage.getItem('actions'))")
    # then the person acted 4 times at most (and the counter did see them)
    assert 0 < len(actions) <= MAX_ACTIONS, actions
    # and the activity is saved as meant
    activite = _derniere_activite(page, live_server)
    assert activite["duree"] == 45
    assert activite["thematiques"] == ["bureautique"]
    assert activite["materiel"] == ["telephone"]
    assert activite["lieu_nom"].startswith("Médiathèque Champollion")
    assert activite["date"] == datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()
    assert not problems, problems
    contexte.close()


def test_the_form_works_from_the_keyboard_and_reveals_administrative_themes(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    page, problems = _ouvrir_formulaire(browser, live_server, database_dsn)
    # when « Aide aux démarches administratives » is ticked from the keyboard
    page.focus("#thematiques-aide_aux_demarches_administratives")
    page.keyboard.press("Space")
    # then the administrative thématiques appear
    assert page.locator("#thematiques-administratives").is_visible()
    page.focus("#thematiques-logement")
    page.keyboard.press("Space")
    # and Enter on a box records the session
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Activité enregistrée")
    activite = _derniere_activite(page, live_server)
    assert activite["thematiques"] == ["email", "aide_aux_demarches_administratives", "logement"]
    assert not problems, problems
    page.close()


def test_a_half_typed_row_of_the_seance_rapide_says_all_that_is_missing(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    # given a mediator with a place and some history, on a phone
    contexte = browser.new_context(**TELEPHONE_TACTILE)
    page, problems = _ouvrir_formulaire(contexte, live_server, database_dsn)
    page.goto(f"{live_server}/activites/seance-rapide")
    page.locator("#type_lieu-lieu_activite").check()
    # when the first person gets only a gender and the second a full session
    page.locator("#l0_genre").select_option(index=1)
    page.locator("#l1_duree").select_option("30")
    page.locator("#l1_t-email").check()
    page.get_by_role("button", name="Enregistrer les séances").click()
    # then (once the page has checked the server is reachable and sent the form) the second
    # is saved and the first lists both of its missing fields
    expect(page.locator("#ligne-2")).to_contain_text("Personne 2 — enregistrée")
    erreurs = page.locator("#ligne-1-erreur li")
    assert erreurs.count() == 2
    texte = page.locator("#ligne-1-erreur").inner_text()
    assert "Choisissez une durée." in texte and "Cochez au moins une thématique." in texte
    page.screenshot(path="/tmp/seance_rapide_erreurs_390.png", full_page=True)
    # the 422 the page was answered with is the only thing the console reports
    assert [p for p in problems if "422" not in p] == []
    contexte.close()
