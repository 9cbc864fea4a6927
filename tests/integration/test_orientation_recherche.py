"""The citizen's search on a real PostgreSQL: « faites-le pour moi » finds the places where
an aidant habilitated to Aidants Connect works (valid, active habilitations only), and a
proposal with no place near widens its search rather than coming back empty."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg

from domain.orientation.moteur import Situation
from mednum.infra.projector import Projector
from mednum.services.executeur import Hub
from projections.lieux import LieuxProjection
from projections.orientation_requetes import Position, aidants_habilites, rechercher
from tests.conftest import run_sync
from tests.integration.outils_projection import projeter_puis
from tests.lieux_outils import recenser

DEMARCHES = "Aide aux démarches administratives"
DIJON = Position(latitude=47.3220, longitude=5.0415, libelle="Dijon")
VENDREDI_SOIR = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)


def _lieu(hub: Hub, nom: str, latitude: float, **champs: Any) -> uuid.UUID:
    return recenser(
        hub,
        nom=nom,
        adresse="1 rue de la Liberté",
        latitude=latitude,
        longitude=5.0415,
        services=[DEMARCHES],
        **champs,
    )


async def _aidant(
    conn: asyncpg.Connection, lieux: list[uuid.UUID], *, expire: date | None, actif: bool = True
) -> None:
    await conn.execute(
        "INSERT INTO aidants (id, version, prenom, nom, type_aidant, lieux, desactive, "
        "habilite_aidants_connect, habilitation_le, habilitation_expire_le, cree_le, cree_par, "
        "modifie_le, modifie_par) VALUES ($1, 1, 'Camille', 'Martin', 'benevole', $2, $3, true, "
        "$4, $5, now(), 'test', now(), 'test')",
        uuid.uuid4(),
        lieux,
        not actif,
        date(2026, 1, 1),
        expire,
    )


def test_do_it_for_me_finds_places_where_habilitated_aidants_work(
    hub: Hub, database_dsn: str
) -> None:
    # given three places offering démarches, none declaring a label
    avec_aidants = _lieu(hub, "Centre social", 47.3225, telephone="03 80 11 22 33")
    expire = _lieu(hub, "Médiathèque", 47.3230)
    desactive = _lieu(hub, "Mairie", 47.3235)
    demain = date.today() + timedelta(days=1)

    async def run() -> tuple[dict[uuid.UUID, int], list[Any]]:
        conn = await asyncpg.connect(database_dsn)
        try:
            await Projector(LieuxProjection()).catch_up(conn)
            # two valid habilitations at the first place, an expired one at the second, a
            # deactivated aidant at the third
            await _aidant(conn, [avec_aidants], expire=demain)
            await _aidant(conn, [avec_aidants, expire], expire=None)
            await _aidant(conn, [expire], expire=date(2025, 1, 1))
            await _aidant(conn, [desactive], expire=None, actif=False)
            compte = await aidants_habilites(conn, [avec_aidants, expire, desactive])
            situation = Situation(niveau=2, drapeaux=("souhaite_qu_on_fasse_pour_lui",))
            trouve = await rechercher(conn, situation, DIJON, maintenant=VENDREDI_SOIR)
            return compte, trouve
        finally:
            await conn.close()

    compte, resultats = run_sync(run())
    # then each place counts its valid, active habilitations only
    assert compte == {avec_aidants: 2, expire: 1}
    # and « faites-le pour moi » proposes the places with an habilitated aidant, with a phone
    r1 = resultats[0]
    assert r1.proposition.regle == "R1"
    assert [lieu.id for lieu in r1.lieux] == [avec_aidants, expire]
    assert r1.lieux[0].telephone == "+33380112233"
    assert "2 aidants habilités Aidants Connect sur place" in r1.lieux[0].raisons
    assert r1.messages == ()


def test_a_place_far_away_is_found_by_widening(hub: Hub, database_dsn: str) -> None:
    # given the only place 60 km north of Dijon
    loin = _lieu(hub, "France Services de Montbard", 47.86, horaires="Sa 09:00-12:00")

    async def run(conn: asyncpg.Connection) -> list[Any]:
        return await rechercher(conn, Situation(niveau=1), DIJON, maintenant=VENDREDI_SOIR)

    (r3,) = projeter_puis(database_dsn, run, LieuxProjection())
    # then it is proposed (it does démarches, not the offer: it can direct the person),
    # with today's hours and when it opens next
    assert [lieu.id for lieu in r3.lieux] == [loin]
    assert "peuvent vous orienter" in r3.messages[-1]
    assert r3.lieux[0].aujourdhui == "vendredi : fermé"
    assert "fermé maintenant, ouvre demain à 9 h" in r3.lieux[0].raisons
