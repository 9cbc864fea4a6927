"""The demo's two years of mediation, at a small size: rules applied, identities encrypted,
sessions only at places open on their day, a second run adds nothing."""

from __future__ import annotations

import asyncpg

from mednum.demo.lieux import load_demo
from mednum.demo.mediation import load_demo_mediation
from mednum.infra.projector import Projector
from mednum.services.executeur import Hub
from projections.catalogue import all_projections
from tests.conftest import run_sync


def test_the_mediation_demo_is_realistic_and_idempotent(hub: Hub, database_dsn: str) -> None:
    # given the demo places
    lieu_ids, _ = load_demo(hub, 20)
    # when the mediation demo runs twice, at a small size
    taille = {"nb_personnes": 80, "nb_mediateurs": 8, "nb_jours": 120}
    sauves, mediatrice = load_demo_mediation(hub, lieu_ids, **taille)
    assert load_demo_mediation(hub, lieu_ids, **taille)[0] == 0

    async def compter() -> dict[str, int]:
        conn = await asyncpg.connect(database_dsn)
        try:
            for projection in all_projections():
                await Projector(projection).catch_up(conn)
            return {
                "evenements": await conn.fetchval("SELECT count(*) FROM mednum_events"),
                "personnes": await conn.fetchval("SELECT count(*) FROM beneficiaires"),
                "suivies": await conn.fetchval("SELECT count(nom) FROM beneficiaires"),
                "activites": await conn.fetchval("SELECT count(*) FROM activites"),
                "ateliers": await conn.fetchval(
                    "SELECT count(*) FROM activites WHERE type = 'collectif'"
                ),
                "de_la_mediatrice": await conn.fetchval(
                    "SELECT count(*) FROM activites WHERE mediateur = $1", mediatrice
                ),
                "niveaux": await conn.fetchval(
                    "SELECT count(*) FROM diagnostics WHERE niveau IS NOT NULL"
                ),
                # sessions at a place not open on their day (17:30 in Paris), as the
                # registry's history says
                "hors_ouverture": await conn.fetchval(
                    "SELECT count(*) FROM activites a WHERE a.lieu_id IS NOT NULL AND NOT "
                    "EXISTS (SELECT 1 FROM lieux_intervalles l WHERE l.id = a.lieu_id AND "
                    "NOT l.ferme AND l.valide_de <= (a.date + time '17:30') AT TIME ZONE "
                    "'Europe/Paris' AND (l.valide_jusqua IS NULL OR l.valide_jusqua > "
                    "(a.date + time '17:30') AT TIME ZONE 'Europe/Paris'))"
                ),
                "noms_en_clair": await conn.fetchval(
                    "SELECT count(*) FROM mednum_events e JOIN beneficiaires b "
                    "ON e.originator_id = b.id WHERE b.nom IS NOT NULL "
                    "AND position(b.nom in convert_from(e.state, 'UTF8')) > 0"
                ),
            }
        finally:
            await conn.close()

    # then there are people, sessions, workshops and levels, and no name in clear in the log
    compte = run_sync(compter())
    assert compte["personnes"] == 80 and 0 < compte["suivies"] < 80
    assert compte["activites"] > 300 and compte["ateliers"] > 0
    assert compte["de_la_mediatrice"] > 0 and compte["niveaux"] > 0
    assert compte["noms_en_clair"] == 0
    # and every session took place at a place open that day
    assert compte["hors_ouverture"] == 0
    assert sauves > compte["activites"]
