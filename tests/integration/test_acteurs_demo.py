"""The actors' demo: realistic volumes, and nothing new the second time."""

from __future__ import annotations

from typing import Any

from mednum.demo.acteurs import demo_acteurs
from mednum.demo.lieux import demo_commands
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from projections.acteurs import ActeursProjection
from tests.integration.outils_projection import compter


def test_the_demo_creates_structures_and_aidants_once(hub: Hub, database_dsn: str) -> None:
    lieux = [Lieux(hub).recenser_lieu(c, "demo@mednum").id for c in demo_commands(hub.communes, 40)]
    aidants = demo_acteurs(hub, lieux)
    assert len(aidants) == 400 and len(set(aidants)) == 400

    requetes: dict[str, str | tuple[str, Any]] = {
        "events": "SELECT count(*) FROM mednum_events",
        "structures": "SELECT count(*) FROM structures",
        "aidants": "SELECT count(*) FROM aidants",
        "habilites": "SELECT count(*) FROM aidants WHERE habilite_aidants_connect",
        "deux_structures": (
            "SELECT count(*) FROM (SELECT aidant_id FROM affiliations "
            "GROUP BY aidant_id HAVING count(DISTINCT structure_id) > 1) x"
        ),
        "terminees": "SELECT count(*) FROM affiliations WHERE fin IS NOT NULL",
        "pix_expires": (
            "SELECT count(*) FROM qualifications WHERE type = 'test_pix_aidants_connect' "
            "AND expire_le < current_date"
        ),
        "conseillers": "SELECT count(*) FROM aidants WHERE type_aidant = 'conseiller_numerique'",
    }

    premiers = compter(database_dsn, requetes, ActeursProjection())
    assert premiers["structures"] == 60 and premiers["aidants"] == 400
    for cle in ("habilites", "deux_structures", "terminees", "pix_expires"):
        assert premiers[cle] > 5, (cle, premiers)
    assert premiers["conseillers"] > 80
    # run again: every command is found in its receipts
    assert demo_acteurs(hub, lieux) == aidants
    assert compter(database_dsn, requetes, ActeursProjection()) == premiers
