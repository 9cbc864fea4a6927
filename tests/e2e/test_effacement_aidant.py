"""An admin erases an aidant's identity from their page, in a browser: the box must be ticked
(the browser holds the form back until it is), then the page reads « Aidant effacé »; no serious
accessibility violation before or after."""

from __future__ import annotations

import uuid
from typing import Any

from domain.acteurs.commands import EnregistrerAidant
from mednum.services.acteurs import Acteurs
from tests.e2e.outils_navigation import connecte
from tests.e2e.test_accessibilite import _violations
from tests.lieux_outils import hub_ouvert


def _aidant(dsn: str) -> uuid.UUID:
    commande = EnregistrerAidant(
        command_id=uuid.uuid4(),
        prenom="Inès",
        nom="Arnaud",
        type_aidant="benevole",
        email="ines.arnaud@exemple.org",
    )
    with hub_ouvert(dsn) as hub:
        return Acteurs(hub).enregistrer_aidant(commande, "t").id


def test_an_admin_erases_an_aidant_from_their_page(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    aidant_id = _aidant(database_dsn)
    fiche = f"/aidants/{aidant_id}"
    telephone = {"width": 390, "height": 844}
    page = connecte(
        browser, live_server, database_dsn, "admin@example.fr", "admin", fiche, viewport=telephone
    )
    page.wait_for_selector("h1:has-text('Inès Arnaud')")
    assert _violations(page) == []
    # without the box ticked, the browser does not send the form
    bouton = page.get_by_role("button", name="Effacer l'identité")
    bouton.click()
    assert page.locator("#confirmation:invalid").count() == 1
    assert "Inès Arnaud" in page.locator("h1").inner_text()
    # ticked, the identity is erased
    page.get_by_label("Je confirme l'effacement définitif").check()
    bouton.click()
    page.wait_for_selector("h1:has-text('Aidant effacé')")
    assert "ines.arnaud@exemple.org" not in page.content()
    assert page.get_by_role("button", name="Effacer l'identité").count() == 0
    assert _violations(page) == []
    page.close()
