"""Tags and La Coop's file in a real browser: a mediator tags a session and sees its tags on
the activity's page; on a phone and on a desktop, imports La Coop's own export
(tests/data/coop/) and, with « Exporter » on her home page, gets a file back whose header row
is La Coop's."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import se_connecter
from tests.e2e.test_saisie_rapide import _derniere_activite, _ouvrir_formulaire
from tests.web.conftest import create_user

COOP = Path(__file__).parents[1] / "data" / "coop"
SHOTS = Path("/tmp/shots")


def entete(contenu: bytes) -> list[str]:
    feuille = load_workbook(io.BytesIO(contenu)).worksheets[0]
    rangee = next(r for r in feuille.iter_rows(values_only=True) if "ID CRA" in r)
    return [c for c in rangee if c is not None]


def test_a_session_keeps_its_tags_and_shows_them(
    browser: Any, live_server: str, database_dsn: str
) -> None:
    # given a mediator on the activity form
    page, problems = _ouvrir_formulaire(browser, live_server, database_dsn)
    # when she opens the optional details, types two tags, with a stray space and a repeated
    # one, and records
    page.locator("#precisions > summary").click()
    page.get_by_label("Tags (séparés par des virgules)").fill("Seniors,  CCAS , seniors")
    page.locator("button.saisie-envoi").click()
    page.wait_for_selector("text=Activité enregistrée")
    # then the session holds the two tags, and its page shows them
    activite = _derniere_activite(page, live_server)
    assert activite["tags"] == ["Seniors", "CCAS"]
    page.goto(f"{live_server}/activites/{activite['id']}")
    tags = page.locator("dt:text-is('Tags') + dd li")
    assert tags.all_inner_texts() == ["Seniors", "CCAS"]
    page.screenshot(path=str(SHOTS / "coop-activite-tags.png"), full_page=True)
    # and correcting the session shows them in the field, as typed
    page.goto(f"{live_server}/activites/{activite['id']}/corriger")
    assert page.get_by_label("Tags (séparés par des virgules)").input_value() == "Seniors, CCAS"
    assert not problems, problems
    page.close()


@pytest.mark.parametrize(
    "taille", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}], ids=["tel", "pc"]
)
def test_la_coops_file_comes_in_and_ours_goes_out_in_its_columns(
    browser: Any, live_server: str, database_dsn: str, taille: dict[str, int]
) -> None:
    # given a mediator on a phone (or a desktop)
    create_user(database_dsn, "telephone@example.fr", "mediateur")
    contexte = browser.new_context(viewport=taille, accept_downloads=True)
    page = contexte.new_page()
    se_connecter(page, live_server, "telephone@example.fr")
    # when she imports La Coop's export
    page.goto(f"{live_server}/activites/import-coop")
    page.get_by_label("Fichier XLSX").set_input_files(str(COOP / "coop-export-mediateur.xlsx"))
    page.get_by_role("button", name="Importer").click()
    # then she reads that its 4 activities were recorded, and what was adapted
    statut = page.get_by_role("status")
    assert "4 créée · 0 déjà importée · 0 rejetée" in statut.inner_text()
    assert page.get_by_text("Médiathèque Champollion").first.is_visible()
    page.screenshot(path=str(SHOTS / f"coop-import-{taille['width']}.png"), full_page=True)
    for _ in range(50):
        reponse = page.request.get(f"{live_server}/api/v1/activites.xlsx")
        if load_workbook(io.BytesIO(reponse.body())).worksheets[0].max_row >= 22 + 6:
            break  # the projection has the 6 accompaniments
        page.wait_for_timeout(100)
    # when she follows « Exporter » on her home page
    page.goto(f"{live_server}/")
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Exporter mes accompagnements (XLSX)").click()
    fichier = Path(telechargement.value.path()).read_bytes()
    # then the file's header row is La Coop's, word for word, above her 6 accompaniments
    assert entete(fichier) == entete((COOP / "coop-export-mediateur.xlsx").read_bytes())
    assert load_workbook(io.BytesIO(fichier)).worksheets[0].max_row >= 22 + 6
    contexte.close()
