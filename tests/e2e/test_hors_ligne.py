"""Offline entry in a real browser (issue 16): a mediator logged in once goes offline
(Playwright's `context.set_offline`, which the service worker's fetches obey too), records
an individual session for a followed person, a workshop and an anonymous session, reloads
the page with no network (the service worker serves it; the outbox is still there), comes
back online and the three sessions reach the server exactly once, with their dates, even
when the outbox is sent twice. A session refused meanwhile (its place closed) stays in the
outbox with the server's French message; logging out erases what the device kept."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from domain.activites.commands import EnregistrerActivite
from domain.beneficiaires.commands import EnregistrerBeneficiaire
from domain.lieux.commands import FermerLieu
from mednum.accounts import Role, User
from mednum.services.activites import Activites
from mednum.services.beneficiaires import Beneficiaires
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from tests.e2e.conftest import se_connecter
from tests.e2e.outils_navigation import TELEPHONE_TACTILE, aller_apres
from tests.lieux_outils import hub_ouvert, recenser
from tests.web.conftest import create_user

EMAIL = "itinerante@example.fr"
PRET = "body[data-hors-ligne=pret]"
LISTER = "() => window.MedNumHorsLigne.lister()"
BASES = "async () => (await indexedDB.databases()).map((d) => d.name)"
CACHES = "async () => (await caches.keys())"


class Donnees:
    """What the server holds before the day starts: a place, a followed person, one past
    session there (so the mediator's département, and its communes, are known)."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        with hub_ouvert(dsn) as hub:
            self.lieu_id = self._lieu(hub, "Médiathèque Champollion")
            self.autre_lieu_id = self._lieu(hub, "Mairie annexe des Grésilles")
            self.personne_id = (
                Beneficiaires(hub)
                .enregistrer(
                    EnregistrerBeneficiaire(
                        command_id=uuid.uuid4(),
                        suivi=True,
                        consentement=True,
                        prenom="Camille",
                        nom="Martin",
                    ),
                    EMAIL,
                )
                .id
            )
            user = User(id=uuid.uuid4(), email=EMAIL, role=Role.MEDIATEUR)
            resultat = Activites(hub).enregistrer(
                EnregistrerActivite(
                    command_id=uuid.uuid4(),
                    type="individuel",
                    date=aujourdhui() - timedelta(days=10),
                    duree=30,
                    type_lieu="lieu_activite",
                    lieu_id=self.lieu_id,
                    materiel=["telephone"],
                    thematiques=["email"],
                ),
                user,
            )
            self.position = resultat.notification_id or 0

    @staticmethod
    def _lieu(hub: Hub, nom: str) -> uuid.UUID:
        return recenser(hub, "coord@example.fr", nom=nom)

    def fermer(self, lieu_id: uuid.UUID) -> None:
        with hub_ouvert(self.dsn) as hub:
            Lieux(hub).fermer_lieu(
                lieu_id, FermerLieu(command_id=uuid.uuid4(), version=1), "coord@example.fr"
            )


def aujourdhui() -> date:
    return datetime.now(ZoneInfo("Europe/Paris")).date()


@pytest.fixture
def donnees(database_dsn: str) -> Donnees:
    create_user(database_dsn, EMAIL, "mediateur")
    return Donnees(database_dsn)


@pytest.fixture
def telephone(browser: Any) -> Iterator[tuple[Any, Any, list[str]]]:
    contexte = browser.new_context(**TELEPHONE_TACTILE)
    page = contexte.new_page()
    problemes: list[str] = []
    page.on("pageerror", lambda e: problemes.append(str(e)))
    page.on("dialog", lambda d: d.accept())
    yield contexte, page, problemes
    contexte.close()


def ouvrir_la_saisie(page: Any, live_server: str, position: int) -> list[dict[str, Any]]:
    """Logged in with the network, on the entry form once the offline data is kept; returns
    the activities the server has then."""
    se_connecter(page, live_server, EMAIL)
    aller_apres(page, live_server, "activites", position, "/activites/nouvelle")
    page.wait_for_selector(PRET, state="attached")
    return activites_du_serveur(page, live_server)


def photo(page: Any, nom: str) -> None:
    """A screenshot to look at, when MEDNUM_CAPTURES names a directory."""
    if dossier := os.environ.get("MEDNUM_CAPTURES"):
        page.screenshot(path=f"{dossier}/{nom}.png", full_page=True)


def choisir(page: Any, *ids: str) -> None:
    for ident in ids:
        page.locator(f"label[for='{ident}']").click()


def garder(page: Any) -> None:
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_selector("#hors-ligne-annonce.alerte--success")


def individuel_suivi(page: Any, donnees: Donnees, jour: date) -> None:
    page.fill("#date", jour.isoformat())
    page.select_option("#beneficiaire_choix", str(donnees.personne_id))
    # (e-mail and the phone are pre-selected from the mediator's history)
    choisir(page, "duree-45", "type_lieu-lieu_activite")
    page.select_option("#lieu_id", str(donnees.lieu_id))
    garder(page)


def atelier(page: Any, jour: date) -> None:
    page.fill("#date", jour.isoformat())
    page.fill("#titre_atelier", "Découvrir sa boîte mail")
    choisir(page, "duree-60", "type_lieu-autre")
    page.fill("#commune", "Dijon")
    page.fill("[name=p_total]", "5")
    garder(page)


def anonyme(page: Any, jour: date) -> None:
    page.fill("#date", jour.isoformat())
    page.fill("#duree_autre", "25")
    choisir(page, "thematiques-bureautique", "type_lieu-a_distance")
    garder(page)


def activites_du_serveur(page: Any, live_server: str) -> list[dict[str, Any]]:
    reponse = page.request.get(f"{live_server}/api/v1/activites?limit=50&du=2000-01-01")
    assert reponse.ok, reponse.text()
    items: list[dict[str, Any]] = reponse.json()["items"]
    return items


def apres_projection(page: Any, live_server: str, nombre: int) -> list[dict[str, Any]]:
    """The server's activities once the read model holds `nombre` of them (the outbox does
    not wait for the projection; a few seconds at most), or what it holds then."""
    for _ in range(50):
        items = activites_du_serveur(page, live_server)
        if len(items) >= nombre:
            break
        page.wait_for_timeout(200)
    return items


def envoyer(page: Any) -> list[dict[str, Any]]:
    restants: list[dict[str, Any]] = page.evaluate("() => window.MedNumHorsLigne.envoyer()")
    return restants


def test_three_sessions_recorded_offline_reach_the_server_exactly_once(
    telephone: tuple[Any, Any, list[str]], live_server: str, donnees: Donnees
) -> None:
    contexte, page, problemes = telephone
    avant = ouvrir_la_saisie(page, live_server, donnees.position)
    hier, avant_hier, jour = aujourdhui() - timedelta(1), aujourdhui() - timedelta(2), aujourdhui()
    # when the network goes and three sessions are recorded
    contexte.set_offline(True)
    individuel_suivi(page, donnees, hier)
    page.goto(f"{live_server}/activites/nouvelle?type=collectif")
    atelier(page, avant_hier)
    page.goto(f"{live_server}/activites/nouvelle")
    anonyme(page, jour)
    photo(page, "formulaire-hors-ligne-390")
    # then, reloaded with no network, the page is there and so are the three, with their count
    page.reload()
    page.wait_for_selector(PRET, state="attached")
    assert page.locator("[data-hors-ligne-reseau]").is_visible()
    # (the count follows the outbox's write: wait for it, as the person would)
    expect(page.locator("[data-hors-ligne-compte]")).to_have_text("3 séances en attente d'envoi")
    assert page.locator("[data-hors-ligne-envoyer]").is_visible()
    gardees = page.evaluate(LISTER)
    assert [i["commande"]["type"] for i in gardees] == ["individuel", "collectif", "individuel"]
    assert gardees[0]["commande"]["beneficiaire_id"] == str(donnees.personne_id)
    assert gardees[1]["commande"]["commune"] == "21231"
    assert gardees[2]["commande"]["profil"]["genre"] == "non_communique"
    page.goto(f"{live_server}/activites/hors-ligne")
    page.wait_for_selector(".hors-ligne-envoi")
    photo(page, "en-attente-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    photo(page, "en-attente-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    # when the network comes back and the outbox is sent
    contexte.set_offline(False)
    assert envoyer(page) == []
    # then the server has exactly three new activities, with the dates recorded
    nouvelles = [a for a in apres_projection(page, live_server, len(avant) + 3) if a not in avant]
    assert sorted((a["date"], a["type"], a["duree"]) for a in nouvelles) == [
        (avant_hier.isoformat(), "collectif", 60),
        (hier.isoformat(), "individuel", 45),
        (jour.isoformat(), "individuel", 25),
    ]
    # when the same three are sent again (a double sync: the answers were lost, say)
    page.evaluate("(items) => Promise.all(items.map(window.MedNumHorsLigne.ajouter))", gardees)
    assert len(page.evaluate(LISTER)) == 3
    assert envoyer(page) == []
    # then the server still has three, not six
    page.wait_for_timeout(1000)  # time for a duplicate, were there one, to be projected
    assert len(activites_du_serveur(page, live_server)) == len(avant) + 3
    assert not problemes, problemes


def test_a_refused_session_stays_with_its_message_and_logout_erases_the_device(
    telephone: tuple[Any, Any, list[str]], live_server: str, donnees: Donnees
) -> None:
    contexte, page, problemes = telephone
    avant = ouvrir_la_saisie(page, live_server, donnees.position)
    # given two sessions recorded offline, one at a place closed meanwhile
    contexte.set_offline(True)
    individuel_suivi(page, donnees, aujourdhui())
    anonyme(page, aujourdhui())
    # (the count follows the outbox's write: wait for it, as the person would)
    expect(page.locator("[data-hors-ligne-compte]")).to_have_text("2 séances en attente d'envoi")
    donnees.fermer(donnees.lieu_id)
    # when the network comes back (the browser sends by itself)
    contexte.set_offline(False)
    page.goto(f"{live_server}/activites/hors-ligne")
    page.wait_for_selector(PRET, state="attached")
    page.wait_for_selector(".hors-ligne-envoi--refusee")
    # then the other one is recorded, and the refused one stays, with the server's message
    assert len(apres_projection(page, live_server, len(avant) + 1)) == len(avant) + 1
    restantes = page.evaluate(LISTER)
    assert len(restantes) == 1 and restantes[0]["etat"] == "refusee"
    assert "Ce lieu est fermé" in page.locator(".hors-ligne-envoi").inner_text()
    photo(page, "refusee-390")
    # and it can be corrected in its form: another place, and it goes
    page.get_by_role("link", name="Modifier").click()
    page.wait_for_selector("#hors-ligne-annonce.alerte--error")
    assert page.locator("#beneficiaire_choix").input_value() == str(donnees.personne_id)
    page.select_option("#lieu_id", str(donnees.autre_lieu_id))
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_url(f"{live_server}/activites/hors-ligne")
    page.wait_for_selector(PRET, state="attached")
    page.wait_for_function("() => document.querySelectorAll('.hors-ligne-envoi').length === 0")
    assert len(apres_projection(page, live_server, len(avant) + 2)) == len(avant) + 2
    # when one more waits and the mediator logs out (and confirms)
    contexte.set_offline(True)
    page.goto(f"{live_server}/activites/nouvelle")
    anonyme(page, aujourdhui())
    # (a session kept by mistake can be removed from the outbox, offline too)
    page.goto(f"{live_server}/activites/hors-ligne")
    page.get_by_role("button", name="Supprimer").click()
    page.wait_for_function(f"async () => (await ({LISTER})()).length === 0")
    assert page.locator("[data-hors-ligne-vide]").is_visible()
    page.goto(f"{live_server}/activites/nouvelle")
    anonyme(page, aujourdhui())
    contexte.set_offline(False)
    assert "mednum-hors-ligne" in page.evaluate(BASES)
    assert page.evaluate(CACHES)
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(lambda url: "/activites" not in url)
    # then nothing of it is left on the device
    assert "mednum-hors-ligne" not in page.evaluate(BASES)
    assert not [c for c in page.evaluate(CACHES) if c.startswith("mednum-")]
    assert not problemes, problemes


def test_offline_checks_the_rules_records_quick_sessions_and_forgets_after_days(
    telephone: tuple[Any, Any, list[str]], live_server: str, donnees: Donnees
) -> None:
    contexte, page, problemes = telephone
    avant = ouvrir_la_saisie(page, live_server, donnees.position)
    # when the browser says online but the server does not answer (a bus in a tunnel)
    page.route("**/manifest.webmanifest", lambda route: route.abort())
    anonyme(page, aujourdhui())
    # then the session is kept, not lost on a failed post, and sent by the outbox
    page.wait_for_function(f"async () => (await ({LISTER})()).length === 0")
    assert len(apres_projection(page, live_server, len(avant) + 1)) == len(avant) + 1
    page.unroute("**/manifest.webmanifest")
    contexte.set_offline(True)
    # when a session is dated tomorrow, with no network
    page.fill("#date", (aujourdhui() + timedelta(1)).isoformat())
    choisir(page, "type_lieu-a_distance")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    # then it is refused on the spot, by the server's rule, and nothing is kept
    erreur = page.locator("#hors-ligne-annonce.alerte--error")
    assert "est dans le futur" in erreur.inner_text()
    assert page.evaluate(LISTER) == []
    assert page.locator("[data-hors-ligne-envoyer]").is_hidden()
    photo(page, "refus-local-390")
    # when two people of a drop-in morning are recorded on the quick session page
    page.goto(f"{live_server}/activites/seance-rapide")
    page.wait_for_selector(PRET, state="attached")
    choisir(page, "type_lieu-a_distance", "l0_t-email")
    page.select_option("#l0_duree", "30")
    page.select_option("#l1_duree", "45")
    page.select_option("#l1_autre", "sante")
    page.get_by_role("button", name="Enregistrer les séances").click()
    page.wait_for_selector("#hors-ligne-annonce.alerte--success")
    photo(page, "seance-rapide-390")
    # then both are kept, and sent once the network is back
    assert len(page.evaluate(LISTER)) == 2
    contexte.set_offline(False)
    assert envoyer(page) == []
    # and one more typed on this page (served from the cache: an earlier visit's command_id)
    # goes through the outbox too, not by post
    assert page.locator("body[data-depuis-cache]").count() == 1
    choisir(page, "l0_t-email")
    page.select_option("#l0_duree", "60")
    page.get_by_role("button", name="Enregistrer les séances").click()
    page.wait_for_selector("#hors-ligne-annonce.alerte--success")
    nouvelles = [a for a in apres_projection(page, live_server, len(avant) + 4) if a not in avant]
    assert sorted(a["duree"] for a in nouvelles) == [25, 30, 45, 60]
    # when one more is kept and the device is not taken online for eight days (seven allowed)
    contexte.set_offline(True)
    page.goto(f"{live_server}/activites/nouvelle")
    # (a double tap keeps it once, whether its second tap comes while the first is kept or
    # just after, on the emptied form)
    choisir(page, "type_lieu-a_distance")
    enregistrer = page.get_by_role("button", name="Enregistrer", exact=True)
    enregistrer.dblclick()
    page.wait_for_selector("#hors-ligne-annonce.alerte--success")
    enregistrer.click()
    page.wait_for_timeout(500)
    assert len(page.evaluate(LISTER)) == 1
    page.clock.install(time=datetime.now() + timedelta(days=8))
    page.reload()
    page.wait_for_selector(PRET, state="attached")
    # then what the device kept is erased, and the mediator is told
    assert page.evaluate(LISTER) == []
    probleme = page.locator("[data-hors-ligne-probleme]").inner_text()
    assert "plus de 7 jours sans connexion" in probleme
    assert not problemes, problemes
