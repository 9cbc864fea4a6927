"""The fast entry form in a real browser: a mediator with some history records a typical
individual session in at most 4 user actions after opening the form (counted here), and can
do it from the keyboard alone."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from domain.activites.commands import EnregistrerActivite
from domain.lieux.commands import RecenserLieu
from mednum.accounts import Role, User
from mednum.infra.communes import referentiel_communes
from mednum.infra.eventstore import open_event_store
from mednum.services.activites import Activites
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from tests.web.conftest import PASSWORD, create_user

EMAIL = "med@example.fr"
MAX_ACTIONS = 4


def _historique(dsn: str) -> int:
    """A place and three past sessions of the mediator there (30 min, e-mail, phone);
    returns the log position of the last one."""
    app = open_event_store(dsn)
    try:
        hub = Hub(app, referentiel_communes())
        lieu_id = (
            Lieux(hub)
            .recenser_lieu(
                RecenserLieu(
                    command_id=uuid.uuid4(),
                    nom="Médiathèque Champollion",
                    adresse="14 rue Champollion",
                    code_postal="21000",
                    code_insee="21231",
                    latitude=47.3325,
                    longitude=5.0512,
                ),
                "coord@example.fr",
            )
            .id
        )
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
    finally:
        app.close()


class Compteur:
    """The user's actions on the page, counted: each click, fill or key press is one."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.actions: list[str] = []

    def clique(self, selecteur: str) -> None:
        self.actions.append(f"clic {selecteur}")
        self.page.locator(selecteur).click()

    def touche(self, touche: str) -> None:
        self.actions.append(f"touche {touche}")
        self.page.keyboard.press(touche)


def _ouvrir_formulaire(browser: Any, live_server: str, position: int) -> tuple[Any, list[str]]:
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_server}/connexion")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/connexion" not in url)
    page.goto(f"{live_server}/api/v1/activites?apres={position}")  # history projected
    page.goto(f"{live_server}/activites/nouvelle")
    return page, problems


def _derniere_activite(page: Any, live_server: str) -> dict[str, Any]:
    reponse = page.request.get(f"{live_server}/api/v1/activites?limit=1")
    items: list[dict[str, Any]] = reponse.json()["items"]
    return items[0]


def test_a_typical_session_takes_at_most_four_actions(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    # given a mediator whose last sessions were 30 min of e-mail on a phone at a médiathèque
    create_user(database_dsn, EMAIL, "mediateur")
    position = _historique(database_dsn)
    page, problems = _ouvrir_formulaire(browser, live_server, position)
    # then the form opens pre-filled: today, the place, the phone, 30 min and e-mail
    assert page.locator("#duree-30").is_checked()
    assert page.locator("#thematiques-email").is_checked()
    assert page.locator("#materiel-telephone").is_checked()
    assert "Médiathèque Champollion" in page.locator("#lieu_id option:checked").inner_text()
    # and the administrative thématiques stay out of the way until asked for
    assert page.locator("#thematiques-administratives").is_hidden()
    # when today's session (45 min, e-mail and office software) is recorded
    compteur = Compteur(page)
    compteur.clique("label[for=duree-45]")
    compteur.clique("label[for=thematiques-bureautique]")
    compteur.clique("button.saisie-envoi")
    page.wait_for_selector("text=Activité enregistrée")
    # then it took at most 4 actions, and the activity is saved as meant
    assert len(compteur.actions) <= MAX_ACTIONS, compteur.actions
    activite = _derniere_activite(page, live_server)
    assert activite["duree"] == 45
    assert activite["thematiques"] == ["email", "bureautique"]
    assert activite["materiel"] == ["telephone"]
    assert activite["lieu_nom"].startswith("Médiathèque Champollion")
    assert activite["date"] == datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()
    assert not problems, problems
    page.close()


def test_the_form_works_from_the_keyboard_and_reveals_administrative_themes(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    create_user(database_dsn, EMAIL, "mediateur")
    position = _historique(database_dsn)
    page, problems = _ouvrir_formulaire(browser, live_server, position)
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
