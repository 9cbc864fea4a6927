"""A report on two connections: a custom range's people are gathered on a second connection
that sees the first one's snapshot (mednum/rapports/calcul.py, `snapshot_partage`)."""

from __future__ import annotations

import datetime as dt
import uuid

import asyncpg
import msgspec

from domain.activites.events import CompteRendu
from domain.evaluation.rapport import Periode
from mednum.rapports.calcul import calculer, mesurer, snapshot_partage
from projections.evaluation import EvaluationProjection
from tests.conftest import run_sync
from tests.integration.test_rapport_oracle import COMMUNES, TERRITOIRES, evenements

REGION = TERRITOIRES[3]
PERSONNES = [uuid.UUID(int=i + 1) for i in range(30)]


def _seances(n: int) -> list[tuple[str, CompteRendu]]:
    return [
        (
            "nouvelle",
            CompteRendu(
                type="individuel",
                autonomie="entierement_accompagne",
                date=dt.date(2026, 10, 20) + dt.timedelta(days=i % 40),
                duree=30 + 15 * (i % 5),
                type_lieu="domicile",
                commune=COMMUNES[i % 4],
                thematiques=("email",),
                beneficiaire_id=PERSONNES[i % 30],
            ),
        )
        for i in range(n)
    ]


def test_a_custom_range_measured_on_two_connections_is_the_one_measured_on_one(
    database_dsn: str,
) -> None:
    # given sessions from late October to the end of November in the région
    periodes = [
        Periode(debut=dt.date(2026, 10, 25), fin=dt.date(2026, 11, 12), libelle=""),
        Periode(debut=dt.date(2026, 11, 1), fin=dt.date(2026, 11, 30), libelle=""),
    ]

    async def run() -> list[tuple[object, object]]:
        conn = await asyncpg.connect(database_dsn)
        autre = await asyncpg.connect(database_dsn)
        try:
            async with conn.transaction():
                await EvaluationProjection().apply(conn, evenements(_seances(120))[0])
            # when the same custom range and month are measured on one and on two connections
            return [
                (
                    msgspec.to_builtins(await mesurer(conn, REGION, periode)),
                    msgspec.to_builtins(await mesurer(conn, REGION, periode, autre)),
                )
                for periode in periodes
            ] + [
                (
                    msgspec.to_builtins(
                        await calculer(conn, REGION, periodes[0], position=0, seuil=2)
                    ),
                    msgspec.to_builtins(
                        await calculer(conn, REGION, periodes[0], position=0, seuil=2, autre=autre)
                    ),
                )
            ]
        finally:
            await autre.close()
            await conn.close()

    resultats = run_sync(run())
    # then every figure is the same, and the range has its people
    for seul, a_deux in resultats:
        assert seul == a_deux
    assert resultats[0][0]["suivis"] > 0  # type: ignore[index]


def test_the_second_connection_sees_the_first_ones_snapshot(database_dsn: str) -> None:
    async def run() -> tuple[int, int, int]:
        pool = await asyncpg.create_pool(database_dsn, min_size=2, max_size=2)
        tiers = await asyncpg.connect(database_dsn)
        try:
            compter = "SELECT count(*) FROM projection_tracking WHERE name = 'essai_snapshot'"
            async with (
                pool.acquire() as conn,
                conn.transaction(isolation="repeatable_read"),
            ):
                avant = await conn.fetchval(compter)
                # given a report's snapshot taken, then a row committed by someone else
                async with snapshot_partage(pool, conn) as autre:
                    assert autre is not None
                    await tiers.execute(
                        "INSERT INTO projection_tracking (name) VALUES ('essai_snapshot')"
                    )
                    # when the second connection counts
                    vu = await autre.fetchval(compter)
            apres = await tiers.fetchval(compter)
            return avant, vu, apres
        finally:
            await tiers.execute("DELETE FROM projection_tracking WHERE name = 'essai_snapshot'")
            await tiers.close()
            await pool.close()

    avant, vu, apres = run_sync(run())
    # then it sees what the report's first connection saw, not the later row
    assert (avant, vu, apres) == (0, 0, 1)


def test_a_busy_pool_lends_no_second_connection(database_dsn: str) -> None:
    async def run() -> object:
        pool = await asyncpg.create_pool(database_dsn, min_size=1, max_size=1)
        try:
            async with (
                pool.acquire() as conn,
                conn.transaction(isolation="repeatable_read"),
                snapshot_partage(pool, conn) as autre,
            ):
                return autre
        finally:
            await pool.close()

    # a report holding the pool's only connection computes on it alone, without waiting
    assert run_sync(run()) is None
