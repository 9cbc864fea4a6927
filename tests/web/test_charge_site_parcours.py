"""The whole-site load test measures real pages: every request its visitors make
(bench/charge_site_parcours.py, what bench/locustfile_site.py sends through Locust) answers
a 2xx on the real app, served by uvicorn, with the bench's own data set-up. No timing here."""

from __future__ import annotations

from pathlib import Path

import httpx

from bench.bench_charge_site import (
    attendre_projections,
    comptes,
    geler_rapport,
    lieux_du_jeu,
)
from bench.charge_site_parcours import GROUPES, JeuDeDonnees, NavigateurHttpx, visite_complete
from mednum.demo.lieux import load_demo
from tests.conftest import run_sync
from tests.lieux_outils import hub_ouvert


def test_every_request_of_the_load_test_answers_2xx(
    live_server: str, database_dsn: str, tmp_path: Path
) -> None:
    # given the demo registry (a few places), the bench's accounts and a frozen report
    with hub_ouvert(database_dsn) as hub:
        load_demo(hub, 12)
    mediateur, financeur, jeton = run_sync(comptes(database_dsn))
    run_sync(attendre_projections(database_dsn, limite_s=60))
    jeu = JeuDeDonnees(
        lieux=run_sync(lieux_du_jeu(database_dsn)),
        mediateur=mediateur,
        financeur=financeur,
        rapport_id=geler_rapport(live_server, jeton),
    )
    chemin = tmp_path / "jeu.json"
    jeu.ecrire(chemin)  # as the bench hands it to Locust
    assert JeuDeDonnees.lire(chemin) == jeu and len(jeu.lieux) >= 10
    # when a citizen, a mediator and a financeur each make every request of the load test
    nav_citoyen, nav_mediateur, nav_financeur = navigateurs = [
        NavigateurHttpx(httpx.Client(base_url=live_server, timeout=30)) for _ in range(3)
    ]
    try:
        visite_complete(nav_citoyen, nav_mediateur, nav_financeur, jeu)  # raises unless a 2xx
    finally:
        for nav in navigateurs:
            nav.client.close()
    # then every group was requested, and the session was recorded (201)
    vus = [vu for nav in navigateurs for vu in nav.vus]
    assert {groupe for groupe, _ in vus} == set(GROUPES)
    assert ("médiateur: POST /api/v1/activites", 201) in vus
    assert all(200 <= status < 300 for _, status in vus)
