"""Enrolling an aidant in a training session among many: the coordinator types part of a name
and picks the aidant from the matches instead of scrolling a list of hundreds."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from domain.acteurs.commands import EnregistrerAidant
from domain.formations.commands import CreerParcours, ProgrammerSession
from mednum.services.acteurs import Acteurs
from mednum.services.formations import Formations
from tests.e2e.conftest import se_connecter
from tests.lieux_outils import hub_ouvert
from tests.web.conftest import create_user

EMAIL = "coord@example.fr"
NOMS = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand")


def _session_et_aidants(dsn: str) -> tuple[uuid.UUID, int]:
    """A distance session of a path for conseillers numériques, and 40 of them to enrol;
    returns the session id and the log position of the last write."""
    with hub_ouvert(dsn) as hub:
        position = 0
        for i in range(40):
            prenom = "Léna" if i == 17 else f"Prénom{i}"
            resultat = Acteurs(hub).enregistrer_aidant(
                EnregistrerAidant(
                    command_id=uuid.uuid4(),
                    prenom=prenom,
                    nom="Écuyer" if i == 17 else NOMS[i % len(NOMS)],
                    type_aidant="conseiller_numerique",
                ),
                EMAIL,
            )
            position = max(position, resultat.notification_id or 0)
        formations = Formations(hub)
        parcours = formations.creer_parcours(
            CreerParcours(
                command_id=uuid.uuid4(),
                titre="Accueillir les publics fragiles",
                duree_heures=7,
                types_aidant=["conseiller_numerique"],
            ),
            EMAIL,
        )
        demain = datetime.now(ZoneInfo("Europe/Paris")).date() + timedelta(days=1)
        session = formations.programmer_session(
            ProgrammerSession(
                command_id=uuid.uuid4(),
                parcours_id=parcours.id,
                debut=demain,
                fin=demain,
                mode="distance",
                modalites_distance="Visio, lien envoyé la veille",
                formateur="Claire Formatrice",
                capacite=12,
            ),
            EMAIL,
        )
        return session.id, max(position, session.notification_id or 0)


def test_a_coordinator_finds_the_aidant_to_enrol_by_typing_part_of_a_name(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    # given a coordinator and a session open to 40 conseillers numériques
    create_user(database_dsn, EMAIL, "coordinateur")
    session_id, position = _session_et_aidants(database_dsn)
    for largeur, hauteur in ((390, 844), (1280, 800)):
        contexte = browser.new_context(viewport={"width": largeur, "height": hauteur})
        page = contexte.new_page()
        se_connecter(page, live_server, EMAIL)
        page.goto(f"{live_server}/formations/sessions/{session_id}?apres={position}")
        # when she types « ecuy » (no accent) in the search box
        page.get_by_label("Rechercher un aidant").fill("ecuy")
        # then one match is offered, and choosing it selects that aidant for enrolment
        propositions = page.locator(".personnes-resultats button")
        assert propositions.count() == 1
        assert "Écuyer Léna" in propositions.first.inner_text()
        propositions.first.click()
        choisi = page.locator("#aidant_id option:checked").inner_text()
        assert choisi.startswith("Écuyer Léna")
        page.screenshot(path=f"/tmp/inscription_recherche_{largeur}.png")
        # and an unknown name says so
        page.get_by_label("Rechercher un aidant").fill("zzz")
        assert "Aucun aidant ne correspond." in page.locator(".personnes-resultats").inner_text()
        contexte.close()
