"""The demo's funding applications and Pass numérique orders: realistic, loaded once, and
each step recorded on its own day (the demo has a history)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import asyncpg

from domain.pass_numerique.state import carnet_id
from mednum.demo import financements, pass_numerique
from mednum.demo.acteurs import demo_acteurs
from mednum.demo.chronologie import PARIS
from mednum.demo.financements import demo_financements
from mednum.demo.lieux import load_demo
from mednum.demo.mediation import load_demo_mediation
from mednum.services.executeur import Hub
from projections.pass_numerique_requetes import indicateurs_pass
from tests.integration.test_financements_pass import projeter_et_lire


def test_the_demo_funds_and_pass_are_realistic_and_loaded_once(hub: Hub, database_dsn: str) -> None:
    # given the demo places, structures and a few people
    lieu_ids, _ = load_demo(hub, 60)
    demo_acteurs(hub, lieu_ids)
    load_demo_mediation(hub, lieu_ids, nb_personnes=200, nb_mediateurs=4, nb_jours=10)
    # when the demo funds and pass are loaded, twice
    dossiers, scans = demo_financements(hub, lieu_ids)
    assert demo_financements(hub, lieu_ids) == (dossiers, scans)

    async def lire(conn: asyncpg.Connection, _communes: list[str]) -> tuple[object, ...]:
        bfc = [
            r["code_insee"]
            for r in await conn.fetch("SELECT code_insee FROM communes WHERE region = '27'")
        ]
        statuts = dict(
            await conn.fetch("SELECT statut, count(*) FROM financements GROUP BY statut")
        )
        pass_ = await indicateurs_pass(conn, bfc, date(2025, 1, 1), date(2026, 12, 31))
        return statuts, pass_, await conn.fetchval("SELECT count(*) FROM pass_scans")

    statuts, ind, nb_scans = projeter_et_lire(database_dsn, lire)  # type: ignore[misc]
    # then 25 applications across statuses, 2 orders used at a realistic rate, nothing twice
    assert statuts == {"accorde": 15, "refuse": 5, "depose": 5}
    assert nb_scans == scans
    assert ind.carnets_emis == 320
    assert 0.4 <= ind.taux_utilisation <= 0.6, ind.taux_utilisation
    assert ind.beneficiaires_avec_scan > 50
    # and each step was recorded on its own day or just after (never before it), in order
    ids = [financements._id("financement", i) for i in range(25)]
    for rang, carnets in enumerate((200, 120)):
        commande_id = pass_numerique._id("commande", rang)
        ids += [commande_id, *(carnet_id(commande_id, n) for n in range(1, carnets + 1))]
    ids = [i for i in ids if hub.events(i)]  # carnets never given out have no events
    le_jour_meme = 0
    for record_id in ids:
        events = hub.events(record_id)
        instants = [e.timestamp for e in events]
        assert instants == sorted(instants) and instants[-1] < datetime.now(UTC)
        for event in events:
            jour = next(getattr(event, c) for c in _DATES if hasattr(event, c))
            recorde = event.timestamp.astimezone(PARIS).date()
            assert recorde >= jour, (type(event).__name__, jour, recorde)
            le_jour_meme += recorde == jour
    # (most on their day: a step of a structure recorded later waits for it)
    assert le_jour_meme > 0.8 * sum(len(hub.events(i)) for i in ids)


_DATES = ("date_scan", "date_injection", "date_remise", "date_commande", "date_decision")
_DATES += ("date_depot",)
