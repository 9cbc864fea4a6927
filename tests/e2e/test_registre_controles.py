"""A coordinator corrects a PIX score on the aidant's page, and sees far-away coordinates
flagged on a place's page — in a real browser, on a phone and on a desktop."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from domain.acteurs.commands import EnregistrerAidant, EnregistrerQualification
from mednum.services.acteurs import Acteurs
from tests.e2e.conftest import se_connecter
from tests.lieux_outils import hub_ouvert, recenser_en_mairie
from tests.web.conftest import create_user

SHOTS = Path("/tmp/shots")


def _donnees(dsn: str) -> tuple[uuid.UUID, uuid.UUID]:
    with hub_ouvert(dsn) as hub:
        aidant = Acteurs(hub).enregistrer_aidant(
            EnregistrerAidant(
                command_id=uuid.uuid4(),
                prenom="Camille",
                nom="Martin",
                type_aidant="conseiller_numerique",
            ),
            "e2e",
        )
        for type_, score in (
            ("formation_aidants_connect", None),
            ("test_pix_aidants_connect", 150),
        ):
            Acteurs(hub).enregistrer_qualification(
                aidant.id,
                EnregistrerQualification(
                    command_id=uuid.uuid4(), type=type_, obtenue_le=date(2025, 2, 1), score=score
                ),
                "e2e",
            )
        # Dijon's commune, coordinates near Aix-en-Provence.
        lieu_id = recenser_en_mairie(
            hub, "e2e", "Médiathèque mal placée", "21231", "21000", 43.5261, 5.4142
        )
        return aidant.id, lieu_id


def test_a_coordinator_corrects_a_pix_score_and_sees_coordinates_to_check(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    create_user(database_dsn, "coord@example.fr", "coordinateur")
    aidant_id, lieu_id = _donnees(database_dsn)
    for nom, taille in (("telephone", (390, 844)), ("bureau", (1280, 900))):
        page = browser.new_page(viewport={"width": taille[0], "height": taille[1]})
        se_connecter(page, live_server, "coord@example.fr")
        # the place's page says its coordinates are far from Dijon
        page.goto(f"{live_server}/lieux/{lieu_id}?apres=999999")
        page.goto(f"{live_server}/lieux/{lieu_id}")
        assert page.get_by_text("Coordonnées à vérifier : à 423 km de Dijon.").count() == 1
        page.screenshot(path=str(SHOTS / f"registre-lieu-{nom}.png"), full_page=True)
        # the aidant's page: the PIX test of 150 grants nothing; it is corrected to 300
        page.goto(f"{live_server}/aidants/{aidant_id}")
        if nom == "telephone":
            assert "(score 150)" in page.content()
            rangee = page.locator("tr", has_text="Test PIX Aidants Connect")
            rangee.get_by_text("Corriger ou annuler").click()
            rangee.get_by_label("Score PIX (sur 1024)").fill("300")
            rangee.get_by_label("Motif de la correction").fill("score mal lu sur l'attestation")
            page.screenshot(path=str(SHOTS / "registre-aidant-correction.png"), full_page=True)
            rangee.get_by_role("button", name="Corriger").click()
            page.wait_for_selector("text=(score 300)")
        assert "(score 300)" in page.content() and "(score 150)" not in page.content()
        page.screenshot(path=str(SHOTS / f"registre-aidant-{nom}.png"), full_page=True)
        page.close()
